import { hessianTimes } from '../certificate/objective.js';
import { upperCholesky } from '../linalg/cholesky.js';
import type { QPProblem } from '../problem/types.js';
import { mulTVec, mulVec } from './dense.js';
import { type Facet, facetTarget } from './facets.js';
import type { HessianFactorCache } from './factor-cache.js';
import { type KktStep, refineKkt, snapWorkingBounds } from './kkt-refinement.js';
import {
  applyRangeSpace,
  factorRangeSpace,
  type RangeSpaceFactors,
  type RangeSpaceScratch,
  rangeSpaceScratch,
} from './range-space.js';
import { allVariables, buildReduced } from './reduced.js';

/**
 * The equality-constrained QP of one working set W, factored once and solved
 * again at new data (DESIGN §4, hot start). Between the solves of one solver
 * `update` moves b and the bounds but keeps A and C, so the KKT matrix of W
 *
 *     [A  Eᵀ] [x]   [−b]
 *     [E  0 ] [λ] = [ t]      E = the normals a_k of W, t = their targets
 *
 * does not change, only its right-hand side does. With A positive definite
 * the range-space factors of range-space.ts (A = UᵀU, Wᵀ = (U⁻ᵀEᵀ)ᵀ and the
 * Cholesky factor of the Schur complement) serve every later solve of W:
 * each is two triangular solves with U, two with the k×k factor and two
 * products with Wᵀ, O(n² + kn) flops instead of the O(kn² + k³) of
 * factoring again, and it works in buffers allocated once.
 *
 * The solve is that of eqp.ts with W's bounds kept as rows, by the same
 * code (kkt-refinement.ts, range-space.ts): a first solve from the given
 * point, then up to REFINEMENT_STEPS steps of iterative refinement on the
 * full KKT residual, and working bounds put exactly on their value when they
 * hold to rounding; here applyRangeSpace overwrites the residual buffers
 * with the step. Whether the point is optimal is
 * not decided here (hot-start.ts tests it and the polish's acceptance
 * checks it from scratch).
 */
export class HeldWorkingSet {
  /** Residual of the stationarity rows, then the step in x (n). */
  private readonly r1: Float64Array;
  /** Residual of the working rows, then the step in λ (k). */
  private readonly r2: Float64Array;
  /** The step (r₁, r₂) once the range-space solve has overwritten the residual. */
  private readonly step: KktStep;
  /** The targets t of W at the current data (k). */
  private readonly t: Float64Array;
  /** Scratch: Ax (n). */
  private readonly ax: Float64Array;
  /** Scratch: Ex (k). */
  private readonly ek: Float64Array;
  /** Scratch of the range-space solve. */
  private readonly scratch: RangeSpaceScratch;

  private constructor(
    readonly facets: readonly Facet[],
    private readonly A: Float64Array,
    private readonly C: Float64Array,
    /** W's normals, one row each (k×n). */
    private readonly E: Float64Array,
    private readonly rs: RangeSpaceFactors,
  ) {
    const n = rs.f;
    this.r1 = new Float64Array(n);
    this.r2 = new Float64Array(rs.k);
    this.step = { dy: this.r1, dl: this.r2 };
    this.t = new Float64Array(rs.k);
    this.ax = new Float64Array(n);
    this.ek = new Float64Array(rs.k);
    this.scratch = rangeSpaceScratch(rs);
  }

  /**
   * Factors W of p (linearly independent facets): null for an LP, or when A
   * or the Schur complement is not safely positive definite (the caller then
   * takes the general polish, whose null-space method handles it). A's
   * Cholesky factor comes from `factors` (or is computed and stored there).
   */
  static factor(
    p: QPProblem,
    facets: readonly Facet[],
    factors: HessianFactorCache,
  ): HeldWorkingSet | null {
    if (p.isLinear) return null;
    const all = allVariables(p.n);
    let U = factors.lookup(p.A, all);
    if (U === false) return null;
    if (U === null) {
      U = upperCholesky(p.A, p.n);
      factors.setFull(p.A, U);
      if (U === null) return null;
    } else factors.reused();
    const red = buildReduced(p, new Float64Array(p.n), facets, false);
    const rs = factorRangeSpace(p.A, red.E, p.n, red.k, U);
    return rs === null ? null : new HeldWorkingSet([...facets], p.A, p.C, red.E, rs);
  }

  /** True when W is `facets` (the same facets in the same order) of a problem with this A and C. */
  serves(p: QPProblem, facets: readonly Facet[]): boolean {
    if (p.A !== this.A || p.C !== this.C || facets.length !== this.facets.length) return false;
    for (let k = 0; k < facets.length; k++) {
      if (facets[k].key !== this.facets[k].key || facets[k].side !== this.facets[k].side)
        return false;
    }
    return true;
  }

  /**
   * The solution of W's equality-constrained QP at p's b and targets, refined
   * from x0, with the multipliers of W's facets in their order
   * (∇f + Σ_k λ_k a_k = 0); null when a number is not finite.
   */
  solve(
    p: QPProblem,
    x0: Float64Array,
    norms: Float64Array,
  ): { x: Float64Array; multipliers: Float64Array } | null {
    const { f: n, k } = this.rs;
    const x = x0.slice();
    const l = new Float64Array(k);
    for (let r = 0; r < k; r++) this.t[r] = facetTarget(p, this.facets[r]);
    refineKkt(x, l, (xAt, lAt) => {
      this.residual(p, xAt, lAt);
      return applyRangeSpace(this.rs, this.r1, this.r2, this.step, this.scratch);
    });
    snapWorkingBounds(p, this.facets, x, norms);
    for (let j = 0; j < n; j++) if (!Number.isFinite(x[j])) return null;
    for (let r = 0; r < k; r++) if (!Number.isFinite(l[r])) return null;
    return { x, multipliers: l };
  }

  /** r₁ = −b − Ax − Eᵀλ, r₂ = t − Ex. */
  private residual(p: QPProblem, x: Float64Array, l: Float64Array): void {
    const { f: n, k } = this.rs;
    hessianTimes(p, x, this.ax);
    mulTVec(this.E, k, n, l, this.r1);
    for (let j = 0; j < n; j++) this.r1[j] = -p.b[j] - this.ax[j] - this.r1[j];
    mulVec(this.E, k, n, x, this.ek);
    for (let r = 0; r < k; r++) this.r2[r] = this.t[r] - this.ek[r];
  }
}
