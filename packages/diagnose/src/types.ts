import type { ParseConfigOptions } from '@vaultline/config';
import type { PolicyDocument, PolicyId } from '@vaultline/policies';
import type { SecretsManagerClientRequestHandler } from '@vaultline/resolver';

/** How one check ended. `warn`: works, but something is likely to bite later. */
export type DiagnoseStatus = 'pass' | 'fail' | 'skip' | 'warn';

/** The kinds of check `diagnose` runs, in the order it runs them. */
export type DiagnoseCheck =
  | 'config'
  | 'credentials'
  | 'caller-identity'
  | 'assume-role'
  | 'list-secrets'
  | 'secret-region'
  | 'describe-secret'
  | 'kms-describe-key'
  | 'read-secret'
  /** ssm:GetParameters on one parameter (and its version or label), without decryption. */
  | 'read-parameter'
  /** A SecureString decrypted through Parameter Store (kms:Decrypt, kms:ViaService ssm.<region>…). */
  | 'decrypt-parameter';

/**
 * What a failing (or warning) check found, machine-readable. Each names one setup mistake,
 * so a program (or a test) can tell them apart without reading the text.
 */
export type DiagnoseProblem =
  | 'CONFIG_INVALID'
  | 'CONFIG_WARNINGS'
  | 'CREDENTIALS_UNAVAILABLE'
  | 'INSTANCE_ROLE_NOT_TRUSTED_BY_EC2'
  | 'AUTH_FAILED'
  | 'TRUST_POLICY_MISSING_CALLER'
  | 'EXTERNAL_ID_MISMATCH'
  | 'ASSUME_ROLE_DENIED'
  | 'LIST_DENIED'
  | 'IDENTITY_POLICY_MISSING_READ'
  | 'RESOURCE_POLICY_MISSING_AGENT'
  | 'SECRET_NOT_FOUND'
  | 'SECRET_DELETED'
  | 'SECRET_IN_OTHER_REGION'
  | 'CROSS_ACCOUNT_NEEDS_FULL_ARN'
  | 'AWS_MANAGED_KEY_CROSS_ACCOUNT'
  | 'KEY_POLICY_MISSING_AGENT'
  | 'IDENTITY_POLICY_MISSING_KMS_DECRYPT'
  | 'IDENTITY_POLICY_MISSING_KMS_DESCRIBE_KEY'
  | 'KMS_ACCESS_DENIED'
  /** An explicit Deny refused the call: the fix removes or narrows it (AWS names the document). */
  | 'EXPLICIT_DENY'
  /** The secret's KMS key is disabled (DescribeKey's KeyState). */
  | 'KEY_DISABLED'
  /** The secret's KMS key is scheduled for deletion (DescribeKey's KeyState, DeletionDate). */
  | 'KEY_PENDING_DELETION'
  /** The secret exists but not the version stage or version id the reference names. */
  | 'VERSION_NOT_FOUND'
  | 'KEY_NOT_FOUND'
  | 'KEY_IN_OTHER_REGION'
  | 'JSON_KEY_MISSING'
  /** No such parameter in the vault's region (or, by ARN, in that account). */
  | 'PARAMETER_NOT_FOUND'
  /** The parameter exists, but not the version or label the reference selects. */
  | 'PARAMETER_VERSION_NOT_FOUND'
  /** A parameter referenced by ARN in another region than the vault's. */
  | 'PARAMETER_IN_OTHER_REGION'
  /** Another account's parameter that is not shared with the agent's account (AWS RAM, advanced tier). */
  | 'PARAMETER_NOT_SHARED'
  | 'NOT_JSON'
  | 'UNAVAILABLE'
  | 'CANCELLED'
  | 'UNKNOWN';

/** The generated document (from @vaultline/policies) that fixes a failing check. */
export interface DiagnoseDocument {
  /** The document's id in @vaultline/policies, e.g. `kms-key-policy`. */
  id: PolicyId;
  /** The statement of that document that is missing or not in effect. */
  statementSid?: string;
  title: string;
  /** Which account the document belongs in. */
  account: 'agent' | 'secrets';
  accountId?: string;
  /** What to attach it to, in words. */
  attachTo: string;
  /** The setup step the document serves. */
  setupStep: string;
  /** The document itself, ready to paste. */
  json: PolicyDocument;
  /** Where it goes, machine-readable, when the setup names it (a role, user, key or secret ARN). */
  target?: DiagnoseFixTarget;
}

/**
 * The one document a fix changes: the identity policies of a user or role, a role's trust
 * policy, a KMS key's key policy or a secret's resource policy, by that resource's ARN.
 */
export interface DiagnoseFixTarget {
  document: 'identity-policy' | 'trust-policy' | 'key-policy' | 'secret-resource-policy';
  /** The user or role (identity policy, trust policy), the key or the secret. */
  arn: string;
}

/**
 * What to change, for a program (`doctor --json`) to apply: add the statement of a generated
 * document where it goes (replacing a statement with the same Sid), remove the Deny
 * statements AWS named, run a command, or replace a secret reference in the config.
 */
export interface DiagnoseFix {
  action: 'add-statement' | 'remove-deny-statement' | 'run-command' | 'replace-reference';
  /**
   * add-statement and remove-deny-statement: the document to change. add-statement adds
   * statement `statementSid` of `json` (every statement without a Sid), replacing the one
   * with that Sid; remove-deny-statement removes its Deny statements that deny `iamAction`.
   */
  target?: DiagnoseFixTarget;
  /** Further changes the same fix needs (AWS did not say which of the documents refused). */
  also?: DiagnoseFix[];
  /** replace-reference: the secret reference as the config writes it, and what to write instead. */
  reference?: string;
  replacement?: string;
  /** add-statement: the generated document (its JSON), the statement and where it goes. */
  documentId?: PolicyId;
  statementSid?: string;
  account?: 'agent' | 'secrets';
  accountId?: string;
  attachTo?: string;
  json?: PolicyDocument;
  /** remove-deny-statement: the kind of document AWS said denied, and what it denied. */
  deniedBy?: string;
  iamAction?: string;
  principalArn?: string;
  resourceArn?: string;
  /** run-command: the command that fixes it (enable a key, cancel its deletion). */
  command?: string;
}

/** One check and its outcome. Findings never contain a secret value or a secret access key. */
export interface DiagnoseStep {
  /** Unique within a report: the check, plus `:<secret id>` for per-secret checks. */
  id: string;
  check: DiagnoseCheck;
  title: string;
  status: DiagnoseStatus;
  durationMs: number;
  /** What was observed, in a sentence or two. */
  finding: string;
  /** Set on `fail` and `warn` when the cause is known. */
  problem?: DiagnoseProblem;
  /** What to do: the setup step to revisit and, with `document`, the statement to add. */
  remedy?: string;
  document?: DiagnoseDocument;
  /** Set on `fail` when a change can fix it: machine-readable, for `doctor --json`. */
  fix?: DiagnoseFix;
  /** The secret a per-secret check is about (as referenced: a name or an ARN). */
  secretId?: string;
  /** The parameter a per-parameter check is about (name or ARN, with its selector). */
  parameterId?: string;
}

/** What `onStep` receives: a check starting, then the same check finished. */
export type DiagnoseStepEvent =
  | {
      phase: 'start';
      id: string;
      check: DiagnoseCheck;
      title: string;
      secretId?: string;
      parameterId?: string;
    }
  | { phase: 'finish'; step: DiagnoseStep };

/** Options of `diagnose`; all optional. */
export interface DiagnoseOptions {
  /** Check only the secrets these connections reference (default: every connection's). */
  connections?: string[];
  /** Further secret references to check (`prod/db:password`, a full ARN, ...). */
  secrets?: string[];
  /** Further Parameter Store references to check (`/prod/db/host`, `/prod/db/host:3`, an ARN). */
  parameters?: string[];
  /**
   * HTTP handler for every AWS client diagnose creates (STS, Secrets Manager, SSM, KMS); tests
   * pass the emulator's `createEmulatorRequestHandler(url)`.
   */
  requestHandler?: SecretsManagerClientRequestHandler;
  /** Stops the remaining checks (they are reported as `skip`). */
  signal?: AbortSignal;
  /** Called as each check starts and finishes, for live progress. */
  onStep?: (event: DiagnoseStepEvent) => void;
  /** Per-request HTTP timeout. Default 5000 ms. */
  requestTimeoutMs?: number;
  /** Passed to `parseConfig` (environment overrides, file path and mode). */
  parse?: ParseConfigOptions;
}

/** The outcome of `diagnose`: every step in order; `ok` when none failed and none was cancelled. */
export interface DiagnoseReport {
  ok: boolean;
  steps: DiagnoseStep[];
}
