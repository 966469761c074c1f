/**
 * Timing of dynamics kernels driven directly: no stopping policy, no
 * checkpoints, no certificate — only `advance(K)`, the loop every backend
 * implements.
 *
 * A measurement is a set of timed "tasks" (one kernel each, e.g. js, native,
 * wasm on the same problem). Each task gets a fixed K, chosen so that one
 * `advance(K)` takes about `targetMs`. The samples are taken in interleaved
 * rounds: every round times each task once, starting from a different task
 * each round, so that a noisy stretch of a shared machine falls on all
 * backends alike instead of on whichever one happened to be running. The
 * median over the rounds is reported, and a ratio between two tasks is the
 * median of their per-round ratios.
 */

import type { AdvanceStatus, DynamicsKernel } from '@snn-opt/core';

/** The clock: nanoseconds from process.hrtime, as milliseconds. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
}

/**
 * Runs the kernel with doubling chunks until one chunk takes at least
 * `minMs`, then times two more chunks of that size; returns the K that the
 * fastest of them says takes `targetMs`. Taking the fastest keeps a slow
 * stretch of the machine from making every later sample short.
 */
export function calibrate(
  kernel: DynamicsKernel,
  targetMs: number,
): { iterations: number; status: AdvanceStatus } {
  const minMs = Math.max(targetMs / 5, 20);
  let chunk = 1;
  for (;;) {
    const start = nowMs();
    const status = kernel.advance(chunk);
    const elapsed = nowMs() - start;
    if (status !== 'running') return { iterations: 0, status };
    if (elapsed >= minMs || chunk >= 2 ** 40) {
      let best = elapsed / chunk;
      for (let k = 0; k < 2; k++) {
        const t0 = nowMs();
        const s = kernel.advance(chunk);
        const dt = nowMs() - t0;
        if (s !== 'running') return { iterations: 0, status: s };
        best = Math.min(best, dt / chunk);
      }
      return { iterations: Math.max(1, Math.round(targetMs / best)), status };
    }
    chunk *= elapsed > 0 ? Math.min(8, Math.max(2, Math.ceil(minMs / elapsed))) : 8;
  }
}

/** One kernel to time. */
export interface Task {
  label: string;
  kernel: DynamicsKernel;
  /** Iterations per sample. */
  iterations: number;
  /** When set, every sample starts with `reset(x0)` (not timed). */
  resetTo?: Float64Array;
}

/** What the samples of one task found. */
export interface TaskTiming {
  /** Iterations per sample (K). */
  iterationsPerSample: number;
  /** Iterations the samples actually ran (each); K unless the dynamics stopped. */
  iterationsRun: number;
  /** Per-sample microseconds per iteration, in round order. */
  usSamples: number[];
  /** Median of usSamples. */
  usPerIteration: number;
  usMin: number;
  usMax: number;
  /** Spikes during the samples / iterations they ran. */
  spikesPerIteration: number;
  /** 'running' unless the dynamics stopped during a sample. */
  status: AdvanceStatus;
}

/**
 * Times the tasks in `rounds` interleaved rounds. A task whose kernel stops
 * (projection budget, divergence) is dropped from later rounds; its status
 * says why.
 */
export function timeInterleaved(tasks: readonly Task[], rounds: number): TaskTiming[] {
  const state = tasks.map(() => ({
    us: [] as number[],
    spikes: 0,
    iterations: 0,
    lastRun: 0,
    status: 'running' as AdvanceStatus,
  }));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < tasks.length; k++) {
      const index = (r + k) % tasks.length;
      const task = tasks[index];
      const s = state[index];
      if (s.status !== 'running') continue;
      const { kernel } = task;
      if (task.resetTo) kernel.reset(task.resetTo);
      const iterationsBefore = kernel.iteration;
      const spikesBefore = kernel.spikes;
      const start = nowMs();
      const status = kernel.advance(task.iterations);
      const elapsed = nowMs() - start;
      const ran = kernel.iteration - iterationsBefore;
      s.iterations += ran;
      s.spikes += kernel.spikes - spikesBefore;
      s.lastRun = ran;
      if (ran > 0) s.us.push((1000 * elapsed) / ran);
      s.status = status;
    }
  }
  return tasks.map((task, i) => {
    const s = state[i];
    return {
      iterationsPerSample: task.iterations,
      iterationsRun: s.lastRun,
      usSamples: s.us,
      usPerIteration: median(s.us),
      usMin: s.us.length > 0 ? Math.min(...s.us) : Number.NaN,
      usMax: s.us.length > 0 ? Math.max(...s.us) : Number.NaN,
      spikesPerIteration: s.iterations > 0 ? s.spikes / s.iterations : Number.NaN,
      status: s.status,
    };
  });
}

/**
 * The median of the per-round ratios a/b of two tasks' sample times (same
 * rounds only). For µs/iteration samples, `pairedRatio(js, native)` is
 * native's iterations per second over js's.
 */
export function pairedRatio(a: TaskTiming, b: TaskTiming): number {
  const count = Math.min(a.usSamples.length, b.usSamples.length);
  const ratios: number[] = [];
  for (let r = 0; r < count; r++) ratios.push(a.usSamples[r] / b.usSamples[r]);
  return median(ratios);
}
