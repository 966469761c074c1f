// Test fixture for snn_kernel.hpp: owns every buffer the kernel reads or
// writes (host code, so std::vector is fine here) and builds the Gram matrix
// and row norms with the same sums as packages/core/src/dynamics/setup.ts.

#ifndef SNN_KERNEL_TEST_FIXTURE_HPP
#define SNN_KERNEL_TEST_FIXTURE_HPP

#include <cmath>
#include <cstdint>
#include <vector>

#include "snn_kernel.hpp"

template <typename Real>
struct Fixture {
  snn::index_t n;
  snn::index_t m;
  std::vector<Real> A, b, C, lo, hi, lower, upper, gram, norms, norms_sq, CT;
  std::vector<Real> x, grad, r, window;
  std::vector<std::uint32_t> counts;
  std::vector<snn::index_t> bounded;
  std::vector<snn::SpikeEvent<Real>> event_storage;
  snn::ProblemData<Real> p;
  snn::KernelState<Real> s;
  snn::Observer<Real> obs;
  snn::EventBuffer<Real> events;

  Fixture(snn::index_t n_, snn::index_t m_, std::vector<Real> A_, std::vector<Real> b_,
          std::vector<Real> C_, std::vector<Real> lo_, std::vector<Real> hi_,
          std::vector<Real> lower_, std::vector<Real> upper_, Real k0, Real tol,
          snn::count_t max_spikes, snn::index_t window_size, snn::index_t event_capacity = 0)
      : n(n_), m(m_), A(A_), b(b_), C(C_), lo(lo_), hi(hi_), lower(lower_), upper(upper_),
        gram(static_cast<std::size_t>(m_) * m_), norms(m_), norms_sq(m_),
        CT(static_cast<std::size_t>(n_) * m_), x(n_), grad(n_),
        r(m_), window(window_size), counts(static_cast<std::size_t>(m_) + 2 * n_), bounded(n_),
        event_storage(event_capacity) {
    for (snn::index_t i = 0; i < m; ++i) {
      for (snn::index_t k = i; k < m; ++k) {
        Real acc = Real(0);
        for (snn::index_t j = 0; j < n; ++j) acc += C[i * n + j] * C[k * n + j];
        gram[i * m + k] = acc;
        gram[k * m + i] = acc;
      }
      norms_sq[i] = gram[i * m + i];
      Real sq = Real(0);
      for (snn::index_t j = 0; j < n; ++j) sq += C[i * n + j] * C[i * n + j];
      norms[i] = std::sqrt(sq);
      for (snn::index_t j = 0; j < n; ++j) CT[j * m + i] = C[i * n + j];
    }
    p.n = n;
    p.m = m;
    p.A = A.data();
    p.b = b.data();
    p.C = C.data();
    p.lo = lo.data();
    p.hi = hi.data();
    p.lower = lower.data();
    p.upper = upper.data();
    p.gram = gram.data();
    p.CT = CT.data();
    p.bounded_count = snn::list_bounded(lower.data(), upper.data(), n, bounded.data());
    p.bounded = bounded.data();
    p.norms = norms.data();
    p.norms_sq = norms_sq.data();
    p.k0 = k0;
    p.constraint_tol = tol;
    p.max_spikes = max_spikes;
    s.x = x.data();
    s.grad = grad.data();
    s.r = r.data();
    s.spike_counts = counts.data();
    s.window = window.data();
    s.window_size = window_size;
    events.events = event_storage.data();
    events.capacity = event_capacity;
  }

  Fixture(const Fixture&) = delete;
  Fixture& operator=(const Fixture&) = delete;

  void reset(const std::vector<Real>& x0) {
    snn::reset(p, s, x0.data());
    snn::reset_observer(&obs);
    snn::clear_events(&events);
  }

  snn::AdvanceStatus advance(snn::count_t iterations, bool record = false) {
    if (record) snn::clear_events(&events);
    return snn::advance(p, s, iterations, &obs, record ? &events : nullptr);
  }
};

#endif  // SNN_KERNEL_TEST_FIXTURE_HPP
