import { REDACTED, SECRET_FIELD_NAMES } from '@vaultline/secret-names';
import type { VaultConfig, VaultlineConfig } from './schema.js';

function redactVault<T extends VaultConfig>(vault: T): T {
  const copy: Record<string, unknown> = { ...vault };
  for (const key of SECRET_FIELD_NAMES) {
    if (copy[key] !== undefined) copy[key] = REDACTED;
  }
  return copy as T;
}

/**
 * A copy of the configuration that is safe to print or log: the secret access key and the
 * session token are replaced by `[REDACTED]`. Also accepts a vault section alone.
 *
 * @example
 * redactConfig(config).vault; // { authType: 'access-key', secretAccessKey: '[REDACTED]', ... }
 */
export function redactConfig(config: VaultlineConfig): VaultlineConfig;
export function redactConfig(config: VaultConfig): VaultConfig;
export function redactConfig(config: VaultlineConfig | VaultConfig): VaultlineConfig | VaultConfig {
  if ('vault' in config) {
    return {
      ...config,
      vault: redactVault(config.vault),
      connections: structuredClone(config.connections),
    };
  }
  return redactVault(config);
}
