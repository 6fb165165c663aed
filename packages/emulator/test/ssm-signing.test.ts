// Parameter Store requests are authenticated like every other JSON service: SigV4 with the
// `ssm` service in the credential scope, the region of an AWS hostname, the call counters.
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { createEmulatorRequestHandler } from '../src/index.js';
import { startWith } from './helpers.js';

describe('Parameter Store authentication', () => {
  it('refuses a wrong secret key without echoing it, and counts the call', async () => {
    await using emu = await startWith('parameters');
    const { accessKeyId } = await emu.control.userCredentials('developer');
    const wrong = { accessKeyId, secretAccessKey: 'wrong-secret-key-canary-000000000000000' };
    const client = new SSMClient({
      endpoint: emu.url,
      region: 'us-east-2',
      credentials: wrong,
      maxAttempts: 1,
    });
    const error = await client
      .send(new GetParameterCommand({ Name: '/prod/orders/db/host' }))
      .catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'InvalidSignatureException' });
    expect((error as Error).message).not.toContain('wrong-secret-key');
    expect(await emu.control.counters()).toMatchObject({ 'ssm:GetParameter': 1 });
  });

  it('serves the regional ssm hostname and refuses another signing region there', async () => {
    await using emu = await startWith('parameters');
    const credentials = await emu.control.userCredentials('developer');
    const client = (region: string) =>
      new SSMClient({
        region,
        endpoint: 'https://ssm.us-east-2.amazonaws.com',
        requestHandler: createEmulatorRequestHandler(emu.url),
        credentials,
        maxAttempts: 1,
      });
    const ok = await client('us-east-2').send(
      new GetParameterCommand({ Name: '/prod/orders/db/port' }),
    );
    expect(ok.Parameter?.Value).toBe('5432');
    await expect(
      client('us-west-1').send(new GetParameterCommand({ Name: '/prod/orders/db/port' })),
    ).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      message: "Credential should be scoped to a valid region, not 'us-west-1'. ",
    });
  });
});
