/**
 * The kernel interfaces shared with @snn-opt/core and the other backend come
 * from @snn-opt/kernel-types (core loads this package, so it cannot import
 * core); this file adds what is particular to the native backend.
 */
import type { DynamicsKernel, ObserverStats } from '@snn-opt/kernel-types';

export type * from '@snn-opt/kernel-types';

/** The native kernel: core's `DynamicsKernel` plus the spike digest for parity checks. */
export interface NativeDynamicsKernel extends DynamicsKernel {
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
}
