import { solveNnls } from '../certificate/nnls.js';
import { rowNorms } from '../problem/facets.js';
import type { QPProblem } from '../problem/types.js';
import { addNormal, allFinite, euclid, type Facet, listFacets, normalDot } from './facet-list.js';
import type { CertificateCheck, InfeasibilityCertificate } from './types.js';

/**
 * Infeasibility verdicts (DESIGN §4) by a Farkas certificate.
 *
 * The facets are a_kᵀx ≤ β_k (types.ts). By Farkas' lemma exactly one of
 * these holds: some x satisfies every facet, or some y ≥ 0 has
 * Σ y_k a_k = 0 and Σ y_k β_k < 0.
 */

/**
 * Tolerances of {@link checkInfeasibilityCertificate}. With weight W = Σ y_k‖a_k‖₂,
 * combination r = Σ y_k a_k and offset g = Σ y_k β_k a certificate is valid when
 *
 *  - ‖r‖₂ ≤ combination · W          the normals cancel to rounding;
 *  - −g ≥ gap · Σ y_k|β_k|           the offset sum is negative beyond its own rounding;
 *  - −g ≥ radiusFactor · σ_P · ‖r‖₂  where σ_P = max over the facets used of |β_k|/‖a_k‖.
 *
 * The last test is what makes a non-zero combination harmless: for any x
 * satisfying every facet, rᵀx ≤ g, so ‖x‖₂ ≥ −g/‖r‖₂; the test asks that no
 * point within radiusFactor (10⁶) times the used facets' own distance from the
 * origin be feasible. Without it, y = (1, 1, 10⁻⁹) on x₁ ≤ 0, x₁ ≥ 0, x₂ ≥ 10⁶
 * (feasible at (0, 10⁶)) would pass the first two tests. All three are
 * invariant under rescaling a row, scaling y, and scaling the units of x.
 */
export const FARKAS_TOLERANCES = { combination: 1e-9, gap: 1e-9, radiusFactor: 1e6 } as const;

/**
 * Tolerance of the NNLS fit (optimality and rank threshold). Only what is
 * found depends on it, never what is accepted (the check decides). Looser
 * than the KKT fit's 1e-10: nearly dependent facets (equalities written as
 * two rows, duplicated rows) are then set aside instead of being loaded with
 * huge multipliers; on planted systems it finds certificates down to relative
 * gaps of about 2e-9, just above the check's own gap tolerance.
 */
const FIT_TOLERANCE = 1e-9;

/** The NNLS fit of a Farkas vector around a reference point x̄. */
interface FarkasFit {
  facets: Facet[];
  /** Multipliers on the unit-normal facets, y_k ≥ 0. */
  y: Float64Array;
  /** Residual t − My of the fit: (u, s), length n + 1. */
  residual: Float64Array;
  /** Scale σ of the offset row. */
  sigma: number;
  reference: Float64Array;
}

/**
 * Fits y ≥ 0 on the unit facets âₖ = a_k/‖a_k‖ with offsets taken relative
 * to a reference point x̄ (the signed slacks s_k = (β_k − a_kᵀx̄)/‖a_k‖):
 *
 *     minimise ‖ [ Â ; sᵀ/σ ] y − [ 0 ; −1 ] ‖₂  over y ≥ 0,   σ = max_k(−s_k)
 *
 * Σ y â = 0 makes Σ y s = Σ y β̂, so a zero residual is a Farkas vector; x̄
 * only conditions the fit (the facets x̄ violates are the likely culprits,
 * and σ puts the offset row on their scale). Returns `'feasible'` when x̄
 * violates nothing (then no certificate exists) and null when the fit gave
 * non-finite numbers.
 */
function fitFarkas(
  problem: QPProblem,
  facets: Facet[],
  reference: Float64Array,
): FarkasFit | 'feasible' | null {
  const n = problem.n;
  const rows = n + 1;
  const K = facets.length;
  const slack = new Float64Array(K);
  let sigma = 0;
  for (let k = 0; k < K; k++) {
    const f = facets[k];
    slack[k] = (f.offset - normalDot(problem, f, reference)) / f.norm;
    sigma = Math.max(sigma, -slack[k]);
  }
  if (!(sigma > 0)) return Number.isNaN(sigma) ? null : 'feasible';
  if (!Number.isFinite(sigma)) return null;
  const M = new Float64Array(rows * K);
  for (let k = 0; k < K; k++) {
    const col = M.subarray(k * rows, k * rows + n);
    addNormal(problem, facets[k], 1 / facets[k].norm, col);
    M[k * rows + n] = slack[k] / sigma;
  }
  const t = new Float64Array(rows);
  t[n] = -1;
  const fit = solveNnls(M, rows, K, t, { tolerance: FIT_TOLERANCE });
  if (!allFinite(fit.x)) return null;
  const residual = t.slice();
  for (let k = 0; k < K; k++) {
    const yk = fit.x[k];
    if (yk === 0) continue;
    for (let i = 0; i < rows; i++) residual[i] -= yk * M[k * rows + i];
  }
  return { facets, y: fit.x, residual, sigma, reference };
}

/** Raw multipliers in the certificate's layout, before the check. */
interface Multipliers {
  rho: Float64Array;
  lowerY: Float64Array;
  upperY: Float64Array;
}

/**
 * Turns unit-facet multipliers into the certificate's units: y_k/‖a_k‖ on a_k,
 * a row's two sides netted into ρ_i = y_upper − y_lower, a variable's two bound
 * multipliers netted likewise (netting never hurts: it removes min(y)·(u − l) ≥ 0
 * from the offset and nothing from the combination), then scaled to W = 1.
 */
function toMultipliers(problem: QPProblem, facets: Facet[], y: Float64Array): Multipliers {
  const { m, n } = problem;
  const rho = new Float64Array(m);
  const lowerY = new Float64Array(n);
  const upperY = new Float64Array(n);
  for (let k = 0; k < facets.length; k++) {
    const f = facets[k];
    const v = y[k] / f.norm;
    if (f.kind === 'row') rho[f.index] += f.sign * v;
    else if (f.kind === 'lower_bound') lowerY[f.index] += v;
    else upperY[f.index] += v;
  }
  const norms = rowNorms(problem.C, m, n);
  let weight = 0;
  for (let i = 0; i < m; i++) weight += Math.abs(rho[i]) * norms[i];
  for (let j = 0; j < n; j++) {
    const common = Math.min(lowerY[j], upperY[j]);
    lowerY[j] -= common;
    upperY[j] -= common;
    weight += lowerY[j] + upperY[j];
  }
  if (weight > 0 && Number.isFinite(weight)) {
    for (let i = 0; i < m; i++) rho[i] /= weight;
    for (let j = 0; j < n; j++) {
      lowerY[j] /= weight;
      upperY[j] /= weight;
    }
  }
  return { rho, lowerY, upperY };
}

/** x̄ projected onto the box (the origin when x̄ is absent or not finite). */
function clipToBox(problem: QPProblem, x?: Float64Array): Float64Array {
  const out = new Float64Array(problem.n);
  const usable = x !== undefined && x.length === problem.n && allFinite(x);
  for (let j = 0; j < problem.n; j++) {
    const v = usable ? x[j] : 0;
    out[j] = Math.min(problem.upper[j], Math.max(problem.lower[j], v));
  }
  return out;
}

/** Reference points to fit around: the given one (if finite), then the origin clipped to the box. */
function referencePoints(problem: QPProblem, reference?: Float64Array): Float64Array[] {
  const out: Float64Array[] = [];
  if (reference !== undefined && reference.length === problem.n && allFinite(reference))
    out.push(reference);
  const origin = clipToBox(problem);
  if (out.length === 0 || out[0].some((v, j) => v !== origin[j])) out.push(origin);
  return out;
}

/**
 * Looks for a Farkas certificate of infeasibility and returns it only if
 * {@link checkInfeasibilityCertificate} accepts it; null otherwise (which
 * does not prove feasibility).
 *
 * Method: {@link fitFarkas} around `reference` (e.g. the iterate at which
 * the spike budget ran out) and, failing that, around the origin clipped to
 * the box; the fitted y is converted to the certificate's units
 * ({@link toMultipliers}) and checked from scratch.
 *
 * @param norms ‖c_i‖ for every row (as from `rowNorms`), used for the fit.
 */
export function findInfeasibilityCertificate(
  problem: QPProblem,
  norms: Float64Array,
  reference?: Float64Array,
): InfeasibilityCertificate | null {
  const facets = listFacets(problem, norms);
  if (facets.length === 0) return null;
  for (const ref of referencePoints(problem, reference)) {
    const fit = fitFarkas(problem, facets, ref);
    if (fit === 'feasible') return null; // ref satisfies every facet: no certificate exists
    if (fit === null) continue;
    const mult = toMultipliers(problem, facets, fit.y);
    const evaluation = evaluateFarkas(problem, mult);
    if (evaluation.check.valid) {
      const { combinationNorm, offsetGap, weight } = evaluation;
      return {
        rowMultipliers: mult.rho,
        lowerBoundMultipliers: mult.lowerY,
        upperBoundMultipliers: mult.upperY,
        combinationNorm,
        offsetGap,
        weight,
        exclusionRadius: combinationNorm === 0 ? Infinity : -offsetGap / combinationNorm,
        checked: true,
      };
    }
  }
  return null;
}

/**
 * A candidate feasible point from the same fit, by Moreau's decomposition:
 * the fit's residual w = (u, s) lies in the polar cone of the columns, i.e.
 * âₖᵀu + s_k s/σ ≤ 0 for every k, and s = −‖w‖² < 0 whenever the system is
 * feasible; dividing by −s/σ gives âₖᵀ(x̄ + σu/(−s)) ≤ β̂_k. The point is exact
 * only up to the fit's tolerance, so callers must measure its feasibility.
 * Returns x̄ itself when it violates nothing, and null when the fit found no
 * usable residual (s ≥ 0, as for an infeasible system).
 */
export function findFeasiblePoint(
  problem: QPProblem,
  norms: Float64Array,
  reference?: Float64Array,
): Float64Array | null {
  const facets = listFacets(problem, norms);
  const ref = referencePoints(problem, reference)[0];
  const fit = fitFarkas(problem, facets, ref);
  if (fit === 'feasible') return ref.slice();
  if (fit === null) return null;
  const n = problem.n;
  const s = fit.residual[n];
  if (!(s < 0)) return null;
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) x[j] = ref[j] + (fit.sigma * fit.residual[j]) / -s;
  return allFinite(x) ? x : null;
}

/** The numbers of a certificate recomputed from the data, with the verdict of the check. */
interface FarkasEvaluation {
  combinationNorm: number;
  offsetGap: number;
  weight: number;
  check: CertificateCheck;
}

/** Sign and finiteness conditions on the multipliers; returns the first violation or null. */
function signProblem(problem: QPProblem, mult: Multipliers): string | null {
  const { m, n, lo, hi, lower, upper } = problem;
  if (mult.rho.length !== m || mult.lowerY.length !== n || mult.upperY.length !== n) {
    return `multiplier lengths ${mult.rho.length}/${mult.lowerY.length}/${mult.upperY.length}, expected ${m}/${n}/${n}`;
  }
  for (const [name, v] of [
    ['row', mult.rho],
    ['lower bound', mult.lowerY],
    ['upper bound', mult.upperY],
  ] as const) {
    for (let i = 0; i < v.length; i++)
      if (!Number.isFinite(v[i])) return `${name} multiplier ${i} is ${v[i]}`;
  }
  for (let i = 0; i < m; i++) {
    if (mult.rho[i] > 0 && !Number.isFinite(hi[i]))
      return `row ${i} uses its upper side, but hi is +Infinity`;
    if (mult.rho[i] < 0 && !Number.isFinite(lo[i]))
      return `row ${i} uses its lower side, but lo is −Infinity`;
  }
  for (let j = 0; j < n; j++) {
    if (mult.lowerY[j] < 0 || mult.upperY[j] < 0)
      return `bound multipliers of variable ${j} must be ≥ 0`;
    if (mult.lowerY[j] > 0 && !Number.isFinite(lower[j]))
      return `variable ${j} uses its lower bound, which is −Infinity`;
    if (mult.upperY[j] > 0 && !Number.isFinite(upper[j]))
      return `variable ${j} uses its upper bound, which is +Infinity`;
  }
  return null;
}

/** Accumulates one facet term y·(a, β) into the sums of {@link evaluateFarkas}. */
interface Sums {
  comb: Float64Array;
  weight: number;
  offset: number;
  absOffset: number;
  scale: number;
}

function accumulate(s: Sums, y: number, norm: number, beta: number): void {
  s.weight += y * norm;
  s.offset += y * beta;
  s.absOffset += y * Math.abs(beta);
  if (norm > 0) s.scale = Math.max(s.scale, Math.abs(beta) / norm);
}

/** Recomputes Σ y a, Σ y β and the tests of {@link FARKAS_TOLERANCES} from the problem data alone. */
function evaluateFarkas(problem: QPProblem, mult: Multipliers): FarkasEvaluation {
  const fail = (reason: string): FarkasEvaluation => ({
    combinationNorm: NaN,
    offsetGap: NaN,
    weight: NaN,
    check: { valid: false, reason },
  });
  const bad = signProblem(problem, mult);
  if (bad !== null) return fail(bad);
  const { m, n, C, lo, hi, lower, upper } = problem;
  const norms = rowNorms(C, m, n);
  const s: Sums = { comb: new Float64Array(n), weight: 0, offset: 0, absOffset: 0, scale: 0 };
  for (let i = 0; i < m; i++) {
    const r = mult.rho[i];
    if (r === 0) continue;
    for (let j = 0; j < n; j++) s.comb[j] += r * C[i * n + j];
    accumulate(s, Math.abs(r), norms[i], r > 0 ? hi[i] : -lo[i]);
  }
  for (let j = 0; j < n; j++) {
    if (mult.lowerY[j] > 0) {
      s.comb[j] -= mult.lowerY[j];
      accumulate(s, mult.lowerY[j], 1, -lower[j]);
    }
    if (mult.upperY[j] > 0) {
      s.comb[j] += mult.upperY[j];
      accumulate(s, mult.upperY[j], 1, upper[j]);
    }
  }
  const combinationNorm = euclid(s.comb);
  const out = { combinationNorm, offsetGap: s.offset, weight: s.weight };
  const T = FARKAS_TOLERANCES;
  const reason = !(
    s.weight > 0 &&
    Number.isFinite(s.weight) &&
    Number.isFinite(s.offset) &&
    Number.isFinite(combinationNorm)
  )
    ? `weight ${s.weight}, offset ${s.offset} and combination ${combinationNorm} must be finite with a positive weight`
    : combinationNorm > T.combination * s.weight
      ? `‖Σ y a‖ = ${combinationNorm.toExponential(3)} > ${T.combination} · Σ y‖a‖ = ${(T.combination * s.weight).toExponential(3)}`
      : !(-s.offset > T.gap * s.absOffset)
        ? `Σ y β = ${s.offset.toExponential(3)} is not below −${T.gap} · Σ y|β| = ${(-T.gap * s.absOffset).toExponential(3)}`
        : -s.offset < T.radiusFactor * s.scale * combinationNorm
          ? `exclusion radius ${(-s.offset / combinationNorm).toExponential(3)} < ${T.radiusFactor} · ${s.scale.toExponential(3)}`
          : 'ok';
  return { ...out, check: { valid: reason === 'ok', reason } };
}

/**
 * Re-verifies a Farkas certificate from scratch against the problem data:
 * lengths, finiteness, signs (y ≥ 0, and a multiplier only on a finite side),
 * then the three tests of {@link FARKAS_TOLERANCES} on Σ y a and Σ y β
 * recomputed here (the certificate's own numbers are not trusted).
 */
export function checkInfeasibilityCertificate(
  problem: QPProblem,
  cert: InfeasibilityCertificate,
): CertificateCheck {
  return evaluateFarkas(problem, {
    rho: cert.rowMultipliers,
    lowerY: cert.lowerBoundMultipliers,
    upperY: cert.upperBoundMultipliers,
  }).check;
}
