// Tests of snn_kernel.hpp on hand-made problems: tie order, equality rows,
// a bound and a row active together, budget exhaustion on an infeasible pair,
// the box clip, divergence, the objective window, the event buffer and the
// spike digest (chunked runs equal single runs). Built and run by run.sh
// under AddressSanitizer and UndefinedBehaviorSanitizer.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "snn_kernel.hpp"

namespace {

using F = Fixture<double>;
using snn::AdvanceStatus;

const double kInf = std::numeric_limits<double>::infinity();
int g_failures = 0;
int g_checks = 0;

void fail(const char* file, int line, const std::string& what) {
  ++g_failures;
  std::fprintf(stderr, "%s:%d: FAILED %s\n", file, line, what.c_str());
}

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

#define CHECK(cond)                                       \
  do {                                                    \
    ++g_checks;                                           \
    if (!(cond)) fail(__FILE__, __LINE__, "CHECK(" #cond ")"); \
  } while (0)

// Integers: print both values on failure.
#define CHECK_EQ(a, b)                                                              \
  do {                                                                              \
    ++g_checks;                                                                     \
    const long long va_ = static_cast<long long>(a);                                \
    const long long vb_ = static_cast<long long>(b);                                \
    if (va_ != vb_)                                                                 \
      fail(__FILE__, __LINE__,                                                      \
           std::string(#a " == " #b ": ") + std::to_string(va_) + " vs " + std::to_string(vb_)); \
  } while (0)

// Doubles compared bit for bit.
#define CHECK_BITS(a, b)                                                               \
  do {                                                                                 \
    ++g_checks;                                                                        \
    const double va_ = (a);                                                            \
    const double vb_ = (b);                                                            \
    if (std::memcmp(&va_, &vb_, sizeof(double)) != 0)                                  \
      fail(__FILE__, __LINE__,                                                         \
           std::string(#a " bitwise== " #b ": ") + num(va_) + " vs " + num(vb_));    \
  } while (0)

#define CHECK_NEAR(a, b, tol)                                                            \
  do {                                                                                   \
    ++g_checks;                                                                          \
    const double va_ = (a);                                                              \
    const double vb_ = (b);                                                              \
    if (!(std::fabs(va_ - vb_) <= (tol)))                                                \
      fail(__FILE__, __LINE__, std::string(#a " ~ " #b ": ") + num(va_) + " vs " + num(vb_)); \
  } while (0)

std::vector<double> zeros(std::size_t k) { return std::vector<double>(k, 0.0); }
std::vector<double> fill(std::size_t k, double v) { return std::vector<double>(k, v); }

// FNV-1a 64 over a byte string, written independently of the kernel's helper.
std::uint64_t fnv_bytes(const unsigned char* bytes, std::size_t len) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (std::size_t k = 0; k < len; ++k) {
    h ^= bytes[k];
    h *= 0x100000001b3ull;
  }
  return h;
}

// The digest of a spike stream given as (iteration, ordinal, candidate) triples.
std::uint64_t stream_digest(const std::vector<std::uint32_t>& words) {
  std::vector<unsigned char> bytes;
  for (std::uint32_t w : words) {
    for (int k = 0; k < 4; ++k) bytes.push_back(static_cast<unsigned char>(w >> (8 * k)));
  }
  return fnv_bytes(bytes.data(), bytes.size());
}

// The build rounds every product and sum (no fused multiply-add).
void test_strict_arithmetic() { CHECK(snn::strict_binary64_probe()); }

void test_fnv_known_answers() {
  // Published FNV-1a 64 test vectors.
  CHECK(fnv_bytes(nullptr, 0) == 0xcbf29ce484222325ull);
  CHECK(fnv_bytes(reinterpret_cast<const unsigned char*>("a"), 1) == 0xaf63dc4c8601ec8cull);
  CHECK(fnv_bytes(reinterpret_cast<const unsigned char*>("foobar"), 6) == 0x85944171f73967e8ull);
  // The kernel's word helper feeds little-endian bytes: "abcd" is the word 0x64636261.
  const unsigned char abcd[] = {'a', 'b', 'c', 'd'};
  CHECK(snn::fnv1a_word(snn::kFnvOffsetBasis, 0x64636261u) == fnv_bytes(abcd, 4));
}

// Two identical rows violated by the same amount: the first in the frozen
// order fires, and the lateral update through G satisfies the second.
void test_tie_between_rows() {
  F f(2, 2, zeros(4), zeros(2), {1, 0, 1, 0}, fill(2, -kInf), {0, 0}, fill(2, -kInf),
      fill(2, kInf), 0.5, 1e-9, 100, 4, 16);
  f.reset({1, 0});
  CHECK(f.advance(1, true) == AdvanceStatus::running);
  CHECK_EQ(f.events.count, 1);
  CHECK_EQ(f.events.events[0].candidate, 0);
  CHECK_EQ(f.events.events[0].side, 1);
  CHECK_EQ(f.counts[0], 1);
  CHECK_EQ(f.counts[1], 0);
  CHECK_BITS(f.x[0], 0.0);
  CHECK_BITS(f.r[1], 0.0);
}

// A row and an upper bound with the same violation: the row comes first.
// Then a lower-bound facet of x1 against an upper-bound facet of x0: the
// lower-bound facets come before every upper-bound facet.
void test_tie_between_row_and_bounds() {
  F f(2, 1, zeros(4), zeros(2), {1, 0}, {-kInf}, {0}, fill(2, -kInf), {0, kInf}, 0.5, 1e-9, 100,
      4, 16);
  f.reset({1, 0});
  f.advance(1, true);
  CHECK_EQ(f.events.count, 1);
  CHECK_EQ(f.events.events[0].candidate, 0);

  F g(2, 1, zeros(4), zeros(2), {0, 0}, {-1}, {1}, {-kInf, 0}, {0, kInf}, 0.5, 1e-9, 100, 4, 16);
  g.reset({2, -2});
  g.advance(1, true);
  CHECK_EQ(g.events.count, 2);
  CHECK_EQ(g.events.events[0].candidate, 1 + 1);      // lower facet of x1: m + 1
  CHECK_EQ(g.events.events[0].side, -1);
  CHECK_EQ(g.events.events[1].candidate, 1 + 2 + 0);  // upper facet of x0: m + n + 0
  CHECK_EQ(g.events.events[1].side, 1);
  CHECK_EQ(g.events.events[1].ordinal, 1);
  CHECK_BITS(g.x[0], 0.0);
  CHECK_BITS(g.x[1], 0.0);
}

// An equality row lo = hi = 1 on x0 + x1: each spike lands exactly on the
// plane, from below (side -1) and from above (side +1), and r_i = target.
void test_equality_row() {
  F f(2, 1, {1, 0, 0, 1}, zeros(2), {1, 1}, {1}, {1}, fill(2, -kInf), fill(2, kInf), 0.5, 1e-9,
      100, 8, 16);
  f.reset({0, 0});
  f.advance(1, true);
  CHECK_EQ(f.events.count, 1);
  CHECK_EQ(f.events.events[0].side, -1);
  CHECK_BITS(f.x[0], 0.5);
  CHECK_BITS(f.x[1], 0.5);
  CHECK_BITS(f.r[0], 1.0);
  CHECK_BITS(f.events.events[0].correction, 0.5 * std::sqrt(2.0));

  f.reset({2, 2});  // drift to (1, 1): above the plane
  f.advance(1, true);
  CHECK_EQ(f.events.count, 1);
  CHECK_EQ(f.events.events[0].side, 1);
  CHECK_BITS(f.x[0], 0.5);
  CHECK_BITS(f.x[1], 0.5);
  CHECK_BITS(f.r[0], 1.0);
}

// min ½|x − (2, 2)|² s.t. x0 + x1 ≤ 2, x0 ≤ 0.5: optimum (0.5, 1.5), both the
// row and the bound active. Every sweep leaves a feasible point, and both
// facets keep firing.
void test_bound_and_row_active() {
  F f(2, 1, {1, 0, 0, 1}, {-2, -2}, {1, 1}, {-kInf}, {2}, fill(2, -kInf), {0.5, kInf}, 0.1,
      1e-9, 1000, 10);
  f.reset({0, 0});
  for (int k = 0; k < 400; ++k) {
    CHECK(f.advance(1) == AdvanceStatus::running);
    CHECK(f.x[0] <= 0.5);
    CHECK(f.x[0] + f.x[1] <= 2 + 1e-9);
  }
  const std::uint32_t row = f.counts[0];
  const std::uint32_t bound = f.counts[1 + 2 + 0];
  f.advance(100);
  CHECK(f.counts[0] > row);
  CHECK(f.counts[1 + 2 + 0] > bound);
  // The discretised flow settles O(k0) away from the optimum (DESIGN §4).
  CHECK_NEAR(f.x[0], 0.5, 0.1);
  CHECK_NEAR(f.x[1], 1.5, 0.1);
}

// x ≤ 0 and x ≥ 1: the sweep alternates between the two rows until the cap
// and the fresh recheck still finds a violation.
void test_budget_exhaustion_on_infeasible_pair() {
  F f(1, 2, zeros(1), zeros(1), {1, 1}, {-kInf, 1}, {0, kInf}, {-kInf}, {kInf}, 0.5, 1e-9, 7, 4,
      64);
  f.reset({0.5});
  CHECK(f.advance(10, true) == AdvanceStatus::projection_budget_exhausted);
  CHECK_EQ(f.s.iteration, 1);
  CHECK_EQ(f.s.spikes, 7);
  CHECK_EQ(f.events.count, 7);
  CHECK_EQ(f.events.events[0].candidate, 0);  // tie at 0.5: row 0 first
  for (snn::index_t k = 1; k < 7; ++k) {
    CHECK_EQ(f.events.events[k].candidate, k % 2);
    CHECK_EQ(f.events.events[k].ordinal, k);
  }
  CHECK_EQ(f.counts[0], 4);
  CHECK_EQ(f.counts[1], 3);
  CHECK_BITS(f.x[0], 0.0);  // the last spike (ordinal 6) was onto row 0

  // The next call goes on from there (the status does not latch).
  CHECK(f.advance(1, true) == AdvanceStatus::projection_budget_exhausted);
  CHECK_EQ(f.s.iteration, 2);
}

// A cap met exactly by a sweep that leaves a feasible point is not exhaustion.
void test_cap_reached_when_feasible() {
  F f(1, 1, zeros(1), zeros(1), {2}, {-kInf}, {1}, {-kInf}, {kInf}, 0.5, 1e-9, 1, 4, 4);
  f.reset({3});
  CHECK(f.advance(3, true) == AdvanceStatus::running);
  CHECK_EQ(f.s.iteration, 3);
  CHECK_EQ(f.s.spikes, 1);
  CHECK_BITS(f.x[0], 0.5);
}

// m = 0: the separable clip, one spike per clipped coordinate, ids j and n + j.
void test_clip_sweep() {
  F f(3, 0, zeros(9), zeros(3), {}, {}, {}, {0, -kInf, -1}, {1, 2, kInf}, 0.5, 1e-3, 5, 4, 16);
  f.reset({-0.25, 5, -1 - 1e-12});
  f.advance(1, true);
  CHECK_EQ(f.events.count, 3);
  CHECK_EQ(f.events.events[0].candidate, 0);
  CHECK_EQ(f.events.events[0].side, -1);
  CHECK_BITS(f.events.events[0].correction, 0.25);
  CHECK_EQ(f.events.events[1].candidate, 3 + 1);
  CHECK_EQ(f.events.events[1].side, 1);
  CHECK_EQ(f.events.events[1].ordinal, 1);
  CHECK_BITS(f.events.events[1].correction, 3.0);
  // No tolerance in the clip: a violation of 1e-12 is clipped too, though below constraint_tol.
  CHECK_EQ(f.events.events[2].candidate, 2);
  CHECK_EQ(f.events.events[2].ordinal, 2);
  CHECK_BITS(f.x[2], -1.0);
  CHECK_EQ(f.counts[2], 1);
  CHECK_EQ(f.s.spikes, 3);
}

// The objective is evaluated before the drift; a non-finite one stops the
// chunk as diverged without counting the iteration.
void test_divergence() {
  F f(1, 0, {1}, {0}, {}, {}, {}, {-kInf}, {kInf}, 1e200, 1e-9, 5, 4);
  f.reset({1});
  CHECK(f.advance(5) == AdvanceStatus::diverged);
  CHECK_EQ(f.s.iteration, 1);
  CHECK_BITS(f.window[0], 0.5);
  CHECK_EQ(f.s.window_count, 1);

  F g(2, 1, zeros(4), zeros(2), {1, 0}, {-kInf}, {0}, fill(2, -kInf), fill(2, kInf), 0.5, 1e-9,
      5, 4);
  g.reset({std::nan(""), 0});
  CHECK(g.advance(3) == AdvanceStatus::diverged);
  CHECK_EQ(g.s.iteration, 0);
}

// The window keeps the latest window_size objectives, oldest first.
void test_objective_window() {
  F f(1, 0, {1}, {0}, {}, {}, {}, {-kInf}, {kInf}, 0.5, 1e-9, 5, 3);
  f.reset({8});
  f.advance(5);  // objectives of x = 8, 4, 2, 1, 0.5 are 32, 8, 2, 0.5, 0.125
  double out[3] = {0, 0, 0};
  CHECK_EQ(snn::copy_window(f.s, out), 3);
  CHECK_BITS(out[0], 2.0);
  CHECK_BITS(out[1], 0.5);
  CHECK_BITS(out[2], 0.125);
  f.reset({8});
  f.advance(2);
  CHECK_EQ(snn::copy_window(f.s, out), 2);
  CHECK_BITS(out[0], 32.0);
  CHECK_BITS(out[1], 8.0);
}

// A small xorshift generator for the random problems below.
struct Rng {
  std::uint64_t state;
  double next() {  // uniform in [0, 1)
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<double>(state >> 11) * (1.0 / 9007199254740992.0);
  }
  double range(double a, double b) { return a + (b - a) * next(); }
};

struct RandomProblem {
  snn::index_t n, m;
  std::vector<double> A, b, C, lo, hi, lower, upper, x0;
};

RandomProblem random_problem(std::uint64_t seed) {
  Rng rng{seed * 0x9e3779b97f4a7c15ull + 1};
  RandomProblem q;
  q.n = 2 + static_cast<snn::index_t>(rng.next() * 6);
  q.m = 1 + static_cast<snn::index_t>(rng.next() * 6);
  const snn::index_t n = q.n;
  std::vector<double> M(n * n);
  for (double& v : M) v = rng.range(-1, 1);
  q.A.assign(n * n, 0);
  for (snn::index_t i = 0; i < n; ++i)
    for (snn::index_t j = 0; j < n; ++j)
      for (snn::index_t k = 0; k < n; ++k) q.A[i * n + j] += M[i * n + k] * M[j * n + k];
  for (snn::index_t j = 0; j < n; ++j) q.b.push_back(rng.range(-3, 3));
  for (snn::index_t k = 0; k < q.m * n; ++k) q.C.push_back(rng.range(-1, 1));
  for (snn::index_t i = 0; i < q.m; ++i) {
    const double a = rng.range(-1, 1);
    const double kind = rng.next();
    q.lo.push_back(kind < 0.3 ? -kInf : a);
    q.hi.push_back(kind < 0.6 && kind >= 0.3 ? kInf : (kind >= 0.85 ? a : a + rng.range(0, 1)));
  }
  for (snn::index_t j = 0; j < n; ++j) {
    q.lower.push_back(rng.next() < 0.5 ? -kInf : -1);
    q.upper.push_back(rng.next() < 0.5 ? kInf : 1);
    q.x0.push_back(rng.range(-4, 4));
  }
  return q;
}

// Chunked runs give the same iterates, counts, window and digest as one run,
// and the digest equals FNV-1a over the recorded event stream.
void test_digest_chunked_equals_single() {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const RandomProblem q = random_problem(seed);
    auto make = [&q]() {
      return std::make_unique<F>(q.n, q.m, q.A, q.b, q.C, q.lo, q.hi, q.lower, q.upper, 0.2,
                                 1e-9, 60, 5, 1 << 14);
    };
    const std::unique_ptr<F> single = make();
    const std::unique_ptr<F> chunked = make();
    single->reset(q.x0);
    chunked->reset(q.x0);
    const AdvanceStatus a = single->advance(150, true);
    std::vector<std::uint32_t> words;
    for (snn::index_t k = 0; k < single->events.count; ++k) {
      const snn::SpikeEvent<double>& e = single->events.events[k];
      words.push_back(e.iteration);
      words.push_back(e.ordinal);
      words.push_back(e.candidate);
    }
    CHECK(!single->events.overflow);
    CHECK(single->obs.digest == stream_digest(words));

    Rng rng{seed + 77};
    AdvanceStatus b = AdvanceStatus::running;
    while (chunked->s.iteration < 150 && b == AdvanceStatus::running) {
      const snn::count_t left = 150 - chunked->s.iteration;
      snn::count_t step = 1 + static_cast<snn::count_t>(rng.next() * 20);
      b = chunked->advance(step < left ? step : left);
    }
    CHECK(a == b);
    CHECK_EQ(single->s.iteration, chunked->s.iteration);
    CHECK_EQ(single->s.spikes, chunked->s.spikes);
    CHECK(single->obs.digest == chunked->obs.digest);
    CHECK_BITS(single->obs.total_correction, chunked->obs.total_correction);
    CHECK_EQ(single->obs.first_candidate, chunked->obs.first_candidate);
    CHECK_EQ(single->obs.last_candidate, chunked->obs.last_candidate);
    CHECK(std::memcmp(single->x.data(), chunked->x.data(), q.n * sizeof(double)) == 0);
    CHECK(single->counts == chunked->counts);
    double wa[5], wb[5];
    const snn::index_t ca = snn::copy_window(single->s, wa);
    CHECK_EQ(ca, snn::copy_window(chunked->s, wb));
    CHECK(std::memcmp(wa, wb, ca * sizeof(double)) == 0);
  }
}

// The winner of one plain scan in the frozen order, as the reference writes
// it: the oracle of the kernel's block-skipping scan.
std::int64_t sequential_winner(const snn::ProblemData<double>& p, const double* r,
                               const double* x, double threshold) {
  double best = threshold;
  std::int64_t winner = -1;
  for (snn::index_t i = 0; i < p.m; ++i) {
    if (p.norms[i] == 0) continue;
    const double over = r[i] - p.hi[i];
    const double under = p.lo[i] - r[i];
    const double v = (over > under ? over : under) / p.norms[i];
    if (v > best) {
      best = v;
      winner = i;
    }
  }
  for (snn::index_t j = 0; j < p.n; ++j) {
    const double v = p.lower[j] - x[j];
    if (v > best) {
      best = v;
      winner = static_cast<std::int64_t>(p.m) + j;
    }
  }
  for (snn::index_t j = 0; j < p.n; ++j) {
    const double v = x[j] - p.upper[j];
    if (v > best) {
      best = v;
      winner = static_cast<std::int64_t>(p.m) + p.n + j;
    }
  }
  return winner;
}

// The scan picks the sequential winner, with and without the list of bounded
// variables, on states full of ties, infinities, NaN, zero rows and signed
// zeros, for thresholds of either sign.
void test_scan_matches_sequential() {
  const double nan = std::nan("");
  const double values[] = {-2, -1, -0.5, -0.0, 0.0, 0.5, 1, 2, 3};
  // Lower sides and bounds are mostly -inf or finite, upper ones +inf or
  // finite; a few take the other infinity or NaN.
  const double lows[] = {-kInf, -kInf, -kInf, -2, -1, -0.5, 0, 1, kInf, nan};
  const double highs[] = {kInf, kInf, kInf, 2, 1, 0.5, 0, -1, -kInf, nan};
  const double norms[] = {0, 0.5, 1, 1, 2};
  const double thresholds[] = {1e-9, 0, 0.5, -1, -kInf};
  int with_winner = 0;
  for (std::uint64_t seed = 1; seed <= 4000; ++seed) {
    Rng rng{seed * 0x2545f4914f6cdd1dull + 7};
    auto pick = [&rng](const double* from, int count) {
      return from[static_cast<int>(rng.next() * count)];
    };
    const snn::index_t n = static_cast<snn::index_t>(rng.next() * 14);
    const snn::index_t m = static_cast<snn::index_t>(rng.next() * 12);
    std::vector<double> lo(m), hi(m), nm(m), r(m), lower(n), upper(n), x(n);
    for (snn::index_t i = 0; i < m; ++i) {
      lo[i] = rng.next() < 0.9 ? pick(lows, 8) : pick(lows, 10);
      hi[i] = rng.next() < 0.9 ? pick(highs, 8) : pick(highs, 10);
      nm[i] = pick(norms, 5);
      r[i] = rng.next() < 0.05 ? nan : pick(values, 9);
    }
    for (snn::index_t j = 0; j < n; ++j) {
      lower[j] = rng.next() < 0.9 ? pick(lows, 8) : pick(lows, 10);
      upper[j] = rng.next() < 0.9 ? pick(highs, 8) : pick(highs, 10);
      x[j] = rng.next() < 0.05 ? (rng.next() < 0.5 ? nan : kInf) : pick(values, 9);
    }
    snn::ProblemData<double> p;
    p.n = n;
    p.m = m;
    p.lo = lo.data();
    p.hi = hi.data();
    p.norms = nm.data();
    p.lower = lower.data();
    p.upper = upper.data();
    snn::KernelState<double> st;
    st.r = r.data();
    st.x = x.data();
    std::vector<snn::index_t> list(n + 1);
    const double threshold = pick(thresholds, 5);
    const std::int64_t expected = sequential_winner(p, r.data(), x.data(), threshold);
    if (expected >= 0) with_winner += 1;
    CHECK_EQ(snn::most_violated(p, st, threshold), expected);
    p.bounded_count = snn::list_bounded(lower.data(), upper.data(), n, list.data());
    p.bounded = list.data();
    CHECK_EQ(snn::most_violated(p, st, threshold), expected);
  }
  CHECK(with_winner > 1000);
}

// The optional buffers (C^T, the list of bounded variables) change where the
// kernel reads, never the bits: runs with and without them agree exactly.
void test_optional_buffers_same_bits() {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const RandomProblem q = random_problem(seed + 1000);
    F with(q.n, q.m, q.A, q.b, q.C, q.lo, q.hi, q.lower, q.upper, 0.2, 1e-9, 60, 5);
    F without(q.n, q.m, q.A, q.b, q.C, q.lo, q.hi, q.lower, q.upper, 0.2, 1e-9, 60, 5);
    without.p.CT = nullptr;
    without.p.bounded = nullptr;
    without.p.bounded_count = 0;
    with.reset(q.x0);
    without.reset(q.x0);
    CHECK(with.advance(150) == without.advance(150));
    CHECK_EQ(with.s.spikes, without.s.spikes);
    CHECK(with.obs.digest == without.obs.digest);
    CHECK(std::memcmp(with.x.data(), without.x.data(), q.n * sizeof(double)) == 0);
    CHECK(with.counts == without.counts);
  }
}

// A full buffer sets the overflow flag, counts the demand, keeps the stored
// prefix, and ends the chunk after the iteration in which it happened.
void test_event_overflow() {
  F f(1, 2, zeros(1), zeros(1), {1, 1}, {-kInf, 1}, {0, kInf}, {-kInf}, {kInf}, 0.5, 1e-9, 5, 4,
      3);
  f.reset({0.5});
  CHECK(f.advance(4, true) == AdvanceStatus::projection_budget_exhausted);
  CHECK(f.events.overflow);
  CHECK_EQ(f.events.count, 3);
  CHECK_EQ(f.events.demand, 5);
  CHECK_EQ(f.obs.spikes, 5);  // the observer sees every spike regardless

  // Overflow without exhaustion: a box clip of 3 coordinates into 2 slots.
  F g(3, 0, zeros(9), zeros(3), {}, {}, {}, fill(3, 0), fill(3, 1), 0.5, 1e-9, 5, 4, 2);
  g.reset({-1, -1, -1});
  CHECK(g.advance(10, true) == AdvanceStatus::running);
  CHECK(g.events.overflow);
  CHECK_EQ(g.s.iteration, 1);
  CHECK_EQ(g.events.demand, 3);
}

// The kernel compiles and runs for another number type (float here; the HLS
// build uses fixed point).
void test_float_instantiation() {
  Fixture<float> f(2, 1, {1, 0, 0, 1}, {-2, -2}, {1, 1}, {-INFINITY}, {2}, {-INFINITY, -INFINITY},
                   {0.5f, INFINITY}, 0.1f, 1e-5f, 1000, 10);
  f.reset({0, 0});
  CHECK(f.advance(200) == AdvanceStatus::running);
  CHECK(f.x[0] <= 0.5f);
  CHECK(f.obs.spikes > 0);
}

}  // namespace

int main() {
  test_strict_arithmetic();
  test_fnv_known_answers();
  test_tie_between_rows();
  test_tie_between_row_and_bounds();
  test_equality_row();
  test_bound_and_row_active();
  test_budget_exhaustion_on_infeasible_pair();
  test_cap_reached_when_feasible();
  test_clip_sweep();
  test_divergence();
  test_objective_window();
  test_digest_chunked_equals_single();
  test_scan_matches_sequential();
  test_optional_buffers_same_bits();
  test_event_overflow();
  test_float_instantiation();
  if (g_failures > 0) {
    std::fprintf(stderr, "kernel tests: %d of %d checks failed\n", g_failures, g_checks);
    return 1;
  }
  std::printf("kernel tests: %d checks passed\n", g_checks);
  return 0;
}
