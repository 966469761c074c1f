/**
 * The kernel interfaces shared with @snn-opt/core and the other backend come
 * from @snn-opt/kernel-types (core loads this package, so it cannot import
 * core); this file adds what is particular to the WebAssembly backend.
 */
import type { DynamicsKernel, KernelSetup, ObserverStats } from '@snn-opt/kernel-types';

export type * from '@snn-opt/kernel-types';

/** The WebAssembly kernel: core's `DynamicsKernel` plus the spike digest and explicit release. */
export interface WasmDynamicsKernel extends DynamicsKernel {
  /**
   * FNV-1a 64 of the spike stream since the last reset, over the 32-bit words
   * (iteration, ordinal, candidate) of each spike, each fed as 4 little-endian
   * bytes (kernels/README.md). Equal to core's `createDigestObserver()` fed
   * the same run.
   */
  digest(): bigint;
  /** The digest as 16 lowercase hex digits. */
  digestHex(): string;
  /** Spike count, total correction and first/last candidate since the last reset. */
  observerStats(): ObserverStats;
  /**
   * Frees the kernel's WebAssembly memory now. Afterwards `x`, `spikeCounts`,
   * `iteration` and `spikes` keep their last values and every other method
   * throws. Calling it again does nothing. A kernel that is never disposed is
   * freed after it is garbage-collected.
   */
  dispose(): void;
  /** True once {@link dispose} has run. */
  readonly disposed: boolean;
}

/** Tuning of a WebAssembly kernel; the defaults suit every use. */
export interface WasmKernelOptions {
  /**
   * Initial size (events) of the buffer that carries spikes to an observer.
   * Default: the most one iteration can fire (the sweep cap, or n for a
   * box-only problem), between 1024 and 65536. It grows when one iteration
   * needs more. Range: integer in [1, 2²⁴].
   */
  eventCapacity?: number;
}

/** The loaded WebAssembly backend, in the shape core's backend registry expects. */
export interface WasmBackend {
  readonly name: 'wasm';
  /** Creates a kernel for the setup core's `prepareKernelSetup` computed. */
  createKernel(setup: KernelSetup, options?: WasmKernelOptions): WasmDynamicsKernel;
  /** Bytes of WebAssembly memory the module currently holds (it grows, never shrinks). */
  memoryBytes(): number;
}
