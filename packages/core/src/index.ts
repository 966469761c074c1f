/**
 * @snn-opt/core — convex QP and LP solving with spiking-neural-network dynamics.
 *
 * Public entry: everything a user imports comes from here.
 */

export { jsBackend, loadBackend, registerBackend } from './backends/registry.js';
export type { BackendName, KernelBackend } from './backends/types.js';
export { computeCertificate } from './certificate/kkt.js';
export { objectiveValue } from './certificate/objective.js';
export type { CertificateStatus, KktCertificate } from './certificate/types.js';
export { createDigestObserver, digestToHex } from './dynamics/digest.js';
export type { AdvanceStatus, DynamicsKernel, KernelSetup } from './dynamics/kernel.js';
export { ReferenceKernel } from './dynamics/kernel.js';
export { prepareKernelSetup } from './dynamics/setup.js';
export type { SpikeObserver } from './dynamics/sweep.js';
export type { ErrorCode, ErrorDetails } from './errors.js';
export { ERROR_CODES, isSnnOptError, SnnOptError } from './errors.js';
export { parseJsonProblem } from './io/json-problem.js';
export type { QpsModel } from './io/qps.js';
export { parseQps } from './io/qps.js';
export type { FacetKind, FacetSide } from './problem/facets.js';
export { candidateCount, describeCandidate } from './problem/facets.js';
export type { LineageProblemInput } from './problem/lineage.js';
export { fromLineageForm } from './problem/lineage.js';
export { normalizeProblem } from './problem/normalize.js';
export type {
  BoundInput,
  MatrixInput,
  ProblemInput,
  ProblemNames,
  QPProblem,
  VectorInput,
} from './problem/types.js';
export type { LineageSolveOptions } from './solver/entry.js';
export { solve, solveQP } from './solver/entry.js';
export type { Feasibility } from './solver/feasibility.js';
export type { CheckpointProgress, ResolvedOptions, SolverOptions } from './solver/options.js';
export { DEFAULT_OPTIONS, resolveOptions } from './solver/options.js';
export type {
  PolishReport,
  SolveResultData,
  SolveStatus,
  SolveTimings,
  SpikeEvent,
} from './solver/result.js';
export { Solution } from './solver/solution.js';
export { SnnSolver } from './solver/solver.js';
