import type { AwsCredentialIdentity } from '@smithy/types';
import { type AuthErrorContext, toAuthError } from './to-auth-error.js';

/**
 * Wraps a credential source so that whatever it throws becomes an `AuthError` explained
 * for `context` (the step, the role, the STS endpoint).
 */
export function withErrorContext(
  source: () => Promise<AwsCredentialIdentity>,
  context: AuthErrorContext,
): () => Promise<AwsCredentialIdentity> {
  return async () => {
    try {
      return await source();
    } catch (error) {
      throw toAuthError(error, context);
    }
  };
}
