import { CholeskyDecomposition, EigenvalueDecomposition, Matrix, WrapperMatrix1D } from 'ml-matrix';
import { PD_TOL, upperCholesky } from './cholesky.js';

/**
 * What the setup needs to know about the curvature of a symmetric A: an upper
 * bound on λmax(A) for the drift step k0 = k0Scale/λmax, and whether A is
 * positive semidefinite to rounding.
 */
export interface Spectrum {
  /**
   * λmax(A), never below it: exact to rounding when n ≤ EXACT_MAX_N, else an
   * upper bound certified by a Cholesky factorisation of σI − A, normally
   * within LAMBDA_MAX_SLACK (relative) of the true value.
   */
  lambdaMax: number;
  /**
   * Smallest eigenvalue: exact to rounding when n ≤ EXACT_MAX_N; otherwise
   * the smallest Ritz value of the Lanczos run, which is never below λmin
   * (a negative value therefore proves negative curvature).
   */
  lambdaMin: number;
  /** λmin(A) ≥ −psdTol·max|λ(A)| was verified (eigenvalues, or a Cholesky factorisation of A + τI). */
  positiveSemidefinite: boolean;
  /** How the figures were obtained. */
  method: 'eigen' | 'lanczos-cholesky';
  /**
   * The shift τ of the convexity test: A passed (or failed) as positive
   * semidefinite when λmin ≥ −τ; on the Lanczos path, when θmin ≥ −τ and
   * A + τI has a Cholesky factorisation.
   */
  psdShift: number;
  /**
   * Upper Cholesky factor U of A itself (UᵀU = A, row-major), present when A
   * is positive definite with every pivot safe ({@link PD_TOL}). On the
   * Lanczos path it is the factorisation that proved A positive
   * semidefinite; the polish's working-set solves reuse it.
   */
  factor?: Float64Array;
  /** Lanczos steps run (Lanczos path only): 12 or 16 when the certificate held at a check, else up to 24. */
  lanczosSteps?: number;
}

/** Up to this order the full symmetric eigen-decomposition is cheap (a few ms) and used. */
export const EXACT_MAX_N = 24;
/** Lanczos steps of the λmax estimate on larger matrices (at most). */
export const LANCZOS_STEPS = 24;
/**
 * At these steps the run may stop early. The top Ritz value's error is
 * estimated as r²/gap (r = β_k|s_k|, the residual of the top Ritz pair; gap =
 * θ₁ − θ₂, the distance to the next Ritz value). When that estimate is
 * within the certificate's first margin ({@link LAMBDA_MAX_SLACK}·θ₁), the
 * certificate σ = θ₁(1 + LAMBDA_MAX_SLACK) is tried at once, and the run
 * stops when σI − A factorises. The estimate is not a bound and needs none:
 * the factorisation decides, and a failed try only costs that one
 * factorisation before the run goes on.
 */
export const LANCZOS_CHECKS: readonly number[] = [12, 16];
/**
 * The last step at which the run may stop early ({@link LANCZOS_CHECKS}): a
 * well-separated top eigenvalue (a condition number of 100 or more spread
 * over the spectrum) is usually certified at the first check, a more crowded
 * one at this one.
 */
export const LANCZOS_CHECK_STEPS = 16;
/** First relative margin of σ = θ(1 + slack) above the Lanczos estimate θ. */
export const LAMBDA_MAX_SLACK = 1e-3;

/**
 * Extreme eigenvalues of a dense symmetric n×n matrix (row-major) and the
 * positive-semidefinite test λmin ≥ −psdTol·max|λ|.
 *
 * Small n: ml-matrix's symmetric eigen-decomposition (Householder
 * tridiagonalisation + QL), exact to rounding.
 *
 * Larger n, where that O(n³) decomposition takes seconds: a Lanczos run with
 * full reorthogonalisation gives Ritz values θmin ≥ λmin and θmax ≤ λmax
 * (interlacing), θmax usually accurate to several digits after 12 to 24
 * steps. θmax is a lower bound, and the step needs an upper one, so it is
 * certified: σI − A is positive definite exactly when σ > λmax, which a
 * Cholesky factorisation (ml-matrix) decides. The certificate only needs θmax
 * within its first margin of λmax, so the run stops at step 12 or 16 when the
 * certificate already holds there (see {@link LANCZOS_CHECKS}).
 * Otherwise, after the last step, σ starts at θ(1 + 10⁻³) and
 * grows by 16× the margin per failure (at most four tries); the Gershgorin
 * bound max_i Σ_j |a_ij| (always ≥ λmax) ends the search, and is taken at once
 * when it is already below the next σ. The PSD test is a Cholesky
 * factorisation: of A itself when θmin > PD_TOL·θmax suggests that A is
 * positive definite (success proves it, and the factor is returned for the
 * polish), else, or when that fails, of A + τI with τ = psdTol·max(|θmax|,
 * |θmin|) ≤ psdTol·max|λ|, so the test is never looser than the eigen path's.
 * In all, at most eight factorisations of about n³/3 flops each (a failed try
 * at each check, four in the search, two for the PSD test) and usually two,
 * against the eigen-decomposition's ~9n³.
 */
export function symmetricSpectrum(A: Float64Array, n: number, psdTol: number): Spectrum {
  if (n <= EXACT_MAX_N) return exactSpectrum(A, n, psdTol);
  const gershgorin = gershgorinBound(A, n);
  // At each check only the first margin is tried; the full search follows the last step.
  const ritz = lanczosRitz(A, n, Math.min(n, LANCZOS_STEPS), (theta) =>
    certifyAbove(A, n, theta, gershgorin, 2 * LAMBDA_MAX_SLACK),
  );
  const lambdaMax = ritz.certified ?? certifiedUpperBound(A, n, ritz.max, gershgorin);
  const tau = psdTol * Math.max(Math.abs(ritz.max), Math.abs(ritz.min));
  // When the Ritz values suggest that A is positive definite, A's own factor is
  // tried first: it proves A + τI positive definite too, and the polish needs it.
  const factor = ritz.min > PD_TOL * ritz.max ? scaledUpperCholesky(A, n) : null;
  const positiveSemidefinite =
    ritz.min >= -tau && (factor !== null || isPositiveDefinite(A, n, tau));
  const spectrum: Spectrum = {
    lambdaMax,
    lambdaMin: ritz.min,
    positiveSemidefinite,
    method: 'lanczos-cholesky',
    psdShift: tau,
    lanczosSteps: ritz.steps,
  };
  if (factor !== null) spectrum.factor = factor;
  return spectrum;
}

/**
 * {@link upperCholesky} of A, computed on A/2ᵏ (exact) so that no product
 * overflows, and scaled back; null when A is not safely positive definite or
 * the factor of A itself is not representable.
 */
export function scaledUpperCholesky(A: Float64Array, n: number): Float64Array | null {
  const s = powerOfTwoNear(A);
  const U = upperCholesky(A, n, s);
  if (U === null) return null;
  const r = Math.sqrt(s);
  for (let k = 0; k < U.length; k++) U[k] *= r;
  for (let i = 0; i < n; i++) {
    const pivot = U[i * n + i];
    if (!(pivot > 0 && pivot < Number.POSITIVE_INFINITY)) return null;
  }
  return U;
}

function exactSpectrum(A: Float64Array, n: number, psdTol: number): Spectrum {
  let lambdaMax = Number.NEGATIVE_INFINITY;
  let lambdaMin = Number.POSITIVE_INFINITY;
  if (n === 1) {
    lambdaMax = A[0];
    lambdaMin = A[0];
  } else {
    // On A/2ᵏ (exact) so that huge or tiny entries neither overflow nor underflow.
    const s = powerOfTwoNear(A);
    const evd = new EigenvalueDecomposition(toMatrix(A, n, s), { assumeSymmetric: true });
    for (const v of evd.realEigenvalues) {
      const value = v * s;
      if (value > lambdaMax) lambdaMax = value;
      if (value < lambdaMin) lambdaMin = value;
    }
  }
  const size = Math.max(Math.abs(lambdaMax), Math.abs(lambdaMin));
  const psdShift = psdTol * size;
  const positiveSemidefinite = lambdaMin >= -psdShift;
  const spectrum: Spectrum = {
    lambdaMax,
    lambdaMin,
    positiveSemidefinite,
    method: 'eigen',
    psdShift,
  };
  const factor = lambdaMin > PD_TOL * lambdaMax ? scaledUpperCholesky(A, n) : null;
  if (factor !== null) spectrum.factor = factor;
  return spectrum;
}

/** A/s as an ml-matrix Matrix. */
function toMatrix(A: Float64Array, n: number, s: number): Matrix {
  const M = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M.set(i, j, A[i * n + j] / s);
  return M;
}

/** The power of two nearest max|a_ij| (1 for a zero matrix): dividing by it is exact. */
function powerOfTwoNear(A: Float64Array): number {
  let s = 0;
  for (let k = 0; k < A.length; k++) s = Math.max(s, Math.abs(A[k]));
  return s > 0 ? 2 ** Math.round(Math.log2(s)) : 1;
}

/**
 * sign·A + shift·I is positive definite (its Cholesky factorisation
 * succeeds). The matrix is divided by a power of two near max|a_ij| first
 * (exactly), which changes no sign
 * of an eigenvalue but keeps the factorisation's products finite.
 */
function isPositiveDefinite(A: Float64Array, n: number, shift: number, sign = 1): boolean {
  const s = powerOfTwoNear(A);
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      M[i * n + j] = (sign * A[i * n + j]) / s + (i === j ? shift / s : 0);
  // A WrapperMatrix1D reads the typed array in place (a 2-D array would be copied).
  return new CholeskyDecomposition(new WrapperMatrix1D(M, { rows: n })).isPositiveDefinite();
}

/** The smallest σ tried above θ for which σI − A is positive definite, else the Gershgorin bound. */
export function certifiedUpperBound(
  A: Float64Array,
  n: number,
  theta: number,
  gershgorin = gershgorinBound(A, n),
): number {
  return certifyAbove(A, n, theta, gershgorin, 8) ?? gershgorin;
}

/**
 * σ = θ(1 + margin) for the first margin tried (LAMBDA_MAX_SLACK, growing 16×
 * per failure while below `marginLimit`) at which σI − A is positive definite;
 * the Gershgorin bound as soon as it is not above the next σ; null when θ ≤ 0
 * or every try failed.
 */
function certifyAbove(
  A: Float64Array,
  n: number,
  theta: number,
  gershgorin: number,
  marginLimit: number,
): number | null {
  if (!(theta > 0)) return null;
  for (let margin = LAMBDA_MAX_SLACK; margin < marginLimit; margin *= 16) {
    const sigma = theta * (1 + margin);
    if (sigma >= gershgorin) return gershgorin;
    if (isPositiveDefinite(A, n, sigma, -1)) return sigma;
  }
  return null;
}

/** max_i Σ_j |a_ij|: every eigenvalue lies in [−bound, bound]. */
function gershgorinBound(A: Float64Array, n: number): number {
  let bound = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.abs(A[i * n + j]);
    if (s > bound) bound = s;
  }
  return bound;
}

/**
 * Extreme Ritz values of `steps` Lanczos steps on A from a fixed
 * pseudo-random start (so a run is reproducible), with full
 * reorthogonalisation (modified Gram–Schmidt: the recurrence's two terms,
 * then the whole basis), which keeps the basis orthogonal to rounding. Stops
 * early on an invariant subspace, and at a step of {@link LANCZOS_CHECKS} when the
 * top Ritz value's estimated error is within LAMBDA_MAX_SLACK and `certify`
 * (given that θmax) returns an upper bound on λmax, passed on as `certified`.
 */
export function lanczosRitz(
  A: Float64Array,
  n: number,
  steps: number,
  certify?: (theta: number) => number | null,
): { max: number; min: number; steps: number; certified: number | null } {
  // Work on A/2ᵏ ≈ A/max|a_ij| so that no product overflows or underflows.
  const s = powerOfTwoNear(A);
  let certified: number | null = null;
  const stop =
    certify &&
    ((theta: number) => {
      certified = certify(theta * s);
      return certified !== null;
    });
  const ritz = scaledLanczos(A, 1 / s, n, steps, stop);
  return { max: ritz.max * s, min: ritz.min * s, steps: ritz.steps, certified };
}

/** The orthonormal Lanczos basis of {@link lanczosRitz}'s run, one vector per row (for tests). */
export function lanczosBasis(A: Float64Array, n: number, steps: number): Float64Array {
  const run = scaledLanczos(A, 1 / powerOfTwoNear(A), n, steps);
  return run.basis.subarray(0, run.steps * n);
}

/**
 * The Lanczos run on c·A. The basis is kept in one array (row j is q_j) and
 * every loop runs over typed arrays in place: at n = 50 the run is a few
 * hundred thousand multiply-adds, and allocation would cost more than they do.
 */
function scaledLanczos(
  A: Float64Array,
  c: number,
  n: number,
  steps: number,
  stop?: (theta: number) => boolean,
) {
  const basis = new Float64Array(steps * n);
  const w = new Float64Array(n);
  const alpha: number[] = [];
  const beta: number[] = [];
  basis.set(startVector(n));
  for (let j = 0; j < steps; j++) {
    const qj = j * n;
    let a = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let k = 0; k < n; k++) s += A[row + k] * basis[qj + k];
      w[i] = c * s;
      a += basis[qj + i] * w[i];
    }
    alpha.push(a);
    // The three-term recurrence's own part (q_j, q_{j−1}) first, then one pass
    // against the whole basis, which then removes only rounding-level components.
    // A single pass on the raw w cancels the large α_j, β_{j−1} terms in the same
    // sweep as the rest and loses orthogonality on clustered spectra.
    orthogonaliseAgainst(basis, qj + n, w, n, Math.max(0, qj - n));
    const b = Math.sqrt(orthogonaliseAgainst(basis, qj + n, w, n));
    const scale = Math.abs(a) + (j > 0 ? beta[j - 1] : 0);
    if (j === steps - 1 || !(b > 1e-12 * scale)) break;
    if (stop && LANCZOS_CHECKS.includes(j + 1)) {
      const early = tridiagonalExtremes(alpha, beta, b);
      if (early.errorEstimate <= LAMBDA_MAX_SLACK * early.max && stop(early.max))
        return { ...early, basis };
    }
    beta.push(b);
    const next = qj + n;
    for (let i = 0; i < n; i++) basis[next + i] = w[i] / b;
  }
  return { ...tridiagonalExtremes(alpha, beta), basis };
}

/**
 * One modified Gram–Schmidt pass of w against the basis vectors stored in
 * basis[start, end) (n entries each), in place; returns ‖w‖² afterwards.
 */
function orthogonaliseAgainst(
  basis: Float64Array,
  end: number,
  w: Float64Array,
  n: number,
  start = 0,
): number {
  for (let v = start; v < end; v += n) {
    let proj = 0;
    for (let i = 0; i < n; i++) proj += basis[v + i] * w[i];
    for (let i = 0; i < n; i++) w[i] -= proj * basis[v + i];
  }
  let sq = 0;
  for (let i = 0; i < n; i++) sq += w[i] * w[i];
  return sq;
}

/**
 * Extreme eigenvalues of the symmetric tridiagonal matrix T (diagonal α,
 * off-diagonal β) by ml-matrix's eigen-decomposition. With `next` (the β that
 * would extend T) it also estimates the top one's error as r²/gap (see
 * {@link LANCZOS_CHECKS}); +∞ without `next`, or when θmax ≤ 0 or the top
 * is not separated from the next Ritz value.
 */
export function tridiagonalExtremes(
  alpha: number[],
  beta: number[],
  next?: number,
): { max: number; min: number; steps: number; errorEstimate: number } {
  const k = alpha.length;
  const T = new Matrix(k, k);
  for (let i = 0; i < k; i++) {
    T.set(i, i, alpha[i]);
    if (i + 1 < k) {
      T.set(i, i + 1, beta[i]);
      T.set(i + 1, i, beta[i]);
    }
  }
  const evd = new EigenvalueDecomposition(T, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  let top = 0;
  let min = values[0];
  for (let i = 1; i < k; i++) {
    if (values[i] > values[top]) top = i;
    if (values[i] < min) min = values[i];
  }
  const max = values[top];
  let errorEstimate = Number.POSITIVE_INFINITY;
  if (next !== undefined) {
    let second = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < k; i++) if (i !== top && values[i] > second) second = values[i];
    const residual = Math.abs(next * evd.eigenvectorMatrix.get(k - 1, top));
    const gap = max - second;
    if (max > 0 && gap > 0) errorEstimate = (residual * residual) / gap;
  }
  return { max, min, steps: k, errorEstimate };
}

/** A unit vector with reproducible pseudo-random entries (LCG), free of structure. */
function startVector(n: number): Float64Array {
  const v = new Float64Array(n);
  let state = 0x2545f491;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    v[i] = state / 4294967296 - 0.5;
  }
  const norm = Math.sqrt(dot(v, v));
  return v.map((x) => x / norm);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
