export {
  type ExampleScenario,
  exampleScenarioPath,
  startTestEmulator,
  type TestEmulator,
} from './emulator.js';
export { createTempDir } from './temp-dir.js';
