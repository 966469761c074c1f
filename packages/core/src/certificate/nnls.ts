/**
 * Non-negative least squares for the KKT certificate (DESIGN §3):
 *
 *     minimise ‖Mx − t‖₂  subject to  x ≥ 0
 *
 * by the Lawson–Hanson active-set method. The passive (loaded) columns are
 * kept as a thin QR factorisation M_P = QR, updated when a column is loaded
 * (modified Gram–Schmidt with a second pass when the first one cancelled
 * much, so Q stays orthonormal to rounding) and downdated by Givens rotations
 * when a column is dropped, with Qᵀt kept alongside, so a passive least-squares
 * solve is one O(p²) back substitution R z = Qᵀt. The solution accepted at the
 * end of each step gets one refinement step against the true residual t − M_P z.
 * Speed: partial pricing (see pickColumn) and an optional warm start.
 *
 * Rank deficiency (duplicated or zero columns, e.g. duplicated rows of a QP):
 * a column whose component orthogonal to the loaded columns is at most
 * `tolerance · ‖M_j‖` is numerically in their span; it is not loaded and is
 * set aside until a column is dropped (which shrinks the span). Because the
 * residual is orthogonal to the loaded columns, such a column's gradient is
 * below the stopping threshold anyway, so the optimality test still holds for
 * it. Zero columns are never loaded. No NaN can come out of a dependent set.
 * Limitation: the stopping test looks at gradients, so a residual reachable
 * only through columns nearly (angle ≲ 1e-6) in the span of loaded ones can be
 * left over; the reported residual is then an upper bound of the optimum.
 */

/** Options of {@link solveNnls}. */
export interface NnlsOptions {
  /**
   * Cap on passive least-squares solves (one per loaded column plus one per
   * inner step). Default `3 · cols + 100`. Reaching it returns `converged: false`.
   */
  maxIterations?: number;
  /**
   * Relative optimality tolerance. The fit stops when every unloaded column j
   * has `M_jᵀ(t − Mx) ≤ tolerance · ‖M_j‖ · ‖t‖` (invariant under scaling of t
   * and of single columns); also the rank-deficiency threshold. Default 1e-10.
   */
  tolerance?: number;
  /**
   * Warm start: columns to load before the Lawson–Hanson iterations (e.g. the
   * facets that are probably active). They are loaded in the given order
   * (dependent and zero columns skipped), the least-squares fit on them is
   * computed, and columns with a non-positive coefficient are dropped until
   * every coefficient is positive; the method then runs as usual, so the
   * result satisfies the same optimality test. Only the speed depends on it.
   */
  initialSet?: ArrayLike<number>;
}

/** Result of {@link solveNnls}. */
export interface NnlsResult {
  /** The non-negative solution (length cols); all zeros when the fit failed on input. */
  x: Float64Array;
  /** ‖Mx − t‖₂ recomputed from x (NaN when the input was not finite). */
  residualNorm: number;
  /** True when the optimality test passed with every number finite. */
  converged: boolean;
  /** Passive least-squares solves performed. */
  iterations: number;
}

/** Thin QR of the loaded columns: Q rows×p (column-major), R p×p upper triangular (column-major, leading dim cap). */
class PassiveQr {
  readonly q: Float64Array;
  readonly r: Float64Array;
  /** Column of M at each QR position. */
  readonly index: Int32Array;
  size = 0;
  /** Qᵀt, kept up to date through loads and rotations. */
  private readonly qt: Float64Array;
  private readonly res: Float64Array;

  constructor(
    private readonly M: Float64Array,
    private readonly rows: number,
    readonly cap: number,
    private readonly t: Float64Array,
  ) {
    this.q = new Float64Array(rows * cap);
    this.r = new Float64Array(cap * cap);
    this.index = new Int32Array(cap);
    this.qt = new Float64Array(cap);
    this.res = new Float64Array(rows);
  }

  /** One modified Gram–Schmidt pass of Q column `p` against columns 0..p−1, adding the coefficients to R; returns the new norm. */
  private sweep(p: number): number {
    const { rows, q, r, cap } = this;
    const vOff = p * rows;
    const rOff = p * cap;
    for (let k = 0; k < p; k++) {
      const kOff = k * rows;
      let h = 0;
      for (let i = 0; i < rows; i++) h += q[kOff + i] * q[vOff + i];
      for (let i = 0; i < rows; i++) q[vOff + i] -= h * q[kOff + i];
      r[rOff + k] += h;
    }
    return norm2(q.subarray(vOff, vOff + rows));
  }

  /**
   * Appends column `col` of M; returns false (and changes nothing) when it is
   * numerically dependent. The second Gram–Schmidt pass runs when the first
   * one cancelled more than 1 − 1/√2 of the norm ("twice is enough").
   */
  add(col: number, colNorm: number, depTol: number): boolean {
    const { M, rows, q, r, cap } = this;
    const p = this.size;
    if (p >= cap || !(colNorm > 0)) return false;
    const vOff = p * rows;
    const rOff = p * cap;
    for (let i = 0; i < rows; i++) q[vOff + i] = M[col * rows + i];
    r.fill(0, rOff, rOff + cap);
    let nrm = this.sweep(p);
    if (nrm < Math.SQRT1_2 * colNorm) nrm = this.sweep(p);
    if (!(nrm > depTol * colNorm)) return false;
    let qt = 0;
    for (let i = 0; i < rows; i++) {
      q[vOff + i] /= nrm;
      qt += q[vOff + i] * this.t[i];
    }
    this.qt[p] = qt;
    r[rOff + p] = nrm;
    this.index[p] = col;
    this.size = p + 1;
    return true;
  }

  /** Removes the column at QR position `pos`, restoring triangular R with Givens rotations. */
  remove(pos: number): void {
    const { rows, q, r, cap, index, qt } = this;
    const p = this.size;
    for (let c = pos; c < p - 1; c++) {
      r.copyWithin(c * cap, (c + 1) * cap, (c + 1) * cap + c + 2);
      index[c] = index[c + 1];
    }
    for (let c = pos; c < p - 1; c++) {
      const a = r[c * cap + c];
      const b = r[c * cap + c + 1];
      const h = Math.hypot(a, b);
      const cs = h === 0 ? 1 : a / h;
      const sn = h === 0 ? 0 : b / h;
      r[c * cap + c] = h;
      r[c * cap + c + 1] = 0;
      for (let k = c + 1; k < p - 1; k++) {
        const u = r[k * cap + c];
        const v = r[k * cap + c + 1];
        r[k * cap + c] = cs * u + sn * v;
        r[k * cap + c + 1] = cs * v - sn * u;
      }
      const t1 = qt[c];
      qt[c] = cs * t1 + sn * qt[c + 1];
      qt[c + 1] = cs * qt[c + 1] - sn * t1;
      const o1 = c * rows;
      const o2 = (c + 1) * rows;
      for (let i = 0; i < rows; i++) {
        const u = q[o1 + i];
        const v = q[o2 + i];
        q[o1 + i] = cs * u + sn * v;
        q[o2 + i] = cs * v - sn * u;
      }
    }
    this.size = p - 1;
  }

  /** Back substitution R z = y in place (z indexed by QR position). */
  private backSolve(z: Float64Array): void {
    const { r, cap } = this;
    for (let k = this.size - 1; k >= 0; k--) {
      let s = z[k];
      for (let c = k + 1; c < this.size; c++) s -= r[c * cap + k] * z[c];
      z[k] = s / r[k * cap + k];
    }
  }

  /** Least squares min ‖M_P z − t‖: z = R⁻¹(Qᵀt), O(p²) thanks to the kept Qᵀt. */
  solve(z: Float64Array): void {
    z.set(this.qt.subarray(0, this.size));
    this.backSolve(z);
  }

  /** One step of iterative refinement: dz = R⁻¹Qᵀ(t − M_P z), against the true residual. */
  refine(z: Float64Array, dz: Float64Array): void {
    const { M, rows, q, index, res, t } = this;
    const p = this.size;
    res.set(t.subarray(0, rows));
    for (let k = 0; k < p; k++) {
      const off = index[k] * rows;
      for (let i = 0; i < rows; i++) res[i] -= z[k] * M[off + i];
    }
    for (let k = 0; k < p; k++) {
      let s = 0;
      for (let i = 0; i < rows; i++) s += q[k * rows + i] * res[i];
      dz[k] = s;
    }
    this.backSolve(dz);
  }
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/** Residual t − Mx over the loaded columns only (x is zero elsewhere). */
function residual(
  M: Float64Array,
  rows: number,
  t: Float64Array,
  x: Float64Array,
  qr: PassiveQr,
  out: Float64Array,
): void {
  out.set(t.subarray(0, rows));
  for (let k = 0; k < qr.size; k++) {
    const col = qr.index[k];
    const xk = x[col];
    const off = col * rows;
    for (let i = 0; i < rows; i++) out[i] -= xk * M[off + i];
  }
}

/** State of one solve. `scores`/`shortlist`: the last full pricing and the columns kept from it. */
interface Work {
  M: Float64Array;
  rows: number;
  cols: number;
  t: Float64Array;
  x: Float64Array;
  qr: PassiveQr;
  colNorms: Float64Array;
  loaded: Uint8Array;
  setAside: Uint8Array;
  z: Float64Array;
  dz: Float64Array;
  iterations: number;
  maxIterations: number;
  tolerance: number;
  scores: Float64Array;
  shortlist: number[];
}

/** Normalised gradient M_jᵀr/‖M_j‖ of column j, or −Infinity when it cannot be loaded. */
function score(w: Work, j: number, r: Float64Array): number {
  const cn = w.colNorms[j];
  if (w.loaded[j] || w.setAside[j] || cn === 0) return -Infinity;
  const { M, rows } = w;
  const off = j * rows;
  let s = 0;
  for (let i = 0; i < rows; i++) s += M[off + i] * r[i];
  return s / cn;
}

/**
 * Partial pricing: the column to load is the best of the shortlist kept from
 * the last full pricing, re-priced at the current residual; only when none of
 * them is above threshold are all columns priced (and the shortlist renewed
 * with the SHORTLIST best). Any column with a positive gradient keeps the
 * Lawson–Hanson descent, and the method still ends only after a full pricing
 * finds nothing above threshold, so the optimality test is unchanged.
 * Returns −1 when no column is above threshold.
 */
function pickColumn(w: Work, r: Float64Array, threshold: number): number {
  let best = -1;
  let bestScore = threshold;
  for (let k = 0; k < w.shortlist.length; k++) {
    const j = w.shortlist[k];
    const sc = score(w, j, r);
    if (sc > bestScore) {
      bestScore = sc;
      best = j;
    }
  }
  if (best >= 0) return best;
  const scores = w.scores;
  const above: number[] = [];
  for (let j = 0; j < w.cols; j++) {
    scores[j] = score(w, j, r);
    if (scores[j] > threshold) above.push(j);
  }
  above.sort((a, b) => scores[b] - scores[a] || a - b);
  w.shortlist = above.slice(0, SHORTLIST);
  return above.length > 0 ? above[0] : -1;
}

/** Size of the partial-pricing shortlist of {@link pickColumn}. */
const SHORTLIST = 32;

/**
 * Accepts the positive passive solution z as x after one refinement step
 * (an entry whose refinement would make it non-positive keeps its value).
 */
function commit(w: Work): void {
  const { qr, x, z, dz } = w;
  qr.refine(z, dz);
  for (let k = 0; k < qr.size; k++) {
    const v = z[k] + dz[k];
    x[qr.index[k]] = v > 0 && Number.isFinite(v) ? v : z[k];
  }
}

/** Drops QR position `pos` and frees its column. */
function unload(w: Work, pos: number): void {
  const col = w.qr.index[pos];
  w.qr.remove(pos);
  w.loaded[col] = 0;
  w.x[col] = 0;
}

/**
 * Lawson–Hanson inner loop after loading a column: solve on the passive set,
 * step back to the feasible boundary and drop columns until every coefficient
 * is positive. Returns false on a non-finite solve or the iteration cap.
 */
function innerLoop(w: Work): boolean {
  const { qr, x, z } = w;
  let first = true;
  for (;;) {
    if (w.iterations >= w.maxIterations) return false;
    w.iterations++;
    qr.solve(z);
    const p = qr.size;
    for (let k = 0; k < p; k++) if (!Number.isFinite(z[k])) return false;
    if (first && !(z[p - 1] > 0)) {
      // Safeguard of Lawson–Hanson: a freshly loaded column must get a positive
      // coefficient; if rounding says otherwise, unload it and set it aside.
      const col = qr.index[p - 1];
      unload(w, p - 1);
      w.setAside[col] = 1;
      return true;
    }
    first = false;
    let alpha = Infinity;
    let arg = -1;
    for (let k = 0; k < p; k++) {
      if (z[k] > 0) continue;
      const xk = x[qr.index[k]];
      const d = xk - z[k];
      const a = d > 0 ? xk / d : 0;
      if (a < alpha) {
        alpha = a;
        arg = k;
      }
    }
    if (arg < 0) {
      commit(w);
      return true;
    }
    for (let k = 0; k < p; k++) {
      const col = qr.index[k];
      x[col] += alpha * (z[k] - x[col]);
    }
    for (let k = p - 1; k >= 0; k--) {
      if (k === arg || !(x[qr.index[k]] > 0)) unload(w, k);
    }
    w.setAside.fill(0);
  }
}

/**
 * Loads the warm-start columns and drops non-positive coefficients until the
 * least-squares fit on the loaded set is positive (the invariant of the outer
 * loop). Returns false on a non-finite solve or the iteration cap.
 */
function warmStart(w: Work, set: ArrayLike<number>): boolean {
  const { qr, z, loaded, colNorms } = w;
  for (let k = 0; k < set.length; k++) {
    const j = set[k];
    if (!(j >= 0 && j < w.cols) || loaded[j]) continue;
    if (qr.add(j, colNorms[j], w.tolerance)) loaded[j] = 1;
  }
  while (qr.size > 0) {
    if (w.iterations >= w.maxIterations) return false;
    w.iterations++;
    qr.solve(z);
    const p = qr.size;
    for (let k = 0; k < p; k++) if (!Number.isFinite(z[k])) return false;
    let dropped = false;
    for (let k = p - 1; k >= 0; k--) {
      if (z[k] > 0) continue;
      unload(w, k);
      dropped = true;
    }
    if (!dropped) {
      commit(w);
      return true;
    }
  }
  return true;
}

/**
 * Solves min ‖Mx − t‖₂ subject to x ≥ 0 (Lawson–Hanson; DESIGN §3).
 *
 * `M` is rows×cols in **column-major** order (column j is
 * `M[j·rows .. j·rows + rows − 1]`), `t` has length rows. Never throws for
 * numeric trouble: non-finite input, a non-finite solve or the iteration cap
 * give `converged: false`. Throws `RangeError` only for inconsistent lengths.
 */
export function solveNnls(
  M: Float64Array,
  rows: number,
  cols: number,
  t: Float64Array,
  opts: NnlsOptions = {},
): NnlsResult {
  if (M.length < rows * cols || t.length < rows) {
    throw new RangeError(
      `solveNnls: M has ${M.length} entries and t ${t.length}, expected ${rows}×${cols} and ${rows}`,
    );
  }
  const tolerance = opts.tolerance ?? 1e-10;
  const maxIterations = opts.maxIterations ?? 3 * cols + 100;
  const x = new Float64Array(cols);
  if (!allFinite(M.subarray(0, rows * cols)) || !allFinite(t.subarray(0, rows))) {
    return { x, residualNorm: NaN, converged: false, iterations: 0 };
  }
  const colNorms = new Float64Array(cols);
  for (let j = 0; j < cols; j++) colNorms[j] = norm2(M.subarray(j * rows, (j + 1) * rows));
  const threshold = tolerance * norm2(t.subarray(0, rows));
  const cap = Math.min(rows, cols);
  const w: Work = {
    M,
    rows,
    cols,
    t,
    x,
    colNorms,
    qr: new PassiveQr(M, rows, cap, t),
    loaded: new Uint8Array(cols),
    setAside: new Uint8Array(cols),
    z: new Float64Array(cap),
    dz: new Float64Array(cap),
    iterations: 0,
    maxIterations,
    tolerance,
    scores: new Float64Array(cols),
    shortlist: [],
  };
  const r = new Float64Array(rows);
  let converged = false;
  let ok = opts.initialSet === undefined || warmStart(w, opts.initialSet);
  while (ok) {
    residual(M, rows, t, x, w.qr, r);
    const j = pickColumn(w, r, threshold);
    if (j < 0) {
      converged = true;
      break;
    }
    if (w.iterations >= maxIterations) break;
    if (!w.qr.add(j, colNorms[j], tolerance)) {
      w.setAside[j] = 1;
      continue;
    }
    w.loaded[j] = 1;
    ok = innerLoop(w);
  }
  residual(M, rows, t, x, w.qr, r);
  const residualNorm = norm2(r);
  if (!Number.isFinite(residualNorm) || !allFinite(x)) converged = false;
  return { x, residualNorm, converged, iterations: w.iterations };
}

/**
 * Euclidean norm without spurious overflow or underflow: the plain sum of
 * squares when it is safely in range, a max-scaled sum otherwise.
 */
export function norm2(v: Float64Array, length = v.length): number {
  let sq = 0;
  for (let i = 0; i < length; i++) sq += v[i] * v[i];
  if (Number.isNaN(sq)) return NaN;
  if (sq > 1e-280 && sq < 1e280) return Math.sqrt(sq);
  let big = 0;
  for (let i = 0; i < length; i++) big = Math.max(big, Math.abs(v[i]));
  if (big === 0 || !Number.isFinite(big)) return big;
  let s = 0;
  for (let i = 0; i < length; i++) s += (v[i] / big) * (v[i] / big);
  return big * Math.sqrt(s);
}
