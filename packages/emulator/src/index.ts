export { EmulatorControl } from './control/client.js';
export type { FaultSpec } from './control/faults.js';
export type {
  CredentialsInput,
  FaultInput,
  IdentitiesView,
  KeyStateInput,
  PrincipalDocuments,
  PrincipalDocumentsInput,
  PutSecretInput,
  UserCredentials,
} from './control/types.js';
export { EmulatorError, type EmulatorErrorCode } from './errors.js';
export {
  EXPLANATION_HEADER,
  type ExplanationEntry,
  type ExplanationLog,
} from './http/core.js';
export { type Endpoint, resolveEndpoint, type ServiceName } from './http/endpoint.js';
export { createEmulatorRequestHandler } from './request-handler.js';
export {
  emulatorConfig,
  type ScenarioSecret,
  scenarioConnections,
} from './scenario/dev-config.js';
export { loadScenario, parseScenario } from './scenario/parse.js';
export { type Scenario, type ScenarioInput, scenarioSchema } from './scenario/schema.js';
export { singleAccountScenario } from './scenario/single-account.js';
export { type RunningEmulator, type StartEmulatorOptions, startEmulator } from './server.js';
