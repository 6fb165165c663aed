import { relative } from 'node:path';
import type {
  ConfigIssue,
  ExplainedStsEndpoint,
  VaultConfig,
  VaultlineConfig,
} from '@vaultline/config';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { ExitCode, exitCodeFor } from '../exit-codes.js';
import { type GlobalOptions, wantsJson } from '../globals.js';
import { loadConfigModule } from '../lazy.js';

type ValidateOptions = GlobalOptions;

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

type ConfigModule = Awaited<ReturnType<typeof loadConfigModule>>;

/** The STS endpoint the vault's calls will use, and why; undefined when the rules refuse it. */
function stsReport(
  vault: VaultConfig,
  explainStsEndpoint: ConfigModule['explainStsEndpoint'],
): (ExplainedStsEndpoint & { usedFor: string[] }) | undefined {
  // Only role-based vaults have STS settings; the others call STS for GetCallerIdentity only.
  const roleBased = vault.authType === 'role-based';
  const explained = explainStsEndpoint(roleBased ? vault : { region: vault.region });
  if (!explained.ok) return undefined;
  const usedFor = roleBased ? ['AssumeRole', 'GetCallerIdentity'] : ['GetCallerIdentity'];
  return { ...explained.value, usedFor };
}

/** `vaultline.yaml: valid (role-based in us-east-2, 1 connection, 2 secret references, ...)` */
function validLine(
  shown: string,
  { vault, connections }: Pick<VaultlineConfig, 'vault' | 'connections'>,
  warnings: number,
  { findParameterReferences, findSecretReferences }: ConfigModule,
): string {
  const count = (find: (c: (typeof connections)[string]) => unknown[]) =>
    Object.values(connections).reduce((sum, c) => sum + find(c).length, 0);
  const parameters = count(findParameterReferences);
  const parts = [
    `${vault.authType} in ${vault.region}`,
    plural(Object.keys(connections).length, 'connection'),
    plural(count(findSecretReferences), 'secret reference'),
    // Parameter references are named only when there are some: most configs have none.
    ...(parameters > 0 ? [plural(parameters, 'parameter reference')] : []),
    ...(warnings > 0 ? [plural(warnings, 'warning')] : []),
  ];
  return `${shown}: valid (${parts.join(', ')})`;
}

const stsLine = (sts: ExplainedStsEndpoint & { usedFor: string[] }): string =>
  `STS endpoint: ${sts.url}, signed for ${sts.signingRegion} (${sts.usedFor.join(', ')}): ${sts.explanation}`;

/** `vaultline validate [--config FILE] [--json]` */
export function registerValidate(program: Command, context: CliContext): void {
  program
    .command('validate')
    .description('check a config file: schema, cross-field rules and warnings')
    .option(
      '-c, --config <file>',
      'the config file (default: $VAULTLINE_CONFIG, else ./vaultline.yaml)',
    )
    .addHelpText(
      'after',
      '\nErrors print as file:line:col path: message, then warnings; a valid file also says\nwhich STS endpoint will be used, its signing region, and why.\nExit 0 when valid, 2 when invalid or missing.',
    )
    .action(async (_options: ValidateOptions, command: Command) => {
      // --config may be given before or after the command name: read it with the globals.
      const options = command.optsWithGlobals() as ValidateOptions;
      const json = wantsJson(options);
      const configModule = await loadConfigModule();
      const { explainStsEndpoint, formatIssue, loadConfig, redactConfig, resolveConfigPath } =
        configModule;
      const { path } = await resolveConfigPath({
        ...(options.config === undefined ? {} : { explicit: options.config }),
        env: context.env,
        cwd: context.cwd,
      });
      const shown = path.startsWith(context.cwd) ? relative(context.cwd, path) || path : path;
      const result = await loadConfig(path, { env: context.env });
      const exitCode = result.ok ? ExitCode.OK : exitCodeFor(result.code);
      const errors = result.ok ? [] : result.issues;
      const sts = result.ok ? stsReport(result.config.vault, explainStsEndpoint) : undefined;

      if (json) {
        const report = {
          file: shown,
          valid: result.ok,
          ...(result.ok ? {} : { code: result.code }),
          errors,
          warnings: result.warnings,
          ...(sts ? { sts } : {}),
          ...(result.ok ? { config: redactConfig(result.config) } : {}),
        };
        context.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        context.setExitCode(exitCode);
        return;
      }

      const lines: string[] = [
        ...errors.map((issue) => formatIssue(issue, shown)),
        ...result.warnings.map((issue: ConfigIssue) =>
          formatIssue({ ...issue, message: `warning: ${issue.message}` }, shown),
        ),
      ];
      if (result.ok) {
        lines.push(validLine(shown, result.config, result.warnings.length, configModule));
        if (sts) lines.push(stsLine(sts));
      } else if (result.code === 'CONFIG_NOT_FOUND') {
        lines.push(
          "Create one with 'vaultline init', or name it with --config or VAULTLINE_CONFIG.",
        );
      } else if (result.code !== 'CONFIG_UNREADABLE') {
        lines.push(
          `${shown}: invalid (${plural(errors.length, 'error')}${result.warnings.length > 0 ? `, ${plural(result.warnings.length, 'warning')}` : ''})`,
        );
      }
      context.stdout.write(`${lines.join('\n')}\n`);
      context.setExitCode(exitCode);
    });
}
