import {
  findParameterReferences,
  findSecretReferences,
  type VaultlineConfig,
} from '@vaultline/config';
import {
  formatParameterReference,
  type ParameterReference,
  parseParameterReference,
  parseSecretReference,
  type SecretReference,
} from '@vaultline/secret-names';

/** One secret to check, with every JSON key the config reads from it. */
export interface SecretTarget {
  /** As referenced: a name or an ARN (what GetSecretValue takes). */
  secretId: string;
  reference: SecretReference;
  jsonKeys: string[];
  /** Where it is referenced (`connection.property`, or `options.secrets`). */
  usedBy: string[];
}

/** One Parameter Store parameter (and version or label) to check. */
export interface ParameterTarget {
  /** The reference as GetParameters takes it: name or ARN, with its selector. */
  parameterId: string;
  reference: ParameterReference;
  /** Where it is referenced (`connection.property`, or `options.parameters`). */
  usedBy: string[];
}

/** What to check: secrets and parameters, and what could not be read from the options. */
export interface Targets {
  targets: SecretTarget[];
  parameters: ParameterTarget[];
  problems: string[];
}

/**
 * The secrets and parameters to check: those of the chosen connections (all by default) plus
 * extra references, one entry per secret (and version) or parameter (and selector), in
 * first-seen order.
 */
export function collectTargets(
  config: VaultlineConfig,
  connections: string[] | undefined,
  extra: string[] | undefined,
  extraParameters?: string[] | undefined,
): Targets {
  const byId = new Map<string, SecretTarget>();
  const parameters = new Map<string, ParameterTarget>();
  const problems: string[] = [];
  const addParameter = (reference: ParameterReference, usedBy: string) => {
    const parameterId = formatParameterReference(reference);
    const target = parameters.get(parameterId) ?? { parameterId, reference, usedBy: [] };
    parameters.set(parameterId, target);
    target.usedBy.push(usedBy);
  };
  const add = (reference: SecretReference, usedBy: string) => {
    const key = `${reference.secretId}|${reference.versionStage ?? ''}|${reference.versionId ?? ''}`;
    let target = byId.get(key);
    if (!target) {
      target = {
        secretId: reference.secretId,
        reference: { ...reference },
        jsonKeys: [],
        usedBy: [],
      };
      delete target.reference.jsonKey;
      byId.set(key, target);
    }
    if (reference.jsonKey && !target.jsonKeys.includes(reference.jsonKey)) {
      target.jsonKeys.push(reference.jsonKey);
    }
    target.usedBy.push(usedBy);
  };
  const names = connections ?? Object.keys(config.connections);
  for (const name of names) {
    const connection = Object.hasOwn(config.connections, name)
      ? config.connections[name]
      : undefined;
    if (!connection) {
      problems.push(
        `no connection named '${name}' (known: ${Object.keys(config.connections).join(', ') || 'none'})`,
      );
      continue;
    }
    for (const found of findSecretReferences(connection))
      add(found.reference, `${name}.${found.property}`);
    for (const found of findParameterReferences(connection))
      addParameter(found.reference, `${name}.${found.property}`);
  }
  for (const raw of extra ?? []) {
    const parsed = parseSecretReference(raw);
    if (parsed.ok) add(parsed.value, 'options.secrets');
    else problems.push(`secret reference '${raw}': ${parsed.error.message}`);
  }
  for (const raw of extraParameters ?? []) {
    const parsed = parseParameterReference(raw);
    if (parsed.ok) addParameter(parsed.value, 'options.parameters');
    else problems.push(`parameter reference '${raw}': ${parsed.error.message}`);
  }
  return { targets: [...byId.values()], parameters: [...parameters.values()], problems };
}
