/**
 * Bit parity of the native kernel with the TypeScript reference dynamics
 * (core's ReferenceKernel, the oracle): on seeded random problems and on
 * every Maros–Meszaros fixture, the final point, status, iteration, spike
 * counts, objective window, the full spike stream and its digest must be
 * identical, whether the native kernel runs in one call or in random chunks,
 * with or without an observer, with a roomy or a tiny event buffer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createDigestObserver } from '../../core/src/dynamics/digest.js';
import {
  type DynamicsKernel as CoreDynamicsKernel,
  type KernelSetup as CoreKernelSetup,
  ReferenceKernel,
} from '../../core/src/dynamics/kernel.js';
import { prepareKernelSetup } from '../../core/src/dynamics/setup.js';
import { parseQps } from '../../core/src/io/qps.js';
import { normalizeProblem } from '../../core/src/problem/normalize.js';
import { resolveOptions } from '../../core/src/solver/options.js';
import { createNativeKernel, type NativeDynamicsKernel } from '../src/index.js';
import { mulberry32, type ParityCase, randomCase } from './problems.js';

const RANDOM_CASES = 600;
const FIXTURE_ITERATIONS = 300;
const FIXTURE_DIR = fileURLToPath(
  new URL('../../core/test/fixtures/maros-meszaros/', import.meta.url),
);

// Compile-time check: core's setup is accepted and the result is a core DynamicsKernel.
const asCoreKernel: (setup: CoreKernelSetup) => CoreDynamicsKernel = createNativeKernel;
void asCoreKernel;

/** The spike stream as parallel arrays. */
class Recorder {
  readonly iteration: number[] = [];
  readonly ordinal: number[] = [];
  readonly candidate: number[] = [];
  readonly side: number[] = [];
  readonly correction: number[] = [];
  readonly observer = (
    iteration: number,
    ordinal: number,
    candidate: number,
    side: number,
    correction: number,
  ) => {
    this.iteration.push(iteration);
    this.ordinal.push(ordinal);
    this.candidate.push(candidate);
    this.side.push(side);
    this.correction.push(correction);
  };
}

interface RunResult {
  status: string;
  iteration: number;
  spikes: number;
  x: Float64Array;
  spikeCounts: Uint32Array;
  window: Float64Array;
}

function snapshot(k: CoreDynamicsKernel, status: string): RunResult {
  return {
    status,
    iteration: k.iteration,
    spikes: k.spikes,
    x: k.x.slice(),
    spikeCounts: k.spikeCounts.slice(),
    window: k.objectiveWindow(),
  };
}

/** Index of the first element whose bits differ, −1 when the arrays are identical. */
function firstBitDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const ba = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const bb = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let k = 0; k < ba.length; k++) if (ba[k] !== bb[k]) return Math.floor(k / 8);
  return -1;
}

function describeDifference(what: string, a: Float64Array, b: Float64Array, i: number): string {
  return `${what}[${i}]: reference ${a[i]} vs native ${b[i]} (lengths ${a.length}, ${b.length})`;
}

function expectSameBits(context: string, what: string, ref: Float64Array, nat: Float64Array): void {
  const i = firstBitDifference(ref, nat);
  expect(i, `${context}: ${i < 0 ? '' : describeDifference(what, ref, nat, i)}`).toBe(-1);
}

function expectSameRun(context: string, ref: RunResult, nat: RunResult): void {
  expect(nat.status, `${context}: status`).toBe(ref.status);
  expect(nat.iteration, `${context}: iteration`).toBe(ref.iteration);
  expect(nat.spikes, `${context}: spikes`).toBe(ref.spikes);
  expectSameBits(context, 'x', ref.x, nat.x);
  expectSameBits(context, 'objectiveWindow', ref.window, nat.window);
  const counts = ref.spikeCounts.findIndex((c, k) => c !== nat.spikeCounts[k]);
  expect(
    counts,
    `${context}: spikeCounts[${counts}] reference ${ref.spikeCounts[counts]} vs native ${nat.spikeCounts[counts]}`,
  ).toBe(-1);
  expect(nat.spikeCounts.length, `${context}: spikeCounts length`).toBe(ref.spikeCounts.length);
}

function expectSameStream(context: string, ref: Recorder, nat: Recorder): void {
  expect(nat.candidate.length, `${context}: number of spike events`).toBe(ref.candidate.length);
  for (const key of ['iteration', 'ordinal', 'candidate', 'side'] as const) {
    const k = ref[key].findIndex((v, i) => v !== nat[key][i]);
    expect(
      k,
      `${context}: event ${k} ${key}: reference ${ref[key][k]} vs native ${nat[key][k]}`,
    ).toBe(-1);
  }
  expectSameBits(
    context,
    'event correction',
    Float64Array.from(ref.correction),
    Float64Array.from(nat.correction),
  );
}

/** Runs `total` iterations in random chunks, stopping at the first status that is not running. */
function runChunked(
  k: NativeDynamicsKernel,
  total: number,
  random: () => number,
  maxChunk: number,
  observer: Recorder['observer'] | null,
): string {
  let requested = 0;
  let status = 'running';
  while (requested < total && status === 'running') {
    const step = Math.min(total - requested, 1 + Math.floor(random() * maxChunk));
    status = k.advance(step, observer);
    requested += step;
  }
  return status;
}

/** Compares every native variant with the reference on one problem; returns what the reference did. */
function checkParity(c: ParityCase): { status: string; spikes: number } {
  const context = `seed ${c.seed} (${c.label}, ${c.iterations} iterations)`;
  const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);

  // The oracle: one call, recording every spike and the digest.
  const ref = new ReferenceKernel(c.setup);
  const refEvents = new Recorder();
  const refDigest = createDigestObserver();
  ref.reset(c.x0);
  const refStatus = ref.advance(c.iterations, (it, ord, cand, side, corr) => {
    refEvents.observer(it, ord, cand, side, corr);
    refDigest.observer(it, ord, cand, side, corr);
  });
  const expected = snapshot(ref, refStatus);
  const expectedDigest = refDigest.digest();

  const random = mulberry32(c.seed ^ 0x5eed);
  const variants: Array<{
    name: string;
    run: () => { kernel: NativeDynamicsKernel; status: string; events: Recorder | null };
  }> = [
    {
      name: 'single, no observer',
      run: () => {
        const kernel = createNativeKernel(c.setup);
        kernel.reset(c.x0);
        return { kernel, status: kernel.advance(c.iterations), events: null };
      },
    },
    {
      name: 'single, observer',
      run: () => {
        const kernel = createNativeKernel(c.setup);
        const events = new Recorder();
        kernel.reset(c.x0);
        return { kernel, status: kernel.advance(c.iterations, events.observer), events };
      },
    },
    {
      name: 'random chunks, no observer',
      run: () => {
        const kernel = createNativeKernel(c.setup);
        kernel.reset(c.x0);
        return { kernel, status: runChunked(kernel, c.iterations, random, 40, null), events: null };
      },
    },
    {
      name: 'random chunks, observer, tiny event buffer',
      run: () => {
        const kernel = createNativeKernel(c.setup, { eventCapacity: 1 + (c.seed % 5) });
        const events = new Recorder();
        kernel.reset(c.x0);
        return {
          kernel,
          status: runChunked(kernel, c.iterations, random, 25, events.observer),
          events,
        };
      },
    },
  ];

  for (const variant of variants) {
    const where = `${context} [${variant.name}]`;
    const { kernel, status, events } = variant.run();
    expectSameRun(where, expected, snapshot(kernel, status));
    expect(kernel.digest(), `${where}: digest ${kernel.digestHex()} vs ${refDigest.hex()}`).toBe(
      expectedDigest,
    );
    const stats = kernel.observerStats();
    expect(stats.spikes, `${where}: observer spikes`).toBe(refEvents.candidate.length);
    expectSameBits(
      where,
      'total correction',
      Float64Array.of(sum(refEvents.correction)),
      Float64Array.of(stats.totalCorrection),
    );
    expect(stats.firstCandidate, `${where}: first candidate`).toBe(refEvents.candidate[0] ?? -1);
    expect(stats.lastCandidate, `${where}: last candidate`).toBe(refEvents.candidate.at(-1) ?? -1);
    if (events) expectSameStream(where, refEvents, events);
  }

  // A second run from the same object after reset gives the same again.
  const again = createNativeKernel(c.setup);
  again.reset(c.x0);
  again.advance(7);
  again.reset(c.x0);
  expectSameRun(`${context} [after reset]`, expected, snapshot(again, again.advance(c.iterations)));
  expect(again.digest()).toBe(expectedDigest);
  return { status: refStatus, spikes: refEvents.candidate.length };
}

describe('native kernel parity with the TypeScript reference', () => {
  it(`is bit-identical on ${RANDOM_CASES} seeded random problems`, () => {
    const seen = {
      statuses: new Map<string, number>(),
      boxOnly: 0,
      linear: 0,
      capped: 0,
      spikes: 0,
    };
    for (let seed = 1; seed <= RANDOM_CASES; seed++) {
      const c = randomCase(seed);
      const { status, spikes } = checkParity(c);
      seen.spikes += spikes;
      seen.statuses.set(status, (seen.statuses.get(status) ?? 0) + 1);
      if (c.setup.problem.m === 0) seen.boxOnly++;
      if (c.setup.problem.isLinear) seen.linear++;
      if (c.label.includes('cap=')) seen.capped++;
    }
    // The generator must keep reaching every path it is meant to.
    expect(seen.statuses.get('running') ?? 0).toBeGreaterThan(RANDOM_CASES / 2);
    expect(seen.statuses.get('projection_budget_exhausted') ?? 0).toBeGreaterThan(5);
    expect(seen.statuses.get('diverged') ?? 0).toBeGreaterThan(2);
    expect(seen.boxOnly).toBeGreaterThan(20);
    expect(seen.linear).toBeGreaterThan(20);
    expect(seen.spikes).toBeGreaterThan(10_000);
    console.info(
      `parity: ${RANDOM_CASES} random problems, ${seen.spikes} reference spikes, statuses ` +
        `${JSON.stringify(Object.fromEntries(seen.statuses))}, ${seen.boxOnly} box-only, ` +
        `${seen.linear} LPs, ${seen.capped} tight caps`,
    );
  });

  it('stays bit-identical past divergence, with ±Infinity and NaN in x', () => {
    let nonFinite = 0;
    let nan = 0;
    for (let seed = 1; seed <= RANDOM_CASES; seed++) {
      const c = randomCase(seed);
      if (!c.label.includes('diverging')) continue;
      const ref = new ReferenceKernel(c.setup);
      const nat = createNativeKernel(c.setup);
      ref.reset(c.x0);
      nat.reset(c.x0);
      // Nothing latches: every call after the first `diverged` drifts once more.
      for (let call = 0; call < 200; call++) {
        const context = `seed ${c.seed} (${c.label}) call ${call}`;
        expectSameRun(
          context,
          snapshot(ref, ref.advance(c.iterations)),
          snapshot(nat, nat.advance(c.iterations)),
        );
      }
      if (ref.x.some((v) => !Number.isFinite(v))) nonFinite++;
      if (ref.x.some((v) => Number.isNaN(v))) nan++;
    }
    expect(nonFinite).toBeGreaterThan(3);
    expect(nan).toBeGreaterThan(3);
  });

  it('is bit-identical from a start with NaN in it', () => {
    const c = randomCase(3);
    const x0 = c.x0.slice();
    x0[0] = Number.NaN;
    const ref = new ReferenceKernel(c.setup);
    const nat = createNativeKernel(c.setup);
    ref.reset(x0);
    nat.reset(x0);
    const expected = snapshot(ref, ref.advance(10));
    expect(expected.status).toBe('diverged');
    expectSameRun('NaN start', expected, snapshot(nat, nat.advance(10)));
  });

  const fixtures = readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.QPS'))
    .sort();

  it('finds the Maros–Meszaros fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(27);
  });

  for (const file of fixtures) {
    it(`is bit-identical on ${file} for ${FIXTURE_ITERATIONS} iterations`, () => {
      const model = parseQps(readFileSync(join(FIXTURE_DIR, file), 'utf8'), file);
      const problem = normalizeProblem(model.problem);
      const setup = prepareKernelSetup(problem, resolveOptions({}));
      const random = mulberry32(problem.n * 7919 + problem.m);
      const x0 = new Float64Array(problem.n);
      checkParity({ seed: 0, label: file, setup, x0, iterations: FIXTURE_ITERATIONS });
      for (let j = 0; j < problem.n; j++) x0[j] = 10 * (random() - 0.5);
      checkParity({
        seed: 1,
        label: `${file} random start`,
        setup,
        x0,
        iterations: FIXTURE_ITERATIONS,
      });
    });
  }
});
