import { listAwsPartitions, splitArn } from '@vaultline/secret-names';

/** The parts of an IAM role ARN: `arn:<partition>:iam::<account>:role/<path><name>`. */
export interface RoleArn {
  partition: string;
  accountId: string;
  /** `/` or `/division/team/`. */
  path: string;
  name: string;
}

export type RoleArnResult = { ok: true; value: RoleArn } | { ok: false; message: string };

/** An IAM principal that can call AssumeRole: a role (instance, SSO, CI) or an IAM user. */
export interface PrincipalArn extends RoleArn {
  kind: 'role' | 'user';
}

export type PrincipalArnResult = { ok: true; value: PrincipalArn } | { ok: false; message: string };

const EXAMPLE = 'arn:aws:iam::111122223333:role/vaultline-agent';
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_PATH = /^\/([\u0021-\u007e]*\/)?$/;
const ACCOUNT = /^\d{12}$/;
const PARTITIONS = listAwsPartitions().map((partition) => partition.id);

const PRINCIPAL_EXAMPLE =
  'arn:aws:iam::111122223333:role/app-instance or arn:aws:iam::111122223333:user/ci';

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });
const clip = (text: string): string => (text.length > 100 ? `${text.slice(0, 97)}...` : text);

/**
 * Parses and validates an IAM role ARN, explaining what is wrong in terms a user can act on
 * (a user ARN, an assumed-role session ARN, a region where IAM has none, ...).
 *
 * @example
 * parseRoleArn('arn:aws:iam::111122223333:role/agent');
 * // { ok: true, value: { partition: 'aws', accountId: '111122223333', path: '/', name: 'agent' } }
 */
export function parseRoleArn(input: string): RoleArnResult {
  const result = parseIamArn(input, ['role'], EXAMPLE);
  if (!result.ok) return result;
  const { kind: _kind, ...role } = result.value;
  return { ok: true, value: role };
}

/**
 * Parses the ARN of an IAM role or IAM user: the principal whose credentials call AssumeRole
 * (an instance role, an SSO or CI role, a role of another account, an IAM user).
 *
 * @example
 * parsePrincipalArn('arn:aws:iam::111122223333:user/ci');
 * // { ok: true, value: { kind: 'user', partition: 'aws', accountId: '111122223333', path: '/', name: 'ci' } }
 */
export function parsePrincipalArn(input: string): PrincipalArnResult {
  return parseIamArn(input, ['role', 'user'], PRINCIPAL_EXAMPLE);
}

function parseIamArn(
  input: string,
  kinds: ReadonlyArray<'role' | 'user'>,
  example: string,
): PrincipalArnResult {
  const text = String(input);
  const noun = kinds.join(' or ');
  const fields = splitArn(text);
  if (!fields) return fail(`'${clip(text)}' is not a ${noun} ARN: expected one like ${example}`);
  const { partition, service, region, accountId, resource } = fields;
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const roleName = resource.split('/')[1] ?? '<name>';
    return fail(
      `'${clip(text)}' is an assumed-role session ARN; give the role's own ARN: arn:${partition}:iam::${accountId}:role/${roleName}`,
    );
  }
  if (service !== 'iam') {
    return fail(
      `'${clip(text)}' is an ARN for ${service || 'no service'}, not an IAM ${noun}: expected one like ${example}`,
    );
  }
  const kind = kinds.find((candidate) => resource.startsWith(`${candidate}/`));
  if (kind === undefined) {
    const named = resource.split('/')[0] || 'nothing';
    const shapes = kinds.map((k) => `arn:${partition}:iam::<account-id>:${k}/<name>`).join(' or ');
    return fail(`'${clip(text)}' names an IAM ${named}, not a ${noun}: expected ${shapes}`);
  }
  if (!PARTITIONS.includes(partition)) {
    return fail(
      `unknown partition '${partition}' in the ${noun} ARN: expected one of ${PARTITIONS.join(', ')}`,
    );
  }
  if (region !== '') {
    return fail(
      `IAM is global, so a ${noun} ARN has an empty region field: write arn:${partition}:iam::${accountId}:${resource} (without '${region}')`,
    );
  }
  if (!ACCOUNT.test(accountId)) {
    return fail(`'${accountId}' in the ${noun} ARN is not a 12-digit AWS account id`);
  }
  const lastSlash = resource.lastIndexOf('/');
  const path = resource.slice(kind.length, lastSlash + 1);
  const name = resource.slice(lastSlash + 1);
  if (!ROLE_NAME.test(name)) {
    return fail(
      `the ${kind} name '${clip(name)}' is invalid: use 1 to 64 letters, digits or + = , . @ _ -`,
    );
  }
  if (path.length > 512 || !ROLE_PATH.test(path)) {
    return fail(
      `the ${kind} path '${clip(path)}' is invalid: use / or /segment/.../ of printable ASCII`,
    );
  }
  return { ok: true, value: { kind, partition, accountId, path, name } };
}
