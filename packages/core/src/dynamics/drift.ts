/**
 * Drift (DESIGN §2, step 1): x ← x − k0 (Ax + b).
 *
 * The gradient is evaluated at the point the iteration starts from, so the
 * same pass also yields that point's objective ½xᵀAx + bᵀx for the
 * stopping policy's window, at O(n) extra cost. Summation runs over j
 * ascending; the compiled kernels use the same order so that every backend
 * produces the same bits.
 *
 * Returns the objective (without the constant term) at the point before the
 * drift; it is NaN or ±Infinity once the iterates have overflowed.
 */
export function drift(
  A: Float64Array,
  b: Float64Array,
  n: number,
  k0: number,
  x: Float64Array,
  grad: Float64Array,
): number {
  let objective = 0;
  for (let i = 0; i < n; i++) {
    let ax = 0;
    const base = i * n;
    for (let j = 0; j < n; j++) ax += A[base + j] * x[j];
    grad[i] = ax + b[i];
    objective += x[i] * (0.5 * ax + b[i]);
  }
  for (let i = 0; i < n; i++) x[i] = x[i] - k0 * grad[i];
  return objective;
}
