import type { WireProtocol } from '../http/wire-error.js';
import type { CredentialRecord } from '../state/identities.js';
import type { World } from '../state/world.js';

/** What every handler of an emulated action gets. */
export interface CallContext {
  world: World;
  caller: CredentialRecord;
  /** The region the request was signed for (and, on an AWS hostname, the endpoint's). */
  region: string;
  protocol: WireProtocol;
  requestId: string;
}
