export { diagnose } from './diagnose.js';
export type {
  DiagnoseCheck,
  DiagnoseDocument,
  DiagnoseFix,
  DiagnoseFixTarget,
  DiagnoseOptions,
  DiagnoseProblem,
  DiagnoseReport,
  DiagnoseStatus,
  DiagnoseStep,
  DiagnoseStepEvent,
} from './types.js';
