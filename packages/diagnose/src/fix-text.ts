import type { DiagnoseFix, DiagnoseFixTarget } from './types.js';

const DOCUMENT_WORDS: Record<DiagnoseFixTarget['document'], string> = {
  'identity-policy': 'the identity policy of',
  'trust-policy': 'the trust policy of',
  'key-policy': 'the key policy of',
  'secret-resource-policy': 'the resource policy of',
};

const where = (target: DiagnoseFixTarget | undefined, fallback: string | undefined) =>
  target ? `${DOCUMENT_WORDS[target.document]} ${target.arn}` : (fallback ?? 'its document');

/** One change of a fix, in one line with everything `doctor --json` gives (the statement's JSON too). */
function lineOf(fix: DiagnoseFix): string {
  switch (fix.action) {
    case 'add-statement': {
      const statements = [fix.json?.Statement ?? []]
        .flat()
        .filter((s) => fix.statementSid === undefined || s.Sid === fix.statementSid);
      const what = fix.statementSid ? `statement ${fix.statementSid}` : 'the statements';
      return `add ${what} of ${fix.documentId ?? 'the document'} to ${where(fix.target, fix.attachTo)}: ${JSON.stringify(statements.length === 1 ? statements[0] : statements)}`;
    }
    case 'remove-deny-statement':
      return `remove the Deny statements that deny ${fix.iamAction ?? 'the action'} from ${where(fix.target, fix.deniedBy)}`;
    case 'run-command':
      return `run: ${fix.command ?? ''}`;
    case 'replace-reference':
      return `replace the reference ${fix.reference ?? '?'} with ${fix.replacement ?? '?'} in the config`;
  }
}

/**
 * The changes of a fix (the fix, then each of `also`), one line each, as `vaultline doctor`
 * prints them: the same changes `doctor --json` gives, so what people read is what a program
 * applies.
 *
 * @example
 * fixLines({ action: 'run-command', command: 'aws kms enable-key --key-id arn:… --region us-east-2' });
 * // ['run: aws kms enable-key --key-id arn:… --region us-east-2']
 */
export function fixLines(fix: DiagnoseFix): string[] {
  return [fix, ...(fix.also ?? [])].map(lineOf);
}
