import type { SecretValueResult } from './source.js';

/** The agent writes CreatedDate as epoch seconds with a fraction, in a JSON string. */
function createdDateSeconds(value: SecretValueResult['CreatedDate']): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) return String(value.getTime() / 1000);
  if (typeof value === 'number') return String(value);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : String(ms / 1000);
}

function binaryBase64(value: Uint8Array | string): string {
  return typeof value === 'string'
    ? value
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
}

/**
 * The agent's success body: GetSecretValue's fields in its order, SecretBinary in base64,
 * CreatedDate as seconds. `stale` is not part of it (the sidecar sends it as a header).
 *
 * @example
 * serializeSecret({ ARN: 'arn:...', Name: 'prod/db', VersionId: 'v1', SecretString: '{}', VersionStages: ['AWSCURRENT'], CreatedDate: new Date(0) });
 */
export function serializeSecret(secret: SecretValueResult, secretString?: string): string {
  return JSON.stringify({
    ARN: secret.ARN ?? null,
    Name: secret.Name ?? null,
    VersionId: secret.VersionId ?? null,
    SecretString: secretString ?? secret.SecretString,
    SecretBinary:
      secretString === undefined && secret.SecretBinary !== undefined
        ? binaryBase64(secret.SecretBinary)
        : undefined,
    VersionStages: secret.VersionStages,
    CreatedDate: createdDateSeconds(secret.CreatedDate) ?? null,
  });
}

interface CachedBody {
  source: SecretValueResult;
  body: Buffer;
}

/** Bodies of recently served versions; a hot set, not a second copy of the whole cache. */
const MAX_BODIES = 512;
const bodies = new Map<string, CachedBody>();

// The resolver hands out a fresh object per call ({ ...cached, stale }), but its fields are
// the cached ones: the same string and array references. Comparing references is O(1).
const sameFields = (a: SecretValueResult, b: SecretValueResult) =>
  a.SecretString === b.SecretString &&
  a.SecretBinary === b.SecretBinary &&
  a.ARN === b.ARN &&
  a.Name === b.Name &&
  a.VersionStages === b.VersionStages &&
  a.CreatedDate === b.CreatedDate;

/**
 * The serialized body of a result, kept for the most recently served versions so the hot
 * path writes ready bytes instead of serializing a 4 KiB secret per request.
 *
 * @example
 * const body = secretBody(await resolver.getSecret('prod/db'));
 */
export function secretBody(secret: SecretValueResult): Buffer {
  const key = secret.VersionId;
  if (key === undefined) return Buffer.from(serializeSecret(secret));
  const cached = bodies.get(key);
  if (cached !== undefined && sameFields(cached.source, secret)) return cached.body;
  const body = Buffer.from(serializeSecret(secret));
  if (cached === undefined && bodies.size >= MAX_BODIES) {
    const oldest = bodies.keys().next().value;
    if (oldest !== undefined) bodies.delete(oldest);
  }
  bodies.set(key, { source: secret, body });
  return body;
}
