import { createRequire } from 'node:module';

/**
 * An independent exact reference for the property tests: the Goldfarb–Idnani
 * dual active-set method of the `quadprog` package (a port of R's quadprog),
 * which shares no code with snn-opt. It solves
 *
 *     minimise ½ xᵀDx − dᵀx   subject to   Aᵀx ≥ b0 (first meq rows as equalities)
 *
 * with 1-based arrays; {@link referenceSolve} converts the two-sided form of
 * snn-opt (lo ≤ Cx ≤ hi, lower ≤ x ≤ upper, objective ½xᵀAx + bᵀx) into it.
 */

const require = createRequire(import.meta.url);
const quadprog = require('quadprog') as {
  solveQP(
    Dmat: number[][],
    dvec: number[],
    Amat: number[][],
    bvec: number[],
    meq: number,
  ): { solution?: number[]; message: string };
};

/** A dense problem in the plain-array form the property tests generate. */
export interface DenseQP {
  n: number;
  /** n×n rows, symmetric (positive definite for {@link referenceSolve}). */
  A: number[][];
  b: number[];
  /** m×n rows. */
  C: number[][];
  lo: number[];
  hi: number[];
  lower: number[];
  upper: number[];
}

/** ½xᵀAx + bᵀx. */
export function denseObjective(p: DenseQP, x: ArrayLike<number>): number {
  let f = 0;
  for (let i = 0; i < p.n; i++) {
    let ax = 0;
    for (let j = 0; j < p.n; j++) ax += p.A[i][j] * x[j];
    f += x[i] * (0.5 * ax + p.b[i]);
  }
  return f;
}

/** Solves M y = r by Gaussian elimination with partial pivoting (M square, copied). */
export function gaussSolve(M: number[][], r: number[]): number[] {
  const n = r.length;
  const a = M.map((row, i) => [...row, r[i]]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
    [a[k], a[p]] = [a[p], a[k]];
    if (a[k][k] === 0) throw new Error('gaussSolve: singular matrix');
    for (let i = k + 1; i < n; i++) {
      const f = a[i][k] / a[k][k];
      for (let j = k; j <= n; j++) a[i][j] -= f * a[k][j];
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = a[i][n];
    for (let j = i + 1; j < n; j++) s -= a[i][j] * y[j];
    y[i] = s / a[i][i];
  }
  return y;
}

/**
 * The exact minimiser of a strictly convex, feasible {@link DenseQP} by
 * quadprog. Equalities (lo = hi, lower = upper) go in as equalities; when
 * they are linearly dependent (e.g. a row 1.4·x₃ = 0 next to a fixed x₃),
 * quadprog reports them "inconsistent", and the solve is retried with every
 * equality written as a pair of opposite inequalities. Goldfarb–Idnani can
 * also give up on a degenerate optimum (more facets active than the
 * dimension of their span); the last retry relaxes every facet outward by
 * distinct amounts ≤ 1.5e-14·(1 + |β|), which breaks the tie. The optimum
 * moves by at most that over the facet's smallest coefficient on the variable
 * concerned; the generators flush coefficients under 1e-6 to 0, so this
 * stays a few 1e-8 at worst, inside the 1e-7 the tests check. (1e-11 was too
 * much: a row with a 7e-6 coefficient let the reference drift by 3e-6.)
 */
export function referenceSolve(p: DenseQP): { x: number[]; objective: number } {
  try {
    return quadprogSolve(p, true, 0);
  } catch {
    try {
      return quadprogSolve(p, false, 0);
    } catch {
      return quadprogSolve(p, false, 1e-14);
    }
  }
}

function quadprogSolve(
  p: DenseQP,
  equalities: boolean,
  relax: number,
): { x: number[]; objective: number } {
  const { n } = p;
  // Constraints as columns g with gᵀx ≥ β; equalities first.
  const eq: Array<[number[], number]> = [];
  const ineq: Array<[number[], number]> = [];
  const add = (g: number[], l: number, u: number) => {
    if (l === u && equalities) eq.push([g, l]);
    else {
      const k = ineq.length + 1;
      // Distinct, deterministic relaxations: k·φ mod 1 spreads them over (0, 1).
      const r = (v: number) => relax * (1 + Math.abs(v)) * (0.5 + ((k * 0.6180339887498949) % 1));
      if (l > Number.NEGATIVE_INFINITY) ineq.push([g, l - r(l)]);
      if (u < Number.POSITIVE_INFINITY) ineq.push([g.map((v) => -v), -u - r(u)]);
    }
  };
  for (let i = 0; i < p.C.length; i++) add(p.C[i], p.lo[i], p.hi[i]);
  for (let j = 0; j < n; j++) {
    const e = new Array<number>(n).fill(0);
    e[j] = 1;
    add(e, p.lower[j], p.upper[j]);
  }
  const all = [...eq, ...ineq];
  let x: number[];
  if (all.length === 0) {
    x = gaussSolve(
      p.A,
      p.b.map((v) => -v),
    );
  } else {
    const Dmat: number[][] = [[]];
    const Amat: number[][] = [[]];
    const dvec: number[] = [0];
    const bvec: number[] = [0];
    for (let i = 1; i <= n; i++) {
      Dmat[i] = [0];
      Amat[i] = [0];
      dvec[i] = -p.b[i - 1];
      for (let j = 1; j <= n; j++) Dmat[i][j] = p.A[i - 1][j - 1];
      for (let k = 1; k <= all.length; k++) Amat[i][k] = all[k - 1][0][i - 1];
    }
    for (let k = 1; k <= all.length; k++) bvec[k] = all[k - 1][1];
    const res = quadprog.solveQP(Dmat, dvec, Amat, bvec, eq.length);
    if (res.message !== '' || !res.solution) throw new Error(`quadprog failed: ${res.message}`);
    x = res.solution.slice(1, n + 1);
  }
  return { x, objective: denseObjective(p, x) };
}

/** Largest violation of the rows and bounds at x (absolute, in the rows' own units). */
export function denseViolation(p: DenseQP, x: ArrayLike<number>): number {
  let worst = 0;
  p.C.forEach((c, i) => {
    let cx = 0;
    for (let j = 0; j < p.n; j++) cx += c[j] * x[j];
    worst = Math.max(worst, p.lo[i] - cx, cx - p.hi[i]);
  });
  for (let j = 0; j < p.n; j++) worst = Math.max(worst, p.lower[j] - x[j], x[j] - p.upper[j]);
  return worst;
}
