import { GetParametersCommand, type Parameter } from '@aws-sdk/client-ssm';
import type { HttpHandlerOptions } from '@smithy/types';
import { type ParameterReference, SECRETS_MANAGER_REFERENCE_PREFIX } from '@vaultline/secret-names';
import type { DiagnoseClients } from './clients.js';
import type { AgentSession } from './identity.js';
import type { ParameterTarget } from './references.js';
import type { StepRunner } from './runner.js';

/** Everything the checks of one parameter share. */
export interface ParameterCheck {
  target: ParameterTarget;
  clients: DiagnoseClients;
  session: AgentSession;
  runner: StepRunner;
  /** Per-call options of every SDK call: the caller's abort signal. */
  send: HttpHandlerOptions;
  /** True when the reference is an ARN of another account than the agent's. */
  crossAccount: boolean;
}

/** True for `/aws/reference/secretsmanager/<secret>`: a Secrets Manager secret read through Parameter Store. */
export const readsSecret = (reference: ParameterReference): boolean =>
  reference.name.startsWith(SECRETS_MANAGER_REFERENCE_PREFIX);

/**
 * GetParameters of the one reference; `decrypt` asks Parameter Store to decrypt a SecureString.
 * A secret reference is always read with decryption: without it AWS lists the name in
 * InvalidParameters as if it were missing. Every decrypted value is scrubbed from the findings.
 */
export async function getOne(
  check: ParameterCheck,
  name: string,
  decrypt: boolean,
): Promise<{ parameter?: Parameter; invalid: boolean }> {
  const withDecryption = decrypt || readsSecret(check.target.reference);
  const out = await check.clients.ssm.send(
    new GetParametersCommand({ Names: [name], WithDecryption: withDecryption }),
    check.send,
  );
  const parameter = out.Parameters?.[0];
  if (withDecryption) {
    check.runner.protect(parameter?.Value);
    check.runner.protect(parameter?.SourceResult);
  }
  return parameter ? { parameter, invalid: false } : { invalid: true };
}
