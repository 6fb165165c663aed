import { fileURLToPath } from 'node:url';
import { startEmulator } from '../src/index.js';

/** Path of an example scenario of the repository. */
export const scenarioPath = (name: string): string =>
  fileURLToPath(new URL(`../../../examples/scenarios/${name}.yaml`, import.meta.url));

/** Starts the emulator with an example scenario (127.0.0.1, random port). */
export const startWith = (name: string) => startEmulator({ scenario: scenarioPath(name) });
