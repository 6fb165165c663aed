import { isAbsolute, join, relative } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { globalsOf } from '../globals.js';
import { type AnswerSource, flagAnswers, promptAnswers } from '../init/answer-source.js';
import { askConnections, connectionsSection } from '../init/connection-answers.js';
import { createConnectionFlags } from '../init/connection-flags.js';
import { addInitOptions, type InitOptions } from '../init/init-options.js';
import { createPrompter } from '../init/prompter.js';
import { reportWritten, validateWritten } from '../init/report.js';
import { checkSecretKeyOptions } from '../init/secret-key-input.js';
import { askSetup } from '../init/setup-answers.js';
import { askVault } from '../init/vault-answers.js';
import { checkTarget, type InitTarget, writeConfig } from '../init/write-config.js';
import { loadConfigModule } from '../lazy.js';

/** `vaultline init`: asks (or takes flags), writes vaultline.yaml, validates it, prints the IAM documents. */
export function registerInit(
  program: Command,
  context: CliContext,
  stdin: NodeJS.ReadableStream = process.stdin,
): void {
  const connectionFlags = createConnectionFlags();
  const command = program
    .command('init')
    .description(
      'write a vaultline.yaml (asking, or from flags with --yes), validate it and print the IAM documents',
    );
  addInitOptions(command, connectionFlags).action(
    async (options: InitOptions, command: Command) => {
      const globals = globalsOf(command);
      const yes = options.yes === true;
      checkSecretKeyOptions(options, yes);
      const groups = connectionFlags.groups();
      // A malformed --property is a usage error before anything is asked.
      connectionsSection(groups);
      const file = globals.config ?? 'vaultline.yaml';
      const path = isAbsolute(file) ? file : join(context.cwd, file);
      const target: InitTarget = { path, shown: relative(context.cwd, path) || path };
      await checkTarget(target, options.force === true);
      const prompter = () => createPrompter(stdin as never, process.stderr);
      const source: AnswerSource = yes ? flagAnswers(prompter) : promptAnswers(prompter);
      try {
        const checks = await loadConfigModule();
        const questions = {
          source,
          options,
          region: globals.region,
          env: context.env,
          stdin,
          checkField: checks.checkVaultField,
        };
        const answers = await askVault(questions);
        await askSetup(questions, answers);
        const connections = await askConnections(source, groups, {
          property: checks.checkConnectionProperty,
          name: checks.checkConnectionName,
        });
        source.finish();
        const section = connectionsSection(connections);
        await writeConfig(
          target,
          { vault: answers.vault, connections: section },
          { force: options.force === true },
        );
        const loaded = await validateWritten(target, context, answers);
        await reportWritten(loaded, { context, globals, target, options }, answers);
        context.setExitCode(ExitCode.OK);
      } finally {
        source.close();
      }
    },
  );
}
