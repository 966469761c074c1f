// snn_kernel.hpp — the spiking dynamics of DESIGN §2 as one header-only C++17
// kernel: drift, spike sweep (lateral updates through the Gram matrix), box
// clip for m = 0, and a chunked advance with an optional observer.
//
// The TypeScript reference in packages/core/src/dynamics/{drift,sweep,kernel}.ts
// is the oracle. With strict IEEE binary64 (compile with -ffp-contract=off and
// never -ffast-math) this kernel reproduces it bit for bit: every expression
// below keeps the reference's operation order and every sum runs over its
// index ascending. kernels/README.md holds the derivation and the contracts.
//
// The code stays inside the subset HLS tools synthesise: no allocation, no
// exceptions, no recursion, no standard library inside loops; every buffer is
// provided by the caller; the number type is the template parameter `Real`.

#ifndef SNN_KERNEL_HPP
#define SNN_KERNEL_HPP

#include <cstddef>
#include <cstdint>

#if defined(__FAST_MATH__)
#error "snn_kernel.hpp needs strict IEEE arithmetic: do not compile it with -ffast-math"
#endif

// No-alias qualifier for the local views of the hot loops. It only lets the
// compiler keep values in registers and vectorise element-wise updates
// (each element still gets its own product and sum, rounded on its own); it
// never reorders a sum.
#if defined(__GNUC__) || defined(__clang__) || defined(_MSC_VER)
#define SNN_RESTRICT __restrict
#else
#define SNN_RESTRICT
#endif

namespace snn {

/// Problem dimensions and candidate ids (m + 2n must fit in 32 bits).
using index_t = std::uint32_t;
/// Iteration and spike totals.
using count_t = std::uint64_t;

/// Why a chunk of the dynamics returned (the values are the binding's status codes).
enum class AdvanceStatus : std::int32_t {
  /// The requested iterations ran (or the chunk ended early on an event buffer overflow).
  running = 0,
  /// A sweep hit its cap and a facet stayed violated on a fresh recheck.
  projection_budget_exhausted = 1,
  /// The objective at the start of an iteration was not finite.
  diverged = 2,
};

/// The fixed data of the dynamics (read only). All matrices are row-major.
template <typename Real>
struct ProblemData {
  index_t n = 0;                  ///< number of variables
  index_t m = 0;                  ///< number of rows of C
  const Real* A = nullptr;        ///< Hessian, n*n
  const Real* b = nullptr;        ///< linear term, n
  const Real* C = nullptr;        ///< constraint matrix, m*n
  const Real* lo = nullptr;       ///< row lower bounds, m (-inf: no lower side)
  const Real* hi = nullptr;       ///< row upper bounds, m (+inf: no upper side)
  const Real* lower = nullptr;    ///< variable lower bounds, n (-inf: none)
  const Real* upper = nullptr;    ///< variable upper bounds, n (+inf: none)
  const Real* gram = nullptr;     ///< Gram matrix G = C C^T, m*m (the lateral connectivity)
  const Real* CT = nullptr;       ///< optional transpose of C, n*m (row j = column j of C); null: read C with stride n
  const Real* norms = nullptr;    ///< row norms |c_i|, m (0 marks a zero row, never a candidate)
  const Real* norms_sq = nullptr; ///< squared row norms |c_i|^2, m
  const index_t* bounded = nullptr; ///< optional: the variables j with a bound facet that can fire (see list_bounded), ascending; null: every j
  index_t bounded_count = 0;        ///< entries of `bounded`
  Real k0 = Real(0);              ///< drift step
  Real constraint_tol = Real(0);  ///< geometric distance under which a facet counts as satisfied
  count_t max_spikes = 0;         ///< safety cap on spikes within one sweep
};

/// The evolving state (caller-owned buffers; the kernel never allocates).
template <typename Real>
struct KernelState {
  Real* x = nullptr;                     ///< current point, n
  Real* grad = nullptr;                  ///< scratch: gradient Ax + b, n
  Real* r = nullptr;                     ///< scratch: row activities Cx, m
  std::uint32_t* spike_counts = nullptr; ///< spikes per candidate id, m + 2n (wraps mod 2^32)
  Real* window = nullptr;                ///< ring of recent objectives, window_size
  index_t window_size = 0;               ///< ring length, >= 1
  index_t window_count = 0;              ///< values held, <= window_size
  index_t window_head = 0;               ///< slot the next value goes to
  count_t iteration = 0;                 ///< outer iterations since the last reset
  count_t spikes = 0;                    ///< spikes since the last reset
};

/// FNV-1a 64-bit constants (offset basis and prime).
constexpr std::uint64_t kFnvOffsetBasis = 14695981039346656037ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;

/// Constant-memory observer of the spike stream. The per-candidate counts
/// live in KernelState::spike_counts and are always kept.
template <typename Real>
struct Observer {
  /// FNV-1a 64 over the 32-bit words (iteration, ordinal, candidate) of every
  /// spike, each word fed as 4 little-endian bytes; chained across chunks.
  std::uint64_t digest = kFnvOffsetBasis;
  count_t spikes = 0;                ///< spikes seen
  Real total_correction = Real(0);   ///< sum of correction norms, in spike order
  std::int64_t first_candidate = -1; ///< candidate id of the first spike (-1: none yet)
  std::int64_t last_candidate = -1;  ///< candidate id of the latest spike (-1: none yet)
};

/// One spike as recorded in an event buffer.
template <typename Real>
struct SpikeEvent {
  std::uint32_t iteration; ///< 1-based outer iteration (mod 2^32)
  std::uint32_t ordinal;   ///< 0-based position within its sweep (mod 2^32)
  std::uint32_t candidate; ///< candidate id
  std::int32_t side;       ///< +1 upper side, -1 lower side
  Real correction;         ///< distance x moved
};

/// Caller-provided event storage. Clear it (clear_events) before a chunk.
template <typename Real>
struct EventBuffer {
  SpikeEvent<Real>* events = nullptr; ///< storage for `capacity` events
  index_t capacity = 0;               ///< slots in `events`
  index_t count = 0;                  ///< events stored since the last clear
  count_t demand = 0;                 ///< events offered since the last clear (count + dropped)
  bool overflow = false;              ///< an event found the buffer full and was dropped
};

/// What one sweep did.
struct SweepOutcome {
  count_t spikes;  ///< spikes fired
  bool exhausted;  ///< the cap was hit and a facet is still violated after a fresh recheck
};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Feeds one 32-bit word to an FNV-1a 64 state, least significant byte first.
inline std::uint64_t fnv1a_word(std::uint64_t h, std::uint32_t word) {
  for (int k = 0; k < 4; ++k) {
    h ^= static_cast<std::uint64_t>((word >> (8 * k)) & 0xffu);
    h *= kFnvPrime;
  }
  return h;
}

/// |v| with the sign bit cleared for -0, like Math.abs (NaN stays NaN).
template <typename Real>
inline Real magnitude(Real v) {
  if (v < Real(0)) return -v;
  if (v == Real(0)) return Real(0);
  return v;
}

/// Number.isFinite for binary64 (v - v is NaN for +-inf and NaN); always true
/// for fixed-point types.
template <typename Real>
inline bool is_finite(Real v) {
  return (v - v) == Real(0);
}

/// Writes into out (n slots), ascending, every variable j whose bound facets
/// can ever fire, and returns how many. A lower bound of -inf gives the
/// violation -inf - x_j, which is -inf or NaN, and an upper bound of +inf
/// gives x_j - inf, likewise: neither is ever above the running best, so a
/// variable with both is never a winner and the scan may pass it over. Every
/// other variable is listed (a NaN bound included). For a fixed-point Real,
/// which has no infinity, every variable is listed.
template <typename Real>
index_t list_bounded(const Real* lower, const Real* upper, index_t n, index_t* out) {
  index_t count = 0;
  for (index_t j = 0; j < n; ++j) {
    const Real l = lower[j];
    const Real u = upper[j];
    const bool no_lower = !is_finite(l) && l < Real(0);
    const bool no_upper = !is_finite(u) && u > Real(0);
    if (no_lower && no_upper) continue;
    out[count] = j;
    count += 1;
  }
  return count;
}

inline std::size_t flat(index_t row, index_t cols, index_t col) {
  return static_cast<std::size_t>(row) * cols + col;
}

template <typename Real>
inline void clear_events(EventBuffer<Real>* events) {
  if (events == nullptr) return;
  events->count = 0;
  events->demand = 0;
  events->overflow = false;
}

template <typename Real>
inline void reset_observer(Observer<Real>* obs) {
  if (obs == nullptr) return;
  obs->digest = kFnvOffsetBasis;
  obs->spikes = 0;
  obs->total_correction = Real(0);
  obs->first_candidate = -1;
  obs->last_candidate = -1;
}

/// Hands one spike to the observer and the event buffer (either may be null).
template <typename Real>
inline void record_spike(Observer<Real>* obs, EventBuffer<Real>* events, count_t iteration,
                         count_t ordinal, std::int64_t candidate, std::int32_t side,
                         Real correction) {
  const std::uint32_t it32 = static_cast<std::uint32_t>(iteration);
  const std::uint32_t ord32 = static_cast<std::uint32_t>(ordinal);
  const std::uint32_t cand32 = static_cast<std::uint32_t>(candidate);
  if (obs != nullptr) {
    obs->digest = fnv1a_word(fnv1a_word(fnv1a_word(obs->digest, it32), ord32), cand32);
    obs->spikes += 1;
    obs->total_correction = obs->total_correction + correction;
    if (obs->first_candidate < 0) obs->first_candidate = candidate;
    obs->last_candidate = candidate;
  }
  if (events != nullptr) {
    events->demand += 1;
    if (events->count < events->capacity) {
      SpikeEvent<Real>& e = events->events[events->count];
      e.iteration = it32;
      e.ordinal = ord32;
      e.candidate = cand32;
      e.side = side;
      e.correction = correction;
      events->count += 1;
    } else {
      events->overflow = true;
    }
  }
}

// ---------------------------------------------------------------------------
// Reset and the objective window
// ---------------------------------------------------------------------------

/// Starts a new run from x0 (n values, copied). Scratch and window contents
/// are left as they are; they are rewritten before being read.
template <typename Real>
void reset(const ProblemData<Real>& p, KernelState<Real>& s, const Real* x0) {
  for (index_t j = 0; j < p.n; ++j) s.x[j] = x0[j];
  const std::size_t candidates = static_cast<std::size_t>(p.m) + 2 * static_cast<std::size_t>(p.n);
  for (std::size_t k = 0; k < candidates; ++k) s.spike_counts[k] = 0;
  s.window_count = 0;
  s.window_head = 0;
  s.iteration = 0;
  s.spikes = 0;
}

template <typename Real>
inline void push_objective(KernelState<Real>& s, Real value) {
  s.window[s.window_head] = value;
  s.window_head = s.window_head + 1 == s.window_size ? 0 : s.window_head + 1;
  if (s.window_count < s.window_size) s.window_count += 1;
}

/// Copies the window oldest first into out (window_count values); returns the count.
template <typename Real>
index_t copy_window(const KernelState<Real>& s, Real* out) {
  const index_t start = s.window_head >= s.window_count
                            ? s.window_head - s.window_count
                            : s.window_head + s.window_size - s.window_count;
  index_t slot = start;
  for (index_t k = 0; k < s.window_count; ++k) {
    out[k] = s.window[slot];
    slot = slot + 1 == s.window_size ? 0 : slot + 1;
  }
  return s.window_count;
}

// ---------------------------------------------------------------------------
// Step 1: drift
// ---------------------------------------------------------------------------

/// out = M^T v for a rows x cols row-major M: element-wise updates over the rows
/// of M, four at a time (out_i += M_ji v_j for j, j+1, j+2, j+3 in that
/// order), so every sum runs over j ascending. Shared by the drift (M = A) and
/// the residual refresh (M = C^T).
template <typename Real>
void transpose_times(const Real* SNN_RESTRICT M, index_t rows, index_t cols,
                     const Real* SNN_RESTRICT v, Real* SNN_RESTRICT out) {
  for (index_t i = 0; i < cols; ++i) out[i] = Real(0);
  index_t j = 0;
  for (; j + 4 <= rows; j += 4) {
    const Real* SNN_RESTRICT m0 = M + flat(j, cols, 0);
    const Real* SNN_RESTRICT m1 = m0 + cols;
    const Real* SNN_RESTRICT m2 = m1 + cols;
    const Real* SNN_RESTRICT m3 = m2 + cols;
    const Real v0 = v[j];
    const Real v1 = v[j + 1];
    const Real v2 = v[j + 2];
    const Real v3 = v[j + 3];
    for (index_t i = 0; i < cols; ++i) {
      out[i] = (((out[i] + m0[i] * v0) + m1[i] * v1) + m2[i] * v2) + m3[i] * v3;
    }
  }
  for (; j < rows; ++j) {
    const Real* SNN_RESTRICT mj = M + flat(j, cols, 0);
    const Real vj = v[j];
    for (index_t i = 0; i < cols; ++i) out[i] = out[i] + mj[i] * vj;
  }
}

/// x <- x - k0 (Ax + b). Returns the objective 1/2 x^T A x + b^T x of the point
/// the step started from (sums over j ascending).
//
/// A is exactly symmetric (core's normalizeProblem makes it so), and the sum
/// for (Ax)_i is taken down column i, read as row i of the transpose:
/// (Ax)_i = sum_j A_ji x_j, j ascending, like the reference. Written that way
/// the inner loop runs over i, an element-wise update of n independent sums
/// (grad doubles as their accumulator), so it vectorises and streams A by rows
/// without a loop-carried chain; each sum still adds its terms in order j
/// ascending, so the bits are those of a row-by-row dot product. Four rows of
/// A go into one pass over the sums, added in the order j, j+1, j+2, j+3.
template <typename Real>
Real drift(const ProblemData<Real>& p, KernelState<Real>& s) {
  const index_t n = p.n;
  const Real* SNN_RESTRICT b = p.b;
  Real* SNN_RESTRICT x = s.x;
  Real* SNN_RESTRICT ax = s.grad;
  // A is symmetric, so A^T x = Ax.
  transpose_times(p.A, n, n, x, ax);
  // ax holds Ax; turn it into the gradient and sum the objective over i ascending.
  Real objective = Real(0);
  for (index_t i = 0; i < n; ++i) {
    const Real axi = ax[i];
    ax[i] = axi + b[i];
    objective = objective + x[i] * (Real(0.5) * axi + b[i]);
  }
  const Real k0 = p.k0;
  const Real* SNN_RESTRICT grad = s.grad;
  for (index_t k = 0; k < n; ++k) x[k] = x[k] - k0 * grad[k];
  return objective;
}

// ---------------------------------------------------------------------------
// Step 2: the spike sweep
// ---------------------------------------------------------------------------

/// r = Cx from scratch (sums over j ascending). With the transpose CT, the
/// sums are taken as element-wise updates over rows of CT, four at a time
/// (r_i += C_ij x_j for j, j+1, j+2, j+3 in that order), which vectorise and
/// keep every sum in order j ascending. Without it, four rows of C at a time,
/// each sum on its own over j ascending. Both give the bits of the row-by-row
/// loop.
template <typename Real>
void refresh_activities(const ProblemData<Real>& p, KernelState<Real>& s) {
  const index_t n = p.n;
  const index_t m = p.m;
  const Real* SNN_RESTRICT x = s.x;
  Real* SNN_RESTRICT r = s.r;
  if (p.CT != nullptr) {
    transpose_times(p.CT, n, m, x, r);
    return;
  }
  const Real* SNN_RESTRICT C = p.C;
  index_t i = 0;
  for (; i + 4 <= m; i += 4) {
    const Real* SNN_RESTRICT c0 = C + flat(i, n, 0);
    const Real* SNN_RESTRICT c1 = c0 + n;
    const Real* SNN_RESTRICT c2 = c1 + n;
    const Real* SNN_RESTRICT c3 = c2 + n;
    Real acc0 = Real(0), acc1 = Real(0), acc2 = Real(0), acc3 = Real(0);
    for (index_t j = 0; j < n; ++j) {
      const Real xj = x[j];
      acc0 = acc0 + c0[j] * xj;
      acc1 = acc1 + c1[j] * xj;
      acc2 = acc2 + c2[j] * xj;
      acc3 = acc3 + c3[j] * xj;
    }
    r[i] = acc0;
    r[i + 1] = acc1;
    r[i + 2] = acc2;
    r[i + 3] = acc3;
  }
  for (; i < m; ++i) {
    const Real* SNN_RESTRICT c = C + flat(i, n, 0);
    Real acc = Real(0);
    for (index_t j = 0; j < n; ++j) acc = acc + c[j] * x[j];
    r[i] = acc;
  }
}

/// The first candidate in the frozen order (rows, lower-bound facets,
/// upper-bound facets) whose violation is strictly above every earlier one
/// and above `threshold`; -1 when none is. Zero rows are skipped, which is
/// the reference's "-inf violation" without needing an infinity.
//
/// Almost every facet is satisfied at almost every spike, so the scan tests
/// four candidates at a time with comparisons only and runs the exact
/// per-candidate test (the reference's) on a block only when one of its
/// candidates could beat the running best. Skipped blocks hold no winner:
/// the result is the reference's, and no violation is computed differently.
template <typename Real>
std::int64_t most_violated(const ProblemData<Real>& p, const KernelState<Real>& s,
                           Real threshold) {
  const index_t n = p.n;
  const index_t m = p.m;
  const Real* SNN_RESTRICT r = s.r;
  const Real* SNN_RESTRICT x = s.x;
  const Real* SNN_RESTRICT norms = p.norms;
  const Real* SNN_RESTRICT lo = p.lo;
  const Real* SNN_RESTRICT hi = p.hi;
  const Real* SNN_RESTRICT lower = p.lower;
  const Real* SNN_RESTRICT upper = p.upper;
  Real best = threshold;
  std::int64_t winner = -1;
  // Rows. A row with w <= 0 (or NaN) has v = w/norm <= 0 (or NaN), which
  // cannot beat a best >= 0: its division is skipped, the winner is the same.
  // A block of four such rows is skipped as a whole, and the block test needs
  // no subtraction: r - hi > 0 exactly when r > hi (a difference of two
  // doubles is zero only for equal ones and has the sign of the exact
  // difference, overflow and infinities included; NaN compares false both
  // ways; a saturating fixed-point difference keeps the sign too), and
  // lo - r > 0 exactly when r < lo. Below a threshold < 0 every
  // block gets the exact test (best only grows, so that is the safe side).
  const bool every_row = !(threshold >= Real(0));
  index_t i = 0;
  for (; i + 4 <= m; i += 4) {
    const bool open = (r[i] > hi[i]) | (r[i] < lo[i]) | (r[i + 1] > hi[i + 1]) |
                      (r[i + 1] < lo[i + 1]) | (r[i + 2] > hi[i + 2]) | (r[i + 2] < lo[i + 2]) |
                      (r[i + 3] > hi[i + 3]) | (r[i + 3] < lo[i + 3]) | every_row;
    if (!open) continue;
    for (index_t k = i; k < i + 4; ++k) {
      const Real norm = norms[k];
      if (norm == Real(0)) continue;
      const Real over = r[k] - hi[k];
      const Real under = lo[k] - r[k];
      const Real w = over > under ? over : under;
      if (!(w > Real(0)) && best >= Real(0)) continue;
      const Real v = w / norm;
      if (v > best) {
        best = v;
        winner = k;
      }
    }
  }
  for (; i < m; ++i) {
    const Real norm = norms[i];
    if (norm == Real(0)) continue;
    const Real over = r[i] - hi[i];
    const Real under = lo[i] - r[i];
    const Real w = over > under ? over : under;
    if (!(w > Real(0)) && best >= Real(0)) continue;
    const Real v = w / norm;
    if (v > best) {
      best = v;
      winner = i;
    }
  }
  // Bound facets: one pass over j for both sides, each side with its own
  // running best. The lower facets continue from the rows' best; the upper
  // facets come after all of them in the frozen order, so they win only when
  // their best is strictly above the lower side's final best (a tie goes to
  // the earlier candidate, as in one sequential scan). With the list of
  // bounded variables, only those are visited (still j ascending); the
  // others can never win.
  Real best_lower = best;
  std::int64_t winner_lower = winner;
  Real best_upper = best;
  std::int64_t winner_upper = -1;
  const std::int64_t lower_id = static_cast<std::int64_t>(m);
  const std::int64_t upper_id = static_cast<std::int64_t>(m) + n;
  const index_t* SNN_RESTRICT list = p.bounded;
  const index_t count = list != nullptr ? p.bounded_count : n;
  index_t q = 0;
  for (; q + 4 <= count; q += 4) {
    const index_t j0 = list != nullptr ? list[q] : q;
    const index_t j1 = list != nullptr ? list[q + 1] : q + 1;
    const index_t j2 = list != nullptr ? list[q + 2] : q + 2;
    const index_t j3 = list != nullptr ? list[q + 3] : q + 3;
    const Real x0 = x[j0], x1 = x[j1], x2 = x[j2], x3 = x[j3];
    const bool open = (lower[j0] - x0 > best_lower) | (lower[j1] - x1 > best_lower) |
                      (lower[j2] - x2 > best_lower) | (lower[j3] - x3 > best_lower) |
                      (x0 - upper[j0] > best_upper) | (x1 - upper[j1] > best_upper) |
                      (x2 - upper[j2] > best_upper) | (x3 - upper[j3] > best_upper);
    if (!open) continue;
    for (index_t k = q; k < q + 4; ++k) {
      const index_t j = list != nullptr ? list[k] : k;
      const Real vl = lower[j] - x[j];
      if (vl > best_lower) {
        best_lower = vl;
        winner_lower = lower_id + j;
      }
      const Real vu = x[j] - upper[j];
      if (vu > best_upper) {
        best_upper = vu;
        winner_upper = upper_id + j;
      }
    }
  }
  for (; q < count; ++q) {
    const index_t j = list != nullptr ? list[q] : q;
    const Real vl = lower[j] - x[j];
    if (vl > best_lower) {
      best_lower = vl;
      winner_lower = lower_id + j;
    }
    const Real vu = x[j] - upper[j];
    if (vu > best_upper) {
      best_upper = vu;
      winner_upper = upper_id + j;
    }
  }
  return best_upper > best_lower ? winner_upper : winner_lower;
}

/// Row spike on i: x moves onto the violated side's hyperplane along c_i,
/// step t = (target - r_i)/|c_i|^2; the activities follow through column i of
/// G (read as row i: G is exactly symmetric, the same values), and r_i is set
/// to the target exactly. Returns the side (+1 upper, -1
/// lower) and writes the correction |t| |c_i|.
template <typename Real>
std::int32_t row_spike(const ProblemData<Real>& p, KernelState<Real>& s, index_t i,
                       Real& correction) {
  const std::int32_t side = s.r[i] > p.hi[i] ? 1 : -1;
  const Real target = side > 0 ? p.hi[i] : p.lo[i];
  const Real t = (target - s.r[i]) / p.norms_sq[i];
  const index_t n = p.n;
  const index_t m = p.m;
  Real* SNN_RESTRICT x = s.x;
  Real* SNN_RESTRICT r = s.r;
  const Real* SNN_RESTRICT c = p.C + flat(i, n, 0);
  const Real* SNN_RESTRICT g = p.gram + flat(i, m, 0);
  for (index_t j = 0; j < n; ++j) x[j] = x[j] + t * c[j];
  for (index_t k = 0; k < m; ++k) r[k] = r[k] + t * g[k];
  r[i] = target;
  correction = magnitude(t) * p.norms[i];
  return side;
}

/// Bound spike on variable j: x_j is set to its violated bound; the
/// activities follow through column j of C (row j of CT when the host gave
/// the transpose: the same values). Returns the correction |delta|.
template <typename Real>
Real bound_spike(const ProblemData<Real>& p, KernelState<Real>& s, index_t j, std::int32_t side) {
  const Real bound = side > 0 ? p.upper[j] : p.lower[j];
  const Real delta = bound - s.x[j];
  s.x[j] = bound;
  const index_t m = p.m;
  Real* SNN_RESTRICT r = s.r;
  if (p.CT != nullptr) {
    const Real* SNN_RESTRICT col = p.CT + flat(j, m, 0);
    for (index_t k = 0; k < m; ++k) r[k] = r[k] + delta * col[k];
  } else {
    for (index_t k = 0; k < m; ++k) r[k] = r[k] + delta * p.C[flat(k, p.n, j)];
  }
  return magnitude(delta);
}

/// Fires one spike on `candidate`; returns the side and writes the correction.
template <typename Real>
std::int32_t fire_spike(const ProblemData<Real>& p, KernelState<Real>& s, std::int64_t candidate,
                        Real& correction) {
  const std::int64_t m = p.m;
  const std::int64_t n = p.n;
  if (candidate < m) return row_spike(p, s, static_cast<index_t>(candidate), correction);
  if (candidate < m + n) {
    correction = bound_spike(p, s, static_cast<index_t>(candidate - m), -1);
    return -1;
  }
  correction = bound_spike(p, s, static_cast<index_t>(candidate - m - n), 1);
  return 1;
}

/// One sweep of a problem with rows (m > 0); r must hold Cx on entry. Fires
/// the most violated facet until all are within tolerance or max_spikes have
/// fired. At the cap, if the lateral activities still show a violation, they
/// are recomputed from scratch and the point is judged on those.
template <typename Real>
SweepOutcome spike_sweep(const ProblemData<Real>& p, KernelState<Real>& s, count_t iteration,
                         Observer<Real>* obs, EventBuffer<Real>* events) {
  for (count_t ordinal = 0; ordinal < p.max_spikes; ++ordinal) {
    const std::int64_t candidate = most_violated(p, s, p.constraint_tol);
    if (candidate < 0) return SweepOutcome{ordinal, false};
    Real correction = Real(0);
    const std::int32_t side = fire_spike(p, s, candidate, correction);
    s.spike_counts[candidate] += 1u;
    record_spike(obs, events, iteration, ordinal, candidate, side, correction);
  }
  // Cap reached.
  if (most_violated(p, s, p.constraint_tol) < 0) return SweepOutcome{p.max_spikes, false};
  refresh_activities(p, s);
  return SweepOutcome{p.max_spikes, most_violated(p, s, p.constraint_tol) >= 0};
}

/// Box-only problems (m = 0): the exact separable projection, one spike per
/// clipped coordinate (candidate j below, n + j above). No tolerance: every
/// violation is clipped.
template <typename Real>
SweepOutcome clip_sweep(const ProblemData<Real>& p, KernelState<Real>& s, count_t iteration,
                        Observer<Real>* obs, EventBuffer<Real>* events) {
  count_t spikes = 0;
  for (index_t j = 0; j < p.n; ++j) {
    std::int64_t candidate = -1;
    Real correction = Real(0);
    if (s.x[j] < p.lower[j]) {
      correction = p.lower[j] - s.x[j];
      s.x[j] = p.lower[j];
      candidate = j;
    } else if (s.x[j] > p.upper[j]) {
      correction = s.x[j] - p.upper[j];
      s.x[j] = p.upper[j];
      candidate = static_cast<std::int64_t>(p.n) + j;
    }
    if (candidate < 0) continue;
    s.spike_counts[candidate] += 1u;
    record_spike(obs, events, iteration, spikes, candidate, candidate < p.n ? -1 : 1, correction);
    spikes += 1;
  }
  return SweepOutcome{spikes, false};
}

// ---------------------------------------------------------------------------
// The chunked advance
// ---------------------------------------------------------------------------

/// Runs up to `iterations` outer iterations (drift, then a sweep). Returns
/// early with projection_budget_exhausted after the iteration whose sweep
/// exhausted its cap, or with diverged when the objective at the start of an
/// iteration is not finite (x has then taken that drift step; the iteration
/// is not counted). When `events` overflows, the chunk ends after the
/// iteration in which it happened (status as usual; the host checks
/// events->overflow). `obs` and `events` may be null.
template <typename Real>
AdvanceStatus advance(const ProblemData<Real>& p, KernelState<Real>& s, count_t iterations,
                      Observer<Real>* obs, EventBuffer<Real>* events) {
  for (count_t step = 0; step < iterations; ++step) {
    const Real objective = drift(p, s);
    if (!is_finite(objective)) return AdvanceStatus::diverged;
    push_objective(s, objective);
    const count_t iteration = s.iteration + 1;
    SweepOutcome outcome;
    if (p.m == 0) {
      outcome = clip_sweep(p, s, iteration, obs, events);
    } else {
      refresh_activities(p, s);
      outcome = spike_sweep(p, s, iteration, obs, events);
    }
    s.iteration = iteration;
    s.spikes += outcome.spikes;
    if (outcome.exhausted) return AdvanceStatus::projection_budget_exhausted;
    if (events != nullptr && events->overflow) return AdvanceStatus::running;
  }
  return AdvanceStatus::running;
}

// ---------------------------------------------------------------------------
// Build check
// ---------------------------------------------------------------------------

/// True when this build's binary64 arithmetic is the strict kind bit parity
/// needs: every product and every sum rounded on its own, no fused
/// multiply-add contraction. A build flag (say CXXFLAGS with
/// -ffp-contract=fast on an FMA target, which comes after and overrides
/// -ffp-contract=off) can break that silently; hosts call this once at load
/// and refuse to run when it is false.
///
/// It runs six iterations of a small problem (n = 3, m = 2; row spikes on both
/// sides, a bound spike, lateral updates through G and C) and compares the
/// final point, the objective window and the spike digest with the bits the
/// TypeScript reference produces. Inputs come through volatile reads, so the
/// compiler can neither fold the run nor specialise its loops, and compiles
/// it like every other call site. Any contracted site changes the bits.
inline bool strict_binary64_probe() {
  static volatile const double data[] = {
      // A (3x3)
      2.1, 0.3, -0.2, 0.3, 1.7, 0.4, -0.2, 0.4, 1.3,
      // b
      -1.9, -2.3, 0.7,
      // C (2x3)
      0.6, 0.8, -0.3, -0.5, 0.2, 0.9,
      // gram (2x2), norms, norms_sq: as core's prepareKernelSetup computes them
      0x1.170a3d70a3d71p+0, -0x1.a3d70a3d70a3dp-2, -0x1.a3d70a3d70a3dp-2, 0x1.199999999999ap+0,
      0x1.0b4597bd9942cp+0, 0x1.0c7ebc96a56f6p+0, 0x1.170a3d70a3d71p+0, 0x1.199999999999ap+0,
      // x0
      0.9, -0.7, 1.1,
      // k0, constraint_tol, 1 (the sign of the infinities below comes from 1/0)
      0.3, 1e-12, 1.0};
  static volatile const index_t dims[2] = {3, 2};
  constexpr int kCount = static_cast<int>(sizeof(data) / sizeof(data[0]));
  static_assert(kCount == 32, "A, b, C, gram, norms, norms_sq, x0, k0, tol, 1");
  double v[kCount];
  for (int k = 0; k < kCount; ++k) v[k] = data[k];
  const double inf = v[31] / (v[31] - v[31]);
  double lo[2] = {-inf, 0.15};
  double hi[2] = {0.45, inf};
  double lower[3] = {-inf, -inf, -0.1};
  double upper[3] = {0.35, inf, inf};
  double x[3] = {v[26], v[27], v[28]};
  double grad[3] = {0, 0, 0};
  double r[2] = {0, 0};
  std::uint32_t counts[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  double window[4] = {0, 0, 0, 0};
  // C^T (3x2), the transpose the hosts pass.
  double ct[6] = {v[12], v[15], v[13], v[16], v[14], v[17]};

  ProblemData<double> p;
  p.n = dims[0];  // always 3 and 2: the buffers above are sized for that
  p.m = dims[1];
  p.A = v;
  p.b = v + 9;
  p.C = v + 12;
  p.lo = lo;
  p.hi = hi;
  p.lower = lower;
  p.upper = upper;
  p.gram = v + 18;
  p.CT = ct;
  p.norms = v + 22;
  p.norms_sq = v + 24;
  p.k0 = v[29];
  p.constraint_tol = v[30];
  p.max_spikes = 50;
  KernelState<double> s;
  s.x = x;
  s.grad = grad;
  s.r = r;
  s.spike_counts = counts;
  s.window = window;
  s.window_size = 4;
  Observer<double> obs;
  if (advance(p, s, 6, &obs, static_cast<EventBuffer<double>*>(nullptr)) !=
      AdvanceStatus::running) {
    return false;
  }
  double w[4] = {0, 0, 0, 0};
  copy_window(s, w);
  return s.spikes == 12 && obs.digest == 0x4e46c5f3bdff66c4ull &&
         x[0] == 0x1.981d17c1a6c49p-3 && x[1] == 0x1.9f3c9319d827cp-2 &&
         x[2] == 0x1.7f83767c8acd6p-3 && w[0] == -0x1.bdf9c8f119d6cp-1 &&
         w[1] == -0x1.d8ae67d4915bap-1 && w[2] == -0x1.dbb35d4383005p-1 &&
         w[3] == -0x1.dbdafd937eab8p-1;
}

}  // namespace snn

#endif  // SNN_KERNEL_HPP
