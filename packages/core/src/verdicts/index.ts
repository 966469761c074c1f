/** Verdicts with evidence: infeasibility (Farkas) and unboundedness (recession) certificates, checked before they are reported. */
export { diagnose, type DiagnoseContext, type UnresolvedStatus, type Verdict } from './detect.js';
export { FARKAS_TOLERANCES, checkInfeasibilityCertificate, findFeasiblePoint, findInfeasibilityCertificate } from './farkas.js';
export {
  DEFAULT_FEASIBILITY_TOL, RECESSION_TOLERANCES, type RecessionOptions, checkUnboundedDirection, findUnboundedDirection,
} from './recession.js';
export type { CertificateCheck, InfeasibilityCertificate, UnboundedCertificate } from './types.js';
