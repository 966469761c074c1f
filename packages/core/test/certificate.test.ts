import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Matrix, SingularValueDecomposition, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { certificateAt, computeCertificate } from '../src/certificate/kkt.js';
import { solveNnls } from '../src/certificate/nnls.js';
import { gradient, objectiveValue } from '../src/certificate/objective.js';
import { rowActivities } from '../src/problem/facets.js';
import type { QPProblem } from '../src/problem/types.js';
import { gaussianSource } from './helpers/random.js';

const TOL = { kktAbsTol: 1e-9, kktRelTol: 1e-4 }; // the solver's defaults (DESIGN §3)
const INF = Infinity;

/** Deterministic generator (mulberry32) with Gaussian draws. */
function rng(seed: number) {
  const { u, g } = gaussianSource(seed);
  return { u, g };
}

function qp(
  n: number,
  A: number[],
  b: number[],
  C: number[][],
  lo: number[],
  hi: number[],
  lower: number[],
  upper: number[],
): QPProblem {
  return {
    n,
    m: C.length,
    A: Float64Array.from(A),
    b: Float64Array.from(b),
    C: Float64Array.from(C.flat()),
    lo: Float64Array.from(lo),
    hi: Float64Array.from(hi),
    lower: Float64Array.from(lower),
    upper: Float64Array.from(upper),
    objectiveConstant: 0,
    isLinear: A.every((v) => v === 0),
  };
}

/** min ½‖x − (3,−1)‖² s.t. x1 + x2 ≤ 1, 0 ≤ x ≤ 2; optimum (1, 0), row multiplier 2, lower bound of x2 3. */
const small = qp(2, [1, 0, 0, 1], [-3, 1], [[1, 1]], [-INF], [1], [0, 0], [2, 2]);

// ---------------------------------------------------------------- NNLS

/** Column-major rows×cols Gaussian matrix. */
function gaussian(r: ReturnType<typeof rng>, rows: number, cols: number): Float64Array {
  return Float64Array.from({ length: rows * cols }, () => r.g());
}

/** Largest violation of the NNLS optimality conditions, relative to ‖M_j‖‖t‖. */
function nnlsKktViolation(
  M: Float64Array,
  rows: number,
  cols: number,
  t: Float64Array,
  x: Float64Array,
): number {
  const res = Float64Array.from(t).map(
    (v, i) =>
      -v +
      Array.from({ length: cols }, (_, j) => M[j * rows + i] * x[j]).reduce((s, y) => s + y, 0),
  );
  const tn = Math.hypot(...t) || 1;
  let worst = 0;
  for (let j = 0; j < cols; j++) {
    if (x[j] < 0) return INF;
    let gj = 0;
    let cn = 0;
    for (let i = 0; i < rows; i++) {
      gj += M[j * rows + i] * res[i];
      cn += M[j * rows + i] ** 2;
    }
    const v = (x[j] > 0 ? Math.abs(gj) : Math.max(0, -gj)) / ((Math.sqrt(cn) || 1) * tn);
    worst = Math.max(worst, v);
  }
  return worst;
}

/** Optimal NNLS residual by enumerating every well-conditioned support (independent: ml-matrix QR solves). */
function bruteForceResidual(M: Float64Array, rows: number, cols: number, t: Float64Array): number {
  let best = Math.hypot(...t);
  const tm = Matrix.columnVector(Array.from(t));
  for (let mask = 1; mask < 1 << cols; mask++) {
    const S = Array.from({ length: cols }, (_, j) => j).filter((j) => mask & (1 << j));
    if (S.length > rows) continue;
    const MS = new Matrix(rows, S.length);
    S.forEach((j, c) => {
      for (let i = 0; i < rows; i++) MS.set(i, c, M[j * rows + i]);
    });
    if (new SingularValueDecomposition(MS).condition > 1e8) continue;
    const z = solve(MS, tm).getColumn(0);
    if (z.some((v) => v < 0)) continue;
    best = Math.min(best, MS.mmul(Matrix.columnVector(z)).sub(tm).norm());
  }
  return best;
}

describe('solveNnls', () => {
  it('matches brute-force enumeration of supports on small random problems', () => {
    // Both sides are backward-stable solves of well-conditioned systems (errors ~1e-15);
    // a wrong support changes the residual at O(1e-2), so 1e-9 relative catches it.
    const r = rng(1);
    for (let trial = 0; trial < 60; trial++) {
      const rows = 2 + Math.floor(r.u() * 6);
      const cols = 1 + Math.floor(r.u() * 8);
      const M = gaussian(r, rows, cols);
      const t = gaussian(r, rows, 1);
      const out = solveNnls(M, rows, cols, t);
      expect(out.converged).toBe(true);
      const best = bruteForceResidual(M, rows, cols, t);
      expect(Math.abs(out.residualNorm - best)).toBeLessThanOrEqual(1e-9 * Math.max(1, best));
      // NNLS KKT: x ≥ 0, gradient ≈ 0 on the support and ≥ 0 off it; the fit stops at 1e-10.
      expect(nnlsKktViolation(M, rows, cols, t, out.x)).toBeLessThan(1e-9);
    }
  });

  it('handles duplicated and zero columns without NaN', () => {
    // Exact data: the duplicated set spans the same cone, so the residual must agree to rounding (1e-12).
    const r = rng(2);
    const rows = 6;
    const base = gaussian(r, rows, 3);
    const col = (k: number) => base.subarray(k * rows, (k + 1) * rows);
    const dup = new Float64Array(rows * 7);
    [0, 1, 0, 2, 0, -1, 1].forEach((k, c) => {
      if (k >= 0) dup.set(col(k), c * rows);
    }); // -1: zero column
    const t = gaussian(r, rows, 1);
    const a = solveNnls(base, rows, 3, t);
    const b = solveNnls(dup, rows, 7, t);
    expect(b.converged).toBe(true);
    expect(b.x.every(Number.isFinite)).toBe(true);
    expect(Math.abs(a.residualNorm - b.residualNorm)).toBeLessThanOrEqual(
      1e-12 * Math.max(1, a.residualNorm),
    );
    expect(b.x[5]).toBe(0); // the zero column is never loaded
    expect(b.x[0] + b.x[2] + b.x[4]).toBeCloseTo(a.x[0], 12);
    expect(nnlsKktViolation(dup, rows, 7, t, b.x)).toBeLessThan(1e-9);
  });

  it('fits an exactly representable target and a target outside the cone', () => {
    // Identity columns e1, −e1, e2 and the all-zero matrix: exact answers, compared to 1e-14.
    const M = Float64Array.from([1, 0, -1, 0, 0, 1]);
    const fit = solveNnls(M, 2, 3, Float64Array.from([-2, -3]));
    expect(fit.converged).toBe(true);
    expect(Array.from(fit.x)).toEqual([0, 2, 0]);
    expect(fit.residualNorm).toBeCloseTo(3, 14);
    const zero = solveNnls(new Float64Array(6), 3, 2, Float64Array.from([1, 2, 3]));
    expect(zero.converged).toBe(true);
    expect(Array.from(zero.x)).toEqual([0, 0]);
    const empty = solveNnls(new Float64Array(0), 2, 0, Float64Array.from([0, 0]));
    expect(empty).toMatchObject({ converged: true, residualNorm: 0 });
  });

  it('fails closed on non-finite input and at the iteration cap', () => {
    const r = rng(3);
    const M = gaussian(r, 5, 5);
    const t = gaussian(r, 5, 1);
    const nanT = Float64Array.from(t);
    nanT[2] = NaN;
    expect(solveNnls(M, 5, 5, nanT).converged).toBe(false);
    const infM = Float64Array.from(M);
    infM[7] = INF;
    expect(solveNnls(infM, 5, 5, t).converged).toBe(false);
    // Target inside the cone of all five columns: needs five loads, so a cap of 2 must fail.
    const inside = new Float64Array(5);
    for (let j = 0; j < 5; j++) for (let i = 0; i < 5; i++) inside[i] += (1 + j) * M[j * 5 + i];
    expect(solveNnls(M, 5, 5, inside).converged).toBe(true);
    expect(solveNnls(M, 5, 5, inside, { maxIterations: 2 }).converged).toBe(false);
  });

  it('reaches the same optimum from any warm start', () => {
    // The warm start only changes the path; the residual of the optimum is unique (1e-12 relative).
    const r = rng(5);
    const { M, t } = certificateLike(r, 40, 120, 25, 0.05);
    const cold = solveNnls(M, 40, 120, t);
    for (const initialSet of [
      Array.from({ length: 25 }, (_, k) => k),
      [3, 3, 200, -1, 7, 90, 91, 92],
      Array.from({ length: 120 }, (_, k) => 119 - k),
    ]) {
      const warm = solveNnls(M, 40, 120, t, { initialSet });
      expect(warm.converged).toBe(true);
      expect(Math.abs(warm.residualNorm - cold.residualNorm)).toBeLessThanOrEqual(
        1e-12 * cold.residualNorm,
      );
      expect(nnlsKktViolation(M, 40, 120, t, warm.x)).toBeLessThan(1e-9);
    }
  });

  it('timing sanity: 200×800 with ~100 loaded columns', () => {
    const r = rng(4);
    const rows = 200;
    const cols = 800;
    const { M, t } = certificateLike(r, rows, cols, 100, 0.01);
    const guess = { initialSet: Array.from({ length: 100 }, (_, k) => k) };
    for (const [name, opts] of [
      ['cold', {}],
      ['warm', guess],
    ] as const) {
      solveNnls(M, rows, cols, t, opts); // warm-up of the JIT
      const times: number[] = [];
      let out = solveNnls(M, rows, cols, t, opts);
      for (let k = 0; k < 5; k++) {
        const t0 = performance.now();
        out = solveNnls(M, rows, cols, t, opts);
        times.push(performance.now() - t0);
      }
      const loaded = out.x.filter((v) => v > 0).length;
      console.log(
        `NNLS 200x800 ${name}: median ${times.sort((a, b) => a - b)[2].toFixed(1)} ms, ${loaded} loaded, ${out.iterations} iterations`,
      );
      expect(out.converged).toBe(true);
      expect(nnlsKktViolation(M, rows, cols, t, out.x)).toBeLessThan(1e-9);
    }
  });
});

/**
 * A matrix shaped like the certificate's: unit normals over a last "slack"
 * row, the first `active` columns with slack 0 and the target a positive
 * combination of them plus `noise`, the rest with slack in [0.05, 2].
 */
function certificateLike(
  r: ReturnType<typeof rng>,
  rows: number,
  cols: number,
  active: number,
  noise: number,
) {
  const n = rows - 1;
  const M = gaussian(r, rows, cols);
  const t = new Float64Array(rows);
  for (let k = 0; k < cols; k++) {
    const col = M.subarray(k * rows, k * rows + n);
    const nrm = Math.hypot(...col);
    for (let i = 0; i < n; i++) col[i] /= nrm;
    M[k * rows + n] = k < active ? 0 : 0.05 + 2 * r.u();
    const mu = 0.5 + r.u();
    if (k < active) for (let i = 0; i < n; i++) t[i] += mu * col[i];
  }
  for (let i = 0; i < n; i++) t[i] += noise * r.g();
  return { M, t };
}

// ---------------------------------------------------------------- certificate

describe('computeCertificate', () => {
  it('objective helpers: gradient and objective value (exact integers)', () => {
    expect(Array.from(gradient(small, Float64Array.from([1, 0])))).toEqual([-2, 1]);
    expect(objectiveValue({ ...small, objectiveConstant: 5 }, Float64Array.from([1, 0]))).toBe(
      0.5 - 3 + 5,
    );
  });

  it('passes at the optimum of the small problem with the known multipliers', () => {
    // Integer data: the fit is exact up to a few ulps, hence 1e-12.
    const c = computeCertificate(small, Float64Array.from([1, 0]), TOL);
    expect(c.status).toBe('passed');
    expect(c.residual).toBeLessThan(1e-12);
    const expected = [2, 0, 3, 0, 0]; // row 0, lower x1, lower x2, upper x1, upper x2
    for (const [k, v] of expected.entries())
      expect(Math.abs(c.multipliers[k] - v)).toBeLessThan(1e-12);
  });

  it('fails at nearby feasible non-optimal points', () => {
    // 1e-2 and 1e-3 away from x* along feasible directions: relative residuals 6e-3, 1e-2 and 9e-4,
    // all at least 9× kktRelTol; 5e-4 leaves room for rounding yet fails a certificate that ignores slack.
    for (const x of [
      [0.99, 0],
      [0.99, 0.01],
      [0.999, 0.001],
    ]) {
      const c = computeCertificate(small, Float64Array.from(x), TOL);
      expect(c.status).toBe('failed');
      expect(c.relative).toBeGreaterThan(5e-4);
    }
  });

  it('reports numbers that an independent recomputation confirms (ℓ > 1, loaded slack facets)', () => {
    // The small problem shifted by (10, 10): same multipliers, ‖x‖ ≈ 15 so ℓ matters.
    const p = qp(2, [1, 0, 0, 1], [-13, -9], [[1, 1]], [-INF], [21], [10, 10], [12, 12]);
    for (const xv of [
      [11, 10],
      [10.99, 10.01],
      [10.9, 10],
      [10.5, 10.2],
    ]) {
      const x = Float64Array.from(xv);
      const c = computeCertificate(p, x, TOL);
      const ell = Math.hypot(...xv);
      const g = [x[0] - 13, x[1] - 9];
      const [y, l1, l2, u1, u2] = c.multipliers; // one finite side per row: μ = |y|·‖c‖
      const nmu = [y - l1 + u1, y - l2 + u2];
      const slacks = [(21 - x[0] - x[1]) / Math.SQRT2, x[0] - 10, x[1] - 10, 12 - x[0], 12 - x[1]];
      const mus = [y * Math.SQRT2, l1, l2, u1, u2];
      expect(mus.every((v) => v >= 0)).toBe(true);
      // Same formulas, different summation order: 1e-12 relative to the scale.
      const sc = Math.max(Math.hypot(...xv), Math.hypot(13, 9), Math.hypot(...nmu));
      expect(Math.abs(c.stationarity - Math.hypot(g[0] + nmu[0], g[1] + nmu[1]))).toBeLessThan(
        1e-12 * sc,
      );
      expect(
        Math.abs(c.complementarity - mus.reduce((s, v, k) => s + v * Math.abs(slacks[k]), 0) / ell),
      ).toBeLessThan(1e-12 * sc);
      expect(Math.abs(c.scale - sc)).toBeLessThan(1e-12 * sc);
      // The residual is the NNLS optimum of DESIGN §3's matrix, found by brute force (1e-9 relative, as above).
      const N = [
        [1 / Math.SQRT2, 1 / Math.SQRT2],
        [-1, 0],
        [0, -1],
        [1, 0],
        [0, 1],
      ];
      const M = Float64Array.from(N.flatMap((col, k) => [...col, Math.abs(slacks[k]) / ell]));
      const best = bruteForceResidual(M, 3, 5, Float64Array.from([-g[0], -g[1], 0]));
      expect(Math.abs(c.residual - best)).toBeLessThanOrEqual(1e-9 * best + 1e-12);
    }
  });

  it('gives signed multipliers on equality rows', () => {
    // Optimum of ½‖x − (3,−1)‖² on x1 + x2 = r is x = (3,−1) + (r − 2)/2·(1,1), y = (2 − r)/2 (exact binary fractions).
    for (const [rhs, y] of [
      [1, 0.5],
      [3, -0.5],
    ]) {
      const p = qp(2, [1, 0, 0, 1], [-3, 1], [[1, 1]], [rhs], [rhs], [-INF, -INF], [INF, INF]);
      const x = Float64Array.from([3 + (rhs - 2) / 2, -1 + (rhs - 2) / 2]);
      const c = computeCertificate(p, x, TOL);
      expect(c.status).toBe('passed');
      expect(c.multipliers[0]).toBeCloseTo(y, 14);
    }
  });

  it('fails closed on non-finite numbers and on a failed fit, without throwing', () => {
    for (const x of [
      [NaN, 0],
      [INF, 0],
    ]) {
      const c = computeCertificate(small, Float64Array.from(x), TOL);
      expect(c.status).toBe('non_finite');
      expect(c.reason).toMatch(/x\[0\]/);
    }
    const badB = { ...small, b: Float64Array.from([NaN, 1]) };
    expect(computeCertificate(badB, Float64Array.from([1, 0]), TOL)).toMatchObject({
      status: 'non_finite',
    });
    const cap = computeCertificate(small, Float64Array.from([1, 0]), TOL, undefined, {
      maxIterations: 0,
    });
    expect(cap.status).toBe('fit_failed');
    expect(cap.reason).toMatch(/NNLS/);
  });

  it('keeps a huge but finite stationarity residual finite (no overflow in its norm)', () => {
    // At x = 0 the gradient is b = (1e160, 1e160): its plain sum of squares overflows, its norm
    // √2·1e160 does not. The point is not optimal, so the status is 'failed', not 'non_finite'.
    const p = qp(2, [1, 0, 0, 1], [1e160, 1e160], [], [], [], [-INF, -INF], [INF, INF]);
    const x = new Float64Array(2);
    const expected = Math.SQRT2 * 1e160;
    for (const c of [
      computeCertificate(p, x, TOL),
      certificateAt(p, x, TOL, new Float64Array(0), []),
    ]) {
      expect(c?.status).toBe('failed');
      // Two equal entries: the scaled norm is exact up to the rounding of √2 (a few ulps).
      expect(Math.abs((c?.stationarity ?? 0) / expected - 1)).toBeLessThan(1e-15);
    }
  });

  it('skips zero rows and handles problems without facets and LPs', () => {
    const withZero = qp(
      2,
      [1, 0, 0, 1],
      [-3, 1],
      [
        [0, 0],
        [1, 1],
      ],
      [-1, -INF],
      [1, 1],
      [0, 0],
      [2, 2],
    );
    const c = computeCertificate(withZero, Float64Array.from([1, 0]), TOL);
    expect(c.status).toBe('passed');
    expect(c.multipliers[0]).toBe(0);
    expect(c.multipliers[1]).toBeCloseTo(2, 12);
    const free = qp(2, [2, 0, 0, 2], [-2, 4], [], [], [], [-INF, -INF], [INF, INF]);
    expect(computeCertificate(free, Float64Array.from([1, -2]), TOL).status).toBe('passed');
    expect(computeCertificate(free, Float64Array.from([1, -1.99]), TOL).status).toBe('failed');
    const lp = qp(2, [0, 0, 0, 0], [1, 1], [], [], [], [0, 0], [INF, INF]);
    const l = computeCertificate(lp, Float64Array.from([0, 0]), TOL);
    expect(l.status).toBe('passed');
    expect(Array.from(l.multipliers)).toEqual([1, 1, 0, 0]);
    // min ½x² + x s.t. x ≥ 1: Ax = b = 1, so the scale is ‖Nᵀμ‖ = 2 (exact arithmetic).
    const oneD = computeCertificate(
      qp(1, [1], [1], [], [], [], [1], [INF]),
      Float64Array.from([1]),
      TOL,
    );
    expect(oneD).toMatchObject({ status: 'passed', scale: 2 });
    expect(oneD.multipliers[0]).toBe(2);
  });
});

/** A strictly convex QP with a known optimum, active set and multipliers, built by construction. */
function constructedQp(seed: number, n: number, m: number) {
  const r = rng(seed);
  const G = Array.from({ length: n * n }, () => r.g());
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? 0.1 : 0;
      for (let k = 0; k < n; k++) s += G[k * n + i] * G[k * n + j];
      A[i * n + j] = s;
    }
  const xs = Float64Array.from({ length: n }, () => 2 * r.u() - 1);
  const C = Float64Array.from({ length: m * n }, () => r.g());
  const act = rowActivities(C, m, n, xs);
  const lo = new Float64Array(m).fill(-INF),
    hi = new Float64Array(m).fill(INF);
  const lower = new Float64Array(n).fill(-INF),
    upper = new Float64Array(n).fill(INF);
  const y = new Float64Array(m + 2 * n); // expected multipliers by candidate id
  for (let i = 0; i < m; i++) {
    const nrm = Math.hypot(...C.subarray(i * n, (i + 1) * n));
    if (i === 0) {
      lo[i] = hi[i] = act[i];
      y[i] = r.u() < 0.5 ? -1.3 : 0.7;
    } // equality, signed
    else if (i === 1) {
      hi[i] = act[i];
      y[i] = 0.5 + r.u();
    } // active upper side
    else if (i === 2) {
      lo[i] = act[i];
      hi[i] = act[i] + 2;
      y[i] = -(0.5 + r.u());
    } // active lower side
    else {
      lo[i] = act[i] - (0.5 + r.u()) * nrm;
      if (i % 2) hi[i] = act[i] + (0.5 + r.u()) * nrm;
    }
  }
  for (let j = 0; j < n; j++) {
    if (j === 0) {
      lower[j] = xs[j];
      upper[j] = xs[j] + 1;
      y[m + j] = 0.5 + r.u();
    } else if (j === 1) {
      upper[j] = xs[j];
      y[m + n + j] = 0.5 + r.u();
    } else if (j % 3 === 0) {
      lower[j] = xs[j] - 1 - r.u();
    } else if (j % 3 === 1) {
      upper[j] = xs[j] + 1 + r.u();
    }
  }
  // b = −Ax* − Cᵀy_rows + y_lower − y_upper, so that ∇f + Cᵀy − y_lower + y_upper = 0 at x*.
  const b = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = -y[m + j] + y[m + n + j];
    for (let k = 0; k < n; k++) s += A[j * n + k] * xs[k];
    for (let i = 0; i < m; i++) s += C[i * n + j] * y[i];
    b[j] = -s;
  }
  const problem: QPProblem = {
    n,
    m,
    A,
    b,
    C,
    lo,
    hi,
    lower,
    upper,
    objectiveConstant: 0,
    isLinear: false,
  };
  // A feasible direction: orthogonal to the five active normals (rows 0..2, e_0, e_1).
  const unit = (j: number) => Float64Array.from({ length: n }, (_, k) => (k === j ? 1 : 0));
  const d = nullDirection(
    [...[0, 1, 2].map((i) => C.slice(i * n, (i + 1) * n)), unit(0), unit(1)],
    r,
  );
  return { problem, xs, y, d };
}

/** A random unit vector orthogonal to the given vectors (Gram–Schmidt, two passes). */
function nullDirection(normals: Float64Array[], r: ReturnType<typeof rng>): Float64Array {
  const n = normals[0].length;
  const dot = (u: Float64Array, v: Float64Array) => u.reduce((s, ui, k) => s + ui * v[k], 0);
  const ortho: Float64Array[] = [];
  const d = Float64Array.from({ length: n }, () => r.g());
  for (const v of [...normals.map((u) => Float64Array.from(u)), d]) {
    for (let pass = 0; pass < 2; pass++)
      for (const q of ortho) {
        const h = dot(q, v);
        for (let k = 0; k < n; k++) v[k] -= h * q[k];
      }
    const nv = Math.sqrt(dot(v, v));
    for (let k = 0; k < n; k++) v[k] /= nv;
    if (v !== d) ortho.push(v);
  }
  return d;
}

const along = (x: Float64Array, d: Float64Array, eps: number) => x.map((v, k) => v + eps * d[k]);

describe('computeCertificate on constructed random QPs', () => {
  it('passes at x* recovering the multipliers and fails along a feasible direction', () => {
    for (let seed = 10; seed < 30; seed++) {
      const { problem, xs, y, d } = constructedQp(seed, 10, 8);
      const c = computeCertificate(problem, xs, TOL);
      expect(c.status).toBe('passed');
      // Five independent active normals and strict complementarity: the fit is unique; 1e-8 as briefed.
      for (let k = 0; k < y.length; k++)
        expect(Math.abs(c.multipliers[k] - y[k])).toBeLessThan(1e-8 * Math.max(1, Math.abs(y[k])));
      // A step of 0.01 keeps every inactive facet feasible (slacks ≥ 0.5) and leaves an
      // unexplained gradient 0.01·A d with dᵀAd ≥ 0.1: far above kktRelTol.
      const bad = computeCertificate(problem, along(xs, d, 0.01), TOL);
      expect(bad.status).toBe('failed');
      expect(bad.relative).toBeGreaterThan(1e-3);
    }
  });
});

// ---------------------------------------------------------------- invariances

type Variant = {
  name: string;
  problem: QPProblem;
  x: Float64Array;
  back: (mult: Float64Array) => Float64Array;
};

/** The transformations DESIGN §3 says must not change the decision, with the map of multipliers back to the base problem. */
function variants(p: QPProblem, x: Float64Array): Variant[] {
  const { n, m } = p;
  const scaleObj = (s: number): Variant => ({
    name: `objective×${s}`,
    problem: { ...p, A: p.A.map((v) => v * s), b: p.b.map((v) => v * s) },
    x,
    back: (mult) => mult.map((v) => v / s),
  });
  const byRows = (name: string, src: number[], factor: (k: number) => number): Variant => {
    const C = new Float64Array(src.length * n);
    src.forEach((i, k) => {
      for (let j = 0; j < n; j++) C[k * n + j] = p.C[i * n + j] * factor(k);
    });
    const problem = {
      ...p,
      m: src.length,
      C,
      lo: Float64Array.from(src, (i, k) => p.lo[i] * factor(k)),
      hi: Float64Array.from(src, (i, k) => p.hi[i] * factor(k)),
    };
    const back = (mult: Float64Array) => {
      const out = new Float64Array(m + 2 * n);
      for (const [k, i] of src.entries()) out[i] += mult[k] * factor(k);
      out.set(mult.subarray(src.length), m);
      return out;
    };
    return { name, problem, x, back };
  };
  const idx = Array.from({ length: m }, (_, i) => i);
  const perm = [...idx];
  const r = rng(m);
  for (let i = m - 1; i > 0; i--) {
    const k = Math.floor(r.u() * (i + 1));
    [perm[i], perm[k]] = [perm[k], perm[i]];
  }
  if (m > 1 && perm.every((v, i) => v === i)) perm.reverse();
  return [
    scaleObj(1e10),
    scaleObj(1e-6),
    byRows('permuted', perm, () => 1),
    byRows('row 0 ×3', [...idx, 0, 0], () => 1),
    byRows('rescaled', idx, (k) => (k % 2 ? 1e-3 : 1e3)),
    { name: 'identity', problem: p, x, back: (mult) => mult },
  ];
}

function expectInvariant(p: QPProblem, x: Float64Array): void {
  const base = computeCertificate(p, x, TOL);
  const maxMult = Math.max(1, ...Array.from(base.multipliers, Math.abs));
  for (const v of variants(p, x)) {
    const c = computeCertificate(v.problem, v.x, TOL);
    expect(c.status, v.name).toBe(base.status);
    // Passing points sit at rounding level (relative ~1e-16): compared absolutely at 1e-12.
    // Failing points have relative ~1e-2: the same number to 1e-12 relative (only rounding differs).
    const diff = Math.abs(c.relative - base.relative);
    expect(diff, v.name).toBeLessThanOrEqual(
      1e-12 * (base.status === 'passed' ? 1 : base.relative),
    );
    if (base.status === 'passed') {
      // Multipliers (mapped back; duplicates summed) agree to 1e-9 of the largest one.
      const back = v.back(c.multipliers);
      for (const [k, mu] of base.multipliers.entries()) {
        expect(Math.abs(back[k] - mu), `${v.name} multiplier ${k}`).toBeLessThanOrEqual(
          1e-9 * maxMult,
        );
      }
    }
  }
}

describe('certificate invariances (DESIGN §3)', () => {
  it('small problem: optimum and nearby points', () => {
    expectInvariant(small, Float64Array.from([1, 0]));
    expectInvariant(small, Float64Array.from([0.99, 0]));
    expectInvariant(small, Float64Array.from([0.99, 0.01]));
  });

  it('constructed random problems: optimum and perturbed points', () => {
    for (let seed = 40; seed < 46; seed++) {
      const { problem, xs, d } = constructedQp(seed, 8, 7);
      expectInvariant(problem, xs);
      expectInvariant(problem, along(xs, d, 0.01));
    }
  });
});

// ---------------------------------------------------------------- fixtures

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const num = (v: number | string): number => (typeof v === 'number' ? v : Number(v)); // "Infinity", "-Infinity", "NaN"

/** A fixture in the lineage's form min ½xᵀAx + bᵀx s.t. Cx + d ≤ 0, lower ≤ x ≤ upper, as a QPProblem. */
function lineageProblem(p: {
  n: number;
  m: number;
  A?: number[][] | null;
  b: (number | string)[];
  C?: number[][] | null;
  d?: (number | string)[] | null;
  lower?: unknown;
  upper?: unknown;
}): QPProblem {
  const { n, m } = p;
  const bound = (v: unknown, dflt: number) =>
    v == null
      ? new Float64Array(n).fill(dflt)
      : Array.isArray(v)
        ? Float64Array.from(v, num)
        : new Float64Array(n).fill(num(v as number));
  const A = p.A ? Float64Array.from(p.A.flat(), num) : new Float64Array(n * n);
  return {
    n,
    m,
    A,
    b: Float64Array.from(p.b, num),
    C: Float64Array.from((p.C ?? []).flat(), num),
    lo: new Float64Array(m).fill(-INF),
    hi: Float64Array.from(p.d ?? [], (v) => -num(v)),
    lower: bound(p.lower, -INF),
    upper: bound(p.upper, INF),
    objectiveConstant: 0,
    isLinear: A.every((v) => v === 0),
  };
}

describe('certificate on the recorded fixtures', () => {
  it('passes at the verified optimum of every solvable regression case', () => {
    const files = readdirSync(`${fixtures}cases`).filter((f) => f.endsWith('.json'));
    let checked = 0;
    for (const f of files) {
      const d = JSON.parse(readFileSync(`${fixtures}cases/${f}`, 'utf8'));
      if (d.expected.status !== 'optimal') continue;
      const c = computeCertificate(
        lineageProblem(d.problem),
        Float64Array.from(d.expected.x, num),
        TOL,
      );
      expect(c.status, `${f}: ${c.reason}`).toBe('passed');
      checked++;
      if (f.startsWith('04_')) {
        // Multipliers ~1e10 on nearly anti-parallel rows: the 60-digit reference agrees to ~2e-9; 1e-6 leaves margin.
        const ref: number[] = d.reference_check.multipliers; // rows 1, 2, 3
        for (const [k, y] of ref.entries())
          expect(Math.abs(c.multipliers[k + 1] - y)).toBeLessThanOrEqual(1e-6 * Math.max(...ref));
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it("lineage 50×30: passes at the exact optimum, fails at the reference implementation's 3e-4 objective gap", () => {
    const d = JSON.parse(readFileSync(`${fixtures}lineage/convergence-50x30.json`, 'utf8'));
    const p = lineageProblem(d);
    const xs = Float64Array.from(d.reference.x as number[]);
    const c = computeCertificate(p, xs, TOL);
    expect(c.status).toBe('passed');
    const active = Array.from(c.multipliers.subarray(0, p.m)).flatMap((y, i) => (y > 0 ? [i] : []));
    expect(active).toEqual(d.reference.active_rows);
    // Slide along the active rows until the objective is 3e-4 (relative) above the optimum.
    const dir = nullDirection(
      active.map((i) => p.C.slice(i * p.n, (i + 1) * p.n)),
      rng(7),
    );
    const fs = objectiveValue(p, xs);
    const curvature =
      2 *
      (objectiveValue(p, along(xs, dir, 1)) -
        fs -
        Array.from(gradient(p, xs)).reduce((s, g, k) => s + g * dir[k], 0));
    const x = along(xs, dir, Math.sqrt((2 * 3e-4 * Math.abs(fs)) / curvature));
    expect((objectiveValue(p, x) - fs) / Math.abs(fs)).toBeGreaterThan(2.9e-4);
    expect(
      Math.max(...Array.from(rowActivities(p.C, p.m, p.n, x), (v, i) => v - p.hi[i])),
    ).toBeLessThan(1e-12); // still feasible
    expect(computeCertificate(p, x, TOL).status).toBe('failed');
  });
});

describe('certificateAt (proposed multipliers instead of the fit)', () => {
  const x = Float64Array.from([1, 0]);
  const norms = Float64Array.from([Math.SQRT2]);
  const right = [
    { kind: 'row' as const, index: 0, upper: true, mu: 2 * Math.SQRT2 },
    { kind: 'bound' as const, index: 1, upper: false, mu: 3 },
  ];

  it('passes at the true multipliers and reports them for the constraints as given', () => {
    const c = certificateAt(small, x, TOL, norms, right);
    expect(c?.status).toBe('passed');
    // Rounding of √2·2/√2: a few ulps.
    expect(c?.residual).toBeLessThan(1e-14);
    expect(Array.from(c?.multipliers ?? [])).toEqual([
      expect.closeTo(2, 14),
      0,
      expect.closeTo(3, 14),
      0,
      0,
    ]);
    // The NNLS fit finds the same multipliers independently.
    const fitted = computeCertificate(small, x, TOL, norms);
    expect(fitted.multipliers[0]).toBeCloseTo(2, 12);
    expect(fitted.multipliers[2]).toBeCloseTo(3, 12);
  });

  it('fails when the proposed multipliers do not fit −∇f', () => {
    const wrong = [{ ...right[0] }, { ...right[1], mu: 2 }];
    const c = certificateAt(small, x, TOL, norms, wrong);
    expect(c?.status).toBe('failed');
    expect(c?.stationarity).toBeCloseTo(1, 12);
  });

  it('charges complementarity for a multiplier on a slack facet', () => {
    const slack = [...right, { kind: 'bound' as const, index: 0, upper: true, mu: 1 }];
    const c = certificateAt(small, x, TOL, norms, slack);
    // x1 = 1 sits 1 below its upper bound 2: |s|·μ/ℓ = 1·1/1, and the stationarity moves by 1.
    expect(c?.complementarity).toBeCloseTo(1, 12);
    expect(c?.status).toBe('failed');
  });

  it('declines a negative multiplier or a facet that does not exist', () => {
    expect(certificateAt(small, x, TOL, norms, [{ ...right[0], mu: -1 }])).toBeNull();
    expect(certificateAt(small, x, TOL, norms, [{ ...right[0], upper: false }])).toBeNull();
  });
});
