import { CROSS_ACCOUNT_PARAMETER_RULE } from '@vaultline/secret-names';
import { describe, expect, it } from 'vitest';
import { type AwsFailure, adviceFor } from '../src/index.js';
import { ACCOUNT, OTHER_ACCOUNT, REGION } from './fixtures.js';
import {
  CANARY,
  type Rejection,
  recorder,
  rejection,
  resolverFor,
  ssmCalls,
  useResolverEmulator,
} from './helpers.js';

const emulator = useResolverEmulator();

const CANARIES = [CANARY.ssmPassword, CANARY.ssmLocked, CANARY.ssmRestricted, CANARY.ssmPrevious];

/** Everything a failure could leak through: the error, its hint, logs and metric events. */
function expectNoValues(error: Rejection, rec: ReturnType<typeof recorder>): void {
  const seen = [error.message, error.hint ?? '', ...rec.events, ...rec.logs].join('\n');
  for (const canary of CANARIES) expect(seen).not.toContain(canary);
}

async function failureOf(ref: string, user?: string) {
  const rec = recorder();
  await using resolver = await resolverFor(emulator(), {
    ...(user ? { user } : {}),
    options: { metrics: rec.metrics, logger: rec.logger },
  });
  const error = await rejection(resolver.getParameter(ref));
  expectNoValues(error, rec);
  return { error, rec };
}

describe('a parameter that cannot be read', () => {
  it('is PARAMETER_NOT_FOUND when GetParameters lists it in InvalidParameters', async () => {
    const { error, rec } = await failureOf('/app/no-such-parameter');
    expect(error.code).toBe('PARAMETER_NOT_FOUND');
    expect(error.message).toBe(
      "parameter '/app/no-such-parameter': Parameter Store has no such parameter (GetParameters): GetParameters lists /app/no-such-parameter in InvalidParameters",
    );
    expect(error.hint).toMatch(
      /check the parameter name .* in the vault's region \(us-east-2\): aws ssm get-parameter --name \/app\/no-such-parameter/,
    );
    expect(rec.events).toContain('error PARAMETER_NOT_FOUND {}');
  });

  it('is PARAMETER_VERSION_NOT_FOUND for a version the parameter does not have', async () => {
    const { error } = await failureOf('/app/versioned:7');
    expect(error.code).toBe('PARAMETER_VERSION_NOT_FOUND');
    expect(error.message).toMatch(
      /^parameter '\/app\/versioned:7': the parameter has no such version \(GetParameters\): \/app\/versioned exists, but has no version 7/,
    );
    expect(error.hint).toMatch(/aws ssm get-parameter-history --name \/app\/versioned/);
  });

  it('is PARAMETER_VERSION_NOT_FOUND for a label no version carries', async () => {
    const { error } = await failureOf('/app/versioned:purple');
    expect(error.code).toBe('PARAMETER_VERSION_NOT_FOUND');
    expect(error.message).toMatch(/no version of it has the label 'purple'/);
  });

  it('is PARAMETER_NOT_FOUND for a version of a parameter that does not exist', async () => {
    const { error } = await failureOf('/app/no-such-parameter:2');
    expect(error.code).toBe('PARAMETER_NOT_FOUND');
  });

  it('is INVALID_REFERENCE before any call for a name AWS would refuse', async () => {
    const { error } = await failureOf('/app/bad name');
    expect(error.code).toBe('INVALID_REFERENCE');
    expect(error.message).toMatch(/^invalid parameter reference: '\/app\/bad name' is not a valid/);
    expect(await ssmCalls(emulator())).toEqual({});
  });

  it('is REGION_MISMATCH before any call for an ARN of another region', async () => {
    const { error } = await failureOf(`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/app/db/host`);
    expect(error.code).toBe('REGION_MISMATCH');
    expect(await ssmCalls(emulator())).toEqual({});
  });

  it('is ACCESS_DENIED naming ssm:GetParameters and the parameter ARN', async () => {
    const { error } = await failureOf('/restricted/db');
    const arn = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/restricted/db`;
    expect(error.code).toBe('ACCESS_DENIED');
    expect(error.message).toMatch(
      /^parameter '\/restricted\/db': access to the parameter was denied \(GetParameters: AccessDeniedException\)/,
    );
    expect(error.hint).toContain(
      `allow ssm:GetParameters on ${arn} in an identity-based policy of arn:aws:iam::${ACCOUNT}:user/reader`,
    );
  });

  it('denies only the denied parameter of a batch', async () => {
    await using resolver = await resolverFor(emulator());
    const [allowed, denied] = await Promise.allSettled([
      resolver.getParameter('/app/db/host'),
      resolver.getParameter('/restricted/db'),
    ]);
    expect(allowed).toMatchObject({ status: 'fulfilled', value: { Value: 'db.internal' } });
    expect(denied).toMatchObject({ status: 'rejected', reason: { code: 'ACCESS_DENIED' } });
  });

  it('is KMS_ACCESS_DENIED naming kms:Decrypt and the kms:ViaService of Parameter Store', async () => {
    const { error } = await failureOf('/app/locked');
    expect(error.code).toBe('KMS_ACCESS_DENIED');
    expect(error.message).toMatch(/^parameter '\/app\/locked': access to the KMS key/);
    expect(error.hint).toContain('kms:Decrypt on the KMS key of SecureString');
    expect(error.hint).toContain(`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/locked`);
    expect(error.hint).toContain(`kms:ViaService ssm.${REGION}.amazonaws.com`);
    // Reading the ciphertext is no fix for a refused key; the CLI shows this hint too.
    expect(error.hint).not.toContain('withDecryption');
  });

  it('reads the ciphertext of that parameter without decryption', async () => {
    await using resolver = await resolverFor(emulator());
    const encrypted = await resolver.getParameter('/app/locked', { withDecryption: false });
    expect(encrypted.Value).not.toContain(CANARY.ssmLocked);
  });

  it('says the cross-account rule for a parameter of another account not shared', async () => {
    const arn = `arn:aws:ssm:${REGION}:${OTHER_ACCOUNT}:parameter/private/host`;
    const { error } = await failureOf(arn);
    expect(['ACCESS_DENIED', 'PARAMETER_NOT_FOUND']).toContain(error.code);
    expect(error.message).toContain(CROSS_ACCOUNT_PARAMETER_RULE);
  });

  it('is ACCESS_DENIED for a user without a policy, naming the action', async () => {
    const { error } = await failureOf('/app/db/host', 'no-policy');
    expect(error.code).toBe('ACCESS_DENIED');
    expect(error.hint).toContain('allow ssm:GetParameters on');
  });
});

describe('a parameter read that Parameter Store throttles, fails or does not answer', () => {
  it('is THROTTLED with Parameter Store advice, not Secrets Manager advice', async () => {
    await emulator().control.setFault('ssm:GetParameters', { throttleProbability: 1 });
    const { error } = await failureOf('/app/db/host');
    expect(error.code).toBe('THROTTLED');
    expect(error.hint).toContain('Parameter Store is throttling');
    expect(error.hint).toContain('/ssm/parameter-store/high-throughput-enabled');
    expect(error.hint).not.toContain('Secrets Manager');
  });

  it('is UNAVAILABLE naming the endpoint that serves Parameter Store (the emulator here)', async () => {
    await emulator().control.setFault('ssm:GetParameters', { outage: true });
    const { error } = await failureOf('/app/db/host');
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.hint).toContain(`Parameter Store endpoint (${emulator().url}`);
    expect(error.hint).toContain('ssm interface VPC endpoint');
    expect(error.hint).not.toContain('Secrets Manager');
  });

  it('is TIMEOUT with Parameter Store advice', async () => {
    await emulator().control.setFault('ssm:GetParameters', { latencyMs: 1000 });
    const rec = recorder();
    await using resolver = await resolverFor(emulator(), {
      options: { requestTimeoutMs: 100, metrics: rec.metrics, logger: rec.logger },
    });
    const error = await rejection(resolver.getParameter('/app/db/host'));
    expect(error.code).toBe('TIMEOUT');
    expect(error.hint).toContain('Parameter Store did not answer in time');
    expect(error.hint).not.toContain('Secrets Manager');
  });

  it('names the regional SSM host when the vault endpoint is a Secrets Manager one', () => {
    const failure: AwsFailure = { kind: 'unavailable', code: 'HTTP 503', message: '' };
    const hint = adviceFor(failure, {
      parameterId: '/app/db/host',
      region: 'us-east-1',
      endpoint: 'https://secretsmanager-fips.us-east-1.amazonaws.com',
    });
    expect(hint).toContain('Parameter Store endpoint (https://ssm.us-east-1.amazonaws.com;');
    expect(hint).not.toContain('secretsmanager');
  });

  it('gives the same advice for a Parameter Store call about no one parameter', () => {
    const failure: AwsFailure = {
      kind: 'throttled',
      code: 'ThrottlingException',
      message: '',
      operation: 'DescribeParameters',
    };
    expect(adviceFor(failure, { region: 'us-east-1' })).toContain('Parameter Store is throttling');
  });

  it('keeps the Secrets Manager advice for a secret', () => {
    const failure: AwsFailure = { kind: 'unavailable', code: 'HTTP 503', message: '' };
    expect(adviceFor(failure, { secretId: 'app/db', region: 'us-east-1' })).toContain(
      'Secrets Manager endpoint',
    );
  });
});
