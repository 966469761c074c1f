import { gradient, hessianTimes } from '../certificate/objective.js';
import { rowActivities } from '../problem/facets.js';
import type { QPProblem } from '../problem/types.js';
import { EIG_TOL } from './curvature.js';
import { dot, frobenius, norm2 } from './dense.js';
import { solveEqp } from './eqp.js';
import { tangentStep } from './escape.js';
import {
  allFacets,
  type Facet,
  facetSlack,
  isEquality,
  normalDot,
  normalNorm,
  ROUNDING,
  roundingAllowance,
  violationBeyondRounding,
} from './facets.js';
import type { HessianFactorCache } from './factor-cache.js';
import { selectIndependent } from './selection.js';

/**
 * Primal active-set method started from the dynamics' point (DESIGN §4,
 * polish). Each step solves the equality-constrained QP of the working set W
 * (eqp.ts) on its linearly independent part (selection.ts) and then
 *
 * 1. moves from x toward the solution x̂ (p = x̂ − x) with a ratio test over
 *    the facets the step does not enforce (outside W, or dependent members
 *    of W): a facet with rate r_k = a_kᵀp > 0 that would end below
 *    −allowance_k (facets.ts) blocks at α_k = max(s_k(x), 0)/r_k; the step is
 *    α = min(1, min_k α_k) and the first blocking facet joins W (a dependent
 *    member is moved to the front instead, so the selection keeps it). A
 *    facet already violated at x blocks at once if the step moves it further
 *    out, and is otherwise left to be repaired by the step. Facets that hold
 *    stay held, so from a feasible start the iterates stay feasible (the
 *    classic primal active-set step);
 * 2. when the working-set QP is unbounded (a descent ray of zero curvature,
 *    eqp.ts), moves along the ray to the first blocking facet (or to the
 *    line minimum when the ray has curvature); no blocking facet and no line
 *    minimum means the problem is unbounded below. A least-norm step that
 *    only brought x onto W before such a ray (not `stationary`) is followed
 *    by the ray at the next step;
 * 3. after a full step (x = x̂): a dependent working facet that is slack
 *    leaves W, one that is violated is moved to the front; a facet outside W
 *    still violated beyond its allowance joins W (the most violated, by
 *    geometric distance); otherwise the inequality facet with the most
 *    negative scaled multiplier μ_k‖a_k‖ below −negTol leaves W; with none
 *    left x̂ satisfies the KKT conditions of DESIGN §3 on W and the loop stops;
 * 4. after STALL_LIMIT steps that did not move a feasible x (degenerate
 *    point: drop a facet, be blocked at once by another through x, …), the
 *    next step follows the projected steepest descent of escape.ts instead,
 *    which strictly lowers f and so breaks the cycle.
 *
 * negTol = max(1e-14·s, 1e-3·(kktAbsTol + kktRelTol·s)), s = max(‖Ax‖, ‖b‖):
 * a negative multiplier that small changes the certificate's residual by less
 * than a thousandth of its tolerance. The same number is the size of a
 * zero-curvature reduced gradient that counts as zero (eqp.ts).
 *
 * Limitation: from a point far outside the feasible set the loop is a
 * heuristic (it has no phase 1) and may use its steps without reaching
 * feasibility; polish then rejects the point.
 */
export interface ActiveSetOptions {
  maxSteps: number;
  kktAbsTol: number;
  kktRelTol: number;
  /** Reuses the Hessian factor between working-set solves with the same free variables. */
  factors?: HessianFactorCache;
}

/** How the loop ended. */
export type ActiveSetStatus = 'optimal' | 'max_steps' | 'unbounded' | 'failed';

export interface ActiveSetResult {
  status: ActiveSetStatus;
  reason: string;
  /** The last iterate. */
  x: Float64Array;
  /** The final working set (equality facets first). */
  working: Facet[];
  /** Steps performed (equality-constrained solves and tangent-cone steps). */
  steps: number;
  /** When optimal: the selected facets with their multipliers (∇f + Σ μ_k a_k = 0). */
  multipliers?: Array<{ facet: Facet; value: number }>;
}

/** The stationarity tolerance negTol at x (see the module comment). */
export function stationarityTol(
  p: QPProblem,
  x: Float64Array,
  opts: Pick<ActiveSetOptions, 'kktAbsTol' | 'kktRelTol'>,
): number {
  const s = Math.max(norm2(hessianTimes(p, x)), norm2(p.b));
  return Math.max(1e-14 * s, 1e-3 * (opts.kktAbsTol + opts.kktRelTol * s), Number.MIN_VALUE);
}

/** How a step ends the loop. */
type Ending = Pick<ActiveSetResult, 'status' | 'reason' | 'multipliers'>;

interface Loop {
  p: QPProblem;
  norms: Float64Array;
  facets: Facet[];
  working: Facet[];
  x: Float64Array;
  /** Consecutive steps that did not move x; at STALL_LIMIT the next step is a tangent-cone step (escape.ts). */
  stalled: number;
}

/**
 * Ratio test along x + αd, α ≤ alphaMax (possibly Infinity), over the facets
 * the step does not enforce (outside W, or dependent members of W, which the
 * equality-constrained QP leaves free); facets with a_kᵀd ≤ ‖a_k‖·rateTol
 * are taken as tangent to d.
 */
function ratioTest(
  s: Loop,
  d: Float64Array,
  alphaMax: number,
  enforced: readonly Facet[],
  rateTol = 0,
): { alpha: number; blocking: Facet | null } {
  const { p, norms, x } = s;
  const inW = new Set(enforced.map((f) => f.key));
  const act = rowActivities(p.C, p.m, p.n, x);
  const rate = rowActivities(p.C, p.m, p.n, d);
  const dNorm = norm2(d);
  const xNorm = norm2(x) + (Number.isFinite(alphaMax) ? alphaMax * dNorm : 0);
  let alpha = alphaMax;
  let blocking: Facet | null = null;
  for (const f of s.facets) {
    if (inW.has(f.key)) continue;
    const r = normalDot(f, d, rate);
    if (!(r > rateTol * normalNorm(f, norms))) continue;
    const slack = facetSlack(p, f, x, act);
    if (Number.isFinite(alphaMax) && slack - alphaMax * r >= -roundingAllowance(p, f, norms, xNorm))
      continue;
    const ak = Math.max(slack, 0) / r;
    if (ak < alpha) {
      alpha = ak;
      blocking = f;
    }
  }
  return { alpha, blocking };
}

/** The facet outside `skip` (default W) most violated at x beyond its allowance (geometric distance; |s| for an equality), or null. */
function mostViolated(s: Loop, skip: readonly Facet[] = s.working): Facet | null {
  const { p, norms, x } = s;
  const inW = new Set(skip.map((f) => f.key));
  const act = rowActivities(p.C, p.m, p.n, x);
  const xNorm = norm2(x);
  let worst = 0;
  let pick: Facet | null = null;
  for (const f of s.facets) {
    if (inW.has(f.key)) continue;
    const off = violationBeyondRounding(p, f, x, act, norms, xNorm);
    if (!(off > 0)) continue;
    const dist = off / normalNorm(f, norms);
    if (dist > worst) {
      worst = dist;
      pick = f;
    }
  }
  return pick;
}

/** A blocking facet joins W; a dependent member of W that blocks is promoted instead (the selection then keeps it). */
function join(s: Loop, f: Facet): void {
  insert(
    s,
    f,
    s.working.some((g) => g.key === f.key),
  );
}

/** Adds f to W: equality facets and promoted facets go right after the equalities, others at the end. */
function insert(s: Loop, f: Facet, front: boolean): void {
  s.working = s.working.filter((g) => g.key !== f.key);
  if (!front && !isEquality(f)) {
    s.working.push(f);
    return;
  }
  const at = s.working.findIndex((g) => !isEquality(g));
  s.working.splice(at < 0 ? s.working.length : at, 0, f);
}

/**
 * Consistency of the dependent working facets at x̂ (step 3). Returns a
 * failure reason for an inconsistent equality, true when W changed.
 */
function checkDependent(s: Loop, dependent: readonly Facet[]): string | boolean {
  const { p, norms, x } = s;
  const act = rowActivities(p.C, p.m, p.n, x);
  const xNorm = norm2(x);
  let changed = false;
  for (const f of dependent) {
    const slack = facetSlack(p, f, x, act);
    const allowance = roundingAllowance(p, f, norms, xNorm);
    if (isEquality(f)) {
      if (Math.abs(slack) > allowance) {
        return `equality ${f.kind} ${f.index} is a combination of other equality facets but misses its target by ${Math.abs(slack).toExponential(3)}: the equality constraints are inconsistent`;
      }
    } else if (slack > allowance) {
      s.working = s.working.filter((g) => g.key !== f.key);
      changed = true;
    } else if (slack < -allowance) {
      insert(s, f, true);
      changed = true;
    }
  }
  return changed;
}

/** Index (in `selected`) of the most negative scaled inequality multiplier below −tol, or −1. */
function leavingFacet(
  selected: readonly Facet[],
  mu: Float64Array,
  norms: Float64Array,
  tol: number,
): number {
  let worst = -tol;
  let pick = -1;
  selected.forEach((f, k) => {
    if (isEquality(f)) return;
    const scaled = mu[k] * normalNorm(f, norms);
    if (scaled < worst) {
      worst = scaled;
      pick = k;
    }
  });
  return pick;
}

/** Whether x moved from `before` by more than rounding (ROUNDING · max(1, ‖before‖)). */
function moved(before: Float64Array, x: Float64Array): boolean {
  let sq = 0;
  for (let j = 0; j < x.length; j++) sq += (x[j] - before[j]) ** 2;
  return Math.sqrt(sq) > ROUNDING * Math.max(1, norm2(before));
}

/** x + α d (a new array). */
function advance(x: Float64Array, d: Float64Array, alpha: number): Float64Array {
  return Float64Array.from(x, (v, j) => v + alpha * d[j]);
}

/** Steps without movement after which the next step leaves along the tangent cone (escape.ts). */
export const STALL_LIMIT = 2;

/**
 * The tangent-cone step of escape.ts from a point where the loop stalled: W
 * becomes the facets that support the projection, x moves along it to the
 * line minimum or the first blocking facet (which joins W). Returns true
 * when the loop should go on with an ordinary step at once (the fit failed, or
 * x is already stationary on the near facets).
 */
function escapeStep(s: Loop, opts: ActiveSetOptions): Ending | boolean {
  const { p, norms } = s;
  const esc = tangentStep(p, s.x, s.facets, norms);
  s.stalled = -1; // the next step is an ordinary one, whatever this one does
  if (!esc.converged) return true;
  s.working = esc.support;
  if (!(esc.size > stationarityTol(p, s.x, opts))) return true;
  const d = esc.direction;
  const curvature = dot(d, hessianTimes(p, d));
  // Curvature at the rounding level of ‖A‖ is no line minimum (the same threshold as eqp.ts's rays).
  const curved = curvature > EIG_TOL * frobenius(p.A) * esc.size * esc.size;
  const line = curved ? (esc.size * esc.size) / curvature : Infinity;
  const rateTol = TANGENT_RATE * norm2(gradient(p, s.x));
  const { alpha, blocking } = ratioTest(s, d, line, esc.support, rateTol);
  if (!Number.isFinite(alpha)) {
    return {
      status: 'unbounded',
      reason: `the objective decreases without bound along a feasible direction of zero curvature (slope ${(-esc.size * esc.size).toExponential(3)})`,
    };
  }
  s.x = advance(s.x, d, alpha);
  if (blocking) join(s, blocking);
  return false;
}

/**
 * Rate (relative to ‖a_k‖‖∇f‖) under which a facet counts as tangent to a
 * tangent-cone step: the fit leaves u_kᵀd up to 1e-10·‖∇f‖ on the facets it
 * does not load (nnls.ts), which must not block the step at α = 0.
 */
const TANGENT_RATE = 1e-9;

/**
 * One step of the loop; returns the final status when the loop ends, or null
 * to go on.
 */
function step(s: Loop, opts: ActiveSetOptions): Ending | null {
  const { p, norms } = s;
  if (s.stalled >= STALL_LIMIT && mostViolated(s, []) === null) {
    const esc = escapeStep(s, opts);
    if (esc === false) return null;
    if (esc !== true) return esc;
  }
  const sel = selectIndependent(p, s.working, norms);
  const tol = stationarityTol(p, s.x, opts);
  const out = solveEqp(p, s.x, sel.selected, norms, tol, opts.factors);
  if (out.kind === 'failed') return { status: 'failed', reason: out.reason };
  if (out.kind === 'ray') {
    const line = out.curvature > 0 ? -out.slope / out.curvature : Infinity;
    const { alpha, blocking } = ratioTest(s, out.direction, line, sel.selected);
    if (!Number.isFinite(alpha)) {
      return {
        status: 'unbounded',
        reason: `the objective decreases without bound along a direction of zero curvature (slope ${out.slope.toExponential(3)}) that no constraint blocks`,
      };
    }
    s.x = advance(s.x, out.direction, alpha);
    if (blocking) join(s, blocking);
    return null;
  }
  const d = Float64Array.from(out.x, (v, j) => v - s.x[j]);
  const { alpha, blocking } = ratioTest(s, d, 1, sel.selected);
  if (blocking) {
    s.x = advance(s.x, d, alpha);
    join(s, blocking);
    return null;
  }
  s.x = out.x;
  if (!out.stationary) return null;
  const dep = checkDependent(s, sel.dependent);
  if (typeof dep === 'string') return { status: 'failed', reason: dep };
  if (dep) return null;
  const violated = mostViolated(s);
  if (violated) {
    insert(s, violated, false);
    return null;
  }
  const neg = leavingFacet(sel.selected, out.multipliers, norms, stationarityTol(p, s.x, opts));
  if (neg < 0) {
    const multipliers = sel.selected.map((facet, k) => ({ facet, value: out.multipliers[k] }));
    return {
      status: 'optimal',
      reason:
        'the working-set QP solution is feasible and every inequality multiplier is non-negative',
      multipliers,
    };
  }
  const leaving = sel.selected[neg];
  s.working = s.working.filter((g) => g.key !== leaving.key);
  return null;
}

/** Runs the primal active-set loop from x0 with the working set W₀ (see the module comment). */
export function runActiveSet(
  p: QPProblem,
  x0: Float64Array,
  working: readonly Facet[],
  norms: Float64Array,
  opts: ActiveSetOptions,
): ActiveSetResult {
  const s: Loop = {
    p,
    norms,
    facets: allFacets(p, norms),
    working: [...working],
    x: Float64Array.from(x0),
    stalled: 0,
  };
  for (let steps = 0; steps < opts.maxSteps; ) {
    steps++;
    const before = s.x;
    const end = step(s, opts);
    s.stalled = moved(before, s.x) ? 0 : s.stalled + 1;
    if (end) return { ...end, x: s.x, working: s.working, steps };
  }
  return {
    status: 'max_steps',
    reason: `the active-set loop used its ${opts.maxSteps} steps`,
    x: s.x,
    working: s.working,
    steps: opts.maxSteps,
  };
}
