import type { PolicyEntry } from './types.js';

const ACCOUNT_WORDS = { agent: "the agent's account", secrets: "the secrets' account" } as const;

/**
 * Renders an entry for people: a commented header (what it is, which account, what to attach
 * it to, the setup step, what each statement does) followed by the JSON to paste.
 *
 * @example
 * console.log(formatPolicyForPeople(generatePolicy('read-policy', options)));
 * // # Minimum read policy (read-policy)
 * // # Account: the agent's account 111122223333
 * // ...
 */
export function formatPolicyForPeople(entry: PolicyEntry): string {
  const lines = [
    `# ${entry.title} (${entry.id})`,
    `# Account: ${ACCOUNT_WORDS[entry.account]}${entry.accountId ? ` ${entry.accountId}` : ''}`,
    `# Attach to: ${entry.attachTo}`,
    `# Setup step: ${entry.setupStep}`,
    '# Statements:',
  ];
  for (const statement of entry.document.Statement) {
    const sid = statement.Sid ?? '(no Sid)';
    lines.push(
      `#   ${sid}: ${statement.Sid ? (entry.statementNotes[statement.Sid] ?? '') : ''}`.trimEnd(),
    );
  }
  lines.push(JSON.stringify(entry.document, null, 2));
  return `${lines.join('\n')}\n`;
}
