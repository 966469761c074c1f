import { SnnOptError } from '../errors.js';
import { norm2 } from '../linalg/dense.js';
import { type Spectrum, symmetricSpectrum } from '../linalg/spectrum.js';
import { rowNorms } from '../problem/facets.js';
import type { QPProblem } from '../problem/types.js';
import type { ResolvedOptions } from '../solver/options.js';
import type { KernelSetup } from './kernel.js';

/**
 * Tolerance of the positive-semidefinite check: A is rejected when
 * λmin(A) < −PSD_REL_TOL · λmax(A) (linalg/spectrum.ts). Published test problems carry
 * rounding-level negative eigenvalues, which this accepts.
 */
export const PSD_REL_TOL = 1e-9;

/** Gram matrix G = CCᵀ (m×m, row-major), summation over j ascending. */
export function gramMatrix(C: Float64Array, m: number, n: number): Float64Array {
  const G = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = i; k < m; k++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += C[i * n + j] * C[k * n + j];
      G[i * m + k] = s;
      G[k * m + i] = s;
    }
  }
  return G;
}

/** Cᵀ (n×m, row-major) of an m×n row-major C: the same values, laid out by column of C. */
export function transpose(C: Float64Array, m: number, n: number): Float64Array {
  const T = new Float64Array(n * m);
  for (let i = 0; i < m; i++) {
    const base = i * n;
    for (let j = 0; j < n; j++) T[j * m + i] = C[base + j];
  }
  return T;
}

/** Throws `not_positive_semidefinite` when A has negative curvature beyond rounding. */
export function checkPositiveSemidefinite(spectrum: Spectrum): void {
  if (spectrum.positiveSemidefinite) return;
  // The eigen path gives λmin itself; the Lanczos path a Ritz value, which is never below λmin.
  const tau = spectrum.psdShift;
  const received =
    spectrum.method === 'eigen'
      ? `λmin = ${spectrum.lambdaMin}`
      : spectrum.lambdaMin < -tau
        ? `λmin ≤ ${spectrum.lambdaMin}`
        : `λmin < −${tau} (A + ${tau}·I has no Cholesky factorisation)`;
  throw new SnnOptError(
    'not_positive_semidefinite',
    `A is not positive semidefinite: ${received} (λmax ${spectrum.lambdaMax}); ` +
      'snn-opt solves convex problems only',
    {
      argument: 'A',
      expected: `eigenvalues ≥ −${PSD_REL_TOL}·λmax (rounding)`,
      received,
    },
  );
}

/**
 * The drift step (DESIGN §2): the caller's k0 if given, else
 * k0Scale / λmax(A). For an LP (λmax = 0) the fallback is k0Scale / ‖b‖₂, a
 * drift of length k0Scale per iteration, and k0Scale when b = 0 too.
 */
export function chooseK0(
  options: Pick<ResolvedOptions, 'k0' | 'k0Scale'>,
  lambdaMax: number,
  b: Float64Array,
): number {
  if (options.k0 !== null) return options.k0;
  if (lambdaMax > 0) return options.k0Scale / lambdaMax;
  const bNorm = norm2(b);
  return bNorm > 0 ? options.k0Scale / bNorm : options.k0Scale;
}

/** Default sweep cap: 1000 + 20·(m + n) spikes. */
export function defaultSpikeCap(m: number, n: number): number {
  return 1000 + 20 * (m + n);
}

/** Everything the dynamics need that depends only on the problem and the options. */
export function prepareKernelSetup(
  problem: QPProblem,
  options: ResolvedOptions,
): KernelSetup & { spectrum: Spectrum } {
  const spectrum = problem.isLinear
    ? {
        lambdaMax: 0,
        lambdaMin: 0,
        positiveSemidefinite: true,
        method: 'eigen' as const,
        psdShift: 0,
      }
    : symmetricSpectrum(problem.A, problem.n, PSD_REL_TOL);
  checkPositiveSemidefinite(spectrum);
  const { m, n } = problem;
  const gram = gramMatrix(problem.C, m, n);
  // ‖c_i‖² is the Gram diagonal; ‖c_i‖ its square root (the same sums as rowNorms).
  const normsSq = new Float64Array(m);
  for (let i = 0; i < m; i++) normsSq[i] = gram[i * m + i];
  const norms = rowNorms(problem.C, m, n);
  return {
    problem,
    spectrum,
    k0: chooseK0(options, spectrum.lambdaMax, problem.b),
    gram,
    CT: transpose(problem.C, m, n),
    norms,
    normsSq,
    constraintTol: options.constraintTol,
    maxSpikesPerSweep: options.maxSpikesPerSweep ?? defaultSpikeCap(problem.m, problem.n),
    windowSize: options.windowSize,
  };
}
