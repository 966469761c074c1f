/** Small dense helpers. Summation orders are fixed (index ascending) so every backend agrees. */

/** ‖v‖₂. */
export function norm2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** Largest absolute entry, 0 for an empty vector. NaN propagates. */
export function maxAbs(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > s || Number.isNaN(a)) s = a;
  }
  return s;
}

/** y = M x for an r×c row-major M. */
export function matVec(
  M: Float64Array,
  r: number,
  c: number,
  x: ArrayLike<number>,
  y = new Float64Array(r),
): Float64Array {
  for (let i = 0; i < r; i++) {
    let s = 0;
    const base = i * c;
    for (let j = 0; j < c; j++) s += M[base + j] * x[j];
    y[i] = s;
  }
  return y;
}

/** True when every entry is finite. */
export function allFinite(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}
