import {
  suggestSecretName,
  validateParameterName,
  validateSecretName,
} from '@vaultline/secret-names';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { globalsOf, wantsJson } from '../globals.js';
import { PARAMETER_ARGUMENT_PREFIX } from '../reference-argument.js';

// Control characters would garble the caret line; show them as a visible stand-in.
const visible = (name: string): string => name.replace(/[\u0000-\u001f\u007f]/g, '?');

/** The name, then one caret line per violation, pointing at its position. */
function describeInvalid(
  name: string,
  violations: readonly { message: string; position?: number }[],
): string[] {
  const lines = [`invalid  ${visible(name)}`];
  for (const violation of violations) {
    if (violation.position === undefined) {
      lines.push(`         ${violation.message}`);
    } else {
      // Columns count UTF-16 units, as positions do; wide characters may shift the caret.
      lines.push(`         ${' '.repeat(violation.position)}^ ${violation.message}`);
    }
  }
  return lines;
}

/** `vaultline names check <name...>` and `vaultline names suggest <text...>` */
export function registerNames(program: Command, context: CliContext): void {
  const names = program
    .command('names')
    .description('check secret names against AWS rules, or suggest one');

  names
    .command('check')
    .description('check secret names (or parameter names); exit 1 when any is invalid')
    .argument('<name...>', 'secret names to check (ssm:<name> checks a parameter name)')
    .option('--parameter', 'check Parameter Store parameter names instead, for reading')
    .action((inputs: string[], options: { parameter?: boolean }, command: Command) => {
      const results = inputs.map((input) => {
        // `ssm:/prod/x` names a parameter, as on every other command line.
        const parameter = options.parameter || input.startsWith(PARAMETER_ARGUMENT_PREFIX);
        const name = input.startsWith(PARAMETER_ARGUMENT_PREFIX)
          ? input.slice(PARAMETER_ARGUMENT_PREFIX.length)
          : input;
        return parameter
          ? { name, ...validateParameterName(name), warnings: [] }
          : { name, ...validateSecretName(name) };
      });
      const anyInvalid = results.some((result) => !result.valid);
      if (wantsJson(globalsOf(command))) {
        context.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      } else {
        const lines = results.flatMap((result) => [
          ...(result.valid
            ? [`ok       ${result.name}`]
            : describeInvalid(result.name, result.violations)),
          ...result.warnings.map((warning) => `         warning: ${warning.message}`),
        ]);
        context.stdout.write(`${lines.join('\n')}\n`);
      }
      context.setExitCode(anyInvalid ? ExitCode.OPERATIONAL : ExitCode.OK);
    });

  names
    .command('suggest')
    .description('print a valid secret name close to the text')
    .argument(
      '<text...>',
      'the text to turn into a secret name (several words are joined by spaces)',
    )
    .action((words: string[], _options: unknown, command: Command) => {
      const text = words.join(' ');
      const name = suggestSecretName(text);
      context.stdout.write(
        wantsJson(globalsOf(command)) ? `${JSON.stringify({ text, name })}\n` : `${name}\n`,
      );
      context.setExitCode(ExitCode.OK);
    });
}
