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

const EXAMPLE = 'arn:aws:iam::111122223333:role/vaultline-agent';
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_PATH = /^\/([\u0021-\u007e]*\/)?$/;
const ACCOUNT = /^\d{12}$/;
const PARTITIONS = listAwsPartitions().map((partition) => partition.id);

const fail = (message: string): RoleArnResult => ({ ok: false, message });
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
  const text = String(input);
  const fields = splitArn(text);
  if (!fields) return fail(`'${clip(text)}' is not a role ARN: expected one like ${EXAMPLE}`);
  const { partition, service, region, accountId, resource } = fields;
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const roleName = resource.split('/')[1] ?? '<name>';
    return fail(
      `'${clip(text)}' is an assumed-role session ARN; give the role's own ARN: arn:${partition}:iam::${accountId}:role/${roleName}`,
    );
  }
  if (service !== 'iam') {
    return fail(
      `'${clip(text)}' is an ARN for ${service || 'no service'}, not an IAM role: expected one like ${EXAMPLE}`,
    );
  }
  if (!resource.startsWith('role/')) {
    const kind = resource.split('/')[0] || 'nothing';
    return fail(
      `'${clip(text)}' names an IAM ${kind}, not a role: expected arn:${partition}:iam::<account-id>:role/<name>`,
    );
  }
  if (!PARTITIONS.includes(partition)) {
    return fail(
      `unknown partition '${partition}' in the role ARN: expected one of ${PARTITIONS.join(', ')}`,
    );
  }
  if (region !== '') {
    return fail(
      `IAM is global, so a role ARN has an empty region field: write arn:${partition}:iam::${accountId}:${resource} (without '${region}')`,
    );
  }
  if (!ACCOUNT.test(accountId)) {
    return fail(`'${accountId}' in the role ARN is not a 12-digit AWS account id`);
  }
  const lastSlash = resource.lastIndexOf('/');
  const path = resource.slice(4, lastSlash + 1);
  const name = resource.slice(lastSlash + 1);
  if (!ROLE_NAME.test(name)) {
    return fail(
      `the role name '${clip(name)}' is invalid: use 1 to 64 letters, digits or + = , . @ _ -`,
    );
  }
  if (path.length > 512 || !ROLE_PATH.test(path)) {
    return fail(
      `the role path '${clip(path)}' is invalid: use / or /segment/.../ of printable ASCII`,
    );
  }
  return { ok: true, value: { partition, accountId, path, name } };
}
