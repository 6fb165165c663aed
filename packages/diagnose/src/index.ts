export { diagnose } from './diagnose.js';
export type {
  DiagnoseCheck,
  DiagnoseDocument,
  DiagnoseOptions,
  DiagnoseProblem,
  DiagnoseReport,
  DiagnoseStatus,
  DiagnoseStep,
  DiagnoseStepEvent,
} from './types.js';
