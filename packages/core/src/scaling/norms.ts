import type { QPProblem } from '../problem/types.js';

/**
 * Infinity norms of the KKT-like matrix of a problem under diagonal scaling,
 * computed from the unscaled data without forming a scaled copy.
 *
 * With column scales D = diag(d) (length n), row scales E = diag(e)
 * (length m) and a cost scale c > 0, the scaled KKT matrix is
 *
 *     K̂ = [ c·DAD   (ECD)ᵀ ]
 *         [ ECD       0    ]
 *
 * K̂ is symmetric, so its row norms equal its column norms:
 *
 *     col_j   = max( max_i c·d_i·d_j·|A_ij| , max_k e_k·d_j·|C_kj| )   j = 0..n−1
 *     row_i   = max_j e_i·d_j·|C_ij|                                  i = 0..m−1
 *
 * (`row_i` is the norm of column n+i of K̂, i.e. of row i of ECD.)
 */
export interface KktNorms {
  /** ‖K̂_{:,j}‖∞ for the n variable columns. */
  col: Float64Array;
  /** ‖K̂_{:,n+i}‖∞ for the m constraint columns (= ‖row i of ECD‖∞). */
  row: Float64Array;
}

/** All-ones vector of length k (the identity scaling). */
export function ones(k: number): Float64Array {
  return new Float64Array(k).fill(1);
}

/**
 * Inf-norms of every column of K̂ (see {@link KktNorms}). Omitted scales are
 * the identity, so `kktNorms(p)` measures the problem as it stands.
 */
export function kktNorms(
  p: QPProblem,
  d: Float64Array = ones(p.n),
  e: Float64Array = ones(p.m),
  c = 1,
): KktNorms {
  const { n, m, A, C } = p;
  const col = new Float64Array(n);
  const row = new Float64Array(m);
  if (!p.isLinear) {
    for (let i = 0; i < n; i++) {
      const base = i * n;
      const ci = c * d[i];
      for (let j = 0; j < n; j++) {
        const v = ci * d[j] * Math.abs(A[base + j]);
        if (v > col[j]) col[j] = v;
      }
    }
  }
  for (let k = 0; k < m; k++) {
    const base = k * n;
    const ek = e[k];
    let r = 0;
    for (let j = 0; j < n; j++) {
      const v = ek * d[j] * Math.abs(C[base + j]);
      if (v > col[j]) col[j] = v;
      if (v > r) r = v;
    }
    row[k] = r;
  }
  return { col, row };
}

/**
 * The cost measure of OSQP-style cost scaling:
 *
 *     γ = max( (1/n) Σ_j ‖(c·DAD)_{:,j}‖∞ , ‖c·Db‖∞ )
 *
 * the mean column inf-norm of the scaled Hessian or the largest scaled linear
 * coefficient, whichever is larger. 0 when the objective is identically zero.
 */
export function costMeasure(p: QPProblem, d: Float64Array = ones(p.n), c = 1): number {
  const { n, A, b } = p;
  let sum = 0;
  if (!p.isLinear) {
    for (let j = 0; j < n; j++) {
      let mx = 0;
      for (let i = 0; i < n; i++) {
        const v = c * d[i] * d[j] * Math.abs(A[i * n + j]);
        if (v > mx) mx = v;
      }
      sum += mx;
    }
  }
  let bInf = 0;
  for (let j = 0; j < n; j++) bInf = Math.max(bInf, c * d[j] * Math.abs(b[j]));
  return Math.max(sum / n, bInf);
}

/**
 * Spread of a set of norms: max / min over the nonzero ones (zero columns
 * cannot be scaled and are left out). 1 when there is no nonzero norm.
 */
export function normSpread(norms: KktNorms): number {
  let lo = Infinity;
  let hi = 0;
  for (const arr of [norms.col, norms.row]) {
    for (let k = 0; k < arr.length; k++) {
      const v = arr[k];
      if (v === 0) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return hi === 0 ? 1 : hi / lo;
}

/** Largest |log2 ν| over the nonzero norms ν: 0 when every nonzero norm is exactly 1. */
export function maxLog2Deviation(norms: KktNorms): number {
  let worst = 0;
  for (const arr of [norms.col, norms.row]) {
    for (let k = 0; k < arr.length; k++) {
      if (arr[k] !== 0) worst = Math.max(worst, Math.abs(Math.log2(arr[k])));
    }
  }
  return worst;
}
