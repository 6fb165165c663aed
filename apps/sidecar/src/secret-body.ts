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
