/** Verdicts with evidence: infeasibility (Farkas) and unboundedness (recession) certificates, checked before they are reported. */
export { type DiagnoseContext, diagnose, type UnresolvedStatus, type Verdict } from './detect.js';
export {
  checkInfeasibilityCertificate,
  FARKAS_TOLERANCES,
  findFeasiblePoint,
  findInfeasibilityCertificate,
} from './farkas.js';
export {
  checkUnboundedDirection,
  DEFAULT_FEASIBILITY_TOL,
  findUnboundedDirection,
  RECESSION_TOLERANCES,
  type RecessionOptions,
} from './recession.js';
export type { CertificateCheck, InfeasibilityCertificate, UnboundedCertificate } from './types.js';
