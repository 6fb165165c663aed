/** A secret of a scenario, as far as a config for the emulator needs it. */
export interface ScenarioSecret {
  name: string;
  region?: string | undefined;
  value?: string | undefined;
  binary?: string | undefined;
}

const connectionName = (secretName: string): string =>
  secretName
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase() || 'secret';

/**
 * One vaultline connection per text secret of a scenario in the region: a JSON object's keys
 * become properties (`prod/db` → `prod-db: { username: {secret: prod/db:username}, ... }`),
 * other text a `value` property. Values themselves are never copied, only references.
 *
 * @example
 * scenarioConnections([{ name: 'prod/db', value: '{"password":"x"}' }], 'us-east-2', 'us-east-2');
 * // { 'prod-db': { password: { secret: 'prod/db:password' } } }
 */
export function scenarioConnections(
  secrets: readonly ScenarioSecret[],
  region: string,
  defaultRegion: string,
): Record<string, Record<string, { secret: string }>> {
  const connections: Record<string, Record<string, { secret: string }>> = {};
  for (const secret of secrets) {
    if ((secret.region ?? defaultRegion) !== region || secret.value === undefined) continue;
    let keys: string[] = [];
    try {
      const parsed: unknown = JSON.parse(secret.value);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
        keys = Object.keys(parsed);
    } catch {
      // not JSON: the whole text is the value
    }
    connections[connectionName(secret.name)] =
      keys.length > 0
        ? Object.fromEntries(keys.map((key) => [key, { secret: `${secret.name}:${key}` }]))
        : { value: { secret: secret.name } };
  }
  return connections;
}

/**
 * A vaultline config (as a plain object, ready for YAML) that reads a running emulator with
 * a scenario user's access key. Plain data: the emulator does not depend on
 * `@vaultline/config`, which validates the file when it is loaded.
 *
 * @example
 * emulatorConfig({ url, region: 'us-east-2', accessKeyId, secretAccessKey, connections: {} });
 */
export function emulatorConfig(input: {
  url: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  connections: Record<string, unknown>;
}): { vault: Record<string, string>; connections: Record<string, unknown> } {
  return {
    vault: {
      type: 'aws-secrets-manager',
      authType: 'access-key',
      region: input.region,
      endpoint: input.url,
      accessKeyId: input.accessKeyId,
      secretAccessKey: input.secretAccessKey,
    },
    connections: input.connections,
  };
}
