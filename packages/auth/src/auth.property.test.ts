import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAuthError } from './errors.js';
import { resolveStsEndpoint } from './sts-endpoint.js';
import { toAuthError } from './to-auth-error.js';

const region = fc.constantFrom(
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'eu-west-1',
  'cn-north-1',
  'ap-southeast-2',
);
const stsEndpoint = fc.oneof(
  fc.constant(undefined),
  fc.constant('https://sts.amazonaws.com'),
  region.map((r) => `https://sts.${r}.amazonaws.com`),
  region.map((r) => `https://secretsmanager.${r}.amazonaws.com`),
  fc.webUrl(),
  fc.string(),
);

describe('properties', () => {
  it('resolveStsEndpoint returns a rule-abiding endpoint or throws an AuthError, never anything else', () => {
    fc.assert(
      fc.property(
        region,
        stsEndpoint,
        fc.option(region, { nil: undefined }),
        (r, endpoint, explicit) => {
          try {
            const resolved = resolveStsEndpoint({
              region: r,
              stsEndpoint: endpoint,
              stsEndpointRegion: explicit,
            });
            if (resolved.kind === 'global') expect(resolved.signingRegion).toBe('us-east-1');
            if (explicit) expect(resolved.signingRegion).toBe(explicit);
            if (resolved.kind === 'custom' && !explicit) expect(resolved.signingRegion).toBe(r);
          } catch (error) {
            expect(isAuthError(error)).toBe(true);
          }
        },
      ),
    );
  });

  it('toAuthError never throws and never echoes a known secret', () => {
    fc.assert(
      fc.property(fc.anything(), fc.string({ minLength: 8, maxLength: 60 }), (value, secret) => {
        const error = toAuthError(value, { secrets: [secret] });
        expect(isAuthError(error)).toBe(true);
        expect(error.message).not.toContain(secret);
        const withSecret = toAuthError(new Error(`failed for ${secret}`), { secrets: [secret] });
        expect(withSecret.message).not.toContain(secret);
      }),
    );
  });
});
