import { describe, expect, it } from 'vitest';
import { secretBody } from './secret-body.js';
import type { SecretValueResult } from './source.js';

const result = (i: number, size: number): SecretValueResult =>
  Object.freeze({
    ARN: `arn:aws:secretsmanager:us-east-2:111111111111:secret:body-${i}-AbCdEf`,
    Name: `body-${i}`,
    VersionId: 'v1',
    SecretString: 'x'.repeat(size),
    VersionStages: ['AWSCURRENT'],
    CreatedDate: new Date(0),
    stale: false,
  });

describe('secretBody', () => {
  it('hands out the same bytes for the same frozen result', () => {
    const secret = result(0, 10);
    const body = secretBody(secret);
    expect(secretBody(secret)).toBe(body);
    expect(JSON.parse(body.toString()).SecretString).toBe('x'.repeat(10));
  });

  it('keeps at most 1 MiB of bodies, dropping the oldest first', () => {
    const first = result(1, 100_000);
    const firstBody = secretBody(first);
    // Ten more bodies of ~100 kB go past the 1 MiB budget: the first one is dropped.
    const later = Array.from({ length: 10 }, (_, i) => result(i + 2, 100_000));
    const laterBodies = later.map((secret) => secretBody(secret));
    expect(secretBody(later[9] as SecretValueResult)).toBe(laterBodies[9]);
    const again = secretBody(first);
    expect(again).not.toBe(firstBody);
    expect(again.equals(firstBody)).toBe(true);
  });

  it('does not keep a body larger than a quarter of the budget, nor one of an unfrozen result', () => {
    const huge = result(20, 300_000);
    expect(secretBody(huge)).not.toBe(secretBody(huge));
    const open = { ...result(21, 10) };
    expect(secretBody(open)).not.toBe(secretBody(open));
  });
});
