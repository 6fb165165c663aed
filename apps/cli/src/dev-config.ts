import { loadYamlModule } from './lazy.js';

/** A secret of a scenario, as far as `vaultline dev` needs it. */
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
 * One connection per text secret in the region: a JSON object's keys become properties
 * (`prod/db` → `prod-db: { username: {secret: prod/db:username}, ... }`), other text a
 * `value` property. Values themselves are never copied, only references.
 *
 * @example
 * devConnections([{ name: 'prod/db', value: '{"password":"x"}' }], 'us-east-2', 'us-east-2');
 */
export function devConnections(
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
 * The YAML of a config that reads the emulator with a scenario user's access key.
 *
 * @example
 * await devConfigYaml({ url, region: 'us-east-2', accessKeyId, secretAccessKey, connections: {} });
 */
export async function devConfigYaml(input: {
  url: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  connections: Record<string, unknown>;
}): Promise<string> {
  const { stringify } = await loadYamlModule();
  return `# Written by 'vaultline dev' for its local emulator; the keys are the emulator's, not AWS's.\n${stringify(
    {
      vault: {
        type: 'aws-secrets-manager',
        authType: 'access-key',
        region: input.region,
        endpoint: input.url,
        accessKeyId: input.accessKeyId,
        secretAccessKey: input.secretAccessKey,
      },
      connections: input.connections,
    },
  )}`;
}
