/**
 * Cholesky factors of A and of one principal submatrix A_FF, kept for later
 * working-set solves of the same problem: successive solves of one polish,
 * and the warm solves of a receding-horizon sequence (where A stays and the
 * working set changes). Two slots: the factor of A itself (F = every
 * variable), which serves every working set when bounds are kept as rows
 * (reduced.ts), and the last factor of a proper submatrix A_FF, which serves
 * the next solve with the very same F. An entry belongs to the very same A
 * array; storing a factor of another A clears both slots. The solver seeds
 * the first slot with the factor its setup computed to prove A convex.
 */
export class HessianFactorCache {
  private A: Float64Array | null = null;
  private full: Float64Array | false | null = null;
  private key = '';
  private sub: Float64Array | false | null = null;
  private stored = 0;
  /** Solves that used a cached factor instead of a new factorisation (a diagnostic). */
  hits = 0;

  /** Factors (or not-positive-definite markers) stored for this A so far. */
  factorisations(A: Float64Array): number {
    return this.A === A ? this.stored : 0;
  }

  /** The cached factor of A_FF; false when A_FF is known not to be safely positive definite; null when unknown. */
  lookup(A: Float64Array, free: Int32Array): Float64Array | false | null {
    if (this.A !== A) return null;
    return free.length * free.length === A.length ? this.full : this.lookupSub(free);
  }

  /** Records that a looked-up factor was used in a solve (counted in {@link hits}). */
  reused(): void {
    this.hits++;
  }

  /** Remembers the factor of A_FF, or (null) that A_FF is not safely positive definite. */
  set(A: Float64Array, free: Int32Array, U: Float64Array | null): void {
    if (free.length * free.length === A.length) this.setFull(A, U);
    else {
      this.store(A);
      this.key = free.join(',');
      this.sub = U ?? false;
    }
  }

  /** Remembers U (UᵀU = A) as the factor of A itself (null: A is not safely positive definite). */
  setFull(A: Float64Array, U: Float64Array | null): void {
    this.store(A);
    this.full = U ?? false;
  }

  /** Counts one more stored entry for A, clearing both slots first when A is new. */
  private store(A: Float64Array): void {
    if (this.A !== A) {
      this.A = A;
      this.full = null;
      this.sub = null;
      this.key = '';
      this.stored = 0;
    }
    this.stored++;
  }

  private lookupSub(free: Int32Array): Float64Array | false | null {
    return this.sub !== null && this.key === free.join(',') ? this.sub : null;
  }
}
