import { Matrix } from 'ml-matrix';

/**
 * Row-major dense helpers of the polish step: products with factors that
 * ml-matrix computed, and the two triangular substitutions of a QR factor.
 * The factorisations themselves (QR, Cholesky, symmetric eigen-decomposition)
 * come from ml-matrix.
 */

/** out = M v for an r×c row-major M. */
export function mulVec(
  M: Float64Array,
  r: number,
  c: number,
  v: ArrayLike<number>,
  out: Float64Array = new Float64Array(r),
): Float64Array {
  for (let i = 0; i < r; i++) {
    let s = 0;
    const base = i * c;
    for (let j = 0; j < c; j++) s += M[base + j] * v[j];
    out[i] = s;
  }
  return out;
}

/** out = Mᵀ v for an r×c row-major M. */
export function mulTVec(
  M: Float64Array,
  r: number,
  c: number,
  v: ArrayLike<number>,
  out: Float64Array = new Float64Array(c),
): Float64Array {
  out.fill(0);
  for (let i = 0; i < r; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    const base = i * c;
    for (let j = 0; j < c; j++) out[j] += M[base + j] * vi;
  }
  return out;
}

/**
 * Solves Rᵀu = b for an upper-triangular k×k row-major R (forward
 * substitution). Leading zeros of b give zeros of u, so the substitution
 * starts at b's first nonzero entry (a bound row ±e_jᵀ costs (k − j)²/2).
 * u may be b itself.
 */
export function solveUpperTransposed(
  R: Float64Array,
  k: number,
  b: ArrayLike<number>,
  u: Float64Array = new Float64Array(k),
): Float64Array {
  let first = 0;
  while (first < k && b[first] === 0) u[first++] = 0;
  for (let i = first; i < k; i++) {
    let s = b[i];
    for (let j = first; j < i; j++) s -= R[j * k + i] * u[j];
    u[i] = s / R[i * k + i];
  }
  return u;
}

/** Solves Rz = b for an upper-triangular k×k row-major R (back substitution; z may be b itself). */
export function solveUpper(
  R: Float64Array,
  k: number,
  b: ArrayLike<number>,
  z: Float64Array = new Float64Array(k),
): Float64Array {
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < k; j++) s -= R[i * k + j] * z[j];
    z[i] = s / R[i * k + i];
  }
  return z;
}

/** The block rows [r0, r0+rows) × columns [c0, c0+cols) of an ml-matrix Matrix, row-major. */
export function block(M: Matrix, r0: number, rows: number, c0: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = M.get(r0 + i, c0 + j);
  }
  return out;
}

/** An ml-matrix Matrix holding a copy of an r×c row-major array. */
export function toMatrix(M: Float64Array, r: number, c: number): Matrix {
  const out = new Matrix(r, c);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) out.set(i, j, M[i * c + j]);
  }
  return out;
}

/** ‖v‖∞ (NaN propagates). */
export function normInf(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > s || Number.isNaN(a)) s = a;
  }
  return s;
}

/** ‖v‖₂. */
export function norm2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** xᵀy. */
export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** Frobenius norm of a dense matrix (any layout): an upper bound of its 2-norm. */
export function frobenius(M: ArrayLike<number>): number {
  return norm2(M);
}
