import { transposeTimes } from './transpose-times.js';

/**
 * Drift (DESIGN §2, step 1): x ← x − k0 (Ax + b).
 *
 * The gradient is evaluated at the point the iteration starts from, so the
 * same pass also yields that point's objective ½xᵀAx + bᵀx for the
 * stopping policy's window, at O(n) extra cost.
 *
 * A is exactly symmetric (normalizeProblem makes it so), and (Ax)_i is summed
 * down column i, read as row i of Aᵀ: (Ax)_i = Σ_j A_ji x_j over j ascending.
 * Written that way the inner loop is an element-wise update of n independent
 * sums (`grad` holds them) that streams A by rows with no loop-carried chain;
 * four rows of A go into one pass, added in the order j, j+1, j+2, j+3. Each
 * sum still adds its terms over j ascending, and the compiled kernels take
 * the same sums in the same order, so every backend produces the same bits.
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
  transposeTimes(A, n, n, x, grad);
  // grad holds Ax: turn it into the gradient and sum the objective over i ascending.
  let objective = 0;
  for (let i = 0; i < n; i++) {
    const ax = grad[i];
    grad[i] = ax + b[i];
    objective += x[i] * (0.5 * ax + b[i]);
  }
  for (let i = 0; i < n; i++) x[i] = x[i] - k0 * grad[i];
  return objective;
}
