import { CliError } from '../errors.js';

/** One variable of an env file: a literal, or a secret reference to resolve. */
export type EnvEntry = { name: string; line: number } & (
  | { kind: 'literal'; value: string }
  | { kind: 'secret'; reference: string }
);

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
 * (`PGPASSWORD=secret:prod/orders/db:password`); anything else is passed as written.
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
          hint: 'each line is NAME=secret:<name>[:<json key>] or NAME=literal; # starts a comment',
        },
      );
    }
    const value = unquote(line.slice(at + 1).trim());
    if (value.startsWith('secret:')) {
      const reference = value.slice('secret:'.length);
      if (reference === '') {
        throw new CliError(
          'ENV_FILE_INVALID',
          `${file}:${index + 1}: ${name}=secret: names no secret`,
          {
            hint: 'write NAME=secret:prod/orders/db:password',
          },
        );
      }
      entries.push({ name, line: index + 1, kind: 'secret', reference });
    } else {
      entries.push({ name, line: index + 1, kind: 'literal', value });
    }
  });
  return entries;
}
