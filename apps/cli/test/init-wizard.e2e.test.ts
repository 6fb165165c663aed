import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createTempDir, startTestEmulator } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CLI, EXAMPLES } from './helpers.js';
import { hasScript, startInPty } from './pty.js';
import { vaultlineAsync } from './spawn.js';

// The role-based cross-account setup of docs/cross-account.md, every document applied.
const SCENARIO = join(EXAMPLES, 'scenarios', 'matrix', 'role-based.yaml');
const AGENT_ROLE = 'arn:aws:iam::444455556666:role/vaultline-agent';
const INSTANCE_ROLE = 'arn:aws:iam::444455556666:role/ec2-agent-host';
const KEY = 'arn:aws:kms:us-east-2:111122223333:key/2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';

/** The shared secret's full ARN: its suffix is made when the emulator loads the scenario. */
async function sharedSecretArn(emu: Awaited<ReturnType<typeof startTestEmulator>>) {
  const client = new SecretsManagerClient({
    endpoint: emu.url,
    region: 'us-east-2',
    credentials: await emu.credentialsOf('secrets-admin'),
  });
  const { ARN } = await client.send(new DescribeSecretCommand({ SecretId: 'shared/db' }));
  client.destroy();
  return ARN ?? '';
}

describe('vaultline init, the wizard in a terminal', () => {
  it.skipIf(!hasScript)(
    'role-based cross-account: re-asks two wrong answers, and writes a config that validate accepts and doctor passes',
    async () => {
      await using emu = await startTestEmulator({ scenario: SCENARIO });
      await using dir = await createTempDir();
      const arn = await sharedSecretArn(emu);
      const env = { PATH: process.env.PATH ?? '', HOME: dir.path };
      const session = startInPty([process.execPath, CLI, 'init'], { cwd: dir.path, env });
      // A question, and the answer a person types; each waits for its question on the screen.
      const answer = async (question: RegExp, typed: string) => {
        await session.waitFor(question);
        session.type(typed);
      };
      await answer(/choose 1-4 \[1\]: $/, '1');
      await answer(/AWS region of the secrets.*: $/, 'US East (Ohio)');
      const region = await session.waitFor(/AWS region of the secrets.*: $/);
      expect(region).toContain('did you mean us-east-2?');
      session.type('us-east-2');
      await answer(
        /IAM role vaultline assumes.*: $/,
        'arn:aws:iam:444455556666:role/vaultline-agent',
      );
      const role = await session.waitFor(/IAM role vaultline assumes.*: $/);
      expect(role).toMatch(/is not a role ARN|arn:aws:iam::/);
      session.type(AGENT_ROLE);
      await answer(/External id.*: $/, 'vaultline-orders-7f3a');
      await answer(/credentials that assume the role come from:[\s\S]*choose 1-2 \[1\]: $/, '1');
      await answer(/EC2 instance's role.*: $/, INSTANCE_ROLE);
      await answer(/another AWS account.*\[n\]: $/, 'y');
      await answer(/customer managed KMS key.*: $/, KEY);
      await answer(/other endpoints.*\[n\]: $/, 'y');
      await answer(/Secrets Manager endpoint.*: $/, emu.url);
      await answer(/STS endpoint URL.*: $/, emu.url);
      await answer(/Region the STS requests are signed for.*: $/, 'us-east-2');
      await answer(/Instance metadata endpoint.*: $/, emu.url);
      await answer(/A connection to add.*: $/, 'shared-db');
      await answer(/Property of shared-db.*: $/, `password=secret:${arn}:password`);
      await answer(/Property of shared-db.*: $/, '');
      await answer(/Environment variables of shared-db.*: $/, '');
      await answer(/Another connection.*: $/, 'app db');
      expect(await session.waitFor(/Another connection.*: $/)).toContain('a connection name is');
      session.type('app-db');
      await answer(/Property of app-db.*: $/, 'password=secret:app/db:password');
      await answer(/Property of app-db.*: $/, 'host=db.internal');
      await answer(/Property of app-db.*: $/, '');
      await answer(/Environment variables of app-db.*: $/, 'PGPASSWORD=password PGHOST=host');
      await answer(/Another connection.*: $/, '');
      const status = await session.done;
      const screen = session.screen();
      expect(status, screen).toBe(0);
      expect(screen).toMatch(/wrote vaultline\.yaml: valid \(role-based in us-east-2\)/);
      // The trust policy lets the instance's role in.
      expect(screen).toContain('(trust-policy)');
      expect(screen).toContain(`"AWS": "${INSTANCE_ROLE}"`);

      const written = parseYaml(await readFile(join(dir.path, 'vaultline.yaml'), 'utf8'));
      expect(written).toEqual({
        vault: {
          type: 'aws-secrets-manager',
          authType: 'role-based',
          region: 'us-east-2',
          iamRole: AGENT_ROLE,
          externalId: 'vaultline-orders-7f3a',
          sourceCredentials: 'instance-profile',
          sourcePrincipalArn: INSTANCE_ROLE,
          kmsKeyArns: [KEY],
          endpoint: emu.url,
          stsEndpoint: emu.url,
          stsEndpointRegion: 'us-east-2',
          instanceMetadata: { endpoint: emu.url },
        },
        connections: {
          'shared-db': { password: { secret: `${arn}:password` } },
          'app-db': {
            password: { secret: 'app/db:password' },
            host: 'db.internal',
            env: { PGPASSWORD: 'password', PGHOST: 'host' },
          },
        },
      });
      const validate = await vaultlineAsync(['validate'], { cwd: dir.path, env });
      expect(validate.status, validate.stdout + validate.stderr).toBe(0);
      const doctor = await vaultlineAsync(['doctor'], { cwd: dir.path, env });
      expect(doctor.status, doctor.stdout + doctor.stderr).toBe(0);
    },
    60_000,
  );

  it.skipIf(!hasScript)(
    'access-key: the secret access key typed at the prompt is not echoed, and lands only in the 0600 file',
    async () => {
      await using dir = await createTempDir();
      const key = 'CANARYttyCANARYttyCANARYttyCANARYtty1234';
      const session = startInPty([process.execPath, CLI, 'init'], {
        cwd: dir.path,
        env: { PATH: process.env.PATH ?? '', HOME: dir.path },
      });
      const answer = async (question: RegExp, typed: string) => {
        await session.waitFor(question);
        session.type(typed);
      };
      await answer(/choose 1-4 \[1\]: $/, 'access-key');
      await answer(/AWS region of the secrets.*: $/, 'eu-west-1');
      await answer(/Access key id.*: $/, 'AKIAIOSFODNN7EXAMPLE');
      await answer(/Secret access key \(not shown\): $/, key);
      await answer(/Your AWS account id.*: $/, '');
      await answer(/another AWS account.*\[n\]: $/, '');
      await answer(/other endpoints.*\[n\]: $/, '');
      await answer(/A connection to add.*: $/, '');
      const status = await session.done;
      expect(status, session.screen()).toBe(0);
      expect(session.screen()).toContain('wrote vaultline.yaml (mode 0600');
      expect(session.screen()).not.toContain(key);
      const file = join(dir.path, 'vaultline.yaml');
      expect(await readFile(file, 'utf8')).toContain(`secretAccessKey: ${key}`);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    },
    60_000,
  );
});
