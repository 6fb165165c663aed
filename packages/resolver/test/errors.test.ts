import { DeleteSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { TestEmulator } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { ResolverError, type ResolverErrorCode } from '../src/index.js';
import { ACCOUNT, OTHER_ACCOUNT, REGION } from './fixtures.js';
import {
  adminClient,
  arnOf,
  CANARY,
  recorder,
  rejection,
  resolverFor,
  smCalls,
  useResolverEmulator,
} from './helpers.js';

const arns: Record<string, string> = {};
const rec = recorder();
const seen: ResolverError[] = [];
const emulator = useResolverEmulator({ setUp: recordArnsAndDeleteBinary });

/** The ARNs the cases name, and app/binary scheduled for deletion, for every test. */
async function recordArnsAndDeleteBinary(emu: TestEmulator): Promise<void> {
  for (const name of ['shared/db', 'shared/managed-key', 'shared/locked-key', 'shared/no-policy']) {
    arns[name] = await arnOf(emu, name, OTHER_ACCOUNT);
  }
  const admin = await adminClient(emu);
  try {
    await admin.send(new DeleteSecretCommand({ SecretId: 'app/binary', RecoveryWindowInDays: 7 }));
  } finally {
    admin.destroy();
  }
}

interface Case {
  title: string;
  code: ResolverErrorCode;
  ref: () => string;
  user?: string;
  hint?: RegExp;
}

const cases: Case[] = [
  {
    title: 'a secret that does not exist',
    code: 'SECRET_NOT_FOUND',
    ref: () => 'missing/secret',
    hint: /region \(us-east-2\)/,
  },
  {
    title: 'no read policy assigned',
    code: 'ACCESS_DENIED',
    user: 'no-policy',
    ref: () => 'prod/db',
    hint: /read policy is not assigned/,
  },
  {
    title: "another account's secret without a resource policy for us",
    code: 'ACCESS_DENIED',
    ref: () => `${arns['shared/no-policy']}`,
    hint: /resource policy/,
  },
  {
    title: "another account's secret under the AWS managed key",
    code: 'KMS_ACCESS_DENIED',
    ref: () => `${arns['shared/managed-key']}`,
    hint: /AWS managed key aws\/secretsmanager can never be used from another account/,
  },
  {
    title: "another account's key whose key policy leaves us out",
    code: 'KMS_ACCESS_DENIED',
    ref: () => `${arns['shared/locked-key']}`,
    hint: /key policy/,
  },
  {
    title: 'a secret scheduled for deletion',
    code: 'SECRET_DELETED',
    ref: () => 'app/binary',
    hint: /restore/,
  },
];

describe('failures from AWS, through GetSecretValue and through BatchGetSecretValue', () => {
  it.each(cases)('$title: $code with a hint', async ({ code, ref, user, hint }) => {
    await using resolver = await resolverFor(emulator(), {
      user,
      options: { metrics: rec.metrics, logger: rec.logger },
    });
    const single = await rejection(resolver.getValue(ref()));
    expect(single).toBeInstanceOf(ResolverError);
    expect(single.code).toBe(code);
    expect(single.hint).toMatch(hint!);
    expect(single.cause).toBeDefined();
    // The upstream HTTP status, for proxies (AWS answers these with 400).
    expect((single as ResolverError).status).toBe(400);
    seen.push(single as ResolverError);

    // The same failure inside a batch (alongside a readable secret) maps the same way.
    await emulator().control.resetCounters();
    const batch = await resolver.prefetch([ref(), user ? 'missing/other' : 'app/plain']);
    // A user with no policy at all is denied BatchGetSecretValue too: one GetSecretValue each.
    expect(await smCalls(emulator())).toEqual(
      user ? { BatchGetSecretValue: 1, GetSecretValue: 2 } : { BatchGetSecretValue: 1 },
    );
    const failure = batch.failed.find((f) => f.ref === ref());
    expect(failure?.error.code).toBe(code);
    expect(failure?.error.hint).toMatch(hint!);
    seen.push(failure!.error);
  });
});

describe('failures found before any call', () => {
  it.each([
    ['an invalid name', 'INVALID_REFERENCE', 'bad name!'],
    ['an empty JSON key', 'INVALID_REFERENCE', 'prod/db:'],
    [
      'a partial ARN in another account',
      'INVALID_REFERENCE',
      `arn:aws:secretsmanager:${REGION}:${OTHER_ACCOUNT}:secret:shared/db`,
    ],
    [
      'an ARN in another region',
      'REGION_MISMATCH',
      `arn:aws:secretsmanager:us-west-1:${ACCOUNT}:secret:app/config-AbCdEf`,
    ],
  ])('%s: %s', async (_, code, ref) => {
    await emulator().control.resetCounters();
    await using resolver = await resolverFor(emulator(), { options: { metrics: rec.metrics } });
    const error = await rejection(resolver.getValue(ref));
    expect(error.code).toBe(code);
    seen.push(error as ResolverError);
    expect(await smCalls(emulator())).toEqual({});
  });

  it('UNKNOWN_CONNECTION names the connections that exist', async () => {
    await using resolver = await resolverFor(emulator(), {
      connections: { orders: { host: 'x' } },
    });
    const error = await rejection(resolver.resolveConnection('order'));
    expect(error.code).toBe('UNKNOWN_CONNECTION');
    expect(error.message).toContain('known connections: orders');
  });

  it('CLOSED after close()', async () => {
    const resolver = await resolverFor(emulator());
    await resolver.close();
    expect((await rejection(resolver.getValue('prod/db'))).code).toBe('CLOSED');
  });
});

describe('authentication failures', () => {
  it('AUTH_FAILED wraps the AuthError, with its hint, and never shows the key', async () => {
    const { accessKeyId } = await emulator().credentialsOf('reader', ACCOUNT);
    const wrongSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGKEYXX';
    const { createResolver } = await import('../src/index.js');
    await using resolver = createResolver(
      {
        vault: {
          authType: 'access-key',
          region: REGION,
          endpoint: emulator().url,
          accessKeyId,
          secretAccessKey: wrongSecret,
        } as never,
      },
      { maxAttempts: 1 },
    );
    const error = await rejection(resolver.getValue('prod/db:password'));
    expect(error.code).toBe('AUTH_FAILED');
    expect((error.cause as Error).name).toBe('AuthError');
    expect(error.hint).toBeTruthy();
    expect(`${error.message} ${error.hint}`).not.toContain(wrongSecret);
    seen.push(error as ResolverError);
  });
});

describe('leaks', () => {
  it('no error, hint, cause, log line or metric event contains a secret value', () => {
    expect(seen.length).toBeGreaterThan(10);
    const texts: string[] = [...rec.logs, ...rec.events];
    for (const error of seen) {
      let current: unknown = error;
      while (current instanceof Error) {
        texts.push(
          current.message,
          String((current as { hint?: string }).hint ?? ''),
          JSON.stringify(current),
        );
        current = current.cause;
      }
    }
    const all = texts.join('\n');
    for (const canary of Object.values(CANARY)) expect(all).not.toContain(canary);
    expect(all).not.toMatch(/canary-/);
  });

  it('metric events carry no secret names unless asked', () => {
    expect(rec.events.join('\n')).not.toMatch(/prod\/db|shared\/|app\//);
  });
});
