import { describeValue, SnnOptError } from '../errors.js';
import type { QPProblem } from '../problem/types.js';
import { applyScaling, divideBy, multiplyBy } from './apply.js';
import { leastSpread, roundAndRefine, ruizPasses } from './iterate.js';
import { ones } from './norms.js';

/**
 * Ruiz equilibration of the problem data (DESIGN §4), undone on the way out.
 *
 * The solver's drift and spikes are first-order: their pace is set by how
 * the entries of A and C are spread over magnitudes. Substituting x = Dx̂,
 * multiplying row i by e_i and the objective by c gives an equivalent problem
 *
 *     minimise    ½ x̂ᵀ(c·DAD)x̂ + (c·Db)ᵀx̂ + c·c₀
 *     subject to  E·lo ≤ (ECD)x̂ ≤ E·hi,     D⁻¹·lower ≤ x̂ ≤ D⁻¹·upper
 *
 * whose solution maps back by x* = Dx̂*. The factors are chosen so that
 * every column (and, by symmetry, row) of the KKT-like matrix
 *
 *     K̂ = [ c·DAD  (ECD)ᵀ ; ECD  0 ]
 *
 * has an inf-norm near 1 (see ./norms.ts).
 *
 * Method (Ruiz 2001, with the cost step of OSQP), in ./iterate.ts: start
 * from D = I, E = I, c = 1 and repeat for at most `passes` passes:
 *
 *  1. ν = inf-norms of the columns of K̂ (current D, E, c); stop when every
 *     nonzero ν lies in [1 − tol, 1 + tol] and step 3 would move c by ≤ tol;
 *  2. d_j ← d_j · δ_j, e_i ← e_i · ε_i with δ, ε = 1/√ν clamped to
 *     [1e-4, 1e4] (a zero column or row keeps its factor 1: nothing to balance);
 *  3. (scaleCost) γ = max(mean_j ‖(c·DAD)_{:,j}‖∞, ‖c·Db‖∞) and
 *     c ← c · clamp(1/γ, 1e-4, 1e4), the total c kept in [1e-4, 1e4]
 *     (γ = 0, an empty objective, keeps c).
 *
 * Each pass takes the square root of the imbalance, so the log-imbalance
 * roughly halves per pass. The clamps of step 2 bound what one pass can do,
 * so a single tiny or huge entry cannot blow a factor up in one step; over
 * several passes D and E can go beyond 1e±4 when the data are that badly
 * scaled (rows at 1e±6 against columns at 1e±4 need it). c is clamped in
 * total because the balance of K̂ does not need it: D and E balance K̂ for any
 * c, and without the clamp c drifts without end on problems with b = 0 and
 * columns of A that are zero or dominated by C.
 *
 * Powers of two. The iteration runs in ordinary floating point; then every
 * factor is rounded to the nearest power of two (at most √2 per factor, 2√2
 * per entry of K̂), a few integer-exponent Ruiz passes repair what the
 * rounding spoiled (kept only when they lower the spread max ν / min ν), and
 * if the result is still less balanced than the data were (which rounding
 * can cause on nearly balanced data), D = E = I is kept instead (with the
 * cost scale c, or with c = 1 if that spreads less). Powers of two
 * make scaling and unscaling exact in binary floating point (see ./apply.ts):
 * x round-trips bit for bit, the bounds map without rounding, the objective
 * is exactly c times the original and each row residual exactly e_i times
 * the original, so the tolerances and results of the scaled solve translate
 * back without a rounding error of their own.
 */

/** Options of {@link equilibrate}. */
export interface ScalingOptions {
  /** Maximum number of Ruiz passes (a non-negative integer; 0 turns scaling off). Default 10. */
  passes?: number;
  /** Stop when every nonzero column/row inf-norm of K̂ is within 1 ± tolerance and c has settled to it. Default 1e-3. */
  tolerance?: number;
  /** Also scale the objective by c (OSQP-style cost scaling). Default true. */
  scaleCost?: boolean;
}

/** A diagonal equilibration of a problem and the maps between its variables. */
export interface Equilibration {
  /** The problem in scaled variables x̂ = D⁻¹x (see the module comment for every field). */
  scaled: QPProblem;
  /** D (length n, powers of two): x = Dx̂. */
  colScale: Float64Array;
  /** E (length m, powers of two): row i of the scaled problem is e_i times row i. */
  rowScale: Float64Array;
  /** c > 0 (a power of two): f̂(x̂) = c·f(x). */
  costScale: number;
  /** x̂ = D⁻¹x. */
  toScaled(x: Float64Array): Float64Array;
  /** x = Dx̂. */
  fromScaled(xHat: Float64Array): Float64Array;
  /** Real-valued Ruiz passes actually done (0 for the identity; the integer refinement is not counted). */
  passes: number;
}

/** Default number of passes. */
export const DEFAULT_SCALING_PASSES = 10;
/** Default stopping tolerance on the inf-norms. */
export const DEFAULT_SCALING_TOLERANCE = 1e-3;

/** Resolves and checks the options; throws `invalid_option` on a bad value. */
function resolveScalingOptions(options: ScalingOptions): Required<ScalingOptions> {
  const passes = options.passes ?? DEFAULT_SCALING_PASSES;
  const tolerance = options.tolerance ?? DEFAULT_SCALING_TOLERANCE;
  if (!Number.isInteger(passes) || passes < 0) {
    throw new SnnOptError(
      'invalid_option',
      `scaling passes must be a non-negative integer, received ${describeValue(passes)}`,
      {
        argument: 'options.passes',
        expected: 'an integer ≥ 0',
        received: describeValue(passes),
      },
    );
  }
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) {
    throw new SnnOptError(
      'invalid_option',
      `scaling tolerance must be a finite number ≥ 0, received ${describeValue(tolerance)}`,
      {
        argument: 'options.tolerance',
        expected: 'a finite number ≥ 0',
        received: describeValue(tolerance),
      },
    );
  }
  return { passes, tolerance, scaleCost: options.scaleCost ?? true };
}

/** Builds the equilibration object from power-of-two factors. */
function makeEquilibration(
  problem: QPProblem,
  scaled: QPProblem,
  d: Float64Array,
  e: Float64Array,
  c: number,
  passes: number,
): Equilibration {
  const n = problem.n;
  const check = (name: string, v: Float64Array): void => {
    if (v.length !== n) {
      throw new SnnOptError(
        'dimension_mismatch',
        `${name} must have length n = ${n}, received length ${v.length}`,
        {
          argument: name,
          expected: `length ${n}`,
          received: `length ${v.length}`,
        },
      );
    }
  };
  return {
    scaled,
    colScale: d,
    rowScale: e,
    costScale: c,
    toScaled: (x) => {
      check('x', x);
      return divideBy(x, d);
    },
    fromScaled: (xHat) => {
      check('xHat', xHat);
      return multiplyBy(xHat, d);
    },
    passes,
  };
}

/**
 * Ruiz equilibration of a validated problem (see the module comment). The
 * input problem is not modified; its scaled copy is `scaled`. With
 * `passes: 0` it is {@link identityEquilibration}.
 */
export function equilibrate(problem: QPProblem, options: ScalingOptions = {}): Equilibration {
  const opts = resolveScalingOptions(options);
  if (opts.passes === 0) return identityEquilibration(problem);
  const real = ruizPasses(problem, opts);
  const refined = roundAndRefine(problem, real);
  const { d, e, c } = leastSpread(problem, [
    refined,
    { d: ones(problem.n), e: ones(problem.m), c: refined.c },
    { d: ones(problem.n), e: ones(problem.m), c: 1 },
  ]);
  return makeEquilibration(problem, applyScaling(problem, d, e, c), d, e, c, real.passes);
}

/** The no-op equilibration (D = I, E = I, c = 1, `scaled` is the problem itself), for when scaling is off. */
export function identityEquilibration(problem: QPProblem): Equilibration {
  return makeEquilibration(problem, problem, ones(problem.n), ones(problem.m), 1, 0);
}

/** Summary of an equilibration for reports. */
export interface ScalingSummary {
  minColScale: number;
  maxColScale: number;
  /** 1 when there are no rows (m = 0), as for the identity. */
  minRowScale: number;
  /** 1 when there are no rows (m = 0), as for the identity. */
  maxRowScale: number;
  costScale: number;
  passes: number;
}

function range(v: Float64Array): [number, number] {
  if (v.length === 0) return [1, 1];
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < v.length; k++) {
    lo = Math.min(lo, v[k]);
    hi = Math.max(hi, v[k]);
  }
  return [lo, hi];
}

/** The extreme factors, the cost scale and the passes of an equilibration. */
export function describeScaling(e: Equilibration): ScalingSummary {
  const [minColScale, maxColScale] = range(e.colScale);
  const [minRowScale, maxRowScale] = range(e.rowScale);
  return {
    minColScale,
    maxColScale,
    minRowScale,
    maxRowScale,
    costScale: e.costScale,
    passes: e.passes,
  };
}
