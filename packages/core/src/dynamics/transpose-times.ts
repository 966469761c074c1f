/**
 * out = Mᵀv for a rows×cols row-major M, as element-wise updates over the
 * rows of M, four at a time (out_i += M_ji v_j for j, j+1, j+2, j+3 in that
 * order): every sum runs over j ascending, the inner loop has no
 * loop-carried chain, and the compiled kernels' `transpose_times` takes the
 * same sums in the same order. Shared by the drift (M = A, symmetric) and the
 * residual refresh (M = Cᵀ).
 */
export function transposeTimes(
  M: Float64Array,
  rows: number,
  cols: number,
  v: Float64Array,
  out: Float64Array,
): void {
  for (let i = 0; i < cols; i++) out[i] = 0;
  let j = 0;
  for (; j + 4 <= rows; j += 4) {
    const v0 = v[j];
    const v1 = v[j + 1];
    const v2 = v[j + 2];
    const v3 = v[j + 3];
    const b0 = j * cols;
    const b1 = b0 + cols;
    const b2 = b1 + cols;
    const b3 = b2 + cols;
    for (let i = 0; i < cols; i++) {
      out[i] = out[i] + M[b0 + i] * v0 + M[b1 + i] * v1 + M[b2 + i] * v2 + M[b3 + i] * v3;
    }
  }
  for (; j < rows; j++) {
    const vj = v[j];
    const base = j * cols;
    for (let i = 0; i < cols; i++) out[i] = out[i] + M[base + i] * vj;
  }
}
