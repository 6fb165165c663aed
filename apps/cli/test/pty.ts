import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** util-linux `script`: runs a command in a new pseudo-terminal, relaying our pipes to it. */
export const SCRIPT = '/usr/bin/script';
export const hasScript = existsSync(SCRIPT);

const shellQuote = (word: string): string => `'${word.replaceAll("'", `'\\''`)}'`;

export interface PtySession {
  child: ChildProcess;
  /** Waits until the output since the last answer matches, and returns that output. */
  waitFor(pattern: RegExp): Promise<string>;
  /** Types a line as a person would: the text, then Enter. */
  type(line: string): void;
  /** Everything the terminal showed. */
  screen(): string;
  done: Promise<number | null>;
}

/**
 * Runs a command in a real pseudo-terminal (through `script`), so the program sees a TTY
 * on stdin and stderr: raw-mode readline, echo, no-echo for secrets, as a person gets them.
 */
export function startInPty(
  argv: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): PtySession {
  const command = argv.map(shellQuote).join(' ');
  const child = spawn(
    SCRIPT,
    ['--quiet', '--flush', '--return', '--command', command, '/dev/null'],
    {
      cwd: options.cwd,
      env: { TERM: 'dumb', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let seen = 0;
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const done = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    done,
    screen: () => output,
    type(line) {
      seen = output.length;
      child.stdin?.write(`${line}\r`);
    },
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const since = output.slice(seen);
          if (!pattern.test(since)) return;
          listeners.delete(check);
          resolve(since);
        };
        listeners.add(check);
        check();
        void done.then(() => {
          if (listeners.delete(check)) {
            reject(new Error(`the program ended before ${pattern}; the screen:\n${output}`));
          }
        });
      });
    },
  };
}
