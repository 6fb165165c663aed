// vaultline reads instance metadata with IMDSv2 only. Against a metadata service that answers
// IMDSv1 alone, both IMDS paths (an explicit endpoint, and the SDK's fromInstanceMetadata that
// takes AWS_EC2_METADATA_SERVICE_ENDPOINT) must refuse, say why, and send no tokenless read.
// This file sets that variable, so it runs in its own worker.
import { rejectionOf } from '@vaultline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_HINTS, createInstanceProfileStrategy } from '../src/index.js';
import { startImdsV1Only } from './imds-v1-only.js';

let imds: Awaited<ReturnType<typeof startImdsV1Only>>;
const saved = process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
beforeAll(async () => {
  imds = await startImdsV1Only();
});
afterAll(async () => {
  if (saved === undefined) delete process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
  else process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = saved;
  await imds?.close();
});

describe.each([
  ['an explicit instanceMetadata.endpoint', true],
  ['the SDK provider (AWS_EC2_METADATA_SERVICE_ENDPOINT)', false],
])('an IMDSv1-only metadata service, through %s', (_, explicit) => {
  it('is refused with IMDS_V2_UNAVAILABLE and no IMDSv1 request', async () => {
    imds.requests.length = 0;
    if (!explicit) process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = imds.url;
    const strategy = createInstanceProfileStrategy({
      authType: 'instance-profile',
      region: 'us-east-2',
      instanceMetadata: {
        ...(explicit ? { endpoint: imds.url } : {}),
        timeoutMs: 1000,
        maxRetries: 0,
      },
    });
    const error = await rejectionOf(() => strategy.credentials());
    expect(error).toMatchObject({
      code: 'IMDS_V2_UNAVAILABLE',
      hint: AUTH_HINTS.imdsV2,
      message: expect.stringContaining('does not fall back to IMDSv1'),
    });
    expect(String((error as Error).message)).not.toContain('v1-only-canary-secret-key');
    expect(imds.requests.some((r) => r.method === 'PUT' && r.path === '/latest/api/token')).toBe(
      true,
    );
    expect(imds.requests.filter((r) => r.method === 'GET' && !r.token)).toEqual([]);
  });
});
