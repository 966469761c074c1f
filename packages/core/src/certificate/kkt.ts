import { SnnOptError } from '../errors.js';
import { rowActivities, rowNorms } from '../problem/facets.js';
import type { QPProblem } from '../problem/types.js';
import { type NnlsOptions, norm2, solveNnls } from './nnls.js';
import { hessianTimes } from './objective.js';
import type { CertificateStatus, KktCertificate } from './types.js';

/** Tolerances of the certificate (DESIGN §3; the solver's defaults are 1e-9 and 1e-4). */
export interface KktTolerances {
  /** Absolute part of the pass test. */
  kktAbsTol: number;
  /** Relative part of the pass test, multiplied by the scale. */
  kktRelTol: number;
}

/**
 * The facets of DESIGN §3 as the NNLS matrix: column k is `[n_k ; |s_k|/ℓ]`
 * (rows = n + 1, column-major), with the candidate id, slack and
 * multiplier conversion factor of each column.
 */
interface FacetMatrix {
  M: Float64Array;
  count: number;
  candidate: Int32Array;
  /** |s_k| (geometric slack). */
  slack: Float64Array;
  /** Factor turning μ_k into the reported multiplier: ±1/‖c_i‖ for an upper/lower row side, 1 for bounds. */
  unit: Float64Array;
}

/** Counts the finite sides of nonzero rows and the finite bounds. */
function countFacets(p: QPProblem, norms: Float64Array): number {
  let k = 0;
  for (let i = 0; i < p.m; i++) {
    if (norms[i] === 0) continue;
    if (Number.isFinite(p.hi[i])) k++;
    if (Number.isFinite(p.lo[i])) k++;
  }
  for (let j = 0; j < p.n; j++) {
    if (Number.isFinite(p.lower[j])) k++;
    if (Number.isFinite(p.upper[j])) k++;
  }
  return k;
}

/**
 * Builds every facet in candidate order (rows: upper side before lower side,
 * then lower bounds, then upper bounds). Zero rows are skipped.
 */
function buildFacets(
  p: QPProblem,
  x: Float64Array,
  norms: Float64Array,
  act: Float64Array,
  ell: number,
): FacetMatrix {
  const { n, m, C } = p;
  const rows = n + 1;
  const K = countFacets(p, norms);
  const f: FacetMatrix = {
    M: new Float64Array(rows * K),
    count: 0,
    candidate: new Int32Array(K),
    slack: new Float64Array(K),
    unit: new Float64Array(K),
  };
  const push = (cand: number, slack: number, unit: number): number => {
    const k = f.count++;
    f.candidate[k] = cand;
    f.slack[k] = Math.abs(slack);
    f.unit[k] = unit;
    f.M[k * rows + n] = Math.abs(slack) / ell;
    return k * rows;
  };
  for (let i = 0; i < m; i++) {
    const nrm = norms[i];
    if (nrm === 0) continue;
    const sides: Array<[number, number]> = [];
    if (Number.isFinite(p.hi[i])) sides.push([1, (p.hi[i] - act[i]) / nrm]);
    if (Number.isFinite(p.lo[i])) sides.push([-1, (act[i] - p.lo[i]) / nrm]);
    for (const [sign, slack] of sides) {
      const off = push(i, slack, sign / nrm);
      for (let j = 0; j < n; j++) f.M[off + j] = (sign * C[i * n + j]) / nrm;
    }
  }
  for (let j = 0; j < n; j++) {
    if (Number.isFinite(p.lower[j])) f.M[push(m + j, x[j] - p.lower[j], 1) + j] = -1;
  }
  for (let j = 0; j < n; j++) {
    if (Number.isFinite(p.upper[j])) f.M[push(m + n + j, p.upper[j] - x[j], 1) + j] = 1;
  }
  return f;
}

/** A certificate that fails closed: every number NaN. */
function failClosed(p: QPProblem, status: CertificateStatus, reason: string): KktCertificate {
  return {
    status,
    reason,
    stationarity: NaN,
    complementarity: NaN,
    residual: NaN,
    scale: NaN,
    relative: NaN,
    multipliers: new Float64Array(p.m + 2 * p.n).fill(NaN),
  };
}

/** Index of the first non-finite entry, or −1. */
function firstNonFinite(v: Float64Array): number {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return i;
  return -1;
}

function checkDimensions(p: QPProblem, x: Float64Array, norms: Float64Array | undefined): void {
  if (x.length !== p.n) {
    throw new SnnOptError(
      'dimension_mismatch',
      `computeCertificate: x has length ${x.length}, expected ${p.n}`,
      {
        argument: 'x',
        expected: `length ${p.n}`,
        received: `length ${x.length}`,
      },
    );
  }
  if (norms !== undefined && norms.length !== p.m) {
    throw new SnnOptError(
      'dimension_mismatch',
      `computeCertificate: norms has length ${norms.length}, expected ${p.m}`,
      {
        argument: 'norms',
        expected: `length ${p.m}`,
        received: `length ${norms.length}`,
      },
    );
  }
}

/** Inputs of the fit, or the reason the certificate fails closed before it. */
function prepare(p: QPProblem, x: Float64Array, given: Float64Array | undefined) {
  let bad = firstNonFinite(x);
  if (bad >= 0) return { reason: `x[${bad}] is ${x[bad]}` };
  const ax = hessianTimes(p, x);
  const g = new Float64Array(p.n);
  for (let j = 0; j < p.n; j++) g[j] = ax[j] + p.b[j];
  bad = firstNonFinite(g);
  if (bad >= 0) return { reason: `gradient component ${bad} is ${g[bad]}` };
  const norms = given ?? rowNorms(p.C, p.m, p.n);
  bad = firstNonFinite(norms);
  if (bad >= 0) return { reason: `norm of row ${bad} is ${norms[bad]}` };
  const act = rowActivities(p.C, p.m, p.n, x);
  bad = firstNonFinite(act);
  if (bad >= 0) return { reason: `activity c_${bad}ᵀx is ${act[bad]}` };
  const ell = Math.max(1, norm2(x));
  if (!Number.isFinite(ell)) return { reason: `‖x‖ is ${ell}` };
  return { ax, g, norms, act, ell };
}

/**
 * KKT certificate of a point x (DESIGN §3). Facets are the finite sides of
 * every nonzero row (unit normal ±c_i/‖c_i‖, geometric slack) and every
 * finite bound (normal ∓e_j); one non-negative least-squares fit
 *
 *     min_{μ ≥ 0} ‖ [Nᵀ ; |s|ᵀ/ℓ] μ − [−∇f ; 0] ‖₂,   ℓ = max(1, ‖x‖₂)
 *
 * gives stationarity ‖∇f + Nᵀμ‖₂, complementarity |s|ᵀμ/ℓ, residual
 * hypot(stationarity, complementarity), scale max(‖Ax‖₂, ‖b‖₂, ‖Nᵀμ‖₂), and
 * status `passed` iff residual ≤ kktAbsTol + kktRelTol · scale.
 *
 * Multipliers are indexed by candidate id (problem/facets.ts) and expressed
 * for the constraints **as given**, i.e. as Lagrange multipliers y with
 * ∇f + Σ_i y_i c_i − Σ_j y_{m+j} e_j + Σ_j y_{m+n+j} e_j ≈ 0: a row's entry is
 * (μ_upper − μ_lower)/‖c_i‖ (so rescaling row i by α divides it by α and
 * duplicated rows share one multiplier between them); a bound's entry is μ ≥ 0.
 *
 * Fails closed without throwing for numeric trouble: a non-finite x,
 * gradient, row norm, activity or fitted number gives `non_finite`; an NNLS
 * fit that does not converge gives `fit_failed` (its numbers are still
 * reported). Throws {@link SnnOptError} `dimension_mismatch` only when x or
 * norms has the wrong length (a programming error, not numeric trouble).
 *
 * Speed: the fit is warm-started with the facets whose slack is at most
 * 1e-5·ℓ (the facets a converged point sits on); this changes only which
 * columns are loaded first, not the optimality test that ends the fit. The
 * reported residual is that of a valid μ ≥ 0, so it never understates the
 * optimum of the fit: a pass is always backed by real multipliers.
 *
 * @param norms ‖c_i‖ for every row (as from `rowNorms`); computed when absent.
 * @param fit Options of the NNLS fit (diagnostics and tests); by default the
 *   tolerance and cap of {@link solveNnls} and the warm start above.
 */
export function computeCertificate(
  problem: QPProblem,
  x: Float64Array,
  tol: KktTolerances,
  norms?: Float64Array,
  fit?: NnlsOptions,
): KktCertificate {
  checkDimensions(problem, x, norms);
  const prep = prepare(problem, x, norms);
  if (prep.reason !== undefined) return failClosed(problem, 'non_finite', prep.reason);
  const { ax, g, ell } = prep;
  const n = problem.n;
  const f = buildFacets(problem, x, prep.norms, prep.act, ell);
  const t = new Float64Array(n + 1);
  for (let j = 0; j < n; j++) t[j] = -g[j];
  const nnls = solveNnls(f.M, n + 1, f.count, t, { initialSet: warmSet(f, ell), ...fit });
  const cert = assemble(problem, f, nnls.x, g, ax, ell);
  return decide(cert, nnls.converged, nnls.iterations, tol);
}

/**
 * Facets whose geometric slack is at most {@link WARM_SLACK}·ℓ, the NNLS warm
 * start. Only the speed of the fit depends on it: the Lawson–Hanson
 * optimality test that ends the fit is the same with or without it.
 */
function warmSet(f: FacetMatrix, ell: number): Int32Array {
  const out: number[] = [];
  for (let k = 0; k < f.count; k++) if (f.slack[k] <= WARM_SLACK * ell) out.push(k);
  return Int32Array.from(out);
}

/**
 * Slack (relative to ℓ) under which a facet is loaded first by the fit; see
 * {@link warmSet}. A checkpoint's point sits on the facets it spiked onto, or
 * within the sweep's constraintTol (default 1e-6) of them: 1e-5 keeps a margin.
 */
const WARM_SLACK = 1e-5;

/** The reported numbers of a fitted μ (status still to be decided). */
function assemble(
  p: QPProblem,
  f: FacetMatrix,
  mu: Float64Array,
  g: Float64Array,
  ax: Float64Array,
  ell: number,
): KktCertificate {
  const { n, m } = p;
  const rows = n + 1;
  const nmu = new Float64Array(n);
  const multipliers = new Float64Array(m + 2 * n);
  let comp = 0;
  for (let k = 0; k < f.count; k++) {
    const muk = mu[k];
    if (muk === 0) continue;
    const off = k * rows;
    for (let j = 0; j < n; j++) nmu[j] += muk * f.M[off + j];
    comp += f.slack[k] * muk;
    multipliers[f.candidate[k]] += muk * f.unit[k];
  }
  return residualNumbers(p, nmu, comp, g, ax, ell, multipliers);
}

/**
 * Stationarity, complementarity, residual and scale from Nᵀμ and |s|ᵀμ.
 * `nmu` is the caller's scratch vector: it is overwritten with g + Nᵀμ once
 * its own norm is taken, so both norms go through the overflow-safe norm2.
 */
function residualNumbers(
  p: QPProblem,
  nmu: Float64Array,
  comp: number,
  g: Float64Array,
  ax: Float64Array,
  ell: number,
  multipliers: Float64Array,
): KktCertificate {
  const scale = Math.max(norm2(ax), norm2(p.b), norm2(nmu));
  for (let j = 0; j < p.n; j++) nmu[j] += g[j];
  const stationarity = norm2(nmu);
  const complementarity = comp / ell;
  const residual = Math.hypot(stationarity, complementarity);
  return {
    status: 'failed',
    stationarity,
    complementarity,
    residual,
    scale,
    relative: residual / scale,
    multipliers,
  };
}

/** A multiplier μ ≥ 0 proposed for one facet's unit normal (DESIGN §3). */
export interface FacetMultiplier {
  kind: 'row' | 'bound';
  /** Row i or variable j. */
  index: number;
  /** The upper side (c_iᵀx ≤ hi_i, x_j ≤ u_j) or the lower one. */
  upper: boolean;
  /** Multiplier of the unit normal. */
  mu: number;
}

/**
 * The certificate of DESIGN §3 evaluated at multipliers the caller proposes
 * (μ on the listed facets, 0 on every other) instead of the NNLS fit: the
 * same stationarity, complementarity, residual, scale and pass test. The fit
 * minimises that residual over all μ ≥ 0, so a pass here is backed by real
 * multipliers just as a fitted pass is; polish proposes the multipliers of
 * its equality-constrained solve and falls back to the fit when this fails.
 * Returns null when a proposed facet does not exist (an infinite side, a zero
 * row) or a μ is negative or not finite.
 */
export function certificateAt(
  problem: QPProblem,
  x: Float64Array,
  tol: KktTolerances,
  norms: Float64Array,
  proposed: readonly FacetMultiplier[],
): KktCertificate | null {
  checkDimensions(problem, x, norms);
  const prep = prepare(problem, x, norms);
  if (prep.reason !== undefined) return null;
  const { n, m, C } = problem;
  const { act, ell } = prep;
  const nmu = new Float64Array(n);
  const multipliers = new Float64Array(m + 2 * n);
  let comp = 0;
  for (const { kind, index: i, upper, mu } of proposed) {
    if (!(mu >= 0) || !Number.isFinite(mu)) return null;
    if (kind === 'row') {
      const nrm = prep.norms[i];
      const target = upper ? problem.hi[i] : problem.lo[i];
      if (nrm === 0 || !Number.isFinite(target)) return null;
      const sign = upper ? 1 : -1;
      for (let j = 0; j < n; j++) nmu[j] += (mu * sign * C[i * n + j]) / nrm;
      comp += (Math.abs(sign * (target - act[i])) / nrm) * mu;
      multipliers[i] += (mu * sign) / nrm;
    } else {
      const bound = upper ? problem.upper[i] : problem.lower[i];
      if (!Number.isFinite(bound)) return null;
      nmu[i] += upper ? mu : -mu;
      comp += Math.abs(bound - x[i]) * mu;
      multipliers[(upper ? m + n : m) + i] += mu;
    }
  }
  return decide(
    residualNumbers(problem, nmu, comp, prep.g, prep.ax, ell, multipliers),
    true,
    0,
    tol,
  );
}

function setVerdict(
  cert: KktCertificate,
  status: KktCertificate['status'],
  reason?: string,
): KktCertificate {
  cert.status = status;
  if (reason !== undefined) cert.reason = reason;
  return cert;
}

/** Sets status and reason of a computed certificate (fail closed first). */
function decide(
  cert: KktCertificate,
  converged: boolean,
  iterations: number,
  tol: KktTolerances,
): KktCertificate {
  // cert is this module's own new object (assemble, residualNumbers): its status is set in
  // place (a copy by object spread costs more than the rest of a small certificate).
  const { stationarity, complementarity, residual, scale } = cert;
  if (!Number.isFinite(stationarity))
    return setVerdict(cert, 'non_finite', `stationarity is ${stationarity}`);
  if (!Number.isFinite(complementarity))
    return setVerdict(cert, 'non_finite', `complementarity is ${complementarity}`);
  if (!Number.isFinite(residual)) return setVerdict(cert, 'non_finite', `residual is ${residual}`);
  if (!Number.isFinite(scale)) return setVerdict(cert, 'non_finite', `scale is ${scale}`);
  const bad = firstNonFinite(cert.multipliers);
  if (bad >= 0)
    return setVerdict(
      cert,
      'non_finite',
      `multiplier of candidate ${bad} is ${cert.multipliers[bad]}`,
    );
  if (!converged)
    return setVerdict(cert, 'fit_failed', `NNLS fit did not converge in ${iterations} iterations`);
  const bound = tol.kktAbsTol + tol.kktRelTol * scale;
  if (residual <= bound) return setVerdict(cert, 'passed');
  return setVerdict(
    cert,
    'failed',
    `KKT residual ${residual.toExponential(3)} > ${bound.toExponential(3)} (relative ${cert.relative.toExponential(3)})`,
  );
}
