// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${secret:...} is the placeholder syntax under test
import { parseAwsHost } from '@vaultline/secret-names';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIssue, formatPath } from './issues.js';
import { parseConfigText } from './load.js';
import { parseConfig } from './parse.js';
import { redactConfig } from './redact.js';
import { suggestRegion } from './region-check.js';
import { parseRoleArn } from './role-arn.js';
import { parseInterpolatedValue } from './secret-placeholders.js';
import { ACCESS_KEY_ID } from './test-fixtures.js';
import { checkServiceUrl } from './urls.js';

// A value that looks like a secret access key and is unlikely to occur by chance.
const canary = fc
  .string({
    unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+'),
    minLength: 40,
    maxLength: 40,
  })
  .map((key) => `CANARY${key.slice(6)}`);

const vaultValue = fc.oneof(
  fc.string(),
  fc.constantFrom(
    'us-east-2',
    'Ohio',
    'role-based',
    'access-key',
    'https://sts.amazonaws.com',
    'http://x',
    ACCESS_KEY_ID,
  ),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.anything(),
);
const vaultKey = fc.constantFrom(
  'type',
  'authType',
  'region',
  'endpoint',
  'accountId',
  'iamRole',
  'externalId',
  'sessionName',
  'durationSeconds',
  'stsEndpoint',
  'stsEndpointRegion',
  'sourceCredentials',
  'roleChain',
  'accessKeyId',
  'sessionToken',
  'instanceMetadata',
  'cache',
  'bogus',
);
const vaultObject = fc.dictionary(vaultKey, vaultValue, { maxKeys: 8 });

describe('properties', () => {
  it('parseConfig never throws, on anything', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withNullPrototype: true,
          withBoxedValues: true,
          withMap: true,
          withSet: true,
        }),
        (input) => {
          const result = parseConfig(input);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('parseConfig never throws on config-shaped input, and always explains a failure', () => {
    fc.assert(
      fc.property(vaultObject, fc.anything(), (vault, connections) => {
        const result = parseConfig({ vault, connections });
        if (!result.ok) {
          expect(result.issues.length).toBeGreaterThan(0);
          for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the secret access key never appears in issues, warnings or redacted output', () => {
    fc.assert(
      fc.property(vaultObject, canary, fc.boolean(), fc.string(), (vault, key, asToken, noise) => {
        const secretVault = asToken
          ? { ...vault, authType: 'access-key', secretAccessKey: key, sessionToken: key }
          : { ...vault, secretAccessKey: key };
        // The key typed into other fields too, as a careless edit would.
        const input = {
          vault: { ...secretVault, region: `${noise}${key}`, bogus: key },
          connections: { [key]: { [key]: key } },
        };
        const result = parseConfig(input, { fileMode: 0o644, filePath: 'v.yaml' });
        const text = JSON.stringify(
          result.ok ? [result.warnings, redactConfig(result.config)] : result.issues,
        );
        expect(text).not.toContain(key);
        const valid = parseConfig(
          {
            vault: {
              authType: 'access-key',
              region: 'us-east-2',
              accessKeyId: ACCESS_KEY_ID,
              secretAccessKey: key,
            },
          },
          // Group-readable: valid, with the mode warning (every user: an error).
          { fileMode: 0o640 },
        );
        expect(valid.ok).toBe(true);
        if (valid.ok)
          expect(JSON.stringify([valid.warnings, redactConfig(valid.config)])).not.toContain(key);
      }),
      { numRuns: 300 },
    );
  });

  it('parseConfigText never throws and never echoes the key, on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), canary, (text, key) => {
        const yaml = `vault:\n  authType: access-key\n  secretAccessKey: ${key}\n${text}`;
        const result = parseConfigText(yaml, { filePath: 'v.yaml' });
        expect(JSON.stringify(result.ok ? result.warnings : result.issues)).not.toContain(key);
      }),
      { numRuns: 300 },
    );
  });

  it('parseInterpolatedValue never throws, and literal text without placeholders is kept whole', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const result = parseInterpolatedValue(value);
        if (!value.includes('${secret:')) {
          expect(result).toEqual({
            ok: true,
            segments: value ? [{ kind: 'literal', text: value }] : [],
          });
        }
      }),
    );
  });

  it('parseRoleArn and suggestRegion never throw; a suggestion is a region code', () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        parseRoleArn(input);
        parseRoleArn(`arn:aws:iam::111122223333:role/${input}`);
        const suggestion = suggestRegion(input);
        if (suggestion !== undefined)
          expect(suggestion).toMatch(/^[a-z]{2,4}(-[a-z0-9]+)+-\d{1,2}$/);
      }),
    );
  });

  it('URL and host readers never throw; an accepted URL is https or loopback http', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl(), fc.string()), (input) => {
        const result = checkServiceUrl(input);
        if (result.ok) expect(['https:', 'http:']).toContain(result.url.protocol);
        if (result.ok && result.url.protocol === 'http:') {
          expect(result.url.hostname).toMatch(/localhost$|^127\.|^\[::1\]$/);
        }
        parseAwsHost(input);
      }),
    );
  });

  it('formatPath keeps every segment visible, and formatIssue puts the path before the message', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.nat())), fc.string(), (segments, message) => {
        const path = formatPath(segments);
        for (const segment of segments) {
          expect(path).toContain(
            typeof segment === 'number' ? `[${segment}]` : JSON.stringify(segment).slice(1, -1),
          );
        }
        const line = formatIssue({ path, message, line: 1, column: 2 }, 'f.yaml');
        expect(line.startsWith('f.yaml:1:2')).toBe(true);
        expect(line.endsWith(message)).toBe(true);
      }),
    );
  });
});
