import { Matrix, SingularValueDecomposition } from 'ml-matrix';

/**
 * Absolute threshold on singular values below which a direction counts as
 * null. The rows handed in are scaled to unit size (unit normals, A/‖A‖_F),
 * so a basis vector v has ‖E v‖₂ ≤ NULL_TOL: every row's product with v is
 * at most 1e-12 relative to the row's size. The SVD itself is accurate to
 * about 1e-16 · ‖E‖₂, far below it.
 */
export const NULL_TOL = 1e-12;

/**
 * An orthonormal basis N (n × r, columns) of the numerical null space
 * {v : E v = 0} of the matrix E whose rows are given, from the singular value
 * decomposition E = U Σ Vᵀ: the columns of V with σ ≤ {@link NULL_TOL}. With no
 * rows the basis is the identity. E is padded with zero rows to be at least
 * n × n so that V is complete.
 */
export function nullSpaceBasis(rows: readonly Float64Array[], n: number): Matrix {
  if (rows.length === 0) return Matrix.eye(n, n);
  const E = new Matrix(Math.max(rows.length, n), n);
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < n; j++) E.set(i, j, rows[i][j]);
  }
  const svd = new SingularValueDecomposition(E, { computeLeftSingularVectors: false });
  const sigma = svd.diagonal;
  const V = svd.rightSingularVectors;
  const keep: number[] = [];
  for (let k = 0; k < n; k++) if (!(sigma[k] > NULL_TOL)) keep.push(k);
  const N = new Matrix(n, keep.length);
  keep.forEach((k, c) => {
    for (let j = 0; j < n; j++) N.set(j, c, V.get(j, k));
  });
  return N;
}

/** Coordinates Nᵀv of v in the basis. */
export function toBasis(N: Matrix, v: ArrayLike<number>): Float64Array {
  const r = N.columns;
  const z = new Float64Array(r);
  for (let c = 0; c < r; c++) {
    let s = 0;
    for (let j = 0; j < N.rows; j++) s += N.get(j, c) * v[j];
    z[c] = s;
  }
  return z;
}

/** The vector N z. */
export function fromBasis(N: Matrix, z: ArrayLike<number>): Float64Array {
  const d = new Float64Array(N.rows);
  for (let c = 0; c < N.columns; c++) {
    const zc = z[c];
    if (zc === 0) continue;
    for (let j = 0; j < N.rows; j++) d[j] += N.get(j, c) * zc;
  }
  return d;
}
