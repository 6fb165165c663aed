import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPrompter } from './prompter.js';

/** A prompter over piped input, and everything it wrote. */
function piped(lines: string[]) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk) => (shown += String(chunk)));
  input.end(lines.map((line) => `${line}\n`).join(''));
  return { prompter: createPrompter(input, output), shown: () => shown };
}

describe('createPrompter', () => {
  it('asks again after a refused answer, saying why, and keeps the good one', async () => {
    const { prompter, shown } = piped(['Ohio', 'us-east-2']);
    const answer = await prompter.ask('Region', {
      check: (text) => (text === 'us-east-2' ? undefined : `'${text}': did you mean us-east-2?`),
    });
    expect(answer).toBe('us-east-2');
    expect(shown()).toBe("? Region: \n  'Ohio': did you mean us-east-2?\n? Region: ");
    prompter.close();
  });

  it('refuses an empty answer to a required question, and takes the default when there is one', async () => {
    const { prompter, shown } = piped(['', 'x', '']);
    expect(await prompter.ask('Name', { required: true })).toBe('x');
    expect(shown()).toContain('an answer is required here');
    expect(await prompter.ask('Port', { default: '5432' })).toBe('5432');
    prompter.close();
  });

  it('a menu takes a number or a value, refuses anything else, and returns the value', async () => {
    const choices = [
      { value: 'role-based', description: 'assume a role' },
      { value: 'access-key', description: 'static keys' },
    ];
    const { prompter, shown } = piped(['3', 'access-key', '1', '']);
    expect(await prompter.choose('Authentication type', choices)).toBe('access-key');
    expect(shown()).toContain('  1) role-based  assume a role\n  2) access-key  static keys\n');
    expect(shown()).toContain('expected a number from 1 to 2, or one of role-based, access-key');
    expect(await prompter.choose('Again', choices)).toBe('role-based');
    expect(await prompter.choose('Default', choices, 'access-key')).toBe('access-key');
    prompter.close();
  });

  it('confirm reads y/n, and rejects when the input ends', async () => {
    const { prompter } = piped(['maybe', 'Y']);
    expect(await prompter.confirm('Go on?')).toBe(true);
    await expect(prompter.ask('More?')).rejects.toThrow('the input ended');
    prompter.close();
  });
});
