import type { LoadedConfig } from '@vaultline/config';
import type { PolicyDocumentSet } from '@vaultline/policies';
import type { CliContext } from '../context.js';
import type { GlobalOptions } from '../globals.js';
import { wantsJson } from '../globals.js';
import { loadConfigModule, loadPoliciesModule } from '../lazy.js';
import type { InitOptions } from './init-options.js';
import type { VaultAnswers } from './vault-answers.js';
import type { InitTarget } from './write-config.js';

/** Reads the written file back with `validate`'s loader; an invalid file is an error. */
export async function validateWritten(
  target: InitTarget,
  context: CliContext,
  answers: VaultAnswers,
): Promise<LoadedConfig> {
  const { formatIssue, loadConfig, suggestRegion } = await loadConfigModule();
  const result = await loadConfig(target.path, { env: {} });
  if (result.ok) return result;
  context.stdout.write(
    `${result.issues.map((issue) => formatIssue(issue, target.shown)).join('\n')}\n`,
  );
  const first = result.issues[0];
  const region =
    first?.path === 'vault.region' ? suggestRegion(String(answers.vault.region)) : undefined;
  throw Object.assign(
    new Error(
      `${target.shown} was written but is invalid: ${first ? `${first.path}: ${first.message}` : result.code}`,
    ),
    {
      code: result.code,
      hint: region
        ? `did you mean --region ${region}? Fix the file, or run init again with --force`
        : 'fix the file, or run vaultline init again with --force',
    },
  );
}

/** The IAM documents this config needs, or why they cannot be made yet. */
async function documentsFor(loaded: LoadedConfig) {
  const policies = await loadPoliciesModule();
  try {
    const documents: PolicyDocumentSet = policies.generatePolicies(
      // The config holds what init was told (sourcePrincipalArn, kmsKeyArns), and
      // policyOptionsForConfig reads each by its kind (an instance role, a user, another role).
      policies.policyOptionsForConfig(loaded.config, {}),
    );
    return { documents, format: policies.formatPolicyForPeople };
  } catch (error) {
    return {
      documents: [],
      note: (error as Error).message,
      format: policies.formatPolicyForPeople,
    };
  }
}

/**
 * Prints what was written: "valid", the warnings, and the IAM documents to apply (or, with
 * --json, one object with all of it).
 */
export async function reportWritten(
  loaded: LoadedConfig,
  io: { context: CliContext; globals: GlobalOptions; target: InitTarget; options: InitOptions },
  answers: VaultAnswers,
): Promise<void> {
  const { context, globals, target } = io;
  const { formatIssue } = await loadConfigModule();
  const { documents, note, format } = await documentsFor(loaded);
  if (wantsJson(globals)) {
    context.stdout.write(
      `${JSON.stringify({ file: target.shown, valid: true, warnings: loaded.warnings, documents, ...(note ? { documentsNote: note } : {}) }, null, 2)}\n`,
    );
    return;
  }
  const { secretKey } = answers;
  const lines = [
    `wrote ${target.shown}${secretKey ? ` (mode 0600: it holds the secret access key from ${secretKey.from})` : ''}: valid (${answers.authType} in ${String(answers.vault.region)})`,
    ...loaded.warnings.map((issue) =>
      formatIssue({ ...issue, message: `warning: ${issue.message}` }, target.shown),
    ),
  ];
  if (!globals.quiet) {
    if (documents.length > 0) {
      lines.push('', `Apply these IAM documents (${documents.map((d) => d.id).join(', ')}):`, '');
      lines.push(documents.map(format).join('\n'));
    } else if (note) {
      lines.push(
        '',
        `IAM documents: ${note}`,
        "Give what is missing to 'vaultline policy' (see its --help).",
      );
    }
    lines.push(
      `Then check the setup with: vaultline${globals.config ? ` --config ${globals.config}` : ''} doctor`,
    );
  }
  context.stdout.write(`${lines.join('\n')}\n`);
}
