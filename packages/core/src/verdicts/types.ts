/**
 * Verdicts with evidence (DESIGN §4). A solve that ends without an
 * optimum may be reported `infeasible` or `unbounded` only together with a
 * certificate that was re-verified from the problem data, never on the
 * strength of a stalled or diverging trajectory alone.
 *
 * Facets are written in the form a_kᵀx ≤ β_k (DESIGN §2):
 *
 *     row upper side   a =  c_i, β =  hi_i        bound upper  a =  e_j, β =  u_j
 *     row lower side   a = −c_i, β = −lo_i        bound lower  a = −e_j, β = −l_j
 */

/**
 * A Farkas certificate: multipliers y ≥ 0 on the facets with Σ y_k a_k = 0
 * and Σ y_k β_k < 0. Any x satisfying every facet would give
 * 0 = (Σ y_k a_k)ᵀx ≤ Σ y_k β_k < 0, so no such x exists.
 */
export interface InfeasibilityCertificate {
  /**
   * Per row, y(upper side) − y(lower side) in the row's own units (a row
   * rescaled by α gets its multiplier divided by α). Positive uses the upper
   * side c_iᵀx ≤ hi_i, negative the lower side c_iᵀx ≥ lo_i.
   */
  rowMultipliers: Float64Array;
  /** y ≥ 0 on x_j ≥ l_j (normal −e_j), per variable. */
  lowerBoundMultipliers: Float64Array;
  /** y ≥ 0 on x_j ≤ u_j (normal +e_j), per variable. */
  upperBoundMultipliers: Float64Array;
  /** ‖Σ y_k a_k‖₂ = ‖Cᵀρ − y_L + y_U‖₂ (0 in exact arithmetic). */
  combinationNorm: number;
  /** Σ y_k β_k, negative for a valid certificate. */
  offsetGap: number;
  /** Σ y_k ‖a_k‖₂, the weight the relative tests are measured against (the finder scales it to 1). */
  weight: number;
  /**
   * −offsetGap / combinationNorm (Infinity when the combination is exactly 0):
   * no x with ‖x‖₂ at most this radius satisfies every facet, whatever the rounding
   * left in the combination.
   */
  exclusionRadius: number;
  /** Always true: the finder returns only certificates that passed the check. */
  checked: true;
}

/**
 * An unboundedness certificate: a feasible point x and a direction d with
 * A d = 0, bᵀd < 0 and d in the recession cone of the feasible set, so that
 * x + t d stays feasible for every t ≥ 0 and f(x + t d) = f(x) + t bᵀd → −∞.
 */
export interface UnboundedCertificate {
  /** The recession direction d, normalised to ‖d‖∞ = 1. */
  direction: Float64Array;
  /** The feasible point the ray starts from. */
  point: Float64Array;
  /** bᵀd (< 0): the objective's rate of decrease along the ray. */
  slope: number;
  /** ‖A d‖₂ (0 for an LP; rounding-level otherwise). */
  curvature: number;
  /** Always true: the finder returns only certificates that passed the check. */
  checked: true;
}

/** Outcome of re-verifying a certificate from the problem data. */
export interface CertificateCheck {
  /** True when every condition held. */
  valid: boolean;
  /** Which condition failed and by how much; `'ok'` when valid. */
  reason: string;
}
