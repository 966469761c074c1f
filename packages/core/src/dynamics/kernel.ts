import type {
  AdvanceStatus,
  KernelSetup as BackendKernelSetup,
  DynamicsKernel,
} from '@snn-opt/kernel-types';
import type { QPProblem } from '../problem/types.js';
import { drift } from './drift.js';
import { transpose } from './setup.js';
import {
  clipSweep,
  refreshActivities,
  type SpikeObserver,
  type SweepState,
  spikeSweep,
} from './sweep.js';

export type { AdvanceStatus, DynamicsKernel } from '@snn-opt/kernel-types';

/**
 * The fixed data of the dynamics, computed once per problem (see
 * dynamics/setup.ts): the backends' `KernelSetup` (@snn-opt/kernel-types)
 * with the whole validated problem.
 */
export interface KernelSetup extends BackendKernelSetup {
  readonly problem: QPProblem;
}

/** The TypeScript reference dynamics: the oracle every compiled backend must match bit for bit. */
export class ReferenceKernel implements DynamicsKernel {
  readonly x: Float64Array;
  readonly spikeCounts: Uint32Array;
  private readonly setup: KernelSetup;
  private readonly grad: Float64Array;
  private readonly sweepState: SweepState;
  private readonly window: Float64Array;
  private windowCount = 0;
  private windowHead = 0;
  private iterationCount = 0;
  private spikeTotal = 0;

  constructor(setup: KernelSetup) {
    const { n, m } = setup.problem;
    this.setup = setup;
    this.x = new Float64Array(n);
    this.grad = new Float64Array(n);
    this.spikeCounts = new Uint32Array(m + 2 * n);
    this.window = new Float64Array(setup.windowSize);
    const p = setup.problem;
    this.sweepState = {
      n,
      m,
      C: p.C,
      gram: setup.gram,
      CT: setup.CT ?? transpose(p.C, m, n),
      norms: setup.norms,
      normsSq: setup.normsSq,
      lo: p.lo,
      hi: p.hi,
      lower: p.lower,
      upper: p.upper,
      x: this.x,
      r: new Float64Array(m),
      spikeCounts: this.spikeCounts,
      constraintTol: setup.constraintTol,
      maxSpikes: setup.maxSpikesPerSweep,
    };
  }

  get iteration(): number {
    return this.iterationCount;
  }

  get spikes(): number {
    return this.spikeTotal;
  }

  reset(x0: Float64Array): void {
    if (x0.length !== this.x.length) {
      throw new RangeError(`x0 has length ${x0.length}, expected ${this.x.length}`);
    }
    this.x.set(x0);
    this.spikeCounts.fill(0);
    this.windowCount = 0;
    this.windowHead = 0;
    this.iterationCount = 0;
    this.spikeTotal = 0;
  }

  advance(iterations: number, observer: SpikeObserver | null = null): AdvanceStatus {
    const { problem, k0 } = this.setup;
    const s = this.sweepState;
    for (let step = 0; step < iterations; step++) {
      const objective = drift(problem.A, problem.b, problem.n, k0, this.x, this.grad);
      if (!Number.isFinite(objective)) return 'diverged';
      this.pushObjective(objective);
      const iteration = this.iterationCount + 1;
      let outcome: { spikes: number; exhausted: boolean };
      if (problem.m === 0) {
        outcome = clipSweep(s, iteration, observer);
      } else {
        refreshActivities(s);
        outcome = spikeSweep(s, iteration, observer);
      }
      this.iterationCount = iteration;
      this.spikeTotal += outcome.spikes;
      if (outcome.exhausted) return 'projection_budget_exhausted';
    }
    return 'running';
  }

  objectiveWindow(): Float64Array {
    const size = this.window.length;
    const out = new Float64Array(this.windowCount);
    const start = (this.windowHead - this.windowCount + size) % size;
    for (let k = 0; k < this.windowCount; k++) out[k] = this.window[(start + k) % size];
    return out;
  }

  private pushObjective(value: number): void {
    this.window[this.windowHead] = value;
    this.windowHead = (this.windowHead + 1) % this.window.length;
    if (this.windowCount < this.window.length) this.windowCount++;
  }
}
