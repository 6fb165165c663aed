import { GetParametersCommand, type Parameter } from '@aws-sdk/client-ssm';
import type { HttpHandlerOptions } from '@smithy/types';
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

/** GetParameters of the one reference; `decrypt` asks Parameter Store to decrypt a SecureString. */
export async function getOne(
  check: ParameterCheck,
  name: string,
  decrypt: boolean,
): Promise<{ parameter?: Parameter; invalid: boolean }> {
  const out = await check.clients.ssm.send(
    new GetParametersCommand({ Names: [name], WithDecryption: decrypt }),
    check.send,
  );
  const parameter = out.Parameters?.[0];
  return parameter ? { parameter, invalid: false } : { invalid: true };
}
