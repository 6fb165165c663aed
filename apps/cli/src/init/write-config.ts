import { access } from 'node:fs/promises';
import { CliError } from '../errors.js';
import { loadYamlModule } from '../lazy.js';
import { writePrivateFile } from './private-file.js';

/** Where init writes: the path, and how to name it to the user. */
export interface InitTarget {
  path: string;
  shown: string;
}

/** Refuses to replace an existing file unless --force, before anything is asked. */
export async function checkTarget(target: InitTarget, force: boolean): Promise<void> {
  const exists = await access(target.path).then(
    () => true,
    () => false,
  );
  if (exists && !force) {
    throw new CliError('FILE_EXISTS', `${target.shown} exists; not overwriting it`, {
      hint: 'add --force to replace it, or --config OTHER.yaml to write elsewhere',
    });
  }
}

/**
 * Writes the config as YAML: mode 0600 when it holds a secret access key, else 0644.
 *
 * @example
 * await writeConfig(target, { vault, connections }, { force: false });
 */
export async function writeConfig(
  target: InitTarget,
  config: { vault: Record<string, unknown>; connections: Record<string, unknown> },
  options: { force: boolean },
): Promise<void> {
  const { stringify } = await loadYamlModule();
  const hasKey = typeof config.vault.secretAccessKey === 'string';
  const text = `# vaultline config; 'vaultline validate' checks it, 'vaultline doctor' tries it against AWS.\n${stringify(config)}`;
  await writePrivateFile(target.path, text, {
    mode: hasKey ? 0o600 : 0o644,
    overwrite: options.force,
  });
}
