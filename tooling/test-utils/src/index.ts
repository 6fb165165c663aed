export { AWS_CLI, type AwsCliAvailability, awsCliAvailability } from './aws-cli.js';
export {
  type ExampleScenario,
  exampleScenarioPath,
  startTestEmulator,
  type TestEmulator,
} from './emulator.js';
export {
  type PostgresAvailability,
  PSQL,
  postgresAvailability,
  startTestPostgres,
  type TestPostgres,
} from './postgres.js';
export { rejectionOf } from './rejection.js';
export { createTempDir } from './temp-dir.js';
export { type SharedEmulatorOptions, useTestEmulator } from './use-emulator.js';
