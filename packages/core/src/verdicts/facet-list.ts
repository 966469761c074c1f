import type { QPProblem } from '../problem/types.js';

/**
 * The facets of a problem as half-spaces a_kᵀx ≤ β_k, the common language of
 * the verdicts (see types.ts for the table of normals and offsets). Zero rows
 * are left out: normalizeProblem has already rejected the infeasible ones and
 * the others constrain nothing.
 */
export interface Facet {
  /** Row side or variable bound. */
  kind: 'row' | 'lower_bound' | 'upper_bound';
  /** Row index i or variable index j. */
  index: number;
  /** a_k = sign · c_i for a row side; a_k = sign · e_j for a bound (−1 lower, +1 upper). */
  sign: 1 | -1;
  /** ‖a_k‖₂: the row norm, or 1 for a bound. */
  norm: number;
  /** β_k: hi_i, −lo_i, u_j or −l_j. */
  offset: number;
  /** True when the opposite side has the same value (lo_i = hi_i or l_j = u_j): half of an equality. */
  equality: boolean;
}

/** Every finite facet, in candidate order (rows: upper side first; then lower bounds; then upper bounds). */
export function listFacets(problem: QPProblem, norms: Float64Array): Facet[] {
  const { m, n, lo, hi, lower, upper } = problem;
  const out: Facet[] = [];
  for (let i = 0; i < m; i++) {
    const norm = norms[i];
    if (!(norm > 0)) continue;
    const equality = lo[i] === hi[i];
    if (Number.isFinite(hi[i]))
      out.push({ kind: 'row', index: i, sign: 1, norm, offset: hi[i], equality });
    if (Number.isFinite(lo[i]))
      out.push({ kind: 'row', index: i, sign: -1, norm, offset: -lo[i], equality });
  }
  for (let j = 0; j < n; j++) {
    if (Number.isFinite(lower[j])) {
      out.push({
        kind: 'lower_bound',
        index: j,
        sign: -1,
        norm: 1,
        offset: -lower[j],
        equality: lower[j] === upper[j],
      });
    }
  }
  for (let j = 0; j < n; j++) {
    if (Number.isFinite(upper[j])) {
      out.push({
        kind: 'upper_bound',
        index: j,
        sign: 1,
        norm: 1,
        offset: upper[j],
        equality: lower[j] === upper[j],
      });
    }
  }
  return out;
}

/** a_kᵀv (summation over j ascending). */
export function normalDot(problem: QPProblem, f: Facet, v: ArrayLike<number>): number {
  if (f.kind !== 'row') return f.sign * v[f.index];
  const { n, C } = problem;
  const base = f.index * n;
  let s = 0;
  for (let j = 0; j < n; j++) s += C[base + j] * v[j];
  return f.sign * s;
}

/** out ← out + w · a_k. */
export function addNormal(problem: QPProblem, f: Facet, w: number, out: Float64Array): void {
  if (f.kind !== 'row') {
    out[f.index] += w * f.sign;
    return;
  }
  const { n, C } = problem;
  const base = f.index * n;
  const ws = w * f.sign;
  for (let j = 0; j < n; j++) out[j] += ws * C[base + j];
}

/** The unit normal a_k / ‖a_k‖ written into out (length n). */
export function unitNormal(problem: QPProblem, f: Facet, out: Float64Array): Float64Array {
  out.fill(0);
  addNormal(problem, f, 1 / f.norm, out);
  return out;
}

/** Euclidean norm of a plain array (no overflow guard needed for unit-scaled data). */
export function euclid(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** Largest absolute entry. */
export function maxAbs(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s = Math.max(s, Math.abs(v[i]));
  return s;
}

/** True when every entry is a finite number. */
export function allFinite(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}
