import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';

/** Asks questions one line at a time; works on a terminal and on piped input (scripts, tests). */
export interface Prompter {
  ask(
    question: string,
    options?: { default?: string; choices?: readonly string[]; secret?: boolean },
  ): Promise<string>;
  close(): void;
}

/**
 * A prompter over node:readline/promises. On a terminal, `secret` answers are not echoed.
 * When the input ends before an answer, `ask` rejects so the caller can name the flag to use.
 *
 * @example
 * const prompter = createPrompter(process.stdin, process.stderr);
 * const region = await prompter.ask('Region', { default: 'us-east-2' });
 */
export function createPrompter(input: Readable, output: Writable): Prompter {
  let muted = false;
  const shown: Writable = Object.assign(Object.create(output) as Writable, {
    write: (chunk: string | Uint8Array, ...rest: unknown[]) =>
      muted ? true : (output.write as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest),
  });
  const rl = createInterface({
    input,
    output: shown,
    terminal: (input as { isTTY?: boolean }).isTTY === true,
  });
  const lines: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let ended = false;
  rl.on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else lines.push(line);
  });
  rl.on('close', () => {
    ended = true;
    for (const next of waiting.splice(0)) next(undefined);
  });
  const nextLine = (): Promise<string | undefined> => {
    if (lines.length > 0) return Promise.resolve(lines.shift());
    if (ended) return Promise.resolve(undefined);
    return new Promise((resolve) => waiting.push(resolve));
  };
  return {
    async ask(question, options = {}) {
      for (;;) {
        const suffix = options.choices ? ` (${options.choices.join(', ')})` : '';
        const fallback = options.default ? ` [${options.default}]` : '';
        output.write(`? ${question}${suffix}${fallback}: `);
        muted = options.secret === true && (input as { isTTY?: boolean }).isTTY === true;
        const line = await nextLine();
        if (muted) output.write('\n');
        muted = false;
        if (line === undefined) throw new Error(`no answer to '${question}': the input ended`);
        const answer = line.trim() || options.default || '';
        if (options.choices && !options.choices.includes(answer)) {
          output.write(`  expected one of ${options.choices.join(', ')}\n`);
          continue;
        }
        return answer;
      }
    },
    close: () => rl.close(),
  };
}
