import { gradient } from '../certificate/objective.js';
import { rowActivities } from '../problem/facets.js';
import type { QPProblem } from '../problem/types.js';
import { norm2 } from './dense.js';
import {
  allFacets,
  candidateOf,
  type Facet,
  facetSlack,
  isEquality,
  normalNorm,
} from './facets.js';

/** What the dynamics know about the active set (see polish.ts). */
export interface PolishHints {
  /** Spikes per candidate id (rows, lower bounds, upper bounds; length m + 2n). */
  spikeCounts?: Uint32Array;
  /** Certificate multipliers per candidate id (KktCertificate.multipliers; length m + 2n). */
  multipliers?: Float64Array;
  /** Row norms ‖c_i‖ (length m). */
  norms: Float64Array;
}

/**
 * Thresholds of the first working-set guess at a point x (DESIGN §2, §4):
 *
 *     tight = max(10 · feasibilityTol, 1e-6 · max(1, ‖x‖₂))      geometric slack of a facet the point sits on
 *     loose = max(1e3 · tight, 1e-2 · max(1, ‖x‖₂))             geometric slack of a facet a hint may name
 *
 * The dynamics leave the point within constraintTol (default 1e-6) of the
 * facets they spike onto, so `tight` finds them; a facet named by a hint (it
 * spiked, or its certificate multiplier is loaded) is taken while its slack is
 * below `loose`, so that a point a little off the optimum (a limit cycle, a
 * perturbation) still starts from the right set, and a facet that spiked only
 * early on, far from the final point, is not.
 */
export function guessThresholds(
  x: Float64Array,
  feasibilityTol: number,
): { tight: number; loose: number } {
  const size = Math.max(1, norm2(x));
  const tight = Math.max(10 * feasibilityTol, 1e-6 * size);
  return { tight, loose: Math.max(1e3 * tight, 1e-2 * size) };
}

/** A multiplier counts as a hint when |μ_k|·‖a_k‖ > HINT_MULTIPLIER · max(‖∇f(x)‖, tiny). */
export const HINT_MULTIPLIER = 1e-6;

/** Whether the hints name facet f (its candidate spiked, or its multiplier pushes on this side). */
function hinted(p: QPProblem, f: Facet, hints: PolishHints, muFloor: number): boolean {
  const cand = candidateOf(p, f);
  if (hints.spikeCounts && hints.spikeCounts[cand] > 0) return true;
  if (!hints.multipliers) return false;
  const mu = hints.multipliers[cand] * normalNorm(f, hints.norms);
  if (f.kind === 'row' && f.side === 'lower') return -mu > muFloor;
  if (f.kind === 'row' && f.side === 'equal') return Math.abs(mu) > muFloor;
  return mu > muFloor;
}

/**
 * The first working set: every equality facet (lo = hi rows, fixed
 * variables), then every facet whose geometric slack at x is at most `tight`
 * or that a hint names and whose slack is at most `loose`
 * ({@link guessThresholds}). Order = priority for the independent selection:
 * equality facets first, then by increasing geometric slack (ties by key), so
 * that of a dependent group the facet the point sits on most closely is kept.
 */
export function initialWorkingSet(
  p: QPProblem,
  x: Float64Array,
  hints: PolishHints,
  feasibilityTol: number,
): Facet[] {
  const { tight, loose } = guessThresholds(x, feasibilityTol);
  const act = rowActivities(p.C, p.m, p.n, x);
  const muFloor = HINT_MULTIPLIER * Math.max(norm2(gradient(p, x)), Number.MIN_VALUE);
  const equalities: Facet[] = [];
  const others: Array<{ f: Facet; slack: number }> = [];
  for (const f of allFacets(p, hints.norms)) {
    if (isEquality(f)) {
      equalities.push(f);
      continue;
    }
    const slack = facetSlack(p, f, x, act) / normalNorm(f, hints.norms);
    if (slack <= tight || (slack <= loose && hinted(p, f, hints, muFloor)))
      others.push({ f, slack });
  }
  others.sort((u, v) => u.slack - v.slack || u.f.key - v.f.key);
  return [...equalities, ...others.map((o) => o.f)];
}
