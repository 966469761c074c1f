import type { Matrix } from 'ml-matrix';
import { solveNnls } from '../certificate/nnls.js';
import { hessianTimes } from '../certificate/objective.js';
import { rowNorms } from '../problem/facets.js';
import type { QPProblem } from '../problem/types.js';
import { measureFeasibility } from '../solver/feasibility.js';
import {
  allFinite,
  euclid,
  type Facet,
  listFacets,
  maxAbs,
  normalDot,
  unitNormal,
} from './facet-list.js';
import { findFeasiblePoint } from './farkas.js';
import { fromBasis, nullSpaceBasis, toBasis } from './nullspace.js';
import type { CertificateCheck, UnboundedCertificate } from './types.js';

/**
 * Unboundedness verdicts (DESIGN §4) by a recession direction.
 *
 * For a feasible x and a direction d with A d = 0, bᵀd < 0 and d in the
 * recession cone of the feasible set (a_kᵀd ≤ 0 for every facet a_kᵀx ≤ β_k,
 * so = 0 on both sides of an equality), x + t d is feasible for all t ≥ 0 and
 * f(x + t d) = f(x) + t bᵀd + ½t² dᵀAd = f(x) + t bᵀd → −∞.
 */

/**
 * Tolerances of {@link checkUnboundedDirection} (‖·‖ is the 2-norm):
 *
 *  - curvature: ‖A d‖ ≤ 1e-11 · ‖A‖_F · ‖d‖ (exactly 0 for an LP);
 *  - cone:      a_kᵀd ≤ 1e-11 · ‖a_k‖ · ‖d‖ for every facet;
 *  - slope:     bᵀd ≤ −1e-9 · ‖b‖ · ‖d‖.
 *
 * All are invariant under scaling d, b, A, a row, or the units of x. They
 * sit a few orders above the rounding of the computed products (≈ 1e-16 · n)
 * and far below any conditioning a solver can work with: a Hessian whose
 * smallest relative eigenvalue along d is below 1e-11, or a facet within
 * 1e-11 rad of d's wrong side, is read as singular (a limitation, not a
 * claim: such a problem's minimiser, if any, lies beyond 1e11 · ‖b‖/‖A‖).
 */
export const RECESSION_TOLERANCES = { curvature: 1e-11, cone: 1e-11, slope: 1e-9 } as const;

/** Geometric distance within which the certificate's point counts as feasible: the solver's feasibilityTol default. */
export const DEFAULT_FEASIBILITY_TOL = 1e-6;

/** A facet whose unit normal makes ĝᵀd ≥ −ACTIVE_TOL · ‖d‖ is held at ĝᵀd = 0 when cleaning a direction. */
const ACTIVE_TOL = 1e-8;

/**
 * Columns Nᵀĝ_k of the cone fit at most this long count as zero: the facet is
 * orthogonal to null(E) up to the basis' accuracy. The SVD gives each basis
 * vector a small residual ‖E v‖ but an error of about 1e-16·‖E‖/gap along
 * the ill-determined directions of E (1e-12 and more for a Hessian with a
 * small non-zero eigenvalue), so a bound facet with d_j = 0 exactly can show
 * a column of 1e-12; kept, it would block both signs of d_j and the fit
 * would return nothing.
 */
const COLUMN_TOL = 1e-8;

/**
 * Tolerance of the cone fit's NNLS (its optimality and rank threshold). Kept
 * loose on purpose: facets whose columns are parallel in exact arithmetic
 * (e.g. two facets both orthogonal to d in a 2-D null space) come out at an
 * angle of π ± 1e-12 after rounding, and a tight rank test would load both with
 * μ ≈ 1e14, spanning a half-plane that swallows the projection.
 * {@link cleanDirection} removes the fit error this leaves.
 */
const CONE_FIT_TOL = 1e-9;

/** Options of the finder and the check. */
export interface RecessionOptions {
  /** Largest geometric distance from feasibility accepted for the point (default {@link DEFAULT_FEASIBILITY_TOL}). */
  feasibilityTol?: number;
}

/** The cone {d : E d = 0, G d ≤ 0}: E = [A/‖A‖_F ; equality normals], G = the other unit normals. */
interface RecessionCone {
  eqRows: Float64Array[];
  ineq: Facet[];
  /** Orthonormal basis of null(E). */
  basis: Matrix;
}

/** Builds the cone of {@link RecessionCone} for a problem. */
function buildCone(problem: QPProblem): RecessionCone {
  const { n, A } = problem;
  const facets = listFacets(problem, rowNorms(problem.C, problem.m, n));
  const eqRows: Float64Array[] = [];
  const aNorm = euclid(A);
  if (!problem.isLinear && aNorm > 0) {
    for (let i = 0; i < n; i++) eqRows.push(A.slice(i * n, (i + 1) * n).map((v) => v / aNorm));
  }
  const ineq: Facet[] = [];
  for (const f of facets) {
    if (!f.equality) ineq.push(f);
    else if (f.sign === 1) eqRows.push(unitNormal(problem, f, new Float64Array(n)));
  }
  return { eqRows, ineq, basis: nullSpaceBasis(eqRows, n) };
}

/**
 * Euclidean projection of v onto the cone, by Moreau's decomposition in the
 * coordinates z = Nᵀd of null(E) (N orthonormal, so projections commute):
 * the polar cone is {Σ μ_k Nᵀĝ_k : μ ≥ 0}, one NNLS fit
 *
 *     μ = argmin_{μ ≥ 0} ‖ Σ_k μ_k Nᵀĝ_k − Nᵀv ‖₂
 *
 * gives the polar part, and the remainder z = Nᵀv − Σ μ_k Nᵀĝ_k is the
 * projection, d = N z. For v = −b/‖b‖ it satisfies bᵀd = −‖b‖‖d‖² < 0
 * whenever the cone holds any descent direction. Columns Nᵀĝ_k of norm at
 * most {@link COLUMN_TOL} are left out (see there); {@link cleanDirection}
 * then holds those facets exactly. Returns null when the projection is zero
 * to the fit's accuracy.
 */
function projectOntoCone(
  problem: QPProblem,
  cone: RecessionCone,
  v: Float64Array,
): Float64Array | null {
  const N = cone.basis;
  const r = N.columns;
  if (r === 0) return null;
  const t = toBasis(N, v);
  const K = cone.ineq.length;
  const M = new Float64Array(r * K);
  const g = new Float64Array(problem.n);
  for (let k = 0; k < K; k++) {
    const col = toBasis(N, unitNormal(problem, cone.ineq[k], g));
    if (euclid(col) > COLUMN_TOL) M.set(col, k * r);
  }
  const z = t.slice();
  if (K > 0) {
    const fit = solveNnls(M, r, K, t, { tolerance: CONE_FIT_TOL });
    for (let k = 0; k < K; k++) {
      const mu = fit.x[k];
      if (mu !== 0) for (let c = 0; c < r; c++) z[c] -= mu * M[k * r + c];
    }
  }
  if (!allFinite(z) || !(euclid(z) > 1e-9 * euclid(t))) return null;
  return fromBasis(N, z);
}

/**
 * Cleans a direction: the facets it (nearly) lies on are made exactly tight
 * by projecting d onto null([E ; ĝ_active]) (kept only if that moves d by at
 * most 1e-6 relative, i.e. it removed fit error, not substance), entries
 * below 1e-14 · ‖d‖∞ are zeroed (so bound facets hold exactly), and d is
 * scaled to ‖d‖∞ = 1.
 */
function cleanDirection(problem: QPProblem, cone: RecessionCone, d: Float64Array): Float64Array {
  const n = problem.n;
  const dn = euclid(d);
  const active: Float64Array[] = [];
  for (const f of cone.ineq) {
    if (normalDot(problem, f, d) / f.norm >= -ACTIVE_TOL * dn)
      active.push(unitNormal(problem, f, new Float64Array(n)));
  }
  let out = d;
  if (active.length > 0) {
    const N2 = nullSpaceBasis([...cone.eqRows, ...active], n);
    const d2 = fromBasis(N2, toBasis(N2, d));
    let moved = 0;
    for (let j = 0; j < n; j++) moved += (d2[j] - d[j]) ** 2;
    if (Math.sqrt(moved) <= 1e-6 * dn) out = d2;
  }
  const big = maxAbs(out);
  const res = new Float64Array(n);
  for (let j = 0; j < n; j++) res[j] = Math.abs(out[j]) <= 1e-14 * big ? 0 : out[j] / big;
  return res;
}

/** d scaled to ‖d‖∞ = 1 (no other change). */
function scaleInf(d: Float64Array): Float64Array {
  const big = maxAbs(d);
  return d.map((v) => v / big);
}

/** A certificate (not yet checked) for a point and a direction. */
function certify(problem: QPProblem, point: Float64Array, d: Float64Array): UnboundedCertificate {
  let slope = 0;
  for (let j = 0; j < problem.n; j++) slope += problem.b[j] * d[j];
  return { direction: d, point, slope, curvature: euclid(hessianTimes(problem, d)), checked: true };
}

/** Is x finite and within the feasibility tolerance? */
function feasible(problem: QPProblem, x: Float64Array | null, tol: number): boolean {
  if (x === null || x.length !== problem.n || !allFinite(x)) return false;
  const dist = measureFeasibility(
    problem,
    x,
    rowNorms(problem.C, problem.m, problem.n),
  ).jointDistance;
  return dist <= tol;
}

/** The starting point of the ray: x when it is feasible, else a point found by the feasibility fit of farkas.ts. */
function startingPoint(problem: QPProblem, x: Float64Array, tol: number): Float64Array | null {
  if (feasible(problem, x, tol)) return x.slice();
  const ref = x.length === problem.n && allFinite(x) ? x : undefined;
  const y = findFeasiblePoint(problem, rowNorms(problem.C, problem.m, problem.n), ref);
  return y !== null && feasible(problem, y, tol) ? y : null;
}

/**
 * Looks for a recession direction proving the objective unbounded below and
 * returns it only if {@link checkUnboundedDirection} accepts it; null
 * otherwise (which does not prove boundedness).
 *
 * Method: the ray starts at x if it is feasible (to `feasibilityTol`), else
 * at a point from the feasibility fit. Candidates are the projections onto
 * the recession cone ∩ null(A) ({@link projectOntoCone}) of the hint
 * (e.g. the drift of the last iterates) and of −b; each is tried cleaned
 * ({@link cleanDirection}) and as is, and the first that checks is returned.
 *
 * @param x a feasible point (e.g. the last finite iterate).
 * @param hint an optional direction the iterates were drifting along.
 */
export function findUnboundedDirection(
  problem: QPProblem,
  x: Float64Array,
  hint?: Float64Array,
  options: RecessionOptions = {},
): UnboundedCertificate | null {
  const tol = options.feasibilityTol ?? DEFAULT_FEASIBILITY_TOL;
  const point = startingPoint(problem, x, tol);
  if (point === null) return null;
  const targets: Float64Array[] = [];
  for (const v of [hint, problem.b.map((bj) => -bj)]) {
    if (v === undefined || v.length !== problem.n || !allFinite(v)) continue;
    const len = euclid(v);
    if (len > 0 && Number.isFinite(len)) targets.push(v.map((vj) => vj / len));
  }
  if (targets.length === 0) return null;
  const cone = buildCone(problem);
  for (const v of targets) {
    const d = projectOntoCone(problem, cone, v);
    if (d === null) continue;
    for (const cand of [cleanDirection(problem, cone, d), scaleInf(d)]) {
      const cert = certify(problem, point, cand);
      if (checkUnboundedDirection(problem, cert, options).valid) return cert;
    }
  }
  return null;
}

/** First facet whose normal points along d beyond tolerance, or null. */
function coneViolation(problem: QPProblem, d: Float64Array, dn: number): string | null {
  const facets = listFacets(problem, rowNorms(problem.C, problem.m, problem.n));
  for (const f of facets) {
    const v = normalDot(problem, f, d);
    if (!(v <= RECESSION_TOLERANCES.cone * f.norm * dn)) {
      const what =
        f.kind === 'row'
          ? `row ${f.index} (${f.sign > 0 ? 'upper' : 'lower'} side)`
          : `${f.kind.replace('_', ' ')} of variable ${f.index}`;
      return `d leaves the recession cone at ${what}: aᵀd = ${v.toExponential(3)}`;
    }
  }
  return null;
}

/**
 * Re-verifies an unboundedness certificate from scratch: lengths and
 * finiteness, the point's feasibility (joint geometric distance, as in the
 * solver's feasibility gate, ≤ `feasibilityTol`), then the curvature, slope
 * and cone tests of {@link RECESSION_TOLERANCES}, all recomputed here.
 */
export function checkUnboundedDirection(
  problem: QPProblem,
  cert: Pick<UnboundedCertificate, 'direction' | 'point'>,
  options: RecessionOptions = {},
): CertificateCheck {
  const { n, b, A } = problem;
  const d = cert.direction;
  const no = (reason: string): CertificateCheck => ({ valid: false, reason });
  if (d.length !== n || cert.point.length !== n)
    return no(`direction and point must have length ${n}`);
  if (!allFinite(d) || !allFinite(cert.point)) return no('direction and point must be finite');
  const dn = euclid(d);
  if (!(dn > 0) || !Number.isFinite(dn)) return no(`‖d‖ is ${dn}`);
  const tol = options.feasibilityTol ?? DEFAULT_FEASIBILITY_TOL;
  const dist = measureFeasibility(
    problem,
    cert.point,
    rowNorms(problem.C, problem.m, n),
  ).jointDistance;
  if (!(dist <= tol)) return no(`the point is not feasible: joint distance ${dist} > ${tol}`);
  const T = RECESSION_TOLERANCES;
  const curvature = euclid(hessianTimes(problem, d));
  if (!(curvature <= T.curvature * euclid(A) * dn))
    return no(`‖A d‖ = ${curvature.toExponential(3)} is not 0 to tolerance`);
  let slope = 0;
  for (let j = 0; j < n; j++) slope += b[j] * d[j];
  if (!(slope < 0 && slope <= -T.slope * euclid(b) * dn))
    return no(`bᵀd = ${slope.toExponential(3)} is not a descent`);
  const outside = coneViolation(problem, d, dn);
  return outside === null ? { valid: true, reason: 'ok' } : no(outside);
}
