import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { PSD_REL_TOL, prepareKernelSetup } from '../src/dynamics/setup.js';
import { SnnOptError } from '../src/errors.js';
import { PD_TOL } from '../src/linalg/cholesky.js';
import {
  certifiedUpperBound,
  EXACT_MAX_N,
  LAMBDA_MAX_SLACK,
  LANCZOS_CHECK_STEPS,
  LANCZOS_CHECKS,
  LANCZOS_STEPS,
  lanczosBasis,
  lanczosRitz,
  symmetricSpectrum,
  tridiagonalExtremes,
} from '../src/linalg/spectrum.js';
import type { HessianFactorCache } from '../src/polish/factor-cache.js';
import { normalizeProblem } from '../src/problem/normalize.js';
import { resolveOptions } from '../src/solver/options.js';
import { SnnSolver } from '../src/solver/solver.js';
import { mulberry32 } from './helpers/random.js';

/** V·diag(eigenvalues)·Vᵀ in a random orthogonal basis V, row-major. */
function withEigenvalues(eigenvalues: number[], seed: number): Float64Array {
  const n = eigenvalues.length;
  const u = mulberry32(seed);
  const R = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) R.set(i, j, u() - 0.5);
  const V = new EigenvalueDecomposition(R.add(R.transpose()), { assumeSymmetric: true })
    .eigenvectorMatrix;
  const A = V.mmul(Matrix.diag(eigenvalues)).mmul(V.transpose());
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) out[i * n + j] = 0.5 * (A.get(i, j) + A.get(j, i));
  return out;
}

function exactExtremes(A: Float64Array, n: number): { max: number; min: number } {
  const rows = Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * n, (i + 1) * n)));
  const values = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true })
    .realEigenvalues;
  return { max: Math.max(...values), min: Math.min(...values) };
}

const logSpaced = (n: number, kappa: number): number[] =>
  Array.from({ length: n }, (_, i) => kappa ** (i / (n - 1)));

/** kron(I₂₅, Q) with a random 4×4 positive definite Q, plus 1e-5 coupling (n = 100). */
function blockDiagonal(): Float64Array {
  const u = mulberry32(5);
  const R = Array.from({ length: 16 }, () => u() - 0.5);
  const Q = new Float64Array(16);
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) {
      let s = i === j ? 0.5 : 0;
      for (let k = 0; k < 4; k++) s += R[i * 4 + k] * R[j * 4 + k];
      Q[i * 4 + j] = s;
    }
  const A = new Float64Array(100 * 100);
  for (let blk = 0; blk < 25; blk++)
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) A[(blk * 4 + i) * 100 + blk * 4 + j] = Q[i * 4 + j];
  for (let i = 0; i + 4 < 100; i++) {
    A[i * 100 + i + 4] = 1e-5;
    A[(i + 4) * 100 + i] = 1e-5;
  }
  return A;
}

describe('λmax above the eigen-decomposition threshold (Lanczos + Cholesky certificate)', () => {
  // The bound must never be below λmax (a larger step could make the drift unstable),
  // and should sit within the first margin (1e-3 relative) on ordinary spectra.
  it.each([
    ['log-spaced, κ = 100', logSpaced(120, 100)],
    ['log-spaced, κ = 100, n = 40', logSpaced(40, 100)],
    ['log-spaced, κ = 1e6', logSpaced(100, 1e6)],
    ['clustered top (three equal λmax)', [...logSpaced(97, 50), 50, 50, 50]],
    ['singular PSD (half zero)', [...new Array(50).fill(0), ...logSpaced(50, 10)]],
  ])('%s', (_name, eigenvalues) => {
    const n = eigenvalues.length;
    expect(n).toBeGreaterThan(EXACT_MAX_N);
    const A = withEigenvalues(eigenvalues, n);
    const exact = exactExtremes(A, n);
    const s = symmetricSpectrum(A, n, PSD_REL_TOL);
    expect(s.method).toBe('lanczos-cholesky');
    expect(s.positiveSemidefinite).toBe(true);
    expect(s.lambdaMax).toBeGreaterThanOrEqual(exact.max);
    expect(s.lambdaMax).toBeLessThanOrEqual(exact.max * (1 + 1.01 * LAMBDA_MAX_SLACK));
  });

  it('stops at the check when the certificate already holds there, and only then', () => {
    // log-spaced over [1, 1e4]: the top eigenvalues are well separated and θmax is within
    // the first margin by the first check (step 12); over [1, 3] (n = 100) the top is
    // crowded and the run goes on to 24 steps before the certificate is tried.
    expect(LANCZOS_CHECKS).toEqual([12, LANCZOS_CHECK_STEPS]);
    const fast = withEigenvalues(logSpaced(100, 1e4), 31);
    const top = exactExtremes(fast, 100).max;
    const s = symmetricSpectrum(fast, 100, PSD_REL_TOL);
    expect(s.lanczosSteps).toBe(LANCZOS_CHECKS[0]);
    expect(s.lambdaMax).toBeGreaterThanOrEqual(top);
    expect(s.lambdaMax).toBeLessThanOrEqual(top * (1 + LAMBDA_MAX_SLACK));
    // The callback is asked once, with θmax at step 12; its answer decides the stop.
    const asked: number[] = [];
    const stopped = lanczosRitz(fast, 100, LANCZOS_STEPS, (theta) => {
      asked.push(theta);
      return 42;
    });
    expect(stopped).toMatchObject({ steps: LANCZOS_CHECKS[0], certified: 42 });
    expect(asked).toEqual([stopped.max]);
    // A refusal at step 12 lets the run go on to the check at 16, asked with a θ no smaller.
    const later: number[] = [];
    const second = lanczosRitz(fast, 100, LANCZOS_STEPS, (theta) => {
      later.push(theta);
      return later.length === 2 ? 42 : null;
    });
    expect(second).toMatchObject({ steps: LANCZOS_CHECK_STEPS, certified: 42 });
    expect(later).toHaveLength(2);
    expect(later[1]).toBeGreaterThanOrEqual(later[0]);
    expect(later[1]).toBe(second.max);
    const refused = lanczosRitz(fast, 100, LANCZOS_STEPS, () => null);
    expect(refused).toMatchObject({ steps: LANCZOS_STEPS, certified: null });
    expect(refused.max).toBeGreaterThanOrEqual(second.max);
    // Without a callback the run never stops at the check.
    expect(lanczosRitz(fast, 100, LANCZOS_STEPS).steps).toBe(LANCZOS_STEPS);
    const slow = withEigenvalues(logSpaced(100, 3), 31);
    let calls = 0;
    const full = lanczosRitz(slow, 100, LANCZOS_STEPS, () => {
      calls++;
      return 1;
    });
    expect(calls).toBe(0);
    expect(full.steps).toBe(LANCZOS_STEPS);
    const slowTop = exactExtremes(slow, 100).max;
    const t = symmetricSpectrum(slow, 100, PSD_REL_TOL);
    expect(t.lanczosSteps).toBe(LANCZOS_STEPS);
    expect(t.lambdaMax).toBeGreaterThanOrEqual(slowTop);
    expect(t.lambdaMax).toBeLessThanOrEqual(slowTop * (1 + LAMBDA_MAX_SLACK));
  });

  it('estimates the error of the top Ritz value as r²/gap of the top Ritz pair', () => {
    // 2×2 T = [[a, b], [b, c]] extended by β = next: closed-form top eigenpair,
    // residual r = next·|s₂|, estimate r²/(θ₁ − θ₂).
    const closedForm = (a: number, b: number, c: number, next: number) => {
      const mid = (a + c) / 2;
      const rad = Math.hypot((a - c) / 2, b);
      const top = mid + rad;
      const s2 = (top - a) / Math.hypot(b, top - a);
      const r = next * Math.abs(s2);
      return { top, estimate: (r * r) / (2 * rad) };
    };
    // A close pair: the residual is small, but the gap is smaller still (estimate 4e-5·θ).
    const close = closedForm(1, 1e-5, 1.001, 2e-4);
    const a = tridiagonalExtremes([1, 1.001], [1e-5], 2e-4);
    expect(a.max).toBeCloseTo(close.top, 14);
    expect(a.errorEstimate / close.estimate).toBeCloseTo(1, 8);
    // A wide gap and a tiny extending β (estimate ~3e-13·θ), though the T's own β is large.
    const wide = closedForm(1, 0.5, 2, 1e-6);
    const b = tridiagonalExtremes([1, 2], [0.5], 1e-6);
    expect(b.max).toBeCloseTo(wide.top, 14);
    expect(b.errorEstimate / wide.estimate).toBeCloseTo(1, 8);
    // No extending β, or no gap (a double top): no estimate.
    expect(tridiagonalExtremes([1, 2], [0.5]).errorEstimate).toBe(Number.POSITIVE_INFINITY);
    expect(tridiagonalExtremes([2, 2], [0], 1e-3).errorEstimate).toBe(Number.POSITIVE_INFINITY);
  });

  it('keeps the Lanczos basis orthonormal to rounding on clustered spectra', () => {
    // max |QᵀQ − I| over the run's basis: near-identity, a weakly coupled block-diagonal
    // matrix and a spectrum with a few tight clusters. 1e-13 is ~500 ulps; a basis that
    // lost orthogonality is off by 1e-6 to 1.
    const u = mulberry32(11);
    const nearIdentity = new Float64Array(60 * 60);
    for (let i = 0; i < 60; i++)
      for (let j = 0; j <= i; j++) {
        const r = 1e-10 * (u() - 0.5);
        nearIdentity[i * 60 + j] = (i === j ? 1 : 0) + r;
        nearIdentity[j * 60 + i] = nearIdentity[i * 60 + j];
      }
    const clusters = withEigenvalues(
      Array.from({ length: 60 }, (_, i) => 1 + (i % 4) * (1 + 1e-9 * u())),
      37,
    );
    for (const [A, n] of [
      [nearIdentity, 60],
      [clusters, 60],
      [blockDiagonal(), 100],
    ] as const) {
      const Q = lanczosBasis(A, n, LANCZOS_STEPS);
      const k = Q.length / n;
      expect(k).toBeGreaterThan(1);
      let worst = 0;
      for (let x = 0; x < k; x++)
        for (let y = 0; y <= x; y++) {
          let d = 0;
          for (let i = 0; i < n; i++) d += Q[x * n + i] * Q[y * n + i];
          worst = Math.max(worst, Math.abs(d - (x === y ? 1 : 0)));
        }
      expect(worst).toBeLessThan(1e-13);
    }
  });

  it('rejects negative curvature that a run stopped at the check does not see', () => {
    // Log-spaced over [1, 1e4] with the smallest eigenvalue replaced by −1e-2: the top
    // is certified at a check, the bottom is not resolved (θmin > 0), and A + τI refuses.
    const n = 100;
    const A = withEigenvalues([-1e-2, ...logSpaced(n - 1, 1e4)], 41);
    const s = symmetricSpectrum(A, n, PSD_REL_TOL);
    expect(LANCZOS_CHECKS).toContain(s.lanczosSteps);
    expect(s.lambdaMin).toBeGreaterThan(0);
    expect(s.positiveSemidefinite).toBe(false);
    const rows = Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * n, (i + 1) * n)));
    const problem = normalizeProblem({ A: rows, b: new Array(n).fill(0) });
    expect(() => prepareKernelSetup(problem, resolveOptions({}))).toThrow(
      `λmin < −${s.psdShift} (A + ${s.psdShift}·I has no Cholesky factorisation)`,
    );
  });

  it('Ritz values interlace: θmax ≤ λmax and θmin ≥ λmin', () => {
    const A = withEigenvalues(logSpaced(90, 1e3), 7);
    const exact = exactExtremes(A, 90);
    const ritz = lanczosRitz(A, 90, LANCZOS_STEPS);
    // Rounding allowance: 1e-12 of λmax.
    expect(ritz.max).toBeLessThanOrEqual(exact.max * (1 + 1e-12));
    expect(ritz.min).toBeGreaterThanOrEqual(exact.min - 1e-12 * exact.max);
  });

  it('keeps θmax ≤ λmax and a tight bound on a weakly coupled block-diagonal Hessian', () => {
    // kron(I₂₅, Q) + 1e-5 coupling: a clustered spectrum on which Lanczos nearly breaks
    // down; reorthogonalising the raw vector in one pass overshot λmax by 7 % here.
    const n = 100;
    const A = blockDiagonal();
    const exact = exactExtremes(A, n);
    expect(lanczosRitz(A, n, LANCZOS_STEPS).max).toBeLessThanOrEqual(exact.max * (1 + 1e-12));
    const s = symmetricSpectrum(A, n, PSD_REL_TOL);
    expect(s.lambdaMax).toBeGreaterThanOrEqual(exact.max);
    expect(s.lambdaMax).toBeLessThanOrEqual(exact.max * (1 + 2 * LAMBDA_MAX_SLACK));
  });

  it('keeps θmax ≤ λmax on a near-identity matrix (I + 1e-9·noise)', () => {
    // Every step of Lanczos cancels all but ~1e-9 of A·q here: reorthogonalising the raw
    // vector in one pass put θmax 50 % above λmax.
    const n = 40;
    const u = mulberry32(7);
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        const r = 1e-9 * (u() - 0.5);
        A[i * n + j] = (i === j ? 1 : 0) + r;
        A[j * n + i] = A[i * n + j];
      }
    const exact = exactExtremes(A, n);
    const ritz = lanczosRitz(A, n, LANCZOS_STEPS);
    expect(ritz.max).toBeLessThanOrEqual(exact.max * (1 + 1e-12));
    expect(ritz.min).toBeGreaterThanOrEqual(exact.min * (1 - 1e-12));
  });

  it('raises a low estimate until σI − A factorises, and falls back to Gershgorin', () => {
    const A = withEigenvalues(logSpaced(60, 100), 11);
    const exact = exactExtremes(A, 60).max;
    // θ at half of λmax: 1e-3 and 1.6e-2 margins fail, 0.256 fails, 4.1 passes (σ = 5.1·θ).
    const raised = certifiedUpperBound(A, 60, 0.5 * exact);
    expect(raised).toBeGreaterThanOrEqual(exact);
    const gershgorin = Math.max(
      ...Array.from({ length: 60 }, (_, i) =>
        Array.from(A.subarray(i * 60, (i + 1) * 60)).reduce((t, v) => t + Math.abs(v), 0),
      ),
    );
    expect(raised).toBeLessThanOrEqual(gershgorin);
    expect(certifiedUpperBound(A, 60, 0)).toBe(gershgorin);
  });

  it('keeps its figures finite for entries near 1e200 and 1e-200 (scale-free)', () => {
    const base = withEigenvalues(logSpaced(50, 100), 13);
    for (const scale of [1e200, 1e-200]) {
      const A = base.map((v) => v * scale);
      const s = symmetricSpectrum(A, 50, PSD_REL_TOL);
      expect(s.positiveSemidefinite).toBe(true);
      expect(s.lambdaMax / scale).toBeGreaterThanOrEqual(100 * (1 - 1e-12));
      expect(s.lambdaMax / scale).toBeLessThanOrEqual(100 * (1 + 1.01 * LAMBDA_MAX_SLACK));
    }
  });

  it('rejects negative curvature of 1e-6·λmax and accepts rounding-level −1e-12·λmax', () => {
    const base = logSpaced(100, 10);
    const bad = withEigenvalues([...base.slice(1), -1e-6 * 10], 3);
    expect(symmetricSpectrum(bad, 100, PSD_REL_TOL).positiveSemidefinite).toBe(false);
    const fine = withEigenvalues([...base.slice(1), -1e-12 * 10], 3);
    expect(symmetricSpectrum(fine, 100, PSD_REL_TOL).positiveSemidefinite).toBe(true);
  });

  it('a non-convex problem fails setup with not_positive_semidefinite naming λmin', () => {
    const n = 80;
    const A = withEigenvalues([...logSpaced(n - 1, 10), -2], 5);
    const rows = Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * n, (i + 1) * n)));
    const problem = normalizeProblem({ A: rows, b: new Array(n).fill(0) });
    let caught: unknown;
    try {
      prepareKernelSetup(problem, resolveOptions({}));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SnnOptError);
    const e = caught as SnnOptError;
    expect(e.code).toBe('not_positive_semidefinite');
    // The Ritz value is an upper bound on λmin = −2 and proves the negative curvature.
    const bound = Number(/λmin ≤ (\S+)/.exec(e.message)?.[1]);
    expect(bound).toBeLessThan(0);
    expect(bound).toBeGreaterThanOrEqual(-2 - 1e-9);
  });
});

/** max |(UᵀU − A)_ij| / max |a_ij| for an upper-triangular row-major U. */
function factorError(U: Float64Array, A: Float64Array, n: number): number {
  let err = 0;
  let size = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k <= Math.min(i, j); k++) s += U[k * n + i] * U[k * n + j];
      err = Math.max(err, Math.abs(s - A[i * n + j]));
      size = Math.max(size, Math.abs(A[i * n + j]));
    }
  }
  return err / size;
}

describe('the Cholesky factor of A that proved convexity', () => {
  // A backward-stable Cholesky reproduces A to a small multiple of n·ε relative to ‖A‖;
  // 1e-13 leaves a margin of ~50 over n·ε at n = 60 and catches any wrong factor.
  it.each([
    ['Lanczos path (n = 60, κ = 100)', 60, 1],
    ['Lanczos path, entries near 1e200', 60, 1e200],
    ['eigen path (n = 12, κ = 100)', 12, 1],
  ])('%s: UᵀU = A, upper triangular', (_name, n, scale) => {
    const A = withEigenvalues(logSpaced(n, 100), 17).map((v) => v * scale);
    const s = symmetricSpectrum(A, n, PSD_REL_TOL);
    expect(s.positiveSemidefinite).toBe(true);
    const U = s.factor;
    expect(U).toBeInstanceOf(Float64Array);
    if (!U) return;
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(U[i * n + j]).toBe(0);
    expect(factorError(U, A, n)).toBeLessThan(1e-13);
  });

  it('is absent for a singular PSD matrix, which is still accepted', () => {
    const n = 50;
    const A = withEigenvalues([...new Array(10).fill(0), ...logSpaced(n - 10, 10)], 19);
    const s = symmetricSpectrum(A, n, PSD_REL_TOL);
    expect(s.positiveSemidefinite).toBe(true);
    expect(s.factor).toBeUndefined();
  });

  it('is absent when A is singular though the Ritz values miss the zero eigenvalue', () => {
    // One zero eigenvalue below 59 log-spaced over [1e-6, 10]: the Lanczos run does not
    // resolve the bottom of that spectrum, so θmin stays above PD_TOL·θmax, the factor of A
    // is tried and fails on a pivot, and the test falls back to A + τI, which accepts the
    // (positive semidefinite) matrix.
    const n = 60;
    const A = withEigenvalues([0, ...logSpaced(n - 1, 1e7).map((v) => v * 1e-6)], 29);
    const ritz = lanczosRitz(A, n, LANCZOS_STEPS);
    expect(ritz.min).toBeGreaterThan(PD_TOL * ritz.max);
    const s = symmetricSpectrum(A, n, PSD_REL_TOL);
    expect(s.positiveSemidefinite).toBe(true);
    expect(s.factor).toBeUndefined();
  });

  it('the solver hands it to the polish, which then factors nothing of its own', () => {
    const n = 40;
    const A = withEigenvalues(logSpaced(n, 10), 23);
    const rows = Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * n, (i + 1) * n)));
    // Unconstrained optimum x_u inside the box but for one coordinate: a working set of
    // one or two bounds, where keeping them as rows of A's factor is the cheaper solve.
    const xu = Array.from({ length: n }, (_, i) => (i === 0 ? 1.5 : 0.2 * Math.sin(i)));
    const b = rows.map((row) => -row.reduce((t, a, j) => t + a * xu[j], 0));
    const solver = new SnnSolver(
      { A: rows, b, lower: -1, upper: 1 },
      { backend: 'js', scaling: false },
    );
    const inside = solver as unknown as {
      factors: HessianFactorCache;
      problem: { A: Float64Array };
    };
    const all = Int32Array.from({ length: n }, (_, j) => j);
    // Before any solve the cache already holds a factor of A: the setup's.
    const seeded = inside.factors.lookup(inside.problem.A, all);
    expect(seeded).toBeInstanceOf(Float64Array);
    if (!seeded) return;
    expect(factorError(seeded, A, n)).toBeLessThan(1e-13);
    const result = solver.solve();
    expect(result.status).toBe('optimal');
    expect(result.x[0]).toBeCloseTo(1, 12);
    // The polish used it and factored nothing of A's own.
    expect(inside.factors.lookup(inside.problem.A, all)).toBe(seeded);
    expect(inside.factors.factorisations(inside.problem.A)).toBe(1);
    expect(inside.factors.hits).toBeGreaterThan(0);
  });
});
