import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createTempDir, startTestEmulator, type TestEmulator } from '@vaultline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vaultlineAsync } from './spawn.js';

// examples/scenarios/cross-account.yaml: account 111111111111 owns shared/db; the agent role
// of account 333333333333 (the instance's role) may read it by its ARN.
const SHARED_DB_ARN_PREFIX = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:shared/db-';
const CANARY = 'canary-6b1f8e3d0c92';

let emu: TestEmulator;
let dir: Awaited<ReturnType<typeof createTempDir>>;

beforeAll(async () => {
  emu = await startTestEmulator({ scenario: 'cross-account' });
  dir = await createTempDir();
  await writeFile(
    join(dir.path, 'vaultline.yaml'),
    `vault:
  authType: instance-profile
  region: us-east-2
  endpoint: ${emu.url}
  instanceMetadata: { endpoint: ${emu.url} }
`,
  );
});
afterAll(async () => {
  await emu?.close();
  await dir?.[Symbol.asyncDispose]();
});

const cli = (args: string[]) => vaultlineAsync(args, { cwd: dir.path });

describe('a secret of another account', () => {
  it('referenced by name: exit 3, and the hint says to reference it by its full ARN', async () => {
    const run = await cli(['get', 'shared/db:password']);
    expect(run.status, run.stderr).toBe(3);
    const [error, hint, ...rest] = run.stderr.trimEnd().split('\n');
    expect(rest).toEqual([]);
    // AWS names the SecretId as given; the name was looked up in the caller's own account.
    expect(error).toContain(
      'on resource: shared/db because no identity-based policy allows the secretsmanager:GetSecretValue action',
    );
    expect(hint).toMatch(/^hint: /);
    expect(hint).toContain('a secret of another account must be referenced by its full ARN');
    expect(hint).toContain("a name refers to a secret of account 333333333333, the caller's own");
    expect(run.stdout + run.stderr).not.toContain(CANARY);
  });

  it('referenced by its full ARN, the same config reads it (the name was the only mistake)', async () => {
    const owner = new SecretsManagerClient({
      endpoint: emu.url,
      region: 'us-east-2',
      credentials: await emu.credentialsOf('owner-admin', '111111111111'),
    });
    const { ARN } = await owner.send(new DescribeSecretCommand({ SecretId: 'shared/db' }));
    owner.destroy();
    expect(ARN).toMatch(new RegExp(`^${SHARED_DB_ARN_PREFIX.replaceAll('/', '\\/')}\\w{6}$`));
    const run = await cli(['get', `${ARN}:password`]);
    expect(run, run.stderr).toMatchObject({ status: 0, stdout: `${CANARY}\n` });
  });
});
