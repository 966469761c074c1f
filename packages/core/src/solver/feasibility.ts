import { rowActivities } from '../problem/facets.js';
import type { QPProblem } from '../problem/types.js';

/** How far a point is from the feasible set, rows and bounds apart. */
export interface Feasibility {
  /** Largest absolute row violation max_i max(c_iᵀx − hi_i, lo_i − c_iᵀx, 0). */
  rowViolation: number;
  /** Largest geometric row distance (row violation / ‖c_i‖). */
  rowDistance: number;
  /** Largest bound violation max_j max(lower_j − x_j, x_j − upper_j, 0). */
  boundViolation: number;
  /** max(rowViolation, boundViolation): every row and bound holds to this. */
  maxViolation: number;
  /** max(rowDistance, boundViolation): the joint geometric distance the stopping policy gates on. */
  jointDistance: number;
  /** Index of the most violated row (by distance), −1 when none is violated. */
  worstRow: number;
  /** Index of the most violated variable bound, −1 when none is violated. */
  worstBound: number;
}

/**
 * Joint feasibility of x, computed from scratch (never from the kernel's
 * laterally updated activities). NaN anywhere makes every field NaN.
 */
export function measureFeasibility(
  problem: QPProblem,
  x: Float64Array,
  norms: Float64Array,
): Feasibility {
  const { m, n, lo, hi, lower, upper } = problem;
  const r = rowActivities(problem.C, m, n, x);
  let rowViolation = 0;
  let rowDistance = 0;
  let worstRow = -1;
  let nonFinite = false;
  for (let i = 0; i < m; i++) {
    if (!Number.isFinite(r[i])) nonFinite = true;
    const v = Math.max(r[i] - hi[i], lo[i] - r[i], 0);
    if (v > rowViolation) rowViolation = v;
    const dist = norms[i] > 0 ? v / norms[i] : v;
    if (dist > rowDistance) {
      rowDistance = dist;
      worstRow = i;
    }
  }
  let boundViolation = 0;
  let worstBound = -1;
  for (let j = 0; j < n; j++) {
    if (!Number.isFinite(x[j])) nonFinite = true;
    const v = Math.max(lower[j] - x[j], x[j] - upper[j], 0);
    if (v > boundViolation) {
      boundViolation = v;
      worstBound = j;
    }
  }
  if (nonFinite) {
    return {
      rowViolation: Number.NaN,
      rowDistance: Number.NaN,
      boundViolation: Number.NaN,
      maxViolation: Number.NaN,
      jointDistance: Number.NaN,
      worstRow,
      worstBound,
    };
  }
  return {
    rowViolation,
    rowDistance,
    boundViolation,
    maxViolation: Math.max(rowViolation, boundViolation),
    jointDistance: Math.max(rowDistance, boundViolation),
    worstRow,
    worstBound,
  };
}
