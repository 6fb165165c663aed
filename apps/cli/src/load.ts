import { isAbsolute, join, relative } from 'node:path';
import type { LoadedConfig } from '@vaultline/config';
import type { CliContext } from './context.js';
import type { GlobalOptions } from './globals.js';
import { loadConfigModule } from './lazy.js';

/** A loaded config plus the path to show people (relative to the working directory). */
export interface CliConfig extends LoadedConfig {
  shown: string;
}

/** The environment with `--region` applied as the VAULTLINE_REGION override. */
export function effectiveEnv(
  context: CliContext,
  globals: GlobalOptions,
): Readonly<Record<string, string | undefined>> {
  return globals.region === undefined
    ? context.env
    : { ...context.env, VAULTLINE_REGION: globals.region };
}

/** The config file a command will read: --config, else VAULTLINE_CONFIG, else ./vaultline.yaml. */
export async function configPathOf(
  context: CliContext,
  globals: GlobalOptions,
): Promise<{ path: string; shown: string }> {
  const { resolveConfigPath } = await loadConfigModule();
  const found = await resolveConfigPath({
    ...(globals.config === undefined ? {} : { explicit: globals.config }),
    env: context.env,
    cwd: context.cwd,
  });
  const path = isAbsolute(found.path) ? found.path : join(context.cwd, found.path);
  const shown = path.startsWith(context.cwd) ? relative(context.cwd, path) || path : path;
  return { path, shown };
}

/**
 * Loads and validates the config for a command, or throws an error whose code maps to
 * exit 2 and whose hint says how to fix it (one line each).
 *
 * @example
 * const { config } = await loadCliConfig(context, globalsOf(this));
 */
export async function loadCliConfig(
  context: CliContext,
  globals: GlobalOptions,
): Promise<CliConfig> {
  const { path, shown } = await configPathOf(context, globals);
  const { loadConfig } = await loadConfigModule();
  const result = await loadConfig(path, {
    env: effectiveEnv(context, globals),
    // --region arrives as VAULTLINE_REGION; messages name the flag the user typed.
    ...(globals.region === undefined ? {} : { overrideSources: { VAULTLINE_REGION: '--region' } }),
  });
  if (result.ok) return { filePath: path, config: result.config, warnings: result.warnings, shown };
  const first = result.issues[0];
  const count = result.issues.length;
  const detail = first
    ? `${first.path ? `${first.path}: ` : ''}${first.message}${count > 1 ? ` (and ${count - 1} more)` : ''}`
    : result.code;
  const hint =
    result.code === 'CONFIG_NOT_FOUND'
      ? "create one with 'vaultline init', or name it with --config or VAULTLINE_CONFIG"
      : `run 'vaultline validate${globals.config ? ` --config ${globals.config}` : ''}' to see every problem with its line`;
  throw Object.assign(
    new Error(
      result.code === 'CONFIG_NOT_FOUND' ? `no config file at ${shown}` : `${shown}: ${detail}`,
    ),
    { code: result.code, hint },
  );
}
