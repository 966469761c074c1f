import type { SpikeObserver } from '@snn-opt/kernel-types';
import { transposeTimes } from './transpose-times.js';

/**
 * The spike sweep (DESIGN §2, step 2). Every row side and every finite bound
 * is a candidate facet, scanned in the frozen order rows 0..m−1, lower-bound
 * facets m..m+n−1, upper-bound facets m+n..m+2n−1. The most violated facet
 * (strict `>`, so the first in that order wins ties) fires a spike that puts
 * x exactly on it; the row activities r = Cx are then updated laterally
 * instead of being recomputed:
 *
 *     row spike on i, step t = (target − r_i)/‖c_i‖²:  x += t c_i,   r += t G[:, i]   (G = CCᵀ)
 *     bound spike on j, δ = bound − x_j:              x_j = bound,  r += δ C[:, j]
 *
 * Both updates read contiguous memory: G[:, i] as row i of G (G is built
 * exactly symmetric, so the values are the same) and C[:, j] as row j of the
 * transpose Cᵀ (`CT`, built once in setup). The updates still run over k
 * ascending, so the bits are those of the column reads.
 *
 * A sweep ends when every facet is within `constraintTol` (geometric
 * distance), or at `maxSpikes`, where the activities are recomputed from
 * scratch and the sweep reports exhaustion if a facet is still violated.
 */

/** Data a sweep reads and the state it updates. All matrices are row-major. */
export interface SweepState {
  readonly n: number;
  readonly m: number;
  /** Constraint matrix C (m×n). */
  readonly C: Float64Array;
  /** Gram matrix G = CCᵀ (m×m), the lateral connectivity. */
  readonly gram: Float64Array;
  /** Cᵀ (n×m), row j = column j of C; when absent, C is read with stride n (the same values). */
  readonly CT?: Float64Array;
  /** Row norms ‖c_i‖ (0 marks a zero row, never a candidate). */
  readonly norms: Float64Array;
  /** Squared row norms ‖c_i‖². */
  readonly normsSq: Float64Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Current point, updated in place. */
  readonly x: Float64Array;
  /** Row activities Cx, kept current by lateral updates. */
  readonly r: Float64Array;
  /** Per-candidate spike counters (length m + 2n). */
  readonly spikeCounts: Uint32Array;
  /** Geometric tolerance under which a facet counts as satisfied. */
  readonly constraintTol: number;
  /** Safety cap on spikes within one sweep. */
  readonly maxSpikes: number;
}

export type { SpikeObserver } from '@snn-opt/kernel-types';

/** What a sweep did. */
export interface SweepOutcome {
  /** Spikes fired in this sweep. */
  spikes: number;
  /** True when the cap was hit and a facet is still violated after a fresh recheck. */
  exhausted: boolean;
}

/**
 * r = Cx from scratch (summation over j ascending). With Cᵀ the sums are
 * taken as element-wise updates over rows of Cᵀ, four at a time
 * (r_i += C_ij x_j for j, j+1, j+2, j+3 in that order); without it, four rows
 * of C at a time, each sum on its own. Either way every sum runs over j
 * ascending, so the bits are those of the row-by-row loop, and the compiled
 * kernels do the same.
 */
export function refreshActivities(s: SweepState): void {
  const { C, CT, x, r, m, n } = s;
  if (CT !== undefined) {
    transposeTimes(CT, n, m, x, r);
    return;
  }
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const b0 = i * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    let acc0 = 0;
    let acc1 = 0;
    let acc2 = 0;
    let acc3 = 0;
    for (let j = 0; j < n; j++) {
      const xj = x[j];
      acc0 += C[b0 + j] * xj;
      acc1 += C[b1 + j] * xj;
      acc2 += C[b2 + j] * xj;
      acc3 += C[b3 + j] * xj;
    }
    r[i] = acc0;
    r[i + 1] = acc1;
    r[i + 2] = acc2;
    r[i + 3] = acc3;
  }
  for (; i < m; i++) {
    let acc = 0;
    const base = i * n;
    for (let j = 0; j < n; j++) acc += C[base + j] * x[j];
    r[i] = acc;
  }
}

/**
 * The winning candidate: the first facet in the frozen order whose violation
 * is strictly larger than every earlier one and than `threshold`; −1 if none.
 * A row's violation is max(r_i − hi_i, lo_i − r_i)/‖c_i‖; a zero row is never
 * a candidate (its violation counts as −Infinity).
 */
export function mostViolated(s: SweepState, threshold: number): number {
  const { m, n, x, r, lo, hi, norms, lower, upper } = s;
  let best = threshold;
  let winner = -1;
  for (let i = 0; i < m; i++) {
    const norm = norms[i];
    if (norm === 0) continue;
    const ri = r[i];
    const over = ri - hi[i];
    const under = lo[i] - ri;
    const w = over > under ? over : under;
    // w ≤ 0 (or NaN) gives v = w/‖c_i‖ ≤ 0 (or NaN), which cannot beat a
    // best ≥ 0: skip the division, the winner is the same.
    if (!(w > 0) && best >= 0) continue;
    const v = w / norm;
    if (v > best) {
      best = v;
      winner = i;
    }
  }
  for (let j = 0; j < n; j++) {
    const v = lower[j] - x[j];
    if (v > best) {
      best = v;
      winner = m + j;
    }
  }
  for (let j = 0; j < n; j++) {
    const v = x[j] - upper[j];
    if (v > best) {
      best = v;
      winner = m + n + j;
    }
  }
  return winner;
}

/** Row spike: project x onto the violated side of row i; lateral update through column i of G (read as row i). */
function rowSpike(s: SweepState, i: number): { side: number; correction: number } {
  const { C, gram, x, r, m, n } = s;
  const side = r[i] > s.hi[i] ? 1 : -1;
  const target = side > 0 ? s.hi[i] : s.lo[i];
  const t = (target - r[i]) / s.normsSq[i];
  const base = i * n;
  for (let j = 0; j < n; j++) x[j] = x[j] + t * C[base + j];
  const gBase = i * m;
  for (let k = 0; k < m; k++) r[k] = r[k] + t * gram[gBase + k];
  r[i] = target;
  return { side, correction: Math.abs(t) * s.norms[i] };
}

/** Bound spike: set x_j to its violated bound; lateral update through column j of C (row j of Cᵀ). */
function boundSpike(s: SweepState, j: number, side: number): number {
  const { C, CT, x, r, m, n } = s;
  const bound = side > 0 ? s.upper[j] : s.lower[j];
  const delta = bound - x[j];
  x[j] = bound;
  if (CT !== undefined) {
    const base = j * m;
    for (let k = 0; k < m; k++) r[k] = r[k] + delta * CT[base + k];
  } else {
    for (let k = 0; k < m; k++) r[k] = r[k] + delta * C[k * n + j];
  }
  return Math.abs(delta);
}

/** Fires one spike on `candidate`; returns the side and the correction norm. */
export function fireSpike(s: SweepState, candidate: number): { side: number; correction: number } {
  const { m, n } = s;
  if (candidate < m) return rowSpike(s, candidate);
  if (candidate < m + n) return { side: -1, correction: boundSpike(s, candidate - m, -1) };
  return { side: 1, correction: boundSpike(s, candidate - m - n, 1) };
}

/** One sweep on a problem with rows (m > 0). `r` must hold Cx on entry. */
export function spikeSweep(
  s: SweepState,
  iteration: number,
  observer: SpikeObserver | null,
): SweepOutcome {
  const { m, n, spikeCounts, constraintTol, maxSpikes } = s;
  let spikes = 0;
  for (;;) {
    const candidate = mostViolated(s, constraintTol);
    if (candidate < 0) return { spikes, exhausted: false };
    if (spikes === maxSpikes) {
      // Cap reached: judge the point on fresh activities, never on the drifting ones.
      refreshActivities(s);
      return { spikes, exhausted: mostViolated(s, constraintTol) >= 0 };
    }
    let side: number;
    let correction: number;
    if (candidate < m) {
      const fired = rowSpike(s, candidate);
      side = fired.side;
      correction = fired.correction;
    } else if (candidate < m + n) {
      side = -1;
      correction = boundSpike(s, candidate - m, -1);
    } else {
      side = 1;
      correction = boundSpike(s, candidate - m - n, 1);
    }
    spikeCounts[candidate]++;
    if (observer) observer(iteration, spikes, candidate, side, correction);
    spikes++;
  }
}

/** Box-only problems (m = 0): the exact separable projection, one spike per clipped coordinate. */
export function clipSweep(
  s: SweepState,
  iteration: number,
  observer: SpikeObserver | null,
): SweepOutcome {
  const { n, x, lower, upper } = s;
  let spikes = 0;
  for (let j = 0; j < n; j++) {
    let candidate = -1;
    let correction = 0;
    if (x[j] < lower[j]) {
      correction = lower[j] - x[j];
      x[j] = lower[j];
      candidate = j;
    } else if (x[j] > upper[j]) {
      correction = x[j] - upper[j];
      x[j] = upper[j];
      candidate = n + j;
    }
    if (candidate < 0) continue;
    s.spikeCounts[candidate]++;
    if (observer) observer(iteration, spikes, candidate, candidate < n ? -1 : 1, correction);
    spikes++;
  }
  return { spikes, exhausted: false };
}
