import type { QPProblem } from '../problem/types.js';
import { kktNorms, normSpread } from './norms.js';
import { type Equilibration, equilibrate, identityEquilibration } from './ruiz.js';

export type { Equilibration } from './ruiz.js';

/**
 * Spread (max/min of the nonzero row and column inf-norms of [A Cᵀ; C 0])
 * above which `scaling: 'auto'` equilibrates.
 */
export const AUTO_SCALING_SPREAD = 1e3;

/**
 * The equilibration a solve runs under, from the `scaling` option. A k0 given
 * by the caller is a step for the problem as written, so `'auto'` does not
 * scale then (with `scaling: true` the caller's k0 applies to the scaled problem).
 */
export function chooseScaling(
  problem: QPProblem,
  scaling: boolean | 'auto',
  k0: number | null = null,
): Equilibration {
  if (scaling === false || (scaling === 'auto' && k0 !== null))
    return identityEquilibration(problem);
  if (scaling === 'auto' && normSpread(kktNorms(problem)) <= AUTO_SCALING_SPREAD) {
    return identityEquilibration(problem);
  }
  return equilibrate(problem);
}
