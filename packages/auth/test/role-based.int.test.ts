import { rejectionOf } from '@vaultline/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AUTH_HINTS,
  createRoleBasedStrategy,
  isAuthError,
  type RoleBasedVaultInput,
} from '../src/index.js';
import {
  assumedRoleArn,
  PARTNER_EXTERNAL_ID,
  roleArn,
  roleBasedVault,
  SESSION,
  useAuthEmulator,
  viaEmulator,
} from './helpers.js';

const emulator = useAuthEmulator({ resetAfterEach: true });

const vault = (extra: Partial<RoleBasedVaultInput> = {}) =>
  roleBasedVault(emulator(), 'agent', extra);

describe('role-based strategy', () => {
  it('lets the instance profile role assume itself', async () => {
    const strategy = createRoleBasedStrategy(vault({}), viaEmulator(emulator()));
    const identity = await strategy.describeIdentity();
    expect(identity.arn).toBe(assumedRoleArn('agent', SESSION));
    expect(await emulator().control.counters()).toMatchObject({ 'sts:AssumeRole': 1 });
  });

  it('uses the configured session name', async () => {
    const strategy = createRoleBasedStrategy(
      vault({ sessionName: 'nightly-batch' }),
      viaEmulator(emulator()),
    );
    expect((await strategy.describeIdentity()).arn).toBe(assumedRoleArn('agent', 'nightly-batch'));
  });

  it('refuses an invalid session name before any call', () => {
    expect(() =>
      createRoleBasedStrategy(vault({ sessionName: 'has spaces' }), viaEmulator(emulator())),
    ).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });

  describe('a trust policy that requires an ExternalId', () => {
    it('is satisfied by the configured externalId', async () => {
      const strategy = createRoleBasedStrategy(
        vault({ iamRole: roleArn('partner'), externalId: PARTNER_EXTERNAL_ID }),
        viaEmulator(emulator()),
      );
      expect((await strategy.describeIdentity()).arn).toBe(assumedRoleArn('partner', SESSION));
    });

    it('denies a call without externalId, with a hint to set it', async () => {
      const strategy = createRoleBasedStrategy(
        vault({ iamRole: roleArn('partner') }),
        viaEmulator(emulator()),
      );
      const error = await rejectionOf(() => strategy.credentials());
      expect(error).toMatchObject({
        code: 'ASSUME_ROLE_DENIED',
        hint: AUTH_HINTS.trustPolicyNeedsExternalId,
        message: expect.stringContaining(roleArn('partner')),
      });
    });

    it('denies a wrong externalId without echoing it', async () => {
      const strategy = createRoleBasedStrategy(
        vault({ iamRole: roleArn('partner'), externalId: 'wrong-external-id-123' }),
        viaEmulator(emulator()),
      );
      const error = await rejectionOf(() => strategy.credentials());
      expect(error).toMatchObject({
        code: 'ASSUME_ROLE_DENIED',
        hint: AUTH_HINTS.trustPolicyExternalId,
      });
      expect(String(error) + JSON.stringify(error)).not.toContain('wrong-external-id-123');
    });
  });

  it('reports a trust policy that does not allow the caller as ASSUME_ROLE_DENIED with the trust-policy hint', async () => {
    const strategy = createRoleBasedStrategy(
      vault({ iamRole: roleArn('locked') }),
      viaEmulator(emulator()),
    );
    const error = await rejectionOf(() => strategy.describeIdentity());
    expect(isAuthError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'ASSUME_ROLE_DENIED',
      tryNext: false,
      hint: expect.stringContaining("Update the role's trust policy"),
      message: expect.stringMatching(
        /sts:AssumeRole on arn:aws:iam::333333333333:role\/locked was denied/,
      ),
    });
    expect((error as Error).cause).toMatchObject({ name: 'AccessDenied' });
  });

  it('explains the one-hour limit of role chaining', async () => {
    const strategy = createRoleBasedStrategy(
      vault({ durationSeconds: 7200 }),
      viaEmulator(emulator()),
    );
    const error = await rejectionOf(() => strategy.credentials());
    expect(error).toMatchObject({ code: 'INVALID_CONFIG', hint: AUTH_HINTS.roleChainDuration });
  });

  it('assumes each role of roleChain in order', async () => {
    const strategy = createRoleBasedStrategy(
      vault({ iamRole: roleArn('reader'), roleChain: [{ roleArn: roleArn('auditor') }] }),
      viaEmulator(emulator()),
    );
    expect((await strategy.describeIdentity()).arn).toBe(assumedRoleArn('auditor', SESSION));
    expect(await emulator().control.counters()).toMatchObject({ 'sts:AssumeRole': 2 });
  });

  it('fails on the hop whose trust policy does not allow the previous role', async () => {
    const strategy = createRoleBasedStrategy(
      vault({ iamRole: roleArn('agent'), roleChain: [{ roleArn: roleArn('auditor') }] }),
      viaEmulator(emulator()),
    );
    const error = await rejectionOf(() => strategy.credentials());
    expect(error).toMatchObject({
      code: 'ASSUME_ROLE_DENIED',
      message: expect.stringContaining(roleArn('auditor')),
    });
  });

  it('shares one AssumeRole between many concurrent callers', async () => {
    const strategy = createRoleBasedStrategy(vault({}), viaEmulator(emulator()));
    const results = await Promise.all(Array.from({ length: 25 }, () => strategy.credentials()));
    expect(new Set(results.map((c) => c.accessKeyId)).size).toBe(1);
    expect((await emulator().control.counters())['sts:AssumeRole']).toBe(1);
  });

  describe('with source credentials from the default chain', () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    });

    it('assumes the role with the environment credentials', async () => {
      const { accessKeyId, secretAccessKey } = await emulator().credentialsOf('developer');
      process.env.AWS_ACCESS_KEY_ID = accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = secretAccessKey;
      delete process.env.AWS_SESSION_TOKEN;
      const strategy = createRoleBasedStrategy(
        vault({ iamRole: roleArn('reader'), sourceCredentials: 'default-chain' }),
        viaEmulator(emulator()),
      );
      expect((await strategy.describeIdentity()).arn).toBe(assumedRoleArn('reader', SESSION));
    });
  });
});
