/** Outcome of the KKT certificate's evaluation (DESIGN §3). */
export type CertificateStatus =
  /** residual ≤ kktAbsTol + kktRelTol · scale. */
  | 'passed'
  /** The fit worked but the residual is above tolerance. */
  | 'failed'
  /** x, the gradient or a fitted number was NaN or infinite: fails closed. */
  | 'non_finite'
  /** The non-negative least-squares fit did not converge: fails closed. */
  | 'fit_failed'
  /** The certificate was not evaluated (e.g. the point was not feasible). */
  | 'not_evaluated';

/** The KKT certificate of a point: −∇f(x) fitted by the cone of the facets' outward normals. */
export interface KktCertificate {
  /** Whether the certificate passed, or why it did not. */
  status: CertificateStatus;
  /** Human-readable reason when status is not `passed`. */
  reason?: string;
  /** ‖∇f + Nᵀμ‖₂. */
  stationarity: number;
  /** |s|ᵀμ / ℓ with ℓ = max(1, ‖x‖₂). */
  complementarity: number;
  /** hypot(stationarity, complementarity). */
  residual: number;
  /** max(‖Ax‖₂, ‖b‖₂, ‖Nᵀμ‖₂). */
  scale: number;
  /** residual / scale (NaN or Infinity when scale is 0). */
  relative: number;
  /**
   * Multipliers by candidate id (length m + 2n, see problem/facets.ts): for a
   * row, μ(upper side) − μ(lower side), so positive means the upper side
   * pushes and negative the lower side; for a bound facet, μ ≥ 0.
   */
  multipliers: Float64Array;
}
