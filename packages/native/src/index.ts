/**
 * @snn-opt/native — the C++ kernel of the spiking dynamics (kernels/snn_kernel.hpp)
 * behind core's chunked `DynamicsKernel` interface. Compiled with strict IEEE
 * arithmetic, it gives the same iterates, spikes and objective window as the
 * TypeScript reference, bit for bit.
 */
import { createRequire } from 'node:module';
import type {
  AdvanceStatus,
  KernelSetup,
  NativeDynamicsKernel,
  ObserverStats,
  SpikeObserver,
} from './types.js';

export type {
  AdvanceStatus,
  DynamicsKernel,
  KernelProblem,
  KernelSetup,
  NativeDynamicsKernel,
  ObserverStats,
  SpikeObserver,
} from './types.js';

/** The addon's recorded events of one chunk, as parallel arrays. */
interface AddonEvents {
  count: number;
  iteration: Uint32Array;
  ordinal: Uint32Array;
  candidate: Uint32Array;
  side: Int8Array;
  correction: Float64Array;
}

/** The addon's kernel object (src/addon.cc). */
interface AddonKernel {
  readonly iteration: number;
  readonly spikes: number;
  readonly eventCapacity: number;
  readonly eventDemand: number;
  reset(x0: Float64Array): void;
  advance(iterations: number, record: boolean): number;
  readX(out?: Float64Array): Float64Array;
  readSpikeCounts(out?: Uint32Array): Uint32Array;
  objectiveWindow(): Float64Array;
  digest(): bigint;
  observerStats(): ObserverStats;
  events(): AddonEvents;
  reserveEvents(capacity: number): number;
}

interface Addon {
  Kernel: new (setup: Record<string, unknown>) => AddonKernel;
  statusEventOverflow: number;
}

const ADDON_PATH = '../build/Release/snn_native.node';
/** The addon's largest event buffer (2²⁴ events, see src/addon.cc). */
const MAX_EVENTS = 16_777_216;
const STATUS: readonly AdvanceStatus[] = ['running', 'projection_budget_exhausted', 'diverged'];

let addon: Addon | null = null;

/**
 * Loads the compiled addon (once). Throws an error that says how to build
 * it when it is missing.
 */
export function loadNativeAddon(): Addon {
  if (addon !== null) return addon;
  try {
    addon = createRequire(import.meta.url)(ADDON_PATH) as Addon;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(
      `@snn-opt/native: the compiled addon (${ADDON_PATH}) could not be loaded: ${reason}. ` +
        'Build it with `pnpm --filter @snn-opt/native build` (needs a C++17 compiler, ' +
        'python3 and Node headers), or use the js or wasm backend.',
      { cause },
    );
  }
  return addon;
}

/** True when the compiled addon loads on this machine. */
export function isNativeAvailable(): boolean {
  try {
    loadNativeAddon();
    return true;
  } catch {
    return false;
  }
}

/** Tuning of the native kernel; the defaults suit every use. */
export interface NativeKernelOptions {
  /**
   * Initial size (events) of the buffer that carries spikes to an observer.
   * Default: the most one iteration can fire (the sweep cap, or n for a
   * box-only problem), between 1024 and 65536. It grows when one iteration
   * needs more. Range: integer in [1, 2²⁴].
   */
  eventCapacity?: number;
}

/** Creates a native kernel for the setup core's `prepareKernelSetup` computed. */
export function createNativeKernel(
  setup: KernelSetup,
  options: NativeKernelOptions = {},
): NativeDynamicsKernel {
  return new NativeKernel(setup, options);
}

class NativeKernel implements NativeDynamicsKernel {
  readonly x: Float64Array;
  readonly spikeCounts: Uint32Array;
  private readonly handle: AddonKernel;
  private readonly overflowCode: number;

  constructor(setup: KernelSetup, options: NativeKernelOptions) {
    const native = loadNativeAddon();
    if (setup === null || typeof setup !== 'object' || setup.problem == null) {
      throw new TypeError('setup must be a KernelSetup with a problem (from prepareKernelSetup)');
    }
    const p = setup.problem;
    this.handle = new native.Kernel({
      n: p.n,
      m: p.m,
      A: p.A,
      b: p.b,
      C: p.C,
      lo: p.lo,
      hi: p.hi,
      lower: p.lower,
      upper: p.upper,
      gram: setup.gram,
      CT: setup.CT,
      norms: setup.norms,
      normsSq: setup.normsSq,
      k0: setup.k0,
      constraintTol: setup.constraintTol,
      maxSpikesPerSweep: setup.maxSpikesPerSweep,
      windowSize: setup.windowSize,
      eventCapacity: options.eventCapacity,
    });
    this.overflowCode = native.statusEventOverflow;
    this.x = this.handle.readX();
    this.spikeCounts = this.handle.readSpikeCounts();
  }

  get iteration(): number {
    return this.handle.iteration;
  }

  get spikes(): number {
    return this.handle.spikes;
  }

  reset(x0: Float64Array): void {
    this.handle.reset(x0);
    this.sync();
  }

  advance(iterations: number, observer: SpikeObserver | null = null): AdvanceStatus {
    if (observer === null || observer === undefined) {
      const code = this.handle.advance(iterations, false);
      this.sync();
      return STATUS[code];
    }
    if (typeof observer !== 'function') {
      throw new TypeError(`observer must be a function or null, received ${typeof observer}`);
    }
    return this.advanceObserved(iterations, observer);
  }

  /**
   * Runs with the event buffer and replays each chunk's events into the
   * observer. When a chunk overflows the buffer the addon undoes it; the
   * rest then runs one iteration per chunk, and a single iteration that
   * still overflows grows the buffer to what it asked for.
   */
  private advanceObserved(iterations: number, observer: SpikeObserver): AdvanceStatus {
    const h = this.handle;
    if (!Number.isSafeInteger(iterations) || iterations < 0) {
      h.advance(iterations, true); // throws the addon's TypeError or RangeError
    }
    let remaining = iterations;
    let chunk = iterations;
    try {
      while (remaining > 0) {
        const before = h.iteration;
        const code = h.advance(Math.min(chunk, remaining), true);
        if (code === this.overflowCode) {
          if (chunk > 1) chunk = 1;
          else if (h.eventDemand <= MAX_EVENTS) h.reserveEvents(h.eventDemand);
          else {
            throw new RangeError(
              `one iteration fired ${h.eventDemand} spikes, more than an observer can be sent ` +
                `(${MAX_EVENTS}); lower maxSpikesPerSweep or advance without an observer`,
            );
          }
          continue;
        }
        this.replay(h.events(), observer);
        if (code !== 0) return STATUS[code];
        remaining -= h.iteration - before;
      }
      return 'running';
    } finally {
      this.sync();
    }
  }

  private replay(events: AddonEvents, observer: SpikeObserver): void {
    const { count, iteration, ordinal, candidate, side, correction } = events;
    for (let k = 0; k < count; k++) {
      observer(iteration[k], ordinal[k], candidate[k], side[k], correction[k]);
    }
  }

  objectiveWindow(): Float64Array {
    return this.handle.objectiveWindow();
  }

  digest(): bigint {
    return this.handle.digest();
  }

  digestHex(): string {
    return this.handle.digest().toString(16).padStart(16, '0');
  }

  observerStats(): ObserverStats {
    return this.handle.observerStats();
  }

  private sync(): void {
    this.handle.readX(this.x);
    this.handle.readSpikeCounts(this.spikeCounts);
  }
}
