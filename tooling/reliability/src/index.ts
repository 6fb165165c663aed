export {
  ACCOUNT_ID,
  type CanaryScenario,
  type CapturedText,
  canaryNeedles,
  createCanaryScenario,
  type LeakFinding,
  type Needle,
  newCanary,
  REGION,
  ROLE_ARN,
  scanForLeaks,
} from './canaries.js';
export { runChaosSoak, type SoakResult, sumMetric } from './chaos-soak.js';
export { type BoundKind, type Figure, formatTable, type JudgedFigure, judge } from './figures.js';
export { CI_PROFILE, FULL_PROFILE, type Profile, profileNamed } from './profiles.js';
export {
  CHECKS,
  type CheckName,
  type CheckOutput,
  type ReliabilityReport,
  type RunOptions,
  runReliability,
} from './run.js';
