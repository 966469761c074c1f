import { Matrix, QrDecomposition } from 'ml-matrix';
import type { QPProblem } from '../problem/types.js';
import { type CurvatureFactor, EIG_TOL, factorCurvature } from './curvature.js';
import {
  block,
  dot,
  frobenius,
  mulTVec,
  mulVec,
  norm2,
  solveUpper,
  solveUpperTransposed,
  toMatrix,
} from './dense.js';
import { type Facet, roundingAllowance } from './facets.js';
import type { HessianFactorCache } from './factor-cache.js';
import { type KktStep, refineKkt, snapWorkingBounds } from './kkt-refinement.js';
import { applyRangeSpace, planRangeSpace } from './range-space.js';
import { multipliersAt, type Reduced } from './reduced.js';

/**
 * The equality-constrained QP of a working set (DESIGN §4, polish):
 *
 *     minimise ½xᵀAx + bᵀx   subject to  a_kᵀx = t_k  for every facet k of the set
 *
 * (facets.ts gives a_k, t_k). Working bounds fix their variables, which are
 * eliminated; on the f free variables y = x_F this is
 *
 *     minimise ½yᵀHy + gᵀy  s.t.  Ey = e,   H = A_FF,  g = b_F + A_FX x_X,
 *     E = rows a_k restricted to F,  e_k = t_k − a_kᵀ(x_X)   (X = fixed variables).
 *
 * (reduced.ts builds it; when A is positive definite the working bounds may
 * instead stay as rows ±e_jᵀ of E, with F every variable and H = A, so that
 * one factor of A serves every working set.)
 * E has full row rank k (selection.ts). When H is positive definite the
 * range-space method of range-space.ts solves the KKT system below with two
 * Cholesky factorisations. Otherwise, the null-space method: the Householder QR
 * (ml-matrix) of the f×f matrix [Eᵀ | 0] gives an orthogonal Q = [Q₁ Z] with
 * Eᵀ = Q₁R₁ and EZ = 0. The KKT system
 *
 *     [H Eᵀ; E 0] [δy; δλ] = [r₁; r₂]
 *
 * is solved as  u = R₁⁻ᵀr₂,  w = H_Z⁺ Zᵀ(r₁ − HQ₁u)  (H_Z = ZᵀHZ, curvature.ts),
 * δy = Q₁u + Zw,  δλ = R₁⁻¹Q₁ᵀ(r₁ − Hδy). The first solve takes r from the
 * current point; two more steps of iterative refinement on the full KKT
 * residual r₁ = −g − Hy − Eᵀλ, r₂ = e − Ey bring the solution to rounding level
 * (kkt-refinement.ts, shared with held-working-set.ts).
 * λ_k is the multiplier of facet k in ∇f + Σ_k λ_k a_k = 0; a working bound's
 * multiplier is read off the fixed variable's component of that equation.
 *
 * When H_Z is singular (an LP, or a Hessian with a null space) and the reduced
 * gradient Zᵀ∇f has a component on the zero-curvature directions, the QP on the
 * working set is unbounded below: the result is then a descent ray
 * d = −Z·P₀Zᵀ∇f (P₀ the projection onto the zero-curvature eigenvectors), along
 * which f decreases linearly; the active-set loop follows it to the first
 * blocking facet. Otherwise w is the least-norm solution: when the optimum on
 * the working set is not unique, the one closest to the current point is taken.
 * When the working rows do not hold yet at x, the least-norm step onto them is
 * returned first with `stationary: false` (the ray follows at the next call).
 */
export type EqpOutcome =
  | {
      kind: 'point';
      x: Float64Array;
      multipliers: Float64Array;
      curvature: CurvatureFactor['kind'];
      stationary: boolean;
    }
  | { kind: 'ray'; direction: Float64Array; slope: number; curvature: number }
  | { kind: 'failed'; reason: string };

interface NullSpace {
  Q1: Float64Array;
  R1: Float64Array;
  /** f×d basis of the null space of E, or null for the identity (no rows). */
  Z: Float64Array | null;
  d: number;
  curv: CurvatureFactor;
}

/** QR of [Eᵀ | 0] and the factor of the reduced Hessian; a string when R₁ is singular. */
function factorNullSpace(red: Reduced): NullSpace | string {
  const { f, k, E, H } = red;
  const d = f - k;
  let Q1: Float64Array = new Float64Array(0);
  let R1: Float64Array = new Float64Array(0);
  let Z: Float64Array | null = null;
  if (k > 0) {
    const P = new Matrix(f, f);
    for (let r = 0; r < k; r++) for (let a = 0; a < f; a++) P.set(a, r, E[r * f + a]);
    const qr = new QrDecomposition(P);
    const Q = qr.orthogonalMatrix;
    R1 = block(qr.upperTriangularMatrix, 0, k, 0, k);
    for (let r = 0; r < k; r++) {
      const diag = R1[r * k + r];
      if (!(Math.abs(diag) > 0) || !Number.isFinite(diag))
        return `the working rows are singular after elimination (R[${r}][${r}] = ${diag})`;
    }
    Q1 = block(Q, 0, f, 0, k);
    Z = block(Q, 0, f, k, d);
  }
  let Hz: Float64Array;
  if (!H.some((v) => v !== 0) || d === 0) Hz = new Float64Array(d * d);
  else if (Z === null) Hz = H;
  else {
    const Zm = toMatrix(Z, f, d);
    const HzM = Zm.transposeMultiply(toMatrix(H, f, f).mmul(Zm));
    Hz = block(HzM, 0, d, 0, d);
  }
  return { Q1, R1, Z, d, curv: factorCurvature(Hz, d) };
}

/** Solves the KKT system for the right-hand side (r₁, r₂) with the null-space factors. */
function applyKkt(red: Reduced, ns: NullSpace, r1: Float64Array, r2: Float64Array): KktStep {
  const { f, k, H } = red;
  const { Q1, R1, Z, d } = ns;
  const u = k > 0 ? solveUpperTransposed(R1, k, r2) : new Float64Array(0);
  const dy = k > 0 ? mulVec(Q1, f, k, u) : new Float64Array(f);
  const hy = mulVec(H, f, f, dy);
  const t = new Float64Array(f);
  for (let a = 0; a < f; a++) t[a] = r1[a] - hy[a];
  const w = ns.curv.solve(Z ? mulTVec(Z, f, d, t) : t);
  const zw = Z ? mulVec(Z, f, d, w) : w;
  for (let a = 0; a < f; a++) dy[a] += zw[a];
  if (k === 0) return { dy, dl: new Float64Array(0) };
  mulVec(H, f, f, dy, hy);
  for (let a = 0; a < f; a++) t[a] = r1[a] - hy[a];
  return { dy, dl: solveUpper(R1, k, mulTVec(Q1, f, k, t)) };
}

/** KKT residual r₁ = −g − Hy − Eᵀλ, r₂ = e − Ey. */
function kktResidual(
  red: Reduced,
  y: Float64Array,
  l: Float64Array,
): { r1: Float64Array; r2: Float64Array } {
  const { f, k, H, E, g, e } = red;
  const r1 = mulVec(H, f, f, y);
  const el = mulTVec(E, k, f, l);
  for (let a = 0; a < f; a++) r1[a] = -g[a] - r1[a] - el[a];
  const r2 = mulVec(E, k, f, y);
  for (let r = 0; r < k; r++) r2[r] = e[r] - r2[r];
  return { r1, r2 };
}

/**
 * The descent ray of an unbounded working-set QP; null when the reduced
 * gradient has no zero-curvature component above `statTol`; 'deferred' when
 * it has one but the working rows do not hold yet at the current point (the
 * least-norm step onto them comes first, the ray at the next step).
 */
function descentRay(
  p: QPProblem,
  red: Reduced,
  ns: NullSpace,
  norms: Float64Array,
  statTol: number,
): EqpOutcome | 'deferred' | null {
  if (ns.curv.nullity === 0) return null;
  const { f, k, E, H, y0 } = red;
  const grad = mulVec(H, f, f, y0);
  for (let a = 0; a < f; a++) grad[a] += red.g[a];
  const g0 = ns.curv.nullPart(ns.Z ? mulTVec(ns.Z, f, ns.d, grad) : grad);
  if (!(norm2(g0) > statTol)) return null;
  const r2 = mulVec(E, k, f, y0);
  const xNorm = norm2(red.base);
  for (let r = 0; r < k; r++) {
    if (Math.abs(red.e[r] - r2[r]) > roundingAllowance(p, red.rows[r], norms, xNorm))
      return 'deferred';
  }
  const dF = ns.Z ? mulVec(ns.Z, f, ns.d, g0) : g0;
  const direction = new Float64Array(p.n);
  let slope = 0;
  for (let a = 0; a < f; a++) {
    direction[red.free[a]] = -dF[a];
    slope -= grad[a] * dF[a];
  }
  const hd = mulVec(H, f, f, dF);
  let curvature = 0;
  for (let a = 0; a < f; a++) curvature += dF[a] * hd[a];
  // d lies on eigenvalues ≤ EIG_TOL·θ_max: what curvature it shows is rounding, not a line minimum.
  if (curvature <= EIG_TOL * frobenius(H) * dot(dF, dF)) curvature = 0;
  return { kind: 'ray', direction, slope, curvature };
}

/**
 * Solves the equality-constrained QP of the selected (linearly independent)
 * facets from the current point x. Returns the point and the multipliers of
 * the selected facets (in their order), or a descent ray when the QP on the
 * working set is unbounded below (see the module comment), or a failure.
 * `statTol` is the size of a zero-curvature reduced gradient that still
 * counts as zero.
 */
export function solveEqp(
  p: QPProblem,
  x: Float64Array,
  selected: readonly Facet[],
  norms: Float64Array,
  statTol: number,
  cache?: HessianFactorCache,
): EqpOutcome {
  // A positive definite H needs neither the null space nor a ray: the cheap range-space path
  // (range-space.ts chooses between bounds eliminated and bounds as rows).
  const { red, rs } = planRangeSpace(p, x, selected, cache);
  let kkt: (r1: Float64Array, r2: Float64Array) => KktStep;
  let curvature: CurvatureFactor['kind'] = 'cholesky';
  let stationary = true;
  if (rs !== null) kkt = (r1, r2) => applyRangeSpace(rs, r1, r2);
  else {
    const ns = factorNullSpace(red);
    if (typeof ns === 'string') return { kind: 'failed', reason: ns };
    const ray = descentRay(p, red, ns, norms, statTol);
    if (ray !== null && ray !== 'deferred') return ray;
    kkt = (r1, r2) => applyKkt(red, ns, r1, r2);
    curvature = ns.curv.kind;
    stationary = ray === null;
  }
  const y = red.y0.slice();
  const l = new Float64Array(red.k);
  refineKkt(y, l, (yAt, lAt) => {
    const { r1, r2 } = kktResidual(red, yAt, lAt);
    return kkt(r1, r2);
  });
  const xh = red.base.slice();
  for (let a = 0; a < red.f; a++) xh[red.free[a]] = y[a];
  // A bound kept as a row holds to rounding after the solve: put the variable on it exactly.
  snapWorkingBounds(p, red.rows, xh, norms);
  for (let j = 0; j < xh.length; j++) {
    if (!Number.isFinite(xh[j]))
      return { kind: 'failed', reason: `the equality-constrained solve gave x[${j}] = ${xh[j]}` };
  }
  return {
    kind: 'point',
    x: xh,
    multipliers: multipliersAt(p, red, selected, xh, l),
    curvature,
    stationary,
  };
}
