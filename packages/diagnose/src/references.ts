import {
  findParameterReferences,
  findSecretReferences,
  type VaultlineConfig,
} from '@vaultline/config';
import {
  formatParameterReference,
  formatSecretReference,
  type ParameterReference,
  parseParameterReference,
  parseSecretReference,
  type SecretReference,
} from '@vaultline/secret-names';
import type { DiagnoseFix } from './types.js';

/** One secret to check, with every JSON key the config reads from it. */
export interface SecretTarget {
  /** As referenced: a name or an ARN (what GetSecretValue takes). */
  secretId: string;
  reference: SecretReference;
  jsonKeys: string[];
  /** Where it is referenced (`connection.property`, or `options.secrets`). */
  usedBy: string[];
  /** Each distinct text the config writes for it (`app/db:password:AWSPREVIOUS`), for fixes. */
  raws: string[];
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
  const add = (reference: SecretReference, usedBy: string, raw: string) => {
    const key = `${reference.secretId}|${reference.versionStage ?? ''}|${reference.versionId ?? ''}`;
    let target = byId.get(key);
    if (!target) {
      target = {
        secretId: reference.secretId,
        reference: { ...reference },
        jsonKeys: [],
        usedBy: [],
        raws: [],
      };
      delete target.reference.jsonKey;
      byId.set(key, target);
    }
    if (reference.jsonKey && !target.jsonKeys.includes(reference.jsonKey)) {
      target.jsonKeys.push(reference.jsonKey);
    }
    target.usedBy.push(usedBy);
    if (!target.raws.includes(raw)) target.raws.push(raw);
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
      add(found.reference, `${name}.${found.property}`, found.raw);
    for (const found of findParameterReferences(connection))
      addParameter(found.reference, `${name}.${found.property}`);
  }
  for (const raw of extra ?? []) {
    const parsed = parseSecretReference(raw);
    if (parsed.ok) add(parsed.value, 'options.secrets', raw);
    else problems.push(`secret reference '${raw}': ${parsed.error.message}`);
  }
  for (const raw of extraParameters ?? []) {
    const parsed = parseParameterReference(raw);
    if (parsed.ok) addParameter(parsed.value, 'options.parameters');
    else problems.push(`parameter reference '${raw}': ${parsed.error.message}`);
  }
  return { targets: [...byId.values()], parameters: [...parameters.values()], problems };
}

/**
 * The fix that rewrites every reference of `target` as the config writes it, with `change`
 * applied to each (its JSON key kept): one replace-reference, and one more in `also` per
 * further text. Undefined when nothing would change.
 *
 * @example
 * referenceFix(target, (r) => ({ ...r, versionStage: undefined })); // app/db:password:AWSPREVIOUS -> app/db:password
 */
export function referenceFix(
  target: SecretTarget,
  change: (reference: SecretReference) => SecretReference,
): DiagnoseFix | undefined {
  const fixes: DiagnoseFix[] = [];
  for (const raw of target.raws) {
    const parsed = parseSecretReference(raw);
    if (!parsed.ok) continue;
    const replacement = formatSecretReference(change({ ...parsed.value }));
    if (replacement !== raw)
      fixes.push({ action: 'replace-reference', reference: raw, replacement });
  }
  const [first, ...rest] = fixes;
  if (!first) return undefined;
  return rest.length > 0 ? { ...first, also: rest } : first;
}
