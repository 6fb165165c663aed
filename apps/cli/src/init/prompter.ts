import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';

/** An answer's verdict: undefined when fine, else what is wrong (said before asking again). */
export type AnswerCheck = (answer: string) => string | undefined;

/** One entry of a menu: the value written to the config and what it means. */
export interface Choice {
  value: string;
  description: string;
}

export interface AskOptions {
  default?: string;
  secret?: boolean;
  /** An empty answer (with no default) is refused and the question asked again. */
  required?: boolean;
  /** Refuses an answer with a message and asks again; empty answers are not checked. */
  check?: AnswerCheck;
}

/** Asks questions one line at a time; works on a terminal and on piped input (scripts, tests). */
export interface Prompter {
  ask(question: string, options?: AskOptions): Promise<string>;
  /** A numbered menu: the answer is a number or a value; returns the value. */
  choose(question: string, choices: readonly Choice[], defaultValue?: string): Promise<string>;
  /** A yes/no question. */
  confirm(question: string, defaultYes?: boolean): Promise<boolean>;
  close(): void;
}

/** A readline over the input whose echo can be muted (secret answers on a terminal). */
function createLineReader(input: Readable, output: Writable) {
  let muted = false;
  const shown: Writable = Object.assign(Object.create(output) as Writable, {
    write: (chunk: string | Uint8Array, ...rest: unknown[]) =>
      muted ? true : (output.write as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest),
  });
  const terminal = (input as { isTTY?: boolean }).isTTY === true;
  const rl = createInterface({ input, output: shown, terminal });
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
  return {
    /** The next line typed, or undefined once the input has ended. */
    async read(secret: boolean): Promise<string | undefined> {
      muted = secret && terminal;
      const line =
        lines.length > 0
          ? lines.shift()
          : ended
            ? undefined
            : await new Promise<string | undefined>((resolve) => waiting.push(resolve));
      if (muted) output.write('\n');
      muted = false;
      return line;
    },
    /** On a terminal the Enter key ends the line; piped answers are not shown, so no newline. */
    terminal,
    close: () => rl.close(),
  };
}

const menuAnswer = (answer: string, choices: readonly Choice[]): string | undefined => {
  const number = /^\d+$/.test(answer) ? Number(answer) : Number.NaN;
  return choices[number - 1]?.value ?? choices.find((choice) => choice.value === answer)?.value;
};

/**
 * A prompter over node:readline/promises. On a terminal, `secret` answers are not echoed.
 * A refused answer is explained and the question asked again, so nothing typed so far is lost.
 * When the input ends before an answer, `ask` rejects so the caller can name the flag to use.
 *
 * @example
 * const prompter = createPrompter(process.stdin, process.stderr);
 * const region = await prompter.ask('Region', { default: 'us-east-2' });
 */
export function createPrompter(input: Readable, output: Writable): Prompter {
  const reader = createLineReader(input, output);
  const ask = async (question: string, options: AskOptions = {}, mark = '? '): Promise<string> => {
    for (;;) {
      const fallback = options.default ? ` [${options.default}]` : '';
      output.write(`${mark}${question}${fallback}: `);
      const line = await reader.read(options.secret === true);
      if (line === undefined) throw new Error(`no answer to '${question}': the input ended`);
      const answer = line.trim() || options.default || '';
      const problem =
        answer === ''
          ? options.required
            ? 'an answer is required here'
            : undefined
          : options.check?.(answer);
      if (problem === undefined) return answer;
      output.write(`${reader.terminal ? '' : '\n'}  ${problem}\n`);
    }
  };
  return {
    ask: (question, options) => ask(question, options),
    async choose(question, choices, defaultValue) {
      const width = Math.max(...choices.map((choice) => choice.value.length));
      output.write(`? ${question}:\n`);
      choices.forEach((choice, index) => {
        output.write(`  ${index + 1}) ${choice.value.padEnd(width)}  ${choice.description}\n`);
      });
      const position = choices.findIndex((choice) => choice.value === defaultValue);
      const answer = await ask(
        `choose 1-${choices.length}`,
        {
          ...(position >= 0 ? { default: String(position + 1) } : {}),
          check: (text) =>
            menuAnswer(text, choices) === undefined
              ? `expected a number from 1 to ${choices.length}, or one of ${choices.map((choice) => choice.value).join(', ')}`
              : undefined,
        },
        '  ',
      );
      return menuAnswer(answer, choices) ?? '';
    },
    async confirm(question, defaultYes = false) {
      const answer = await ask(`${question} (y/n)`, {
        default: defaultYes ? 'y' : 'n',
        check: (text) => (/^(y|yes|n|no)$/i.test(text) ? undefined : 'answer y or n'),
      });
      return /^y/i.test(answer);
    },
    close: () => reader.close(),
  };
}
