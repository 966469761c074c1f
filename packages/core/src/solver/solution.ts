import type { SolveResultData } from './result.js';
import { formatSummary } from './summary.js';

/** The result of a solve: the data of {@link SolveResultData} plus a readable summary. */
export class Solution implements SolveResultData {
  readonly status;
  readonly message;
  readonly x;
  readonly objective;
  readonly iterations;
  readonly spikes;
  readonly spikeCounts;
  readonly feasibility;
  readonly kkt;
  readonly polish;
  readonly infeasibility;
  readonly unboundedness;
  readonly k0;
  readonly lambdaMax;
  readonly backend;
  readonly timings;
  readonly trajectory;
  readonly spikeEvents;
  readonly size;

  constructor(data: SolveResultData) {
    this.status = data.status;
    this.message = data.message;
    this.x = data.x;
    this.objective = data.objective;
    this.iterations = data.iterations;
    this.spikes = data.spikes;
    this.spikeCounts = data.spikeCounts;
    this.feasibility = data.feasibility;
    this.kkt = data.kkt;
    this.polish = data.polish;
    this.infeasibility = data.infeasibility;
    this.unboundedness = data.unboundedness;
    this.k0 = data.k0;
    this.lambdaMax = data.lambdaMax;
    this.backend = data.backend;
    this.timings = data.timings;
    this.trajectory = data.trajectory;
    this.spikeEvents = data.spikeEvents;
    this.size = data.size;
  }

  /** True when the status is `optimal` (the certificate passed). */
  get isOptimal(): boolean {
    return this.status === 'optimal';
  }

  /** A short human-readable report. */
  summary(): string {
    return formatSummary(this);
  }
}
