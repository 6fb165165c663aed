import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type TestEmulator, useTestEmulator } from '@vaultline/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { type AuthStrategy, isAuthError } from '../src/index.js';
import { AUTH_SCENARIO } from './helpers.js';

/** One strategy under the shared contract. */
export interface ContractSubject {
  title: string;
  /** Builds a fresh strategy against the running emulator. */
  create(emu: TestEmulator, logger: { lines: string[] }): Promise<AuthStrategy> | AuthStrategy;
  /** The ARN sts:GetCallerIdentity must report. */
  expectedArn: string | ((emu: TestEmulator) => Promise<string>);
  /** Temporary credentials expire and must be renewed by the strategy. */
  temporary: boolean;
  beforeAll?(emu: TestEmulator): Promise<void> | void;
  afterAll?(): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The cases every strategy must pass, over real HTTP against the emulator (which verifies
 * each SigV4 signature and the region of its credential scope).
 */
export function runStrategyContract(subject: ContractSubject): void {
  describe(`contract: ${subject.title}`, () => {
    const logger = { lines: [] as string[] };
    const emulator = useTestEmulator({
      scenario: AUTH_SCENARIO,
      setUp: (emu) => subject.beforeAll?.(emu),
      afterEach: async (emu) => {
        await emu.control.reset();
      },
    });
    afterAll(() => subject.afterAll?.());
    const make = () => subject.create(emulator(), logger);
    const expectedArn = () =>
      typeof subject.expectedArn === 'string'
        ? subject.expectedArn
        : subject.expectedArn(emulator());

    it('obtains credentials', async () => {
      const credentials = await (await make()).credentials();
      expect(credentials.accessKeyId).toMatch(/^(AKIA|ASIA)[A-Z0-9]{12,}$/);
      expect(credentials.secretAccessKey.length).toBeGreaterThanOrEqual(16);
      if (subject.temporary) {
        expect(credentials.accessKeyId).toMatch(/^ASIA/);
        expect(credentials.sessionToken).toBeTruthy();
        expect(credentials.expiration!.getTime()).toBeGreaterThan(Date.now());
      }
    });

    it('signs a real Secrets Manager call that the emulator accepts', async () => {
      const strategy = await make();
      const client = new SecretsManagerClient({
        endpoint: emulator().url,
        region: 'us-east-2',
        credentials: strategy.credentials,
      });
      const out = await client.send(new GetSecretValueCommand({ SecretId: 'auth/probe' }));
      expect(out.SecretString).toBe('canary-auth-5b1f0e27c9d3');
      client.destroy();
    });

    it('describes its identity with the expected ARN', async () => {
      const identity = await (await make()).describeIdentity();
      expect(identity).toEqual({
        account: '333333333333',
        arn: await expectedArn(),
        userId: expect.any(String),
      });
    });

    if (subject.temporary) {
      it('renews its credentials before they expire, without a gap', async () => {
        await emulator().control.setCredentials({ lifetimeSeconds: 4 });
        const strategy = await make();
        const first = await strategy.credentials();
        const expiresAt = first.expiration!.getTime();
        expect(expiresAt - Date.now()).toBeLessThanOrEqual(4_000);
        // past the latest renewal point (about 3/4 of the lifetime), still before expiry
        await sleep(expiresAt - Date.now() - 400);
        let current = await strategy.credentials();
        while (current.accessKeyId === first.accessKeyId && Date.now() < expiresAt) {
          await sleep(25);
          current = await strategy.credentials();
        }
        expect(Date.now()).toBeLessThan(expiresAt);
        expect(current.accessKeyId).not.toBe(first.accessKeyId);
        expect(current.expiration!.getTime()).toBeGreaterThan(expiresAt);
        await expect(strategy.describeIdentity()).resolves.toMatchObject({
          arn: await expectedArn(),
        });
      });
    } else {
      it('keeps its long-term credentials without expiry', async () => {
        const strategy = await make();
        const first = await strategy.credentials();
        expect(first.expiration).toBeUndefined();
        expect((await strategy.credentials()).accessKeyId).toBe(first.accessKeyId);
      });
    }

    it('fails with an AuthError that carries code, hint and cause but no credential', async () => {
      const strategy = await make();
      const credentials = await strategy.credentials();
      if (subject.temporary) {
        await emulator().control.setCredentials({ expireNow: true });
      } else {
        await emulator().control.setFault('sts:GetCallerIdentity', { outage: true });
      }
      const error = await strategy.describeIdentity().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isAuthError(error)).toBe(true);
      // the assertion above already failed; this only narrows the type for the ones below
      if (!isAuthError(error)) throw new Error('expected an AuthError');
      expect(error.code).toBe(subject.temporary ? 'EXPIRED' : 'STS_UNAVAILABLE');
      expect(error.hint.length).toBeGreaterThan(20);
      expect(error.cause).toBeInstanceOf(Error);
      const texts = [
        error.message,
        error.hint,
        String(error),
        JSON.stringify(error),
        String((error.cause as Error).message),
        ...logger.lines,
      ].join('\n');
      expect(texts).not.toContain(credentials.secretAccessKey);
      if (credentials.sessionToken) expect(texts).not.toContain(credentials.sessionToken);
      expect(texts).not.toContain(credentials.accessKeyId);
    });
  });
}
