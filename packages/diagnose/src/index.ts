export { diagnose } from './diagnose.js';
export { fixLines } from './fix-text.js';
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
