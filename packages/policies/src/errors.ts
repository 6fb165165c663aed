/** Machine-readable reasons documents could not be generated. */
export type PolicyErrorCode =
  | 'INVALID_OPTIONS'
  | 'REGION_MISMATCH'
  | 'ACCOUNT_MISMATCH'
  | 'MISSING_AGENT_PRINCIPAL'
  | 'AWS_MANAGED_KEY'
  | 'NOT_APPLICABLE';

/**
 * The one error type of this package.
 *
 * @example
 * try { generatePolicy('kms-key-policy', { region: 'us-east-1' }); }
 * catch (error) { if (error instanceof PolicyError) console.log(error.code); } // 'NOT_APPLICABLE'
 */
export class PolicyError extends Error {
  readonly code: PolicyErrorCode;

  constructor(code: PolicyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PolicyError';
    this.code = code;
  }
}
