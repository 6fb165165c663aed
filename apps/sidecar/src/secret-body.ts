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

/**
 * Bodies of recently served results, keyed by the result object itself: the resolver hands
 * out the same frozen object for as long as its cache entry is unchanged, so identity says
 * "same bytes" in O(1). A hot set, bounded by bytes (the values are in the resolver's cache
 * already; this is a second copy of the most served ones): the oldest insertion is dropped
 * first. A new version, or a stale answer, is a new object and so a new body.
 */
const MAX_BODY_BYTES = 1024 * 1024;
const bodies = new Map<SecretValueResult, Buffer>();
let bodyBytes = 0;

/**
 * The serialized body of a result, kept for the most recently served ones (up to 1 MiB of
 * bodies) so the hot path writes ready bytes instead of serializing the secret per request.
 *
 * @example
 * const body = secretBody(await resolver.getSecret('prod/db'));
 */
export function secretBody(secret: SecretValueResult): Buffer {
  const cached = bodies.get(secret);
  if (cached !== undefined) return cached;
  const body = Buffer.from(serializeSecret(secret));
  // Only frozen results keep their fields; any other object could change under the key.
  // A body larger than a quarter of the budget is not kept (it would push out many others).
  if (!Object.isFrozen(secret) || body.length > MAX_BODY_BYTES / 4) return body;
  while (bodyBytes + body.length > MAX_BODY_BYTES) {
    const [oldest, oldestBody] = bodies.entries().next().value as [SecretValueResult, Buffer];
    bodies.delete(oldest);
    bodyBytes -= oldestBody.length;
  }
  bodies.set(secret, body);
  bodyBytes += body.length;
  return body;
}
