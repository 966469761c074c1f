import { rowNorms } from '../../src/problem/facets.js';
import type { ProblemInput, QPProblem } from '../../src/problem/types.js';
import { gaussianSource } from './random.js';

/**
 * Convex QPs with an optimum known by construction (the polish and hot-start
 * tests): x*, an active set and its multipliers are drawn first, and b and
 * the facets are placed so that x* satisfies the KKT conditions.
 */

/** Deterministic generator (mulberry32) with Gaussian draws. */
export function rng(seed: number) {
  const { u, g } = gaussianSource(seed);
  return { u, g, vec: (n: number, s = 1): number[] => Array.from({ length: n }, () => s * g()) };
}

export type Side = 'upper' | 'lower' | 'equal';
export interface Spec {
  n: number;
  /** Sides of the active rows (the first rows of C). */
  activeRows: Side[];
  inactiveRows: number;
  activeLower: number;
  activeUpper: number;
  /** Rank of A (default n, with a 0.5·I ridge); 0 for an LP. */
  rank?: number;
  /** Geometric slack at x* of one extra, inactive row (the last row). */
  nearRow?: number;
}
export interface Built {
  input: ProblemInput & { C: number[][]; lo: number[]; hi: number[] };
  xStar: number[];
  active: number[];
  /** The constructed multiplier of each active facet (same order as `active`). */
  multipliers: number[];
  m: number;
}

export const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
  Array.from(a).reduce((s, v, j) => s + v * b[j], 0);
export const norm = (a: ArrayLike<number>): number => Math.sqrt(dot(a, a));

/**
 * A QP with a known optimum by construction: pick x*, an active set and
 * multipliers μ > 0 (either sign on equality rows), put the active facets
 * through x*, the inactive ones at slack 0.2..1.2, and set b = −Ax* − Σ μ_k a_k,
 * so x* satisfies the KKT conditions. `active` lists candidate ids.
 */
export function build(seed: number, s: Spec): Built {
  const r = rng(seed);
  const { n } = s;
  const rank = s.rank ?? n;
  const L = Array.from({ length: n }, () => r.vec(rank));
  const A = L.map((li, i) => L.map((lj, j) => dot(li, lj) + (rank === n && i === j ? 0.5 : 0)));
  const xStar = r.vec(n);
  const force = new Array<number>(n).fill(0);
  const C: number[][] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  const active: number[] = [];
  const multipliers: number[] = [];
  for (const side of s.activeRows) {
    const c = r.vec(n);
    const t = dot(c, xStar);
    const mu = side === 'equal' ? r.g() : 0.5 + r.u();
    const sign = side === 'lower' ? -1 : 1;
    for (let j = 0; j < n; j++) force[j] += mu * sign * c[j];
    active.push(C.length);
    multipliers.push(mu);
    C.push(c);
    lo.push(side === 'upper' ? -Infinity : t);
    hi.push(side === 'lower' ? Infinity : t);
  }
  const rows = s.inactiveRows + (s.nearRow === undefined ? 0 : 1);
  for (let k = 0; k < rows; k++) {
    const c = r.vec(n);
    const t = dot(c, xStar);
    const gap = (k === s.inactiveRows ? s.nearRow! : 0.2 + r.u()) * norm(c);
    const kind = k === s.inactiveRows ? 0 : Math.floor(3 * r.u());
    C.push(c);
    lo.push(kind === 0 ? -Infinity : t - gap);
    hi.push(kind === 1 ? Infinity : t + gap);
  }
  const m = C.length;
  const lower = xStar.map((v) => v - 1 - r.u());
  const upper = xStar.map((v) => v + 1 + r.u());
  for (let j = 0; j < s.activeLower + s.activeUpper; j++) {
    const atLower = j < s.activeLower;
    (atLower ? lower : upper)[j] = xStar[j];
    const mu = 0.5 + r.u();
    force[j] += (atLower ? -1 : 1) * mu;
    active.push(atLower ? m + j : m + n + j);
    multipliers.push(mu);
  }
  const b = xStar.map((_, i) => -dot(A[i], xStar) - force[i]);
  const input = { A: rank === 0 ? null : A, b, C, lo, hi, lower, upper };
  return { input, xStar, active, multipliers, m };
}

export function hintsFor(p: QPProblem, active: number[]) {
  const spikeCounts = new Uint32Array(p.m + 2 * p.n);
  for (const id of active) spikeCounts[id] = 3;
  return { spikeCounts, norms: rowNorms(p.C, p.m, p.n) };
}

export function perturbed(x: number[], seed: number, size: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from(x, (v) => v + size * r.g());
}
