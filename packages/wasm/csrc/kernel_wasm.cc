// WebAssembly exports around kernels/snn_kernel.hpp (binary64), for a
// standalone .wasm with no JavaScript glue.
//
// The exported surface is plain C: every argument and result is an i32 or an
// f64, so any WebAssembly host can call it without BigInt or emscripten's
// legalisation glue (64-bit counts travel as doubles, exact up to 2^53; the
// 64-bit digest travels as two u32 halves).
//
// One `Handle` holds a kernel: the problem data, the state, the observer, the
// event buffer and the snapshot used to undo a chunk whose events overflowed.
// The handle owns all of its memory (malloc, never C++ new, so a failed
// allocation returns 0 instead of aborting). The host:
//
//   1. snn_create(n, m, window_size, event_capacity)      -> handle (0: no memory / bad sizes)
//   2. writes the problem arrays into snn_buffer(handle, id) for the input ids
//   3. snn_configure(handle, k0, constraint_tol, max_spikes)
//   4. writes x0 into snn_buffer(handle, kBufX0), calls snn_reset(handle)
//   5. snn_advance(handle, iterations, record)              -> status code
//      (the first advance builds C^T from C for the bound spikes; every
//      advance lists the variables with a finite bound for the candidate scan)
//   6. reads x, spike counts, the window (snn_copy_window), events, digest ...
//   7. snn_destroy(handle)
//
// The host (src/kernel.ts) checks every argument before it gets here; the
// checks below only keep a bad call from reading or writing out of bounds.

#include <emscripten/emscripten.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#include "snn_kernel.hpp"

namespace {

using Real = double;
using Event = snn::SpikeEvent<Real>;

// The host reads events as 24-byte records: u32 iteration, u32 ordinal,
// u32 candidate, i32 side, f64 correction.
static_assert(sizeof(Event) == 24, "SpikeEvent<double> must be 24 bytes");
static_assert(offsetof(Event, iteration) == 0, "event layout");
static_assert(offsetof(Event, ordinal) == 4, "event layout");
static_assert(offsetof(Event, candidate) == 8, "event layout");
static_assert(offsetof(Event, side) == 12, "event layout");
static_assert(offsetof(Event, correction) == 16, "event layout");
static_assert(sizeof(void*) == 4, "built for wasm32");

/// advance() code when the event buffer overflowed while recording: the
/// chunk has been undone and the host retries with shorter chunks.
constexpr std::int32_t kStatusEventOverflow = 3;
/// Largest objective window and event buffer (entries): the same limit as the
/// native addon.
constexpr std::uint32_t kMaxBufferEntries = 16777216u;  // 2^24

/// Buffer ids for snn_buffer (the host's table in src/kernel.ts matches).
enum BufferId : std::int32_t {
  kBufA = 0,
  kBufB = 1,
  kBufC = 2,
  kBufLo = 3,
  kBufHi = 4,
  kBufLower = 5,
  kBufUpper = 6,
  kBufGram = 7,
  kBufNorms = 8,
  kBufNormsSq = 9,
  kBufX0 = 10,
  kBufX = 11,
  kBufSpikeCounts = 12,
  kBufWindowOut = 13,
  kBufEvents = 14,
  kBufCount = 15,
};

/// Everything a chunk changes, kept so an overflowed chunk can be undone.
struct Snapshot {
  Real* x = nullptr;
  std::uint32_t* spike_counts = nullptr;
  Real* window = nullptr;
  snn::index_t window_count = 0;
  snn::index_t window_head = 0;
  snn::count_t iteration = 0;
  snn::count_t spikes = 0;
  snn::Observer<Real> observer;
};

struct Handle {
  std::uint32_t n = 0;
  std::uint32_t m = 0;
  // Owned storage.
  Real* A = nullptr;
  Real* b = nullptr;
  Real* C = nullptr;
  Real* lo = nullptr;
  Real* hi = nullptr;
  Real* lower = nullptr;
  Real* upper = nullptr;
  Real* gram = nullptr;
  Real* CT = nullptr;  // C^T (n*m), built from C before the first advance
  bool ct_ready = false;
  std::uint32_t* bounded = nullptr;  // variables with a finite bound (n slots), see list_bounds
  Real* norms = nullptr;
  Real* norms_sq = nullptr;
  Real* x0 = nullptr;
  Real* x = nullptr;
  Real* grad = nullptr;
  Real* r = nullptr;
  std::uint32_t* spike_counts = nullptr;
  Real* window = nullptr;
  Real* window_out = nullptr;
  Event* events = nullptr;
  // Kernel views.
  snn::ProblemData<Real> problem;
  snn::KernelState<Real> state;
  snn::Observer<Real> observer;
  snn::EventBuffer<Real> event_buffer;
  Snapshot snap;
};

/// calloc of count elements of `size` bytes; a zero count still gives a
/// distinct non-null pointer (one element) so every view has a valid base.
void* zeroed(std::uint64_t count, std::uint64_t size) {
  const std::uint64_t bytes = (count == 0 ? 1 : count) * size;
  if (bytes > 0x7fffffffull) return nullptr;
  return std::calloc(static_cast<std::size_t>(count == 0 ? 1 : count),
                     static_cast<std::size_t>(size));
}

void release(Handle* h) {
  if (h == nullptr) return;
  void* owned[] = {h->A,      h->b,          h->C,      h->lo,           h->hi,
                   h->lower,  h->upper,      h->gram,   h->norms,        h->norms_sq,
                   h->CT,     h->bounded,
                   h->x0,     h->x,          h->grad,   h->r,            h->spike_counts,
                   h->window, h->window_out, h->events, h->snap.x,       h->snap.spike_counts,
                   h->snap.window};
  for (void* p : owned) std::free(p);
  std::free(h);
}

void set_event_storage(Handle* h, Event* storage, std::uint32_t capacity) {
  h->events = storage;
  h->event_buffer.events = storage;
  h->event_buffer.capacity = capacity;
  snn::clear_events(&h->event_buffer);
}

/// Fills C^T from C (the host writes C after snn_create and never again), so
/// bound spikes read column j of C contiguously: the same values, same bits.
void prepare_transpose(Handle* h) {
  if (h->ct_ready) return;
  const std::size_t n = h->n;
  const std::size_t m = h->m;
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < n; ++j) h->CT[j * m + i] = h->C[i * n + j];
  }
  h->ct_ready = true;
}

/// Lists the variables whose bound facets can fire (snn::list_bounded), so
/// the candidate scan passes over the others. O(n), redone on every advance:
/// it stays right whenever the host writes the bounds.
void list_bounds(Handle* h) {
  h->problem.bounded_count = snn::list_bounded(h->lower, h->upper, h->n, h->bounded);
  h->problem.bounded = h->bounded;
}

void save(Handle* h) {
  const std::size_t n = h->n;
  const std::size_t candidates = static_cast<std::size_t>(h->m) + 2 * n;
  std::memcpy(h->snap.x, h->x, n * sizeof(Real));
  std::memcpy(h->snap.spike_counts, h->spike_counts, candidates * sizeof(std::uint32_t));
  std::memcpy(h->snap.window, h->window, h->state.window_size * sizeof(Real));
  h->snap.window_count = h->state.window_count;
  h->snap.window_head = h->state.window_head;
  h->snap.iteration = h->state.iteration;
  h->snap.spikes = h->state.spikes;
  h->snap.observer = h->observer;
}

void restore(Handle* h) {
  const std::size_t n = h->n;
  const std::size_t candidates = static_cast<std::size_t>(h->m) + 2 * n;
  std::memcpy(h->x, h->snap.x, n * sizeof(Real));
  std::memcpy(h->spike_counts, h->snap.spike_counts, candidates * sizeof(std::uint32_t));
  std::memcpy(h->window, h->snap.window, h->state.window_size * sizeof(Real));
  h->state.window_count = h->snap.window_count;
  h->state.window_head = h->snap.window_head;
  h->state.iteration = h->snap.iteration;
  h->state.spikes = h->snap.spikes;
  h->observer = h->snap.observer;
}

}  // namespace

extern "C" {

/// Version of this export table; the loader refuses a module it does not know.
EMSCRIPTEN_KEEPALIVE std::int32_t snn_abi_version() { return 1; }

/// 1 when this build's binary64 arithmetic matches the reference bit for bit
/// (kernels/README.md, "Arithmetic contract"); the loader refuses 0.
EMSCRIPTEN_KEEPALIVE std::int32_t snn_probe() { return snn::strict_binary64_probe() ? 1 : 0; }

/// The status code advance() returns when recording overflowed the event buffer.
EMSCRIPTEN_KEEPALIVE std::int32_t snn_status_event_overflow() { return kStatusEventOverflow; }

/// General-purpose allocation in wasm memory (0 when there is no room).
EMSCRIPTEN_KEEPALIVE void* snn_alloc(std::uint32_t bytes) {
  return std::malloc(bytes == 0 ? 1 : static_cast<std::size_t>(bytes));
}

EMSCRIPTEN_KEEPALIVE void snn_free(void* ptr) { std::free(ptr); }

/// Creates a kernel for n variables and m rows with every buffer zeroed
/// (x = 0 until the first reset, like the reference). Returns 0 when the
/// sizes are out of range or the memory cannot be had.
EMSCRIPTEN_KEEPALIVE Handle* snn_create(std::uint32_t n, std::uint32_t m, std::uint32_t window_size,
                                        std::uint32_t event_capacity) {
  const std::uint64_t nn = n;
  const std::uint64_t mm = m;
  // Candidate ids m + 2n are 32-bit words.
  if (mm + 2 * nn > 0xffffffffull) return nullptr;
  if (window_size < 1 || window_size > kMaxBufferEntries) return nullptr;
  if (event_capacity < 1 || event_capacity > kMaxBufferEntries) return nullptr;

  Handle* h = static_cast<Handle*>(std::calloc(1, sizeof(Handle)));
  if (h == nullptr) return nullptr;
  new (h) Handle();  // placement new: plain member initialisers, cannot throw
  h->n = n;
  h->m = m;
  const std::uint64_t d = sizeof(Real);
  const std::uint64_t candidates = mm + 2 * nn;
  h->A = static_cast<Real*>(zeroed(nn * nn, d));
  h->b = static_cast<Real*>(zeroed(nn, d));
  h->C = static_cast<Real*>(zeroed(mm * nn, d));
  h->lo = static_cast<Real*>(zeroed(mm, d));
  h->hi = static_cast<Real*>(zeroed(mm, d));
  h->lower = static_cast<Real*>(zeroed(nn, d));
  h->upper = static_cast<Real*>(zeroed(nn, d));
  h->gram = static_cast<Real*>(zeroed(mm * mm, d));
  h->CT = static_cast<Real*>(zeroed(mm * nn, d));
  h->bounded = static_cast<std::uint32_t*>(zeroed(nn, sizeof(std::uint32_t)));
  h->norms = static_cast<Real*>(zeroed(mm, d));
  h->norms_sq = static_cast<Real*>(zeroed(mm, d));
  h->x0 = static_cast<Real*>(zeroed(nn, d));
  h->x = static_cast<Real*>(zeroed(nn, d));
  h->grad = static_cast<Real*>(zeroed(nn, d));
  h->r = static_cast<Real*>(zeroed(mm, d));
  h->spike_counts = static_cast<std::uint32_t*>(zeroed(candidates, sizeof(std::uint32_t)));
  h->window = static_cast<Real*>(zeroed(window_size, d));
  h->window_out = static_cast<Real*>(zeroed(window_size, d));
  h->snap.x = static_cast<Real*>(zeroed(nn, d));
  h->snap.spike_counts = static_cast<std::uint32_t*>(zeroed(candidates, sizeof(std::uint32_t)));
  h->snap.window = static_cast<Real*>(zeroed(window_size, d));
  Event* storage = static_cast<Event*>(zeroed(event_capacity, sizeof(Event)));
  h->events = storage;
  if (h->A == nullptr || h->b == nullptr || h->C == nullptr || h->lo == nullptr ||
      h->hi == nullptr || h->lower == nullptr || h->upper == nullptr || h->gram == nullptr ||
      h->CT == nullptr || h->bounded == nullptr ||
      h->norms == nullptr || h->norms_sq == nullptr || h->x0 == nullptr || h->x == nullptr ||
      h->grad == nullptr || h->r == nullptr || h->spike_counts == nullptr ||
      h->window == nullptr || h->window_out == nullptr || h->snap.x == nullptr ||
      h->snap.spike_counts == nullptr || h->snap.window == nullptr || storage == nullptr) {
    release(h);
    return nullptr;
  }

  snn::ProblemData<Real>& p = h->problem;
  p.n = n;
  p.m = m;
  p.A = h->A;
  p.b = h->b;
  p.C = h->C;
  p.lo = h->lo;
  p.hi = h->hi;
  p.lower = h->lower;
  p.upper = h->upper;
  p.gram = h->gram;
  p.CT = h->CT;
  p.norms = h->norms;
  p.norms_sq = h->norms_sq;

  snn::KernelState<Real>& s = h->state;
  s.x = h->x;
  s.grad = h->grad;
  s.r = h->r;
  s.spike_counts = h->spike_counts;
  s.window = h->window;
  s.window_size = window_size;
  s.window_count = 0;
  s.window_head = 0;
  s.iteration = 0;
  s.spikes = 0;

  snn::reset_observer(&h->observer);
  set_event_storage(h, storage, event_capacity);
  return h;
}

EMSCRIPTEN_KEEPALIVE void snn_destroy(Handle* h) { release(h); }

/// Pointer to one of the handle's buffers (BufferId); 0 for an unknown id.
EMSCRIPTEN_KEEPALIVE void* snn_buffer(Handle* h, std::int32_t id) {
  if (h == nullptr) return nullptr;
  switch (id) {
    case kBufA: return h->A;
    case kBufB: return h->b;
    case kBufC: return h->C;
    case kBufLo: return h->lo;
    case kBufHi: return h->hi;
    case kBufLower: return h->lower;
    case kBufUpper: return h->upper;
    case kBufGram: return h->gram;
    case kBufNorms: return h->norms;
    case kBufNormsSq: return h->norms_sq;
    case kBufX0: return h->x0;
    case kBufX: return h->x;
    case kBufSpikeCounts: return h->spike_counts;
    case kBufWindowOut: return h->window_out;
    case kBufEvents: return h->events;
    default: return nullptr;
  }
}

/// Sets the scalars of the dynamics. max_spikes is an integer in [0, 2^53]
/// (checked by the host); returns 0 when it is not.
EMSCRIPTEN_KEEPALIVE std::int32_t snn_configure(Handle* h, double k0, double constraint_tol,
                                                double max_spikes) {
  if (h == nullptr) return 0;
  if (!(max_spikes >= 0.0 && max_spikes <= 9007199254740992.0)) return 0;
  h->problem.k0 = k0;
  h->problem.constraint_tol = constraint_tol;
  h->problem.max_spikes = static_cast<snn::count_t>(max_spikes);
  return 1;
}

/// Starts a new run from the x0 buffer: copies it into x, zeroes the counts,
/// the window and the totals, resets the observer and clears the events.
EMSCRIPTEN_KEEPALIVE void snn_reset(Handle* h) {
  if (h == nullptr) return;
  snn::reset(h->problem, h->state, h->x0);
  snn::reset_observer(&h->observer);
  snn::clear_events(&h->event_buffer);
}

/// Runs up to `iterations` outer iterations (an integer in [0, 2^53]).
/// Status: 0 running, 1 projection_budget_exhausted, 2 diverged, 3 (only when
/// `record` is nonzero) the event buffer overflowed and the chunk was undone;
/// -1 for a bad argument. When recording, the events of the chunk are in the
/// event buffer (snn_event_count) until the next advance or reset.
EMSCRIPTEN_KEEPALIVE std::int32_t snn_advance(Handle* h, double iterations, std::int32_t record) {
  if (h == nullptr) return -1;
  if (!(iterations >= 0.0 && iterations <= 9007199254740992.0)) return -1;
  const snn::count_t k = static_cast<snn::count_t>(iterations);
  prepare_transpose(h);
  list_bounds(h);
  if (record == 0) {
    snn::clear_events(&h->event_buffer);
    return static_cast<std::int32_t>(snn::advance(h->problem, h->state, k, &h->observer,
                                                  static_cast<snn::EventBuffer<Real>*>(nullptr)));
  }
  save(h);
  snn::clear_events(&h->event_buffer);
  const snn::AdvanceStatus status =
      snn::advance(h->problem, h->state, k, &h->observer, &h->event_buffer);
  if (h->event_buffer.overflow) {
    restore(h);
    return kStatusEventOverflow;
  }
  return static_cast<std::int32_t>(status);
}

/// Outer iterations since the last reset (exact up to 2^53).
EMSCRIPTEN_KEEPALIVE double snn_iteration(const Handle* h) {
  return h == nullptr ? 0.0 : static_cast<double>(h->state.iteration);
}

/// Spikes since the last reset (exact up to 2^53).
EMSCRIPTEN_KEEPALIVE double snn_spikes(const Handle* h) {
  return h == nullptr ? 0.0 : static_cast<double>(h->state.spikes);
}

/// Copies the objective window, oldest first, into the window-out buffer;
/// returns the number of values.
EMSCRIPTEN_KEEPALIVE std::uint32_t snn_copy_window(Handle* h) {
  if (h == nullptr) return 0;
  return snn::copy_window(h->state, h->window_out);
}

/// High and low 32 bits of the FNV-1a 64 spike digest since the last reset.
EMSCRIPTEN_KEEPALIVE std::uint32_t snn_digest_hi(const Handle* h) {
  return h == nullptr ? 0u : static_cast<std::uint32_t>(h->observer.digest >> 32);
}
EMSCRIPTEN_KEEPALIVE std::uint32_t snn_digest_lo(const Handle* h) {
  return h == nullptr ? 0u : static_cast<std::uint32_t>(h->observer.digest & 0xffffffffu);
}

/// The observer's spike count, total correction and first/last candidate id (-1: none).
EMSCRIPTEN_KEEPALIVE double snn_observer_spikes(const Handle* h) {
  return h == nullptr ? 0.0 : static_cast<double>(h->observer.spikes);
}
EMSCRIPTEN_KEEPALIVE double snn_observer_total_correction(const Handle* h) {
  return h == nullptr ? 0.0 : h->observer.total_correction;
}
EMSCRIPTEN_KEEPALIVE double snn_observer_first_candidate(const Handle* h) {
  return h == nullptr ? -1.0 : static_cast<double>(h->observer.first_candidate);
}
EMSCRIPTEN_KEEPALIVE double snn_observer_last_candidate(const Handle* h) {
  return h == nullptr ? -1.0 : static_cast<double>(h->observer.last_candidate);
}

/// Events stored by the latest recording advance.
EMSCRIPTEN_KEEPALIVE std::uint32_t snn_event_count(const Handle* h) {
  return h == nullptr ? 0u : h->event_buffer.count;
}

/// Events the latest recording advance offered (stored + dropped).
EMSCRIPTEN_KEEPALIVE double snn_event_demand(const Handle* h) {
  return h == nullptr ? 0.0 : static_cast<double>(h->event_buffer.demand);
}

EMSCRIPTEN_KEEPALIVE std::uint32_t snn_event_capacity(const Handle* h) {
  return h == nullptr ? 0u : h->event_buffer.capacity;
}

/// Grows the event buffer to at least `capacity` events (at most 2^24); the
/// stored events are dropped. Returns the new capacity, or 0 when the memory
/// cannot be had or the capacity is out of range (the old buffer is kept).
EMSCRIPTEN_KEEPALIVE std::uint32_t snn_reserve_events(Handle* h, std::uint32_t capacity) {
  if (h == nullptr || capacity < 1 || capacity > kMaxBufferEntries) return 0;
  if (capacity <= h->event_buffer.capacity) return h->event_buffer.capacity;
  Event* storage = static_cast<Event*>(zeroed(capacity, sizeof(Event)));
  if (storage == nullptr) return 0;
  std::free(h->events);
  set_event_storage(h, storage, capacity);
  return capacity;
}

}  // extern "C"
