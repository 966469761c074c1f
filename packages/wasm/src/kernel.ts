/**
 * The loader and kernel wrapper of the standalone WebAssembly build of
 * kernels/snn_kernel.hpp (csrc/kernel_wasm.cc). It runs anywhere a
 * `WebAssembly` global exists (Node, browsers, workers): the module has one
 * import, `env.emscripten_notify_memory_growth`, and no JavaScript glue.
 *
 * All kernels of one backend share one instance and so one linear memory.
 * Memory growth replaces `memory.buffer`, so typed-array views of it are
 * taken fresh (checked by identity) before every read or write, and the
 * kernel's `x` and `spikeCounts` are JavaScript-owned copies refreshed after
 * each call, never views that a later growth could detach.
 */
import type {
  AdvanceStatus,
  KernelSetup,
  ObserverStats,
  SpikeObserver,
  WasmBackend,
  WasmDynamicsKernel,
  WasmKernelOptions,
} from './types.js';

// ---------------------------------------------------------------------------
// The little of the WebAssembly JS API this file uses, declared locally: the
// repository compiles against lib ES2022 without DOM, which has no
// `WebAssembly` namespace, and these types stay out of the public .d.ts.
// ---------------------------------------------------------------------------

interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WasmApi {
  compile(bytes: ArrayBuffer | ArrayBufferView): Promise<object>;
  instantiate(module: object, imports: object): Promise<WasmInstance>;
  instantiateStreaming?: (
    source: unknown,
    imports: object,
  ) => Promise<{ module: object; instance: WasmInstance }>;
}

/** The fields of a fetch `Response` the loader reads. */
export interface ResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly url?: string;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
  clone?(): ResponseLike;
}

/** A compiled kernel module (a `WebAssembly.Module`), reusable for any number of instances. */
export interface WasmKernelModule {
  readonly kind: 'snn-opt-wasm-module';
  /** The `WebAssembly.Module`. */
  readonly module: object;
}

function wasmApi(): WasmApi {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined || typeof api.compile !== 'function') {
    throw new Error('@snn-opt/wasm: this JavaScript environment has no WebAssembly support');
  }
  return api;
}

/** The one import the module has: a no-op, since views are re-checked before each use anyway. */
function imports(): object {
  return { env: { emscripten_notify_memory_growth: (_memoryIndex: number) => {} } };
}

function wrapModule(module: object): WasmKernelModule {
  return Object.freeze({ kind: 'snn-opt-wasm-module' as const, module });
}

/** Compiles the kernel module from the bytes of `snn_kernel.wasm`. */
export async function compileWasmModule(
  bytes: ArrayBuffer | ArrayBufferView,
): Promise<WasmKernelModule> {
  return wrapModule(await wasmApi().compile(bytes));
}

/**
 * Compiles and instantiates from a fetch response: streaming when the server
 * says `application/wasm` (what `WebAssembly.instantiateStreaming` requires),
 * otherwise from the whole body.
 */
export async function loadFromResponse(
  source: ResponseLike | PromiseLike<ResponseLike>,
): Promise<{ module: WasmKernelModule; backend: WasmBackend }> {
  const response = await source;
  if (!response.ok) {
    throw new Error(
      `@snn-opt/wasm: fetching the kernel module${response.url ? ` (${response.url})` : ''} ` +
        `failed with HTTP ${response.status}`,
    );
  }
  const api = wasmApi();
  const type = response.headers.get('content-type') ?? '';
  if (typeof api.instantiateStreaming === 'function' && /^application\/wasm\b/i.test(type)) {
    const fallback = typeof response.clone === 'function' ? response.clone() : null;
    try {
      const { module, instance } = await api.instantiateStreaming(response, imports());
      return { module: wrapModule(module), backend: backendFromInstance(instance) };
    } catch (error) {
      if (fallback === null) throw error;
      // Some servers and proxies mangle streaming (compression, wrong length): use the bytes.
      const module = await compileWasmModule(await fallback.arrayBuffer());
      return { module, backend: await instantiateWasmBackend(module) };
    }
  }
  const module = await compileWasmModule(await response.arrayBuffer());
  return { module, backend: await instantiateWasmBackend(module) };
}

/**
 * Instantiates a compiled module as a backend: calls the reactor's
 * `_initialize()` and checks the export table and the build's arithmetic.
 * Each call makes a new instance with its own memory.
 */
export async function instantiateWasmBackend(module: WasmKernelModule): Promise<WasmBackend> {
  if (module === null || typeof module !== 'object' || module.kind !== 'snn-opt-wasm-module') {
    throw new TypeError('module must come from compileWasmModule');
  }
  return backendFromInstance(await wasmApi().instantiate(module.module, imports()));
}

/** Creates a kernel on a loaded backend (the same as `backend.createKernel(setup, options)`). */
export function createWasmKernel(
  backend: WasmBackend,
  setup: KernelSetup,
  options: WasmKernelOptions = {},
): WasmDynamicsKernel {
  if (
    backend === null ||
    typeof backend !== 'object' ||
    typeof backend.createKernel !== 'function'
  ) {
    throw new TypeError(
      `backend must be a loaded wasm backend (from loadWasmBackend), received ${describe(backend)}`,
    );
  }
  return backend.createKernel(setup, options);
}

// ---------------------------------------------------------------------------
// The module's exports (csrc/kernel_wasm.cc)
// ---------------------------------------------------------------------------

const ABI_VERSION = 1;

interface KernelExports {
  memory: WasmMemory;
  _initialize(): void;
  snn_abi_version(): number;
  snn_probe(): number;
  snn_status_event_overflow(): number;
  snn_create(n: number, m: number, windowSize: number, eventCapacity: number): number;
  snn_destroy(handle: number): void;
  snn_buffer(handle: number, id: number): number;
  snn_configure(handle: number, k0: number, tol: number, maxSpikes: number): number;
  snn_reset(handle: number): void;
  snn_advance(handle: number, iterations: number, record: number): number;
  snn_iteration(handle: number): number;
  snn_spikes(handle: number): number;
  snn_copy_window(handle: number): number;
  snn_digest_hi(handle: number): number;
  snn_digest_lo(handle: number): number;
  snn_observer_spikes(handle: number): number;
  snn_observer_total_correction(handle: number): number;
  snn_observer_first_candidate(handle: number): number;
  snn_observer_last_candidate(handle: number): number;
  snn_event_count(handle: number): number;
  snn_event_demand(handle: number): number;
  snn_event_capacity(handle: number): number;
  snn_reserve_events(handle: number, capacity: number): number;
}

const EXPORTED_FUNCTIONS = [
  '_initialize',
  'snn_abi_version',
  'snn_probe',
  'snn_status_event_overflow',
  'snn_create',
  'snn_destroy',
  'snn_buffer',
  'snn_configure',
  'snn_reset',
  'snn_advance',
  'snn_iteration',
  'snn_spikes',
  'snn_copy_window',
  'snn_digest_hi',
  'snn_digest_lo',
  'snn_observer_spikes',
  'snn_observer_total_correction',
  'snn_observer_first_candidate',
  'snn_observer_last_candidate',
  'snn_event_count',
  'snn_event_demand',
  'snn_event_capacity',
  'snn_reserve_events',
] as const;

/** Buffer ids of snn_buffer (csrc/kernel_wasm.cc, enum BufferId). */
const BUF = {
  A: 0,
  b: 1,
  C: 2,
  lo: 3,
  hi: 4,
  lower: 5,
  upper: 6,
  gram: 7,
  norms: 8,
  normsSq: 9,
  x0: 10,
  x: 11,
  spikeCounts: 12,
  windowOut: 13,
  events: 14,
} as const;

/** One event record: u32 iteration, u32 ordinal, u32 candidate, i32 side, f64 correction. */
const EVENT_BYTES = 24;
const STATUS: readonly AdvanceStatus[] = ['running', 'projection_budget_exhausted', 'diverged'];
/** Largest objective window and event buffer (entries), as in the C++ and the native addon. */
const MAX_BUFFER_ENTRIES = 16_777_216;
/** wasm32 with memory growth stops at 2 GiB (emscripten's MAXIMUM_MEMORY default). */
const MAX_MEMORY_BYTES = 2 ** 31;

function backendFromInstance(instance: WasmInstance): WasmBackend {
  const exports = instance.exports;
  const missing = EXPORTED_FUNCTIONS.filter((name) => typeof exports[name] !== 'function');
  const memory = exports.memory as WasmMemory | undefined;
  if (missing.length > 0 || memory === undefined || !(memory.buffer instanceof ArrayBuffer)) {
    throw new Error(
      `@snn-opt/wasm: the module is not snn_kernel.wasm (missing exports: ${
        [...missing, ...(memory === undefined ? ['memory'] : [])].join(', ') || 'memory'
      })`,
    );
  }
  const k = exports as unknown as KernelExports;
  k._initialize();
  if (k.snn_abi_version() !== ABI_VERSION) {
    throw new Error(
      `@snn-opt/wasm: snn_kernel.wasm has export table version ${k.snn_abi_version()}, ` +
        `this loader expects ${ABI_VERSION}; rebuild it with \`pnpm --filter @snn-opt/wasm build:wasm\``,
    );
  }
  if (k.snn_probe() !== 1) {
    throw new Error(
      '@snn-opt/wasm: snn_kernel.wasm was compiled with floating-point contraction or ' +
        'value-changing optimisation, so it cannot match the reference bit for bit; rebuild it ' +
        'with scripts/build-wasm.sh (-ffp-contract=off, no -ffast-math)',
    );
  }
  const runtime = new Runtime(k);
  return Object.freeze({
    name: 'wasm' as const,
    createKernel: (setup: KernelSetup, options: WasmKernelOptions = {}): WasmDynamicsKernel =>
      new WasmKernel(runtime, setup, options),
    memoryBytes: () => runtime.memory.buffer.byteLength,
  });
}

/** One instance: its exports, fresh views of its memory, and the safety net that frees lost kernels. */
class Runtime {
  readonly memory: WasmMemory;
  readonly overflowCode: number;
  /** Frees the handle of a kernel that was garbage-collected without dispose(). */
  readonly registry: FinalizationRegistry<number> | null;
  private buffer: ArrayBuffer | null = null;
  private f64View = new Float64Array(0);
  private u32View = new Uint32Array(0);
  private i32View = new Int32Array(0);

  constructor(readonly k: KernelExports) {
    this.memory = k.memory;
    this.overflowCode = k.snn_status_event_overflow();
    this.registry =
      typeof FinalizationRegistry === 'function'
        ? new FinalizationRegistry<number>((handle) => k.snn_destroy(handle))
        : null;
  }

  /** Re-creates the views when memory growth has replaced the buffer. */
  private refresh(): void {
    const buffer = this.memory.buffer;
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.f64View = new Float64Array(buffer);
      this.u32View = new Uint32Array(buffer);
      this.i32View = new Int32Array(buffer);
    }
  }

  get f64(): Float64Array {
    this.refresh();
    return this.f64View;
  }

  get u32(): Uint32Array {
    this.refresh();
    return this.u32View;
  }

  get i32(): Int32Array {
    this.refresh();
    return this.i32View;
  }
}

// ---------------------------------------------------------------------------
// Argument checks: a wrong value throws a TypeError or RangeError naming the
// argument before anything reaches the module.
// ---------------------------------------------------------------------------

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'bigint') return 'a bigint';
  if (typeof value === 'function') return 'a function';
  if (ArrayBuffer.isView(value))
    return (value as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] ?? 'a DataView';
  if (Array.isArray(value)) return 'an Array';
  return 'an object';
}

/** Float64Array by its tag, so arrays from another realm (vm, iframe) pass too. */
function isFloat64Array(value: unknown): value is Float64Array {
  return (
    ArrayBuffer.isView(value) &&
    (value as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'Float64Array'
  );
}

function checkFloat64(value: unknown, name: string, length: number, note: string): Float64Array {
  if (!isFloat64Array(value)) {
    throw new TypeError(`${name} must be a Float64Array, received ${describe(value)}`);
  }
  if (value.length !== length) {
    throw new RangeError(
      `${name} must have length ${length}${note}, received length ${value.length}`,
    );
  }
  return value;
}

function checkInteger(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be a number, received ${describe(value)}`);
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `${name} must be an integer in [${min}, ${max}], received ${describe(value)}`,
    );
  }
  return value;
}

function checkFinite(value: unknown, name: string): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be a number, received ${describe(value)}`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`${name} must be finite, received ${describe(value)}`);
  }
  return value;
}

// ---------------------------------------------------------------------------
// The kernel
// ---------------------------------------------------------------------------

/** The spike events of one recorded chunk, copied out of wasm memory. */
interface ChunkEvents {
  count: number;
  iteration: Uint32Array;
  ordinal: Uint32Array;
  candidate: Uint32Array;
  side: Int32Array;
  correction: Float64Array;
}

class WasmKernel implements WasmDynamicsKernel {
  readonly x: Float64Array;
  readonly spikeCounts: Uint32Array;
  private readonly rt: Runtime;
  private readonly n: number;
  private handle: number;
  private iterationCount = 0;
  private spikeTotal = 0;
  // Fixed for the handle's lifetime (only the event buffer moves, on growth).
  private readonly ptrX0: number;
  private readonly ptrX: number;
  private readonly ptrCounts: number;
  private readonly ptrWindow: number;

  constructor(rt: Runtime, setup: KernelSetup, options: WasmKernelOptions) {
    if (setup === null || typeof setup !== 'object') {
      throw new TypeError(
        `setup must be a KernelSetup (from prepareKernelSetup), received ${describe(setup)}`,
      );
    }
    const p = setup.problem;
    if (p === null || typeof p !== 'object') {
      throw new TypeError(`setup.problem must be an object, received ${describe(p)}`);
    }
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`options must be an object, received ${describe(options)}`);
    }
    // Candidate ids m + 2n are 32-bit words of the digest and the events.
    const n = checkInteger(p.n, 'setup.problem.n', 0, 2 ** 31 - 1);
    const m = checkInteger(p.m, 'setup.problem.m', 0, 2 ** 32 - 1 - 2 * n);
    const nNote = ` (n = ${n})`;
    const mNote = ` (m = ${m})`;
    const arrays: Array<[number, Float64Array]> = [
      [BUF.A, checkFloat64(p.A, 'setup.problem.A', n * n, ` (n×n = ${n}×${n})`)],
      [BUF.b, checkFloat64(p.b, 'setup.problem.b', n, nNote)],
      [BUF.C, checkFloat64(p.C, 'setup.problem.C', m * n, ` (m×n = ${m}×${n})`)],
      [BUF.lo, checkFloat64(p.lo, 'setup.problem.lo', m, mNote)],
      [BUF.hi, checkFloat64(p.hi, 'setup.problem.hi', m, mNote)],
      [BUF.lower, checkFloat64(p.lower, 'setup.problem.lower', n, nNote)],
      [BUF.upper, checkFloat64(p.upper, 'setup.problem.upper', n, nNote)],
      [BUF.gram, checkFloat64(setup.gram, 'setup.gram', m * m, ` (m×m = ${m}×${m})`)],
      [BUF.norms, checkFloat64(setup.norms, 'setup.norms', m, mNote)],
      [BUF.normsSq, checkFloat64(setup.normsSq, 'setup.normsSq', m, mNote)],
    ];
    const k0 = checkFinite(setup.k0, 'setup.k0');
    const tol = checkFinite(setup.constraintTol, 'setup.constraintTol');
    const maxSpikes = checkInteger(
      setup.maxSpikesPerSweep,
      'setup.maxSpikesPerSweep',
      0,
      Number.MAX_SAFE_INTEGER,
    );
    const windowSize = checkInteger(setup.windowSize, 'setup.windowSize', 1, MAX_BUFFER_ENTRIES);
    // One iteration fires at most maxSpikes spikes (n for the box clip): start
    // with room for that, within reason; the buffer grows when it must.
    const perIteration = m > 0 ? maxSpikes : n;
    const eventCapacity =
      options.eventCapacity === undefined
        ? Math.min(Math.max(perIteration, 1024), 65536)
        : checkInteger(options.eventCapacity, 'options.eventCapacity', 1, MAX_BUFFER_ENTRIES);

    // Refuse what cannot fit in a 2 GiB wasm32 memory before asking for it.
    const bytes =
      8 * (n * n + 2 * m * n + m * m + 7 * n + 6 * m + 3 * windowSize) +
      8 * (m + 2 * n) +
      EVENT_BYTES * eventCapacity;
    if (bytes > MAX_MEMORY_BYTES) {
      throw new RangeError(
        `setup is too large for the wasm backend: the kernel needs about ${bytes} bytes ` +
          `(n = ${n}, m = ${m}), more than the 2 GiB of a wasm32 memory; use the native or js backend`,
      );
    }

    const k = rt.k;
    const handle = k.snn_create(n, m, windowSize, eventCapacity) >>> 0;
    if (handle === 0) {
      throw new RangeError(
        `the wasm backend could not allocate a kernel of n = ${n}, m = ${m} ` +
          `(about ${bytes} bytes): WebAssembly memory is exhausted`,
      );
    }
    this.rt = rt;
    this.n = n;
    this.handle = handle;
    k.snn_configure(handle, k0, tol, maxSpikes);
    const f64 = rt.f64; // after snn_create: memory may have grown
    for (const [id, values] of arrays) f64.set(values, k.snn_buffer(handle, id) >>> 3);
    this.ptrX0 = k.snn_buffer(handle, BUF.x0) >>> 0;
    this.ptrX = k.snn_buffer(handle, BUF.x) >>> 0;
    this.ptrCounts = k.snn_buffer(handle, BUF.spikeCounts) >>> 0;
    this.ptrWindow = k.snn_buffer(handle, BUF.windowOut) >>> 0;
    this.x = new Float64Array(n);
    this.spikeCounts = new Uint32Array(m + 2 * n);
    rt.registry?.register(this, handle, this);
  }

  get iteration(): number {
    return this.iterationCount;
  }

  get spikes(): number {
    return this.spikeTotal;
  }

  get disposed(): boolean {
    return this.handle === 0;
  }

  reset(x0: Float64Array): void {
    const h = this.live();
    checkFloat64(x0, 'x0', this.n, ` (n = ${this.n})`);
    this.rt.f64.set(x0, this.ptrX0 >>> 3);
    this.rt.k.snn_reset(h);
    this.sync();
  }

  advance(iterations: number, observer: SpikeObserver | null = null): AdvanceStatus {
    const h = this.live();
    checkInteger(iterations, 'iterations', 0, Number.MAX_SAFE_INTEGER);
    if (observer === null || observer === undefined) {
      const code = this.rt.k.snn_advance(h, iterations, 0);
      this.sync();
      return STATUS[code];
    }
    if (typeof observer !== 'function') {
      throw new TypeError(`observer must be a function or null, received ${describe(observer)}`);
    }
    return this.advanceObserved(h, iterations, observer);
  }

  /**
   * Runs with the event buffer and replays each chunk's events into the
   * observer. When a chunk overflows the buffer the module undoes it; the
   * rest then runs one iteration per chunk, and a single iteration that
   * still overflows grows the buffer to what it asked for.
   */
  private advanceObserved(h: number, iterations: number, observer: SpikeObserver): AdvanceStatus {
    const k = this.rt.k;
    let remaining = iterations;
    let chunk = iterations;
    try {
      while (remaining > 0) {
        const before = k.snn_iteration(h);
        const code = k.snn_advance(h, Math.min(chunk, remaining), 1);
        if (code === this.rt.overflowCode) {
          if (chunk > 1) {
            chunk = 1;
            continue;
          }
          const demand = k.snn_event_demand(h);
          if (demand > MAX_BUFFER_ENTRIES) {
            throw new RangeError(
              `one iteration fired ${demand} spikes, more than an observer can be sent ` +
                `(${MAX_BUFFER_ENTRIES}); lower maxSpikesPerSweep or advance without an observer`,
            );
          }
          if (k.snn_reserve_events(h, demand) >>> 0 === 0) {
            throw new RangeError(
              `the wasm backend could not grow its event buffer to ${demand} events: ` +
                'WebAssembly memory is exhausted; advance without an observer',
            );
          }
          continue;
        }
        // Copy the events out first: the observer may run code that grows memory.
        const events = this.readEvents(h);
        this.sync();
        for (let e = 0; e < events.count; e++) {
          observer(
            events.iteration[e],
            events.ordinal[e],
            events.candidate[e],
            events.side[e],
            events.correction[e],
          );
        }
        if (this.handle === 0) {
          throw new Error(
            '@snn-opt/wasm: the kernel was disposed by its own observer during advance',
          );
        }
        if (code !== 0) return STATUS[code];
        remaining -= k.snn_iteration(h) - before;
      }
      return 'running';
    } finally {
      if (this.handle !== 0) this.sync();
    }
  }

  private readEvents(h: number): ChunkEvents {
    const k = this.rt.k;
    const count = k.snn_event_count(h) >>> 0;
    const base = k.snn_buffer(h, BUF.events) >>> 0;
    const u32 = this.rt.u32;
    const i32 = this.rt.i32;
    const f64 = this.rt.f64;
    const out: ChunkEvents = {
      count,
      iteration: new Uint32Array(count),
      ordinal: new Uint32Array(count),
      candidate: new Uint32Array(count),
      side: new Int32Array(count),
      correction: new Float64Array(count),
    };
    for (let e = 0, w = base >>> 2, d = (base + 16) >>> 3; e < count; e++, w += 6, d += 3) {
      out.iteration[e] = u32[w];
      out.ordinal[e] = u32[w + 1];
      out.candidate[e] = u32[w + 2];
      out.side[e] = i32[w + 3];
      out.correction[e] = f64[d];
    }
    return out;
  }

  objectiveWindow(): Float64Array {
    const h = this.live();
    const count = this.rt.k.snn_copy_window(h) >>> 0;
    const start = this.ptrWindow >>> 3;
    return this.rt.f64.slice(start, start + count);
  }

  digest(): bigint {
    const h = this.live();
    const hi = this.rt.k.snn_digest_hi(h) >>> 0;
    const lo = this.rt.k.snn_digest_lo(h) >>> 0;
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  digestHex(): string {
    return this.digest().toString(16).padStart(16, '0');
  }

  observerStats(): ObserverStats {
    const h = this.live();
    const k = this.rt.k;
    return {
      spikes: k.snn_observer_spikes(h),
      totalCorrection: k.snn_observer_total_correction(h),
      firstCandidate: k.snn_observer_first_candidate(h),
      lastCandidate: k.snn_observer_last_candidate(h),
    };
  }

  /** Events the module's buffer holds (it grows on demand). */
  get eventCapacity(): number {
    return this.rt.k.snn_event_capacity(this.live()) >>> 0;
  }

  dispose(): void {
    if (this.handle === 0) return;
    const h = this.handle;
    this.handle = 0;
    this.rt.registry?.unregister(this);
    this.rt.k.snn_destroy(h);
  }

  private live(): number {
    if (this.handle === 0) {
      throw new Error('@snn-opt/wasm: this kernel has been disposed');
    }
    return this.handle;
  }

  /** Copies x, the spike counts and the totals out of wasm memory. */
  private sync(): void {
    const h = this.handle;
    const k = this.rt.k;
    const x = this.ptrX >>> 3;
    this.x.set(this.rt.f64.subarray(x, x + this.n));
    const c = this.ptrCounts >>> 2;
    this.spikeCounts.set(this.rt.u32.subarray(c, c + this.spikeCounts.length));
    this.iterationCount = k.snn_iteration(h);
    this.spikeTotal = k.snn_spikes(h);
  }
}
