// Everything of `@vaultline/resolver/core`, plus `diagnose` (which brings @vaultline/policies
// and the KMS client, so programs that only resolve import the core entry instead).
export * from './core.js';
export {
  type DiagnoseCheck,
  type DiagnoseDocument,
  type DiagnoseOptions,
  type DiagnoseProblem,
  type DiagnoseReport,
  type DiagnoseStatus,
  type DiagnoseStep,
  type DiagnoseStepEvent,
  diagnose,
} from './diagnose/index.js';
