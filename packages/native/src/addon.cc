// Node-API binding of kernels/snn_kernel.hpp (binary64).
//
// The vectors of the setup (b, bounds, norms) are copied into memory the
// binding owns. The matrices (A, C, its transpose, the Gram matrix) are read
// in place, as the TypeScript kernel reads them: a strong reference keeps
// each alive, they must not be changed while the kernel lives, and every
// call that reads them first checks that each still has its length (a
// detached or shrunk buffer throws a TypeError, never a read of freed
// memory). A copy costs more than the bytes it moves: every kernel's copy
// needs fresh memory pages. Every argument is checked here,
// at the boundary: a wrong type throws a TypeError, a wrong length, count or
// index a RangeError, each naming the argument, what was expected and what
// arrived. The kernel itself never sees unchecked input.

#include <napi.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "snn_kernel.hpp"

namespace {

using Real = double;

/// advance() code when the event buffer overflowed: the state is restored
/// to where the chunk began and the caller retries with shorter chunks.
constexpr int32_t kStatusEventOverflow = 3;
/// Largest 2^53 − 1: counts above it are not exact JS numbers.
constexpr double kMaxSafeInteger = 9007199254740991.0;
/// Upper limit on the objective window and the event buffer (entries), so a
/// bad argument cannot ask for an allocation that would abort the process.
constexpr double kMaxBufferEntries = 16777216.0;  // 2^24

std::string Describe(const Napi::Value& v) {
  if (v.IsUndefined()) return "undefined";
  if (v.IsNull()) return "null";
  if (v.IsNumber()) {
    const double d = v.As<Napi::Number>().DoubleValue();
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", d);
    return buf;
  }
  if (v.IsTypedArray()) {
    static const char* const kNames[] = {"Int8Array",    "Uint8Array",   "Uint8ClampedArray",
                                         "Int16Array",   "Uint16Array",  "Int32Array",
                                         "Uint32Array",  "Float32Array", "Float64Array",
                                         "BigInt64Array", "BigUint64Array"};
    const napi_typedarray_type t = v.As<Napi::TypedArray>().TypedArrayType();
    const int k = static_cast<int>(t);
    return k >= 0 && k < 11 ? kNames[k] : "a typed array";
  }
  if (v.IsArray()) return "an Array";
  if (v.IsString()) return "a string";
  if (v.IsBoolean()) return "a boolean";
  if (v.IsFunction()) return "a function";
  if (v.IsObject()) return "an object";
  return "a value of another type";
}

void ThrowType(Napi::Env env, const std::string& what, const std::string& expected,
               const Napi::Value& received) {
  Napi::TypeError::New(env, what + " must be " + expected + ", received " + Describe(received))
      .ThrowAsJavaScriptException();
}

void ThrowRange(Napi::Env env, const std::string& message) {
  Napi::RangeError::New(env, message).ThrowAsJavaScriptException();
}

/// Reads an integer in [min, max] (a JS number). False (with a pending
/// exception) otherwise.
bool ReadInteger(Napi::Env env, const Napi::Value& v, const std::string& what, double min,
                 double max, double* out) {
  if (!v.IsNumber()) {
    ThrowType(env, what, "a number", v);
    return false;
  }
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= min && d <= max) || std::floor(d) != d) {
    char range[96];
    std::snprintf(range, sizeof range, "an integer in [%.17g, %.17g]", min, max);
    ThrowRange(env, what + " must be " + range + ", received " + Describe(v));
    return false;
  }
  *out = d;
  return true;
}

bool ReadFinite(Napi::Env env, const Napi::Value& v, const std::string& what, double* out) {
  if (!v.IsNumber()) {
    ThrowType(env, what, "a number", v);
    return false;
  }
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d)) {
    ThrowRange(env, what + " must be finite, received " + Describe(v));
    return false;
  }
  *out = d;
  return true;
}

/// Checks that v is a typed array of `type` with exactly `length` elements.
bool CheckTypedArray(Napi::Env env, const Napi::Value& v, const std::string& what,
                     napi_typedarray_type type, const char* type_name, std::size_t length,
                     const std::string& length_note) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type) {
    ThrowType(env, what, std::string("a ") + type_name, v);
    return false;
  }
  const std::size_t got = v.As<Napi::TypedArray>().ElementLength();
  if (got != length) {
    ThrowRange(env, what + " must have length " + std::to_string(length) + length_note +
                        ", received length " + std::to_string(got));
    return false;
  }
  return true;
}

/// Copies a Float64Array of exactly `length` elements into `out`.
bool CopyFloat64(Napi::Env env, const Napi::Value& v, const std::string& what, std::size_t length,
                 const std::string& length_note, std::vector<Real>* out) {
  if (!CheckTypedArray(env, v, what, napi_float64_array, "Float64Array", length, length_note)) {
    return false;
  }
  out->assign(length, 0.0);
  if (length > 0) {
    std::memcpy(out->data(), v.As<Napi::Float64Array>().Data(), length * sizeof(Real));
  }
  return true;
}

/// A matrix the kernel reads in place: the reference that keeps the JS array
/// alive, its length, and the kernel's pointer to its elements (refreshed by
/// Kernel::BindInputs before every read).
struct InPlaceInput {
  InPlaceInput(const char* input_name, const Real** input_data)
      : name(input_name), data(input_data) {}
  const char* name;
  const Real** data;
  Napi::Reference<Napi::Float64Array> ref;
  std::size_t length = 0;
};

/// Checks that v is a Float64Array of exactly `length` elements and refers
/// `in` to it.
bool ReferFloat64(Napi::Env env, const Napi::Value& v, std::size_t length,
                  const std::string& length_note, InPlaceInput* in) {
  if (!CheckTypedArray(env, v, in->name, napi_float64_array, "Float64Array", length,
                       length_note)) {
    return false;
  }
  const Napi::Float64Array array = v.As<Napi::Float64Array>();
  in->ref = Napi::Persistent(array);
  in->length = length;
  *in->data = array.Data();
  return true;
}

/// Everything a chunk can change, kept so an overflowed chunk can be undone.
struct Snapshot {
  std::vector<Real> x;
  std::vector<uint32_t> spike_counts;
  std::vector<Real> window;
  snn::index_t window_count = 0;
  snn::index_t window_head = 0;
  snn::count_t iteration = 0;
  snn::count_t spikes = 0;
  snn::Observer<Real> observer;
};

class Kernel : public Napi::ObjectWrap<Kernel> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(
        env, "Kernel",
        {
            InstanceMethod<&Kernel::Reset>("reset"),
            InstanceMethod<&Kernel::Advance>("advance"),
            InstanceMethod<&Kernel::ReadX>("readX"),
            InstanceMethod<&Kernel::ReadSpikeCounts>("readSpikeCounts"),
            InstanceMethod<&Kernel::ObjectiveWindow>("objectiveWindow"),
            InstanceMethod<&Kernel::Digest>("digest"),
            InstanceMethod<&Kernel::ObserverStats>("observerStats"),
            InstanceMethod<&Kernel::Events>("events"),
            InstanceMethod<&Kernel::ReserveEvents>("reserveEvents"),
            InstanceAccessor<&Kernel::Iteration>("iteration"),
            InstanceAccessor<&Kernel::Spikes>("spikes"),
            InstanceAccessor<&Kernel::EventCapacity>("eventCapacity"),
            InstanceAccessor<&Kernel::EventDemand>("eventDemand"),
        });
  }

  /// new Kernel(setup): setup = { n, m, A, b, C, lo, hi, lower, upper, gram,
  /// CT?, norms, normsSq, k0, constraintTol, maxSpikesPerSweep, windowSize,
  /// eventCapacity? }; without CT the kernel builds its own transpose of C.
  explicit Kernel(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Kernel>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsObject()) {
      ThrowType(env, "setup", "an object", info.Length() < 1 ? env.Undefined() : info[0]);
      return;
    }
    Napi::Object setup = info[0].As<Napi::Object>();
    double n = 0, m = 0;
    // Candidate ids m + 2n are 32-bit words of the digest.
    if (!ReadInteger(env, setup.Get("n"), "setup.n", 0, 2147483647.0, &n)) return;
    if (!ReadInteger(env, setup.Get("m"), "setup.m", 0, 4294967295.0 - 2 * n, &m)) return;
    const std::size_t nn = static_cast<std::size_t>(n);
    const std::size_t mm = static_cast<std::size_t>(m);
    const std::string n_note = " (n = " + std::to_string(nn) + ")";
    const std::string m_note = " (m = " + std::to_string(mm) + ")";
    const std::string nn_note = " (n×n = " + std::to_string(nn) + "×" + std::to_string(nn) + ")";
    const std::string mn_note = " (m×n = " + std::to_string(mm) + "×" + std::to_string(nn) + ")";
    const std::string mm_note = " (m×m = " + std::to_string(mm) + "×" + std::to_string(mm) + ")";
    if (!ReferFloat64(env, setup.Get("A"), nn * nn, nn_note, &a_in_) ||
        !CopyFloat64(env, setup.Get("b"), "setup.b", nn, n_note, &b_) ||
        !ReferFloat64(env, setup.Get("C"), mm * nn, mn_note, &c_in_) ||
        !CopyFloat64(env, setup.Get("lo"), "setup.lo", mm, m_note, &lo_) ||
        !CopyFloat64(env, setup.Get("hi"), "setup.hi", mm, m_note, &hi_) ||
        !CopyFloat64(env, setup.Get("lower"), "setup.lower", nn, n_note, &lower_) ||
        !CopyFloat64(env, setup.Get("upper"), "setup.upper", nn, n_note, &upper_) ||
        !ReferFloat64(env, setup.Get("gram"), mm * mm, mm_note, &gram_in_) ||
        !CopyFloat64(env, setup.Get("norms"), "setup.norms", mm, m_note, &norms_) ||
        !CopyFloat64(env, setup.Get("normsSq"), "setup.normsSq", mm, m_note, &norms_sq_)) {
      return;
    }
    double k0 = 0, tol = 0, max_spikes = 0, window_size = 0;
    if (!ReadFinite(env, setup.Get("k0"), "setup.k0", &k0) ||
        !ReadFinite(env, setup.Get("constraintTol"), "setup.constraintTol", &tol) ||
        !ReadInteger(env, setup.Get("maxSpikesPerSweep"), "setup.maxSpikesPerSweep", 0,
                     kMaxSafeInteger, &max_spikes) ||
        !ReadInteger(env, setup.Get("windowSize"), "setup.windowSize", 1, kMaxBufferEntries,
                     &window_size)) {
      return;
    }

    x_.assign(nn, 0.0);
    grad_.assign(nn, 0.0);
    r_.assign(mm, 0.0);
    window_.assign(static_cast<std::size_t>(window_size), 0.0);
    spike_counts_.assign(mm + 2 * nn, 0u);

    problem_.n = static_cast<snn::index_t>(nn);
    problem_.m = static_cast<snn::index_t>(mm);
    problem_.b = b_.data();
    problem_.lo = lo_.data();
    problem_.hi = hi_.data();
    problem_.lower = lower_.data();
    problem_.upper = upper_.data();
    // C^T (n x m) for contiguous reads in bound spikes: the same values as
    // the columns of C, so the bits do not change. The setup's own when it
    // has one, else built here.
    const Napi::Value ct = setup.Get("CT");
    if (!ct.IsUndefined() &&
        !ReferFloat64(env, ct, nn * mm,
                      " (n×m = " + std::to_string(nn) + "×" + std::to_string(mm) + ")", &ct_in_)) {
      return;
    }
    // A getter of a later property may have detached or shrunk an earlier
    // array: check them all (and take fresh pointers) before reading C below.
    if (!BindInputs(env)) return;
    if (ct.IsUndefined()) {
      CT_.assign(nn * mm, 0.0);
      const Real* C = problem_.C;
      for (std::size_t i = 0; i < mm; ++i) {
        for (std::size_t j = 0; j < nn; ++j) CT_[j * mm + i] = C[i * nn + j];
      }
      problem_.CT = CT_.data();
    }
    // The variables with a bound facet that can fire: the candidate scan
    // passes over the others, which never win.
    bounded_.assign(nn, 0u);
    problem_.bounded_count = snn::list_bounded(lower_.data(), upper_.data(),
                                               static_cast<snn::index_t>(nn), bounded_.data());
    problem_.bounded = bounded_.data();
    problem_.norms = norms_.data();
    problem_.norms_sq = norms_sq_.data();
    problem_.k0 = k0;
    problem_.constraint_tol = tol;
    problem_.max_spikes = static_cast<snn::count_t>(max_spikes);

    state_.x = x_.data();
    state_.grad = grad_.data();
    state_.r = r_.data();
    state_.spike_counts = spike_counts_.data();
    state_.window = window_.data();
    state_.window_size = static_cast<snn::index_t>(window_size);

    // One iteration fires at most max_spikes spikes (n for the box clip):
    // start with room for that, within reason; reserveEvents grows it.
    const double per_iteration = mm > 0 ? max_spikes : n;
    double capacity = per_iteration > 1024 ? per_iteration : 1024;
    if (capacity > 65536) capacity = 65536;
    const Napi::Value requested = setup.Get("eventCapacity");
    if (!requested.IsUndefined() &&
        !ReadInteger(env, requested, "setup.eventCapacity", 1, kMaxBufferEntries, &capacity)) {
      return;
    }
    SetEventCapacity(static_cast<std::size_t>(capacity));
    snn::reset_observer(&observer_);
  }

 private:
  Napi::Value Reset(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const Napi::Value x0 = info.Length() > 0 ? info[0] : env.Undefined();
    if (!CheckTypedArray(env, x0, "x0", napi_float64_array, "Float64Array", x_.size(),
                         " (n = " + std::to_string(x_.size()) + ")")) {
      return env.Undefined();
    }
    if (!BindInputs(env)) return env.Undefined();
    // The kernel copies x0 into its own x; the caller's buffer is not kept.
    snn::reset(problem_, state_, x_.empty() ? x_.data() : x0.As<Napi::Float64Array>().Data());
    snn::reset_observer(&observer_);
    snn::clear_events(&events_);
    return env.Undefined();
  }

  /// advance(iterations, record) → status code: 0 running, 1
  /// projection_budget_exhausted, 2 diverged, 3 event buffer overflow (only
  /// when recording; the chunk is undone).
  Napi::Value Advance(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    double iterations = 0;
    if (!ReadInteger(env, info.Length() > 0 ? info[0] : env.Undefined(), "iterations", 0,
                     kMaxSafeInteger, &iterations)) {
      return env.Undefined();
    }
    if (!BindInputs(env)) return env.Undefined();
    const bool record = info.Length() > 1 && info[1].ToBoolean().Value();
    const snn::count_t k = static_cast<snn::count_t>(iterations);
    if (!record) {
      const snn::AdvanceStatus status = snn::advance(problem_, state_, k, &observer_,
                                                     static_cast<snn::EventBuffer<Real>*>(nullptr));
      return Napi::Number::New(env, static_cast<int32_t>(status));
    }
    Save();
    EnsureEventStorage();
    snn::clear_events(&events_);
    const snn::AdvanceStatus status = snn::advance(problem_, state_, k, &observer_, &events_);
    if (events_.overflow) {
      Restore();
      return Napi::Number::New(env, kStatusEventOverflow);
    }
    return Napi::Number::New(env, static_cast<int32_t>(status));
  }

  /// readX(out?) copies x into out (a Float64Array of length n) or a new array.
  Napi::Value ReadX(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Float64Array out;
    if (info.Length() > 0 && !info[0].IsUndefined()) {
      if (!CheckTypedArray(env, info[0], "out", napi_float64_array, "Float64Array", x_.size(),
                           " (n = " + std::to_string(x_.size()) + ")")) {
        return env.Undefined();
      }
      out = info[0].As<Napi::Float64Array>();
    } else {
      out = Napi::Float64Array::New(env, x_.size());
    }
    if (!x_.empty()) std::memcpy(out.Data(), x_.data(), x_.size() * sizeof(Real));
    return out;
  }

  /// readSpikeCounts(out?) copies the per-candidate counts into out (a
  /// Uint32Array of length m + 2n) or a new array.
  Napi::Value ReadSpikeCounts(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const std::size_t len = spike_counts_.size();
    Napi::Uint32Array out;
    if (info.Length() > 0 && !info[0].IsUndefined()) {
      if (!CheckTypedArray(env, info[0], "out", napi_uint32_array, "Uint32Array", len,
                           " (m + 2n = " + std::to_string(len) + ")")) {
        return env.Undefined();
      }
      out = info[0].As<Napi::Uint32Array>();
    } else {
      out = Napi::Uint32Array::New(env, len);
    }
    if (len > 0) std::memcpy(out.Data(), spike_counts_.data(), len * sizeof(uint32_t));
    return out;
  }

  Napi::Value ObjectiveWindow(const Napi::CallbackInfo& info) {
    Napi::Float64Array out = Napi::Float64Array::New(info.Env(), state_.window_count);
    if (state_.window_count > 0) snn::copy_window(state_, out.Data());
    return out;
  }

  Napi::Value Digest(const Napi::CallbackInfo& info) {
    return Napi::BigInt::New(info.Env(), static_cast<uint64_t>(observer_.digest));
  }

  Napi::Value ObserverStats(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Object o = Napi::Object::New(env);
    o.Set("spikes", Napi::Number::New(env, static_cast<double>(observer_.spikes)));
    o.Set("totalCorrection", Napi::Number::New(env, observer_.total_correction));
    o.Set("firstCandidate", Napi::Number::New(env, static_cast<double>(observer_.first_candidate)));
    o.Set("lastCandidate", Napi::Number::New(env, static_cast<double>(observer_.last_candidate)));
    return o;
  }

  /// events() → the events recorded by the latest recording advance, as
  /// parallel arrays { count, iteration, ordinal, candidate, side, correction }.
  Napi::Value Events(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const std::size_t count = events_.count;
    Napi::Uint32Array iteration = Napi::Uint32Array::New(env, count);
    Napi::Uint32Array ordinal = Napi::Uint32Array::New(env, count);
    Napi::Uint32Array candidate = Napi::Uint32Array::New(env, count);
    Napi::Int8Array side = Napi::Int8Array::New(env, count);
    Napi::Float64Array correction = Napi::Float64Array::New(env, count);
    for (std::size_t k = 0; k < count; ++k) {
      const snn::SpikeEvent<Real>& e = event_storage_[k];
      iteration[k] = e.iteration;
      ordinal[k] = e.ordinal;
      candidate[k] = e.candidate;
      side[k] = static_cast<int8_t>(e.side);
      correction[k] = e.correction;
    }
    Napi::Object o = Napi::Object::New(env);
    o.Set("count", Napi::Number::New(env, static_cast<double>(count)));
    o.Set("iteration", iteration);
    o.Set("ordinal", ordinal);
    o.Set("candidate", candidate);
    o.Set("side", side);
    o.Set("correction", correction);
    return o;
  }

  /// reserveEvents(capacity) makes room for at least `capacity` events.
  Napi::Value ReserveEvents(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    double capacity = 0;
    if (!ReadInteger(env, info.Length() > 0 ? info[0] : env.Undefined(), "capacity", 1,
                     kMaxBufferEntries, &capacity)) {
      return env.Undefined();
    }
    if (capacity > events_.capacity) SetEventCapacity(static_cast<std::size_t>(capacity));
    return Napi::Number::New(env, events_.capacity);
  }

  Napi::Value Iteration(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), static_cast<double>(state_.iteration));
  }
  Napi::Value Spikes(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), static_cast<double>(state_.spikes));
  }
  Napi::Value EventCapacity(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), events_.capacity);
  }
  /// Events the latest recording advance offered (stored + dropped).
  Napi::Value EventDemand(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), static_cast<double>(events_.demand));
  }

  /// Sets the event buffer's capacity; its storage is allocated by the
  /// first recording advance (most kernels never record).
  void SetEventCapacity(std::size_t capacity) {
    event_storage_.clear();
    event_storage_.shrink_to_fit();
    events_.events = nullptr;
    events_.capacity = static_cast<snn::index_t>(capacity);
    snn::clear_events(&events_);
  }

  /// Allocates the event buffer's storage at its capacity, once.
  void EnsureEventStorage() {
    if (events_.events != nullptr) return;
    event_storage_.assign(events_.capacity, snn::SpikeEvent<Real>{0, 0, 0, 0, 0.0});
    events_.events = event_storage_.data();
  }

  /// Checks that every matrix read in place still has its length (a detached
  /// buffer reads as length 0, a shrunk resizable one as less) and takes fresh
  /// pointers to their elements; false, with a TypeError thrown, otherwise.
  bool BindInputs(Napi::Env env) {
    for (InPlaceInput* in : {&a_in_, &c_in_, &ct_in_, &gram_in_}) {
      if (in->ref.IsEmpty()) continue;
      const Napi::Float64Array array = in->ref.Value();
      const std::size_t got = array.ElementLength();
      if (got != in->length) {
        Napi::TypeError::New(env, std::string(in->name) +
                                      " was detached or resized after the kernel received it "
                                      "(length " + std::to_string(got) + ", expected " +
                                      std::to_string(in->length) +
                                      "); the kernel reads it in place, so it must stay as it was")
            .ThrowAsJavaScriptException();
        return false;
      }
      *in->data = array.Data();
    }
    return true;
  }

  void Save() {
    snap_.x = x_;
    snap_.spike_counts = spike_counts_;
    snap_.window = window_;
    snap_.window_count = state_.window_count;
    snap_.window_head = state_.window_head;
    snap_.iteration = state_.iteration;
    snap_.spikes = state_.spikes;
    snap_.observer = observer_;
  }

  // Copies back element-wise so the kernel's buffer pointers stay valid.
  void Restore() {
    std::copy(snap_.x.begin(), snap_.x.end(), x_.begin());
    std::copy(snap_.spike_counts.begin(), snap_.spike_counts.end(), spike_counts_.begin());
    std::copy(snap_.window.begin(), snap_.window.end(), window_.begin());
    state_.window_count = snap_.window_count;
    state_.window_head = snap_.window_head;
    state_.iteration = snap_.iteration;
    state_.spikes = snap_.spikes;
    observer_ = snap_.observer;
  }

  // Owned copies of the problem data.
  std::vector<Real> b_, lo_, hi_, lower_, upper_, norms_, norms_sq_, CT_;
  // The variables with a finite bound, for the candidate scan (snn::list_bounded).
  std::vector<snn::index_t> bounded_;
  // Kernel state buffers.
  std::vector<Real> x_, grad_, r_, window_;
  std::vector<uint32_t> spike_counts_;
  std::vector<snn::SpikeEvent<Real>> event_storage_;
  snn::ProblemData<Real> problem_;
  InPlaceInput a_in_{"setup.A", &problem_.A};
  InPlaceInput c_in_{"setup.C", &problem_.C};
  InPlaceInput ct_in_{"setup.CT", &problem_.CT};
  InPlaceInput gram_in_{"setup.gram", &problem_.gram};
  snn::KernelState<Real> state_;
  snn::Observer<Real> observer_;
  snn::EventBuffer<Real> events_;
  Snapshot snap_;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  if (!snn::strict_binary64_probe()) {
    Napi::Error::New(env,
                     "@snn-opt/native was compiled with floating-point contraction (fused "
                     "multiply-add), so it cannot match the reference bit for bit; rebuild with "
                     "-ffp-contract=off and without -ffast-math (check CXXFLAGS)")
        .ThrowAsJavaScriptException();
    return exports;
  }
  exports.Set("Kernel", Kernel::Define(env));
  exports.Set("statusEventOverflow", Napi::Number::New(env, kStatusEventOverflow));
  exports.Set("kernelAbi", Napi::Number::New(env, 1));
  return exports;
}

}  // namespace

NODE_API_MODULE(snn_native, Init)
