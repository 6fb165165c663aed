import { CliError } from '../errors.js';
import type { Prompter } from './prompter.js';

/** Where `init` may take a secret access key from: never a command-line value. */
export interface SecretKeyOptions {
  /** `--secret-access-key VALUE`: refused, it is in the process list for everyone to see. */
  secretAccessKey?: string;
  /** `--secret-access-key-stdin`: the whole of standard input. */
  secretAccessKeyStdin?: boolean;
  /** `--secret-access-key-env NAME`: the value of that environment variable. */
  secretAccessKeyEnv?: string;
}

/** The key and where it came from, said on the line that reports the file written. */
export interface SecretKeyInput {
  value: string;
  from: string;
}

/**
 * Refuses what must not be used before anything is asked: a key given as a flag value, two
 * sources at once, stdin while questions would need it too.
 *
 * @example
 * checkSecretKeyOptions({ secretAccessKeyEnv: 'AWS_SECRET_ACCESS_KEY' }, true);
 */
export function checkSecretKeyOptions(options: SecretKeyOptions, yes: boolean): void {
  if (options.secretAccessKey !== undefined) {
    throw new CliError(
      'USAGE',
      '--secret-access-key takes no value on the command line, where every user of this machine can read it in the process list: give the key with --secret-access-key-stdin, --secret-access-key-env NAME or at the prompt',
      {
        hint: 'printf \'%s\' "$KEY" | vaultline init --yes --auth-type access-key --secret-access-key-stdin ...; if others use this machine, rotate the key you typed',
      },
    );
  }
  if (options.secretAccessKeyStdin && options.secretAccessKeyEnv !== undefined) {
    throw new CliError(
      'USAGE',
      'give the secret access key one way: --secret-access-key-stdin or --secret-access-key-env, not both',
    );
  }
  if (options.secretAccessKeyStdin && !yes) {
    throw new CliError(
      'USAGE',
      '--secret-access-key-stdin reads standard input, so init cannot ask questions on it too: add --yes and give the other values as flags',
      {
        hint: 'vaultline init --yes --auth-type access-key --region R --access-key-id ID --secret-access-key-stdin',
      },
    );
  }
}

async function readAll(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The secret access key for an access-key config: from standard input, from the named
 * environment variable, or asked for (not echoed on a terminal). `AWS_SECRET_ACCESS_KEY`
 * is used only when asked for it, or at the prompt when the answer is empty and the
 * question said so: never copied silently.
 *
 * @example
 * const key = await readSecretKey({ secretAccessKeyEnv: 'AWS_SECRET_ACCESS_KEY' }, { yes: true, env, stdin, ask });
 * // { value: '...', from: 'AWS_SECRET_ACCESS_KEY' }
 */
export async function readSecretKey(
  options: SecretKeyOptions,
  io: {
    yes: boolean;
    env: Readonly<Record<string, string | undefined>>;
    stdin: NodeJS.ReadableStream;
    ask: () => Prompter;
  },
): Promise<SecretKeyInput> {
  if (options.secretAccessKeyStdin) {
    const value = (await readAll(io.stdin)).trim();
    if (value === '') {
      throw new CliError('USAGE', '--secret-access-key-stdin: standard input was empty', {
        hint: 'printf \'%s\' "$KEY" | vaultline init ... --secret-access-key-stdin',
      });
    }
    return { value, from: 'standard input' };
  }
  const name = options.secretAccessKeyEnv;
  if (name !== undefined) {
    const value = io.env[name]?.trim();
    if (!value) {
      throw new CliError(
        'USAGE',
        `--secret-access-key-env ${name}: ${name} is not set or is empty`,
        {
          hint: `export ${name}=... first, or name the variable that holds the key`,
        },
      );
    }
    return { value, from: name };
  }
  const inEnvironment = io.env.AWS_SECRET_ACCESS_KEY?.trim();
  if (io.yes) {
    throw new CliError(
      'USAGE',
      `the secret access key is required with --yes: give --secret-access-key-stdin or --secret-access-key-env NAME${inEnvironment ? ' (init does not take AWS_SECRET_ACCESS_KEY unasked)' : ''}`,
      {
        hint: inEnvironment
          ? 'add --secret-access-key-env AWS_SECRET_ACCESS_KEY to use the key in the environment'
          : 'printf \'%s\' "$KEY" | vaultline init --yes ... --secret-access-key-stdin',
      },
    );
  }
  let answer: string;
  try {
    answer = await io
      .ask()
      .ask(
        inEnvironment
          ? 'Secret access key (not shown; empty: the one in AWS_SECRET_ACCESS_KEY)'
          : 'Secret access key (not shown)',
        { secret: true },
      );
  } catch {
    throw new CliError('USAGE', 'no answer for the secret access key: the input ended', {
      hint: 'give it with --yes and --secret-access-key-stdin or --secret-access-key-env NAME',
    });
  }
  if (answer !== '') return { value: answer, from: 'the prompt' };
  if (inEnvironment) return { value: inEnvironment, from: 'AWS_SECRET_ACCESS_KEY' };
  throw new CliError('USAGE', 'no secret access key given', {
    hint: 'type it at the prompt, or give --secret-access-key-env NAME',
  });
}
