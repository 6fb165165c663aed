import { dirname, join } from 'node:path';
import { createEmulatorRequestHandler } from '@vaultline/emulator';
import { exampleScenarioPath, type TestEmulator, useTestEmulator } from '@vaultline/test-utils';
import { type DiagnoseReport, type DiagnoseStep, diagnose } from '../src/index.js';

/** The accounts and region of the matrix scenarios in examples/scenarios/matrix/. */
export const AGENT = '444455556666';
export const SECRETS = '111122223333';
export const REGION = 'us-east-2';
export const MATRIX_DIR = dirname(exampleScenarioPath('matrix/base'));

type RequestHandler = ReturnType<typeof createEmulatorRequestHandler>;

/** The emulator of a test file, and what sends any SDK call to it. */
export interface MatrixEmulator {
  emulator: () => TestEmulator;
  /** diagnose with every AWS call sent to the emulator (the SDK signs for the real AWS hosts). */
  run: (config: unknown, options?: Parameters<typeof diagnose>[1]) => Promise<DiagnoseReport>;
  /** The request handler of `run`, for other clients (a resolver) of the same file. */
  handler: () => RequestHandler;
}

/**
 * One emulator for every test of a file, on a scenario of examples/scenarios/matrix/ (tests
 * load the others onto it), with `run` calling diagnose against it.
 *
 * @example
 * const { emulator, run } = useMatrixEmulator('role-based.yaml');
 */
export function useMatrixEmulator(file: string): MatrixEmulator {
  let requestHandler: RequestHandler | undefined;
  const emulator = useTestEmulator({
    scenario: join(MATRIX_DIR, file),
    setUp: (emu) => {
      requestHandler = createEmulatorRequestHandler(emu.url);
    },
  });
  const handler = (): RequestHandler => {
    if (requestHandler === undefined) throw new Error('the emulator starts in beforeAll');
    return requestHandler;
  };
  return {
    emulator,
    handler,
    run: (config, options = {}) =>
      diagnose(config, { requestHandler: handler(), requestTimeoutMs: 3000, ...options }),
  };
}

/** The step with this id (fails, listing the ids, when the report has none). */
export function stepOf(report: DiagnoseReport, id: string): DiagnoseStep {
  const found = report.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id}; steps: ${report.steps.map((s) => s.id).join(', ')}`);
  return found;
}
