import { CliError } from '../errors.js';
import { PARAMETER_ARGUMENT_PREFIX } from '../reference-argument.js';

/** One variable of an env file: a literal, or a secret or parameter reference to resolve. */
export type EnvEntry = { name: string; line: number } & (
  | { kind: 'literal'; value: string }
  | { kind: 'secret'; reference: string }
  | { kind: 'parameter'; reference: string }
);

/** The prefixes of a value to resolve, and what each resolves from. */
const REFERENCE_KINDS = [
  { prefix: 'secret:', kind: 'secret', example: 'NAME=secret:prod/orders/db:password' },
  {
    prefix: PARAMETER_ARGUMENT_PREFIX,
    kind: 'parameter',
    example: 'NAME=ssm:/prod/orders/db/host',
  },
] as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const unquote = (value: string): string => {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
    const inner = value.slice(1, -1);
    return value[0] === '"' ? inner.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : inner;
  }
  return value;
};

/**
 * Parses an env file for `vaultline exec --dotenv`: `NAME=value` lines, `#` comments,
 * blank lines, an optional leading `export `. A value `secret:<reference>` is resolved
 * (`PGPASSWORD=secret:prod/orders/db:password`), and so is `ssm:<parameter reference>`
 * (`PGHOST=ssm:/prod/orders/db/host`); anything else is passed as written.
 * Throws a CliError (exit 2) naming the file and line of the first bad line.
 *
 * @example
 * parseEnvFile('PGPASSWORD=secret:prod/orders/db:password\nPGHOST=db.internal\n', '.env.vaultline');
 */
export function parseEnvFile(text: string, file: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim().replace(/^export\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const at = line.indexOf('=');
    const name = at > 0 ? line.slice(0, at).trim() : '';
    if (!NAME.test(name)) {
      throw new CliError(
        'ENV_FILE_INVALID',
        // The line itself is not shown: a mistyped line may be a pasted secret.
        `${file}:${index + 1}: expected NAME=value with a name of letters, digits and _ (the line is not shown: it may hold a secret)`,
        {
          hint: 'each line is NAME=secret:<name>[:<json key>], NAME=ssm:<parameter> or NAME=literal; # starts a comment',
        },
      );
    }
    const value = unquote(line.slice(at + 1).trim());
    const reference = REFERENCE_KINDS.find(({ prefix }) => value.startsWith(prefix));
    if (!reference) {
      entries.push({ name, line: index + 1, kind: 'literal', value });
      return;
    }
    const text = value.slice(reference.prefix.length);
    if (text === '') {
      throw new CliError(
        'ENV_FILE_INVALID',
        `${file}:${index + 1}: ${name}=${reference.prefix} names no ${reference.kind}`,
        { hint: `write ${reference.example}` },
      );
    }
    entries.push({ name, line: index + 1, kind: reference.kind, reference: text });
  });
  return entries;
}
