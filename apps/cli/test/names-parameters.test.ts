import { describe, expect, it } from 'vitest';
import { run } from '../src/program.js';

const capture = () => {
  let text = '';
  return {
    write: (chunk: string) => (text += chunk),
    get text() {
      return text;
    },
  };
};

const names = async (args: string[]) => {
  const stdout = capture();
  const code = await run(['names', 'check', ...args], {
    stdout,
    stderr: capture(),
    env: {},
    cwd: process.cwd(),
  });
  return { code, lines: stdout.text.trimEnd().split('\n') };
};

describe('names check --parameter', () => {
  it('checks Parameter Store names, with a caret under the bad character', async () => {
    const { code, lines } = await names(['--parameter', '/prod/orders/db/host', '/prod/orders db']);
    expect(code).toBe(1);
    expect(lines[0]).toBe('ok       /prod/orders/db/host');
    expect(lines[1]).toBe('invalid  /prod/orders db');
    expect(lines[2]).toMatch(
      /^ {9} {12}\^ character U\+0020 at position 12 is not allowed in a parameter name/,
    );
  });

  it('accepts a name Secrets Manager refuses and refuses one it accepts', async () => {
    expect((await names(['--parameter', '/aws/reference/secretsmanager/prod/db'])).code).toBe(0);
    expect((await names(['/aws/reference/secretsmanager/prod/db'])).code).toBe(0);
    const reserved = await names(['--parameter', '/ssm/app']);
    expect(reserved.code).toBe(1);
    expect(reserved.lines.join('\n')).toMatch(/can't be prefixed with "aws" or "ssm"/);
    expect((await names(['prod/db@x'])).code).toBe(0);
    expect((await names(['--parameter', 'prod/db'])).lines.join('\n')).toMatch(/fully qualified/);
  });

  it('ssm:<name> is checked as a parameter name without --parameter', async () => {
    const { code, lines } = await names(['ssm:/prod/orders/db/host', 'prod/db']);
    expect(code).toBe(0);
    expect(lines).toEqual(['ok       /prod/orders/db/host', 'ok       prod/db']);
    const bad = await names(['ssm:/ssm/app']);
    expect(bad.code).toBe(1);
    expect(bad.lines[0]).toBe('invalid  /ssm/app');
  });
});
