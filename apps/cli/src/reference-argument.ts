import {
  type ParameterReference,
  parseParameterReference,
  parseSecretReference,
  type SecretReference,
  splitArn,
} from '@vaultline/secret-names';

/**
 * What marks a command-line reference as a Parameter Store parameter: `ssm:/prod/db/host`, as
 * `${ssm:/prod/db/host}` does in a config and `NAME=ssm:/prod/db/host` in a dotenv file.
 */
export const PARAMETER_ARGUMENT_PREFIX = 'ssm:';

const SECRET_HINT =
  "a reference is <name or ARN>[:<json key>], e.g. prod/orders/db:password; 'vaultline names check <name>' explains a name";
const PARAMETER_HINT =
  "a parameter reference is ssm:<name or ARN>[:<version>|:<label>], e.g. ssm:/prod/orders/db/host:3; 'vaultline names check --parameter <name>' explains a name";

/**
 * Parses a secret reference given on the command line, or throws its SecretNameError
 * (exit 2) with a hint showing the accepted shape.
 *
 * @example
 * parseReferenceArgument('prod/orders/db:password'); // { secretId: 'prod/orders/db', jsonKey: 'password' }
 */
export function parseReferenceArgument(ref: string): SecretReference {
  const parsed = parseSecretReference(ref);
  if (parsed.ok) return parsed.value;
  throw Object.assign(parsed.error, { hint: SECRET_HINT });
}

/** A reference given on the command line: a secret's or a parameter's. */
export type CliReference =
  | { kind: 'secret'; reference: SecretReference }
  | {
      kind: 'parameter';
      reference: ParameterReference;
      /** The reference without `ssm:`, as the resolver and GetParameter take it. */
      text: string;
    };

/**
 * True for a reference that names a parameter by itself: `ssm:<reference>`, or a parameter ARN
 * (`arn:aws:ssm:…:parameter/…`, which no secret reference can be).
 */
export function namesParameter(ref: string): boolean {
  return ref.startsWith(PARAMETER_ARGUMENT_PREFIX) || splitArn(ref)?.service === 'ssm';
}

/**
 * Parses `get`'s and `describe`'s argument: a parameter reference when it starts with `ssm:`,
 * is a parameter ARN, or `parameter` is set (`--parameter`, as for `names check`); a secret
 * reference otherwise. A malformed one throws its SecretNameError (exit 2) with a hint.
 *
 * @example
 * parseCliReference('ssm:/prod/db/host:3'); // { kind: 'parameter', text: '/prod/db/host:3', reference: { name: '/prod/db/host', version: 3, … } }
 * parseCliReference('/prod/db/host', { parameter: true }); // the same parameter, any version
 * parseCliReference('prod/db:password'); // { kind: 'secret', reference: { secretId: 'prod/db', jsonKey: 'password' } }
 */
export function parseCliReference(
  ref: string,
  options: { parameter?: boolean } = {},
): CliReference {
  if (!options.parameter && !namesParameter(ref)) {
    return { kind: 'secret', reference: parseReferenceArgument(ref) };
  }
  const text = ref.startsWith(PARAMETER_ARGUMENT_PREFIX)
    ? ref.slice(PARAMETER_ARGUMENT_PREFIX.length)
    : ref;
  const parsed = parseParameterReference(text);
  if (parsed.ok) return { kind: 'parameter', reference: parsed.value, text: text.trim() };
  throw Object.assign(parsed.error, { hint: PARAMETER_HINT });
}
