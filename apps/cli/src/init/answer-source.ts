import { CliError } from '../errors.js';
import type { AnswerCheck, Choice, Prompter } from './prompter.js';

/** One value `init` needs: the flag that gives it, and the question that asks for it. */
export interface Question {
  flag: string;
  /** The flag's value, when given: then nothing is asked. */
  given: string | undefined;
  text: string;
  required?: boolean;
  default?: string;
  check?: AnswerCheck;
}

/**
 * Where answers come from: flags alone (`--yes`), or flags and then a person at a prompt.
 * One sequence of questions serves both, so the flags and the wizard cannot drift apart.
 */
export interface AnswerSource {
  readonly interactive: boolean;
  value(question: Question): Promise<string | undefined>;
  choose(question: Question, choices: readonly Choice[]): Promise<string | undefined>;
  /** A yes/no gate before a group of questions; `implied` when flags already answered it. */
  confirm(text: string, implied: boolean): Promise<boolean>;
  prompter(): Prompter;
  /**
   * Throws, once, for every required flag that `--yes` did not get; `also` joins the list
   * when something else is missing (alone, its own caller explains it better).
   */
  finish(also?: { flag: string; placeholder: string }): void;
  close(): void;
}

/**
 * A value given as a flag, checked as the same answer typed at the prompt would be: a bad
 * one stops init before anything is written, naming the flag.
 */
function checkedGiven(question: Question, choices?: readonly Choice[]): string | undefined {
  const given = question.given;
  if (given === undefined) return undefined;
  const problem =
    choices && !choices.some((choice) => choice.value === given)
      ? `expected one of ${choices.map((choice) => choice.value).join(', ')}`
      : question.check?.(given);
  if (problem === undefined) return given;
  throw new CliError('USAGE', `${question.flag} '${given.slice(0, 120)}': ${problem}`, {
    hint: `correct ${question.flag} and run vaultline init again; nothing was written`,
  });
}

const quoteList = (flags: readonly string[]): string =>
  flags.length === 1
    ? (flags[0] ?? '')
    : `${flags.slice(0, -1).join(', ')} and ${flags.at(-1) ?? ''}`;

/**
 * Answers from flags and defaults only. A required value without a flag is remembered, and
 * `finish` reports all of them in one error, so one run tells everything that is missing.
 *
 * @example
 * const source = flagAnswers(() => createPrompter(stdin, stderr));
 */
export function flagAnswers(prompter: () => Prompter): AnswerSource {
  const missing: { flag: string; placeholder: string }[] = [];
  const value = async (question: Question, choices?: readonly Choice[]) => {
    if (question.given !== undefined) return checkedGiven(question, choices);
    if (question.required && question.default === undefined) {
      missing.push({ flag: question.flag, placeholder: '<value>' });
    }
    return question.default;
  };
  return {
    interactive: false,
    value,
    choose: (question, choices) => value(question, choices),
    confirm: async (_text, implied) => implied,
    prompter,
    finish(also) {
      if (missing.length === 0) return;
      if (also) missing.push(also);
      const flags = missing.map((entry) => entry.flag);
      throw new CliError(
        'USAGE',
        `${quoteList(flags)} ${flags.length === 1 ? 'is' : 'are'} required with --yes`,
        {
          hint: `vaultline init --yes ${missing.map((entry) => `${entry.flag} ${entry.placeholder}`).join(' ')} ...`,
        },
      );
    },
    close: () => {},
  };
}

const inputEnded = (flag: string) =>
  new CliError('USAGE', `no answer for ${flag}: the input ended`, {
    hint: 'give every value as a flag with --yes when not on a terminal',
  });

/**
 * Answers from flags first, then from a person: each answer is checked as it is typed and
 * asked again when refused; choices are menus.
 *
 * @example
 * const source = promptAnswers(() => createPrompter(stdin, stderr));
 */
export function promptAnswers(prompter: () => Prompter): AnswerSource {
  let opened: Prompter | undefined;
  const open = () => {
    opened ??= prompter();
    return opened;
  };
  return {
    interactive: true,
    async value(question) {
      if (question.given !== undefined) return checkedGiven(question);
      const answer = await open()
        .ask(question.text, {
          ...(question.default !== undefined ? { default: question.default } : {}),
          ...(question.check ? { check: question.check } : {}),
          ...(question.required ? { required: true } : {}),
        })
        .catch(() => {
          throw inputEnded(question.flag);
        });
      return answer === '' ? undefined : answer;
    },
    async choose(question, choices) {
      if (question.given !== undefined) return checkedGiven(question, choices);
      return open()
        .choose(question.text, choices, question.default)
        .catch(() => {
          throw inputEnded(question.flag);
        });
    },
    async confirm(text, implied) {
      if (implied) return true;
      return open()
        .confirm(text)
        .catch(() => false);
    },
    prompter: open,
    finish: () => {},
    close: () => opened?.close(),
  };
}
