/**
 * The problems the suites run: the lineage fixtures, the raster pictures,
 * random QPs with a controlled condition number and a receding-horizon
 * (MPC) sequence. Every generator is seeded.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  fromLineageForm,
  normalizeProblem,
  type ProblemInput,
  parseQps,
  type QPProblem,
} from '@snn-opt/core';
import { Matrix, QrDecomposition } from 'ml-matrix';
import { normal, rng } from './common.js';

const FIXTURES = fileURLToPath(new URL('../../../packages/core/test/fixtures/', import.meta.url));

/** The 50×30 lineage problem and its exact reference objective. */
export function convergenceFixture(): {
  problem: QPProblem;
  x0: number[];
  referenceObjective: number;
  description: string;
} {
  const f = JSON.parse(readFileSync(join(FIXTURES, 'lineage/convergence-50x30.json'), 'utf8'));
  return {
    problem: normalizeProblem(fromLineageForm({ A: f.A, b: f.b, C: f.C, d: f.d })),
    x0: f.x0,
    referenceObjective: f.reference.objective,
    description: f.description,
  };
}

/** The 30-QP warm-start sequence of the lineage (shared A, C, d; b drifts). */
export function warmstartFixture(): {
  problems: QPProblem[];
  x0Cold: number[];
  referenceObjectives: number[];
} {
  const f = JSON.parse(readFileSync(join(FIXTURES, 'lineage/warmstart-sequence-5x4.json'), 'utf8'));
  return {
    problems: f.b_sequence.map((b: number[]) =>
      normalizeProblem(fromLineageForm({ A: f.A, b, C: f.C, d: f.d })),
    ),
    x0Cold: f.x0_cold,
    referenceObjectives: f.reference.map((r: { objective: number }) => r.objective),
  };
}

/** The Maros–Meszaros fixtures with their published optimal objectives. */
export function marosMeszaros(): Array<{ name: string; problem: QPProblem; optimum: number }> {
  const dir = join(FIXTURES, 'maros-meszaros');
  const optima = new Map<string, number>();
  for (const line of readFileSync(join(dir, 'optima.csv'), 'utf8').trim().split('\n').slice(1)) {
    const cells = line.split(',');
    optima.set(cells[0], Number(cells[cells.length - 1]));
  }
  return readdirSync(dir)
    .filter((f) => f.endsWith('.QPS'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.QPS$/, '');
      return {
        name,
        problem: normalizeProblem(parseQps(readFileSync(join(dir, f), 'utf8')).problem),
        optimum: optima.get(name) ?? Number.NaN,
      };
    });
}

/** A = QᵀΛQ as a row-major n×n array; λ log-spaced over [1, κ], Q from the QR of a Gaussian matrix. */
function conditionedHessian(n: number, kappa: number, gauss: () => number): number[][] {
  const G = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) G.set(i, j, gauss());
  const Q = new QrDecomposition(G).orthogonalMatrix;
  const lambda = Array.from({ length: n }, (_, k) => (n === 1 ? 1 : kappa ** (k / (n - 1))));
  const A = Q.mmul(Matrix.diag(lambda)).mmul(Q.transpose());
  const rows = A.to2DArray();
  // Symmetrise exactly (round-off leaves ~1e-16 asymmetry).
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) rows[i][j] = rows[j][i] = 0.5 * (rows[i][j] + rows[j][i]);
  return rows;
}

/**
 * A random strictly convex QP with cond(A) = κ: m = n/2 inequality rows
 * (unit normals, about a third cutting off the unconstrained optimum), and
 * box bounds on every variable of which some are active. x = 0 is feasible.
 */
export function conditionedQP(n: number, kappa: number, seed: number): QPProblem {
  const u = rng(seed * 7919 + n * 31 + Math.round(Math.log10(kappa) * 1000));
  const gauss = normal(u);
  const A = conditionedHessian(n, kappa, gauss);
  const xu = Array.from({ length: n }, () => 2 * gauss());
  const b = A.map((row) => -row.reduce((s, a, j) => s + a * xu[j], 0));
  const m = Math.max(1, Math.round(n / 2));
  const C: number[][] = [];
  const hi: number[] = [];
  for (let i = 0; i < m; i++) {
    const c = Array.from({ length: n }, gauss);
    const norm = Math.hypot(...c);
    const unit = c.map((v) => v / norm);
    const at = unit.reduce((s, v, j) => s + v * xu[j], 0);
    C.push(unit);
    // A third of the rows cut off xu (placed part-way to it), the rest sit beyond it.
    hi.push(i % 3 === 0 && at > 0 ? 0.5 * at : Math.abs(at) + 0.5);
  }
  const bound = 3;
  return normalizeProblem({ A, b, C, hi, lower: -bound, upper: bound });
}

/** The 4-D box QP whose unconstrained optimum (2, −1.5, 0.5, 3) lies outside [−1, 1]⁴. */
export function boxQP4(): ProblemInput {
  const A = [
    [4, 1, 0, 0.5],
    [1, 3, 0.5, 0],
    [0, 0.5, 2, 0.3],
    [0.5, 0, 0.3, 1.5],
  ];
  const xu = [2, -1.5, 0.5, 3];
  const b = A.map((row) => -row.reduce((s, a, j) => s + a * xu[j], 0));
  return { A, b, lower: -1, upper: 1 };
}

/**
 * An 8-D QP over a polytope of 16 facets {c_iᵀx ≤ 1}, the unconstrained
 * optimum far outside. Seed 840: from the origin the state reaches row 15
 * (active at the optimum) first; on its way along it, rows 6 and 4, which are
 * not active at the optimum, fire for a while and go quiet, and row 5 joins
 * row 15 for good.
 */
export function polytopeQP8(): ProblemInput {
  const u = rng(840);
  const gauss = normal(u);
  const n = 8;
  const M = Array.from({ length: n }, () => Array.from({ length: n }, gauss));
  // A = MᵀM/n + I: well conditioned, not diagonal.
  const A = Array.from({ length: n }, (_, i) =>
    Array.from(
      { length: n },
      (_, j) => M.reduce((s, row) => s + row[i] * row[j], 0) / n + (i === j ? 1 : 0),
    ),
  );
  const C = Array.from({ length: 16 }, () => {
    const c = Array.from({ length: n }, gauss);
    const norm = Math.hypot(...c);
    return c.map((v) => v / norm);
  });
  const xu = Array.from({ length: n }, () => 3 * gauss());
  const b = A.map((row) => -row.reduce((s, a, j) => s + a * xu[j], 0));
  return { A, b, C, hi: C.map(() => 1) };
}

/** A 2-D quadratic with three half-spaces; its unconstrained optimum (3, 2.5) is cut off by two of them. */
export function plane2D(): ProblemInput & { C: number[][]; hi: number[] } {
  return {
    A: [
      [2, 0.6],
      [0.6, 1],
    ],
    b: [-(2 * 3 + 0.6 * 2.5), -(0.6 * 3 + 1 * 2.5)],
    C: [
      [1, 1],
      [1, -0.5],
      [-0.4, 1],
    ],
    hi: [3, 1.5, 1.6],
  };
}

/**
 * A receding-horizon sequence: two decoupled double integrators (position and
 * velocity per axis, an acceleration input per axis), condensed over a horizon
 * of N steps so the variables are the 2N inputs, with input bounds as variable
 * bounds and position/velocity bounds as two-sided rows. Each step the first
 * input is applied and the horizon moves on, so x(0) changes; b and the row
 * bounds change with it. Returns the problem factory; the caller closes the loop.
 */
export function mpcModel(N: number) {
  const dt = 0.2;
  const nx = 4;
  const nu = 2;
  // State (px, vx, py, vy); Ad and Bd per axis.
  const Ad = [
    [1, dt, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, dt],
    [0, 0, 0, 1],
  ];
  const Bd = [
    [0.5 * dt * dt, 0],
    [dt, 0],
    [0, 0.5 * dt * dt],
    [0, dt],
  ];
  const qDiag = [1, 0.1, 1, 0.1];
  const rWeight = 0.1;
  const uMax = 1;
  const vMax = 1.2;
  const pMax = 5;
  const n = nu * N;
  const matVec = (M: number[][], v: number[]) =>
    M.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));
  const matMul = (P: number[][], Q: number[][]) =>
    P.map((row) => Q[0].map((_, j) => row.reduce((s, a, k) => s + a * Q[k][j], 0)));
  // Powers of Ad and the prediction x_k = Ad^k x0 + Σ_j Ad^(k−1−j) Bd u_j (k = 1..N).
  const powers: number[][][] = [Ad.map((_, i) => Ad.map((_, j) => (i === j ? 1 : 0)))];
  for (let k = 1; k <= N; k++) powers.push(matMul(Ad, powers[k - 1]));
  // Gamma: (N·nx) × n.
  const Gamma: number[][] = [];
  for (let k = 1; k <= N; k++) {
    for (let s = 0; s < nx; s++) {
      const row = new Array(n).fill(0);
      for (let j = 0; j < k; j++) {
        const AB = matMul(powers[k - 1 - j], Bd);
        for (let q = 0; q < nu; q++) row[j * nu + q] = AB[s][q];
      }
      Gamma.push(row);
    }
  }
  // Hessian Γᵀ Q̄ Γ + R̄.
  const A = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let s = i === j ? rWeight : 0;
      for (let r = 0; r < Gamma.length; r++) s += Gamma[r][i] * qDiag[r % nx] * Gamma[r][j];
      return s;
    }),
  );
  const stateBound = [pMax, vMax, pMax, vMax];
  const problemAt = (x0: number[]): QPProblem => {
    const free: number[] = [];
    for (let k = 1; k <= N; k++) free.push(...matVec(powers[k], x0));
    const b = Array.from({ length: n }, (_, j) =>
      Gamma.reduce((s, row, r) => s + row[j] * qDiag[r % nx] * free[r], 0),
    );
    const lo = free.map((f, r) => -stateBound[r % nx] - f);
    const hi = free.map((f, r) => stateBound[r % nx] - f);
    return normalizeProblem({ A, b, C: Gamma, lo, hi, lower: -uMax, upper: uMax });
  };
  const step = (x0: number[], u: ArrayLike<number>) => {
    const next = matVec(Ad, x0);
    const bu = matVec(Bd, [u[0], u[1]]);
    return next.map((v, i) => v + bu[i]);
  };
  /** The previous solution shifted by one step (last input repeated): the MPC warm start. */
  const shift = (u: ArrayLike<number>) => {
    const out = new Float64Array(n);
    for (let j = 0; j < n - nu; j++) out[j] = u[j + nu];
    for (let j = n - nu; j < n; j++) out[j] = u[j];
    return out;
  };
  return { n, m: N * nx, problemAt, step, shift, x0: [4, 0, -3, 0.5] };
}
