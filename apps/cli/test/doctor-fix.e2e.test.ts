import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DiagnoseFix, DiagnoseReport } from '@vaultline/diagnose';
import { createTempDir, startTestEmulator, type TestEmulator } from '@vaultline/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLES } from './helpers.js';
import { vaultlineAsync } from './spawn.js';

// The access-key setup of the cross-account matrix (examples/scenarios/matrix/), every
// document applied; each test makes one mistake and compares `doctor` with `doctor --json`.
const AGENT = '444455556666';
const SECRETS = '111122223333';
const SHARED_KEY = `arn:aws:kms:us-east-2:${SECRETS}:key/2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d`;
const USER = `arn:aws:iam::${AGENT}:user/vaultline-user`;

let emu: TestEmulator;
let dir: Awaited<ReturnType<typeof createTempDir>>;
let sharedArn: string;

beforeAll(async () => {
  emu = await startTestEmulator({ scenario: join(EXAMPLES, 'scenarios/matrix/access-key.yaml') });
  dir = await createTempDir();
});
// Each test starts from the scenario as loaded; a reload gives secrets new ARN suffixes.
beforeEach(async () => {
  await emu.control.reset();
  const admin = new SecretsManagerClient({
    region: 'us-east-2',
    endpoint: emu.url,
    credentials: await emu.credentialsOf('secrets-admin', SECRETS),
    maxAttempts: 1,
  });
  sharedArn = (await admin.send(new DescribeSecretCommand({ SecretId: 'shared/db' }))).ARN!;
  admin.destroy();
});
afterAll(async () => {
  await emu?.close();
  await dir?.[Symbol.asyncDispose]();
});

async function writeConfig(appReference = 'app/db:password'): Promise<string> {
  const { accessKeyId, secretAccessKey } = await emu.credentialsOf('vaultline-user', AGENT);
  const file = join(dir.path, 'vaultline.yaml');
  await writeFile(
    file,
    `vault:
  authType: access-key
  region: us-east-2
  endpoint: ${emu.url}
  accessKeyId: ${accessKeyId}
  secretAccessKey: ${secretAccessKey}
connections:
  app:
    password: { secret: "${appReference}" }
  orders:
    password: { secret: "${sharedArn}:password" }
`,
    { mode: 0o600 },
  );
  return file;
}

/** What each change of a fix must show in the human output: its machine-readable parts. */
function partsOf(fix: DiagnoseFix): string[] {
  switch (fix.action) {
    case 'run-command':
      return [`run: ${fix.command}`];
    case 'remove-deny-statement':
      return ['remove the Deny', fix.iamAction!, fix.target!.arn];
    case 'replace-reference':
      return [fix.reference!, fix.replacement!];
    case 'add-statement': {
      const statement = [fix.json!.Statement].flat().find((s) => s.Sid === fix.statementSid);
      return [fix.target!.arn, JSON.stringify(statement)];
    }
    default:
      return [JSON.stringify(fix)];
  }
}

/** doctor --json's first failing fix, and the `change:` lines of plain doctor's first FAIL block. */
async function bothOutputs(config: string) {
  const json = await vaultlineAsync(['--config', config, 'doctor', '--json'], { cwd: dir.path });
  expect(json.status, json.stderr).toBe(1);
  const report = JSON.parse(json.stdout) as DiagnoseReport;
  const failed = report.steps.find((s) => s.status === 'fail')!;
  const human = await vaultlineAsync(['--config', config, 'doctor'], { cwd: dir.path });
  expect(human.status, human.stderr).toBe(1);
  const block = human.stdout
    .split(/^(?=FAIL |ok {3}|skip |warn )/m)
    .find((b) => b.startsWith('FAIL '));
  const changes = (block ?? '')
    .split('\n')
    .filter((line) => line.startsWith('    change: '))
    .map((line) => line.slice('    change: '.length));
  return { failed, changes, text: human.stdout + human.stderr + json.stdout };
}

describe('vaultline doctor prints the fix doctor --json gives', () => {
  it('passes with every document applied', async () => {
    const config = await writeConfig();
    const run = await vaultlineAsync(['--config', config, 'doctor'], { cwd: dir.path });
    expect(run.stdout).toMatch(/all checks passed/);
    expect(run.status).toBe(0);
  });

  it.each([
    {
      mistake: 'a disabled key',
      make: () => emu.control.setKeyEnabled({ key: SHARED_KEY, account: SECRETS, enabled: false }),
      actions: ['run-command'],
    },
    {
      mistake: 'an explicit deny in the identity policy',
      make: async () => {
        const user = (await emu.control.principalDocuments()).find((p) => p.arn === USER)!;
        const deny = {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 'secretsmanager:GetSecretValue', Resource: '*' }],
        };
        await emu.control.setPrincipalDocuments({ arn: USER, policies: [...user.policies, deny] });
      },
      actions: ['remove-deny-statement'],
    },
    {
      mistake: "the identity policy without the other account's key",
      make: async () => {
        const user = (await emu.control.principalDocuments()).find((p) => p.arn === USER)!;
        const policies = (user.policies as { Statement: { Sid?: string }[] }[]).map((p) => ({
          ...p,
          Statement: p.Statement.filter((s) => s.Sid !== 'AgentPolicyDecryptCrossAccountKey'),
        }));
        await emu.control.setPrincipalDocuments({ arn: USER, policies });
      },
      actions: ['add-statement', 'add-statement'],
    },
    {
      mistake: 'a missing version stage',
      appReference: 'app/db:password:AWSPREVIOUS',
      actions: ['replace-reference'],
    },
  ])('$mistake', async ({ make, appReference, actions }) => {
    await make?.();
    const config = await writeConfig(appReference);
    const { failed, changes, text } = await bothOutputs(config);
    const fixes = [failed.fix!, ...(failed.fix!.also ?? [])];
    expect(
      fixes.map((f) => f.action),
      `${failed.id}: ${failed.finding}`,
    ).toEqual(actions);
    expect(changes).toHaveLength(fixes.length);
    fixes.forEach((fix, index) => {
      for (const part of partsOf(fix)) expect(changes[index]).toContain(part);
    });
    expect(text).not.toContain('canary-matrix');
  });
});
