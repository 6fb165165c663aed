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

describe('run (in process)', () => {
  it('an unexpected error prints one line and exits 1; --verbose adds the stack', async () => {
    const failing = {
      write: () => {
        throw new Error('stdout is closed');
      },
    };
    for (const verbose of [false, true]) {
      const stderr = capture();
      const args = verbose ? ['--verbose', 'names', 'suggest', 'x'] : ['names', 'suggest', 'x'];
      const code = await run(args, { stdout: failing, stderr, env: {}, cwd: process.cwd() });
      expect(code).toBe(1);
      expect(stderr.text.split('\n')[0]).toBe('vaultline: stdout is closed');
      expect(/\n\s+at /.test(stderr.text)).toBe(verbose);
    }
  });

  it('returns the exit code of the command', async () => {
    const stdout = capture();
    const code = await run(['names', 'check', 'ok/name', 'bad name'], {
      stdout,
      stderr: capture(),
      env: {},
      cwd: process.cwd(),
    });
    expect(code).toBe(1);
    expect(stdout.text).toContain('ok       ok/name');
  });
});
