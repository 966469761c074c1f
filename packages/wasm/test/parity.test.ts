/**
 * Bit parity of the WebAssembly kernel with the TypeScript reference
 * dynamics (core's ReferenceKernel, the oracle). On seeded random problems
 * and on every Maros–Meszaros fixture, these must be identical: the final
 * point and the objective window (bit for bit), the status, the iteration,
 * the spike total and per-candidate counts, the spike stream (every event,
 * corrections bit for bit) and its digest; whether the kernel runs in one
 * call or in random chunks, with or without an observer, with a roomy or a
 * tiny event buffer, and while other kernels grow the shared memory.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
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
import {
  type KernelSetup,
  loadWasmBackend,
  type WasmBackend,
  type WasmDynamicsKernel,
} from '../src/node.js';
import { type GeneratedCase, generateCase, seededRandom } from './problems.js';

const RANDOM_PROBLEMS = 520;
const FIXTURE_ITERATIONS = 300;
const FIXTURE_DIR = fileURLToPath(
  new URL('../../core/test/fixtures/maros-meszaros/', import.meta.url),
);

let backend: WasmBackend;
beforeAll(async () => {
  backend = await loadWasmBackend();
});

// Compile-time check: a core setup is accepted and the kernel is a core DynamicsKernel.
const asCoreKernel: (b: WasmBackend, setup: CoreKernelSetup) => CoreDynamicsKernel = (b, s) =>
  b.createKernel(s);
void asCoreKernel;

/** The spike stream as parallel arrays. */
class Stream {
  readonly iteration: number[] = [];
  readonly ordinal: number[] = [];
  readonly candidate: number[] = [];
  readonly side: number[] = [];
  readonly correction: number[] = [];
  readonly observer = (it: number, ord: number, cand: number, side: number, corr: number) => {
    this.iteration.push(it);
    this.ordinal.push(ord);
    this.candidate.push(cand);
    this.side.push(side);
    this.correction.push(corr);
  };
}

interface Outcome {
  status: string;
  iteration: number;
  spikes: number;
  x: Float64Array;
  spikeCounts: Uint32Array;
  window: Float64Array;
}

function outcome(k: CoreDynamicsKernel, status: string): Outcome {
  return {
    status,
    iteration: k.iteration,
    spikes: k.spikes,
    x: k.x.slice(),
    spikeCounts: k.spikeCounts.slice(),
    window: k.objectiveWindow(),
  };
}

/** First index whose 64 bits differ (NaN payloads and −0 included), −1 when none. */
function firstBitMismatch(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const wa = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const wb = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  for (let k = 0; k < wa.length; k++) if (wa[k] !== wb[k]) return k;
  return -1;
}

function expectBits(where: string, what: string, ref: Float64Array, got: Float64Array): void {
  const k = firstBitMismatch(ref, got);
  expect(
    k,
    `${where}: ${what}[${k}] reference ${ref[k]} vs wasm ${got[k]} (lengths ${ref.length}, ${got.length})`,
  ).toBe(-1);
}

function expectSameOutcome(where: string, ref: Outcome, got: Outcome): void {
  expect(got.status, `${where}: status`).toBe(ref.status);
  expect(got.iteration, `${where}: iteration`).toBe(ref.iteration);
  expect(got.spikes, `${where}: spikes`).toBe(ref.spikes);
  expectBits(where, 'x', ref.x, got.x);
  expectBits(where, 'objectiveWindow', ref.window, got.window);
  expect(got.spikeCounts.length, `${where}: spikeCounts length`).toBe(ref.spikeCounts.length);
  const k = ref.spikeCounts.findIndex((c, i) => c !== got.spikeCounts[i]);
  expect(k, `${where}: spikeCounts[${k}] ${ref.spikeCounts[k]} vs ${got.spikeCounts[k]}`).toBe(-1);
}

function expectSameStream(where: string, ref: Stream, got: Stream): void {
  expect(got.candidate.length, `${where}: number of events`).toBe(ref.candidate.length);
  for (const key of ['iteration', 'ordinal', 'candidate', 'side'] as const) {
    const k = ref[key].findIndex((v, i) => v !== got[key][i]);
    expect(k, `${where}: event ${k} ${key}: ${ref[key][k]} vs ${got[key][k]}`).toBe(-1);
  }
  expectBits(
    where,
    'event correction',
    Float64Array.from(ref.correction),
    Float64Array.from(got.correction),
  );
}

/** Advances in random chunks until `total` iterations were asked for or a chunk stops early. */
function advanceInChunks(
  k: WasmDynamicsKernel,
  total: number,
  rand: () => number,
  longest: number,
  observer: Stream['observer'] | null,
): string {
  let asked = 0;
  let status = 'running';
  while (asked < total && status === 'running') {
    const step = Math.min(total - asked, 1 + Math.floor(rand() * longest));
    status = k.advance(step, observer);
    asked += step;
  }
  return status;
}

interface Reference {
  result: Outcome;
  stream: Stream;
  digest: bigint;
  digestHex: string;
}

function runReference(setup: KernelSetup, x0: Float64Array, iterations: number): Reference {
  const ref = new ReferenceKernel(setup as CoreKernelSetup);
  const stream = new Stream();
  const digest = createDigestObserver();
  ref.reset(x0);
  const status = ref.advance(iterations, (it, ord, cand, side, corr) => {
    stream.observer(it, ord, cand, side, corr);
    digest.observer(it, ord, cand, side, corr);
  });
  return { result: outcome(ref, status), stream, digest: digest.digest(), digestHex: digest.hex() };
}

/** Every wasm variant against the reference on one case. */
function checkCase(
  c: Pick<GeneratedCase, 'seed' | 'label' | 'setup' | 'x0' | 'iterations'>,
): Reference {
  const context = `seed ${c.seed} (${c.label}, ${c.iterations} iterations)`;
  const expected = runReference(c.setup, c.x0, c.iterations);
  const rand = seededRandom(c.seed * 31 + 7);
  const total = (values: number[]) => values.reduce((s, v) => s + v, 0);

  const variants: Array<
    [string, () => { k: WasmDynamicsKernel; status: string; stream: Stream | null }]
  > = [
    [
      'one call, no observer',
      () => {
        const k = backend.createKernel(c.setup);
        k.reset(c.x0);
        return { k, status: k.advance(c.iterations), stream: null };
      },
    ],
    [
      'one call, observer',
      () => {
        const k = backend.createKernel(c.setup);
        const stream = new Stream();
        k.reset(c.x0);
        return { k, status: k.advance(c.iterations, stream.observer), stream };
      },
    ],
    [
      'random chunks, no observer',
      () => {
        const k = backend.createKernel(c.setup);
        k.reset(c.x0);
        return { k, status: advanceInChunks(k, c.iterations, rand, 37, null), stream: null };
      },
    ],
    [
      'random chunks, observer, tiny event buffer',
      () => {
        const k = backend.createKernel(c.setup, { eventCapacity: 1 + (c.seed % 4) });
        const stream = new Stream();
        k.reset(c.x0);
        return { k, status: advanceInChunks(k, c.iterations, rand, 23, stream.observer), stream };
      },
    ],
  ];

  for (const [name, run] of variants) {
    const where = `${context} [${name}]`;
    const { k, status, stream } = run();
    expectSameOutcome(where, expected.result, outcome(k, status));
    expect(k.digest(), `${where}: digest ${k.digestHex()} vs ${expected.digestHex}`).toBe(
      expected.digest,
    );
    expect(k.digestHex()).toBe(expected.digestHex);
    const stats = k.observerStats();
    const refStream = expected.stream;
    expect(stats.spikes, `${where}: observer spikes`).toBe(refStream.candidate.length);
    expectBits(
      where,
      'total correction',
      Float64Array.of(total(refStream.correction)),
      Float64Array.of(stats.totalCorrection),
    );
    expect(stats.firstCandidate, `${where}: first candidate`).toBe(refStream.candidate[0] ?? -1);
    expect(stats.lastCandidate, `${where}: last candidate`).toBe(refStream.candidate.at(-1) ?? -1);
    if (stream) expectSameStream(where, refStream, stream);
    k.dispose();
  }

  // The same object, reset after a partial run, gives the same again.
  const again = backend.createKernel(c.setup);
  again.reset(c.x0);
  again.advance(5);
  again.reset(c.x0);
  expectSameOutcome(
    `${context} [after reset]`,
    expected.result,
    outcome(again, again.advance(c.iterations)),
  );
  expect(again.digest(), `${context} [after reset]: digest`).toBe(expected.digest);
  again.dispose();
  return expected;
}

describe('wasm kernel parity with the TypeScript reference', () => {
  it(`is bit-identical on ${RANDOM_PROBLEMS} seeded random problems`, () => {
    const statuses = new Map<string, number>();
    const seen = { boxOnly: 0, linear: 0, tightCap: 0, infeasiblePair: 0, spikes: 0 };
    for (let seed = 1; seed <= RANDOM_PROBLEMS; seed++) {
      const c = generateCase(seed);
      const ref = checkCase(c);
      statuses.set(ref.result.status, (statuses.get(ref.result.status) ?? 0) + 1);
      seen.spikes += ref.stream.candidate.length;
      if (c.traits.boxOnly) seen.boxOnly++;
      if (c.traits.linear) seen.linear++;
      if (c.traits.tightCap) seen.tightCap++;
      if (c.traits.infeasiblePair) seen.infeasiblePair++;
    }
    // The generator must keep reaching the paths it is meant to reach.
    expect(statuses.get('running') ?? 0).toBeGreaterThan(RANDOM_PROBLEMS / 2);
    expect(statuses.get('projection_budget_exhausted') ?? 0).toBeGreaterThan(5);
    expect(statuses.get('diverged') ?? 0).toBeGreaterThan(2);
    expect(seen.boxOnly).toBeGreaterThan(20);
    expect(seen.linear).toBeGreaterThan(20);
    expect(seen.infeasiblePair).toBeGreaterThan(5);
    expect(seen.spikes).toBeGreaterThan(10_000);
    console.info(
      `wasm parity: ${RANDOM_PROBLEMS} random problems, ${seen.spikes} reference spikes, ` +
        `statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${seen.boxOnly} box-only, ` +
        `${seen.linear} LPs, ${seen.tightCap} tight caps, ${seen.infeasiblePair} infeasible pairs`,
    );
  });

  it('stays bit-identical past divergence, with ±Infinity and NaN in x', () => {
    let nonFinite = 0;
    let withNaN = 0;
    for (let seed = 1; seed <= RANDOM_PROBLEMS; seed++) {
      const c = generateCase(seed);
      if (!c.traits.diverging) continue;
      const ref = new ReferenceKernel(c.setup as CoreKernelSetup);
      const k = backend.createKernel(c.setup);
      ref.reset(c.x0);
      k.reset(c.x0);
      // Nothing latches: each call after the first `diverged` drifts once more.
      for (let call = 0; call < 150; call++) {
        expectSameOutcome(
          `seed ${seed} (${c.label}) call ${call}`,
          outcome(ref, ref.advance(c.iterations)),
          outcome(k, k.advance(c.iterations)),
        );
      }
      if (ref.x.some((v) => !Number.isFinite(v))) nonFinite++;
      if (ref.x.some((v) => Number.isNaN(v))) withNaN++;
      k.dispose();
    }
    expect(nonFinite).toBeGreaterThan(3);
    expect(withNaN).toBeGreaterThan(3);
  });

  it('is bit-identical from a start containing NaN', () => {
    const c = generateCase(11);
    const x0 = c.x0.slice();
    x0[x0.length - 1] = Number.NaN;
    const ref = new ReferenceKernel(c.setup as CoreKernelSetup);
    const k = backend.createKernel(c.setup);
    ref.reset(x0);
    k.reset(x0);
    const expected = outcome(ref, ref.advance(10));
    expect(expected.status).toBe('diverged');
    expectSameOutcome('NaN start', expected, outcome(k, k.advance(10)));
    k.dispose();
  });

  it('stays bit-identical while other kernels grow the shared memory between and during chunks', () => {
    const before = backend.memoryBytes();
    const big = (n: number): KernelSetup => {
      const problem = normalizeProblem({
        A: new Float64Array(n * n),
        b: new Float64Array(n).fill(1),
      });
      return prepareKernelSetup(problem, resolveOptions({ k0: 0.1 }));
    };
    const held: WasmDynamicsKernel[] = [];
    for (const seed of [5, 17, 42, 99]) {
      const c = generateCase(seed);
      const expected = runReference(c.setup, c.x0, c.iterations);
      const k = backend.createKernel(c.setup, { eventCapacity: 2 });
      const stream = new Stream();
      k.reset(c.x0);
      let asked = 0;
      let status = 'running';
      let growNow = true;
      while (asked < c.iterations && status === 'running') {
        const step = Math.min(c.iterations - asked, 13);
        // Grow memory from inside the observer too (a kernel of 800² doubles ≈ 5 MB).
        status = k.advance(step, (it, ord, cand, side, corr) => {
          if (growNow) {
            held.push(backend.createKernel(big(800)));
            growNow = false;
          }
          stream.observer(it, ord, cand, side, corr);
        });
        held.push(backend.createKernel(big(600)));
        growNow = true;
        asked += step;
      }
      const where = `seed ${seed} with memory growth`;
      expectSameOutcome(where, expected.result, outcome(k, status));
      expectSameStream(where, expected.stream, stream);
      expect(k.digest()).toBe(expected.digest);
      k.dispose();
    }
    expect(backend.memoryBytes()).toBeGreaterThan(before);
    for (const k of held) k.dispose();
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
      const x0 = new Float64Array(problem.n);
      checkCase({ seed: 0, label: `${file} from 0`, setup, x0, iterations: FIXTURE_ITERATIONS });
      const rand = seededRandom(problem.n * 1009 + problem.m);
      for (let j = 0; j < problem.n; j++) x0[j] = 8 * (rand() - 0.5);
      checkCase({
        seed: 1,
        label: `${file} random start`,
        setup,
        x0,
        iterations: FIXTURE_ITERATIONS,
      });
    });
  }
});
