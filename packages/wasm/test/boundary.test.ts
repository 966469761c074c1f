/**
 * The kernel's boundary: wrong input throws a TypeError or RangeError that
 * names the argument before anything reaches WebAssembly, never a trap; a
 * rejected call leaves the kernel working; inputs are copied; disposal and
 * the FinalizationRegistry free the memory; the event buffer grows when one
 * iteration needs more room, and exhausted memory is an error, not a crash.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDigestObserver } from '../../core/src/dynamics/digest.js';
import {
  type KernelSetup as CoreKernelSetup,
  ReferenceKernel,
} from '../../core/src/dynamics/kernel.js';
import { prepareKernelSetup } from '../../core/src/dynamics/setup.js';
import { normalizeProblem } from '../../core/src/problem/normalize.js';
import { resolveOptions } from '../../core/src/solver/options.js';
import {
  instantiateWasmBackend,
  type KernelSetup,
  loadWasmBackend,
  loadWasmModule,
  type WasmBackend,
} from '../src/node.js';

/** min ½|x|² − x₀ − x₁ s.t. x₀ + x₁ ≤ 1, 0 ≤ x ≤ 0.8 (n = 2, m = 1). */
function smallSetup(): KernelSetup {
  const problem = normalizeProblem({
    A: [
      [1, 0],
      [0, 1],
    ],
    b: [-1, -1],
    C: [[1, 1]],
    hi: [1],
    lower: 0,
    upper: 0.8,
  });
  return prepareKernelSetup(problem, resolveOptions({}));
}

/** One variable with x ≤ 0 and x ≥ 1: every sweep ping-pongs to its cap. */
function pingPongSetup(cap: number): KernelSetup {
  const problem = normalizeProblem({
    b: [0],
    C: [[1], [1]],
    lo: [-Infinity, 1],
    hi: [0, Infinity],
  });
  return prepareKernelSetup(problem, resolveOptions({ maxSpikesPerSweep: cap }));
}

function referenceRun(setup: KernelSetup, x0: Float64Array, iterations: number) {
  const ref = new ReferenceKernel(setup as CoreKernelSetup);
  ref.reset(x0);
  const status = ref.advance(iterations);
  return { status, x: Array.from(ref.x), iteration: ref.iteration, spikes: ref.spikes };
}

/** WebAssembly.RuntimeError (a trap); the repository's lib settings have no WebAssembly types. */
const WasmRuntimeError = (
  globalThis as unknown as { WebAssembly: { RuntimeError: ErrorConstructor } }
).WebAssembly.RuntimeError;

/** Calls f and returns what it threw (or null). */
function thrown(f: () => unknown): unknown {
  try {
    f();
    return null;
  } catch (error) {
    return error;
  }
}

let backend: WasmBackend;
beforeAll(async () => {
  backend = await loadWasmBackend();
});

type Mutation = [string, (s: KernelSetup) => unknown, ErrorConstructor, RegExp];

/** Replaces one field of the problem. */
const inProblem = (key: string, value: unknown) => (s: KernelSetup) => ({
  ...s,
  problem: { ...s.problem, [key]: value },
});
/** Replaces one field of the setup. */
const inSetup = (key: string, value: unknown) => (s: KernelSetup) => ({ ...s, [key]: value });

const mutations: Mutation[] = [
  [
    'A too short',
    inProblem('A', new Float64Array(3)),
    RangeError,
    /setup\.problem\.A must have length 4 \(n×n = 2×2\), received length 3/,
  ],
  [
    'b Float32Array',
    inProblem('b', new Float32Array(2)),
    TypeError,
    /setup\.problem\.b must be a Float64Array, received Float32Array/,
  ],
  [
    'C plain Array',
    inProblem('C', [1, 1]),
    TypeError,
    /setup\.problem\.C must be a Float64Array, received an Array/,
  ],
  [
    'C too long',
    inProblem('C', new Float64Array(3)),
    RangeError,
    /setup\.problem\.C must have length 2 \(m×n = 1×2\)/,
  ],
  [
    'lo missing',
    inProblem('lo', undefined),
    TypeError,
    /setup\.problem\.lo must be a Float64Array, received undefined/,
  ],
  [
    'hi too long',
    inProblem('hi', new Float64Array(2)),
    RangeError,
    /setup\.problem\.hi must have length 1 \(m = 1\)/,
  ],
  [
    'lower too short',
    inProblem('lower', new Float64Array(1)),
    RangeError,
    /setup\.problem\.lower must have length 2 \(n = 2\)/,
  ],
  [
    'upper DataView',
    inProblem('upper', new DataView(new ArrayBuffer(16))),
    TypeError,
    /setup\.problem\.upper must be a Float64Array, received DataView/,
  ],
  [
    'gram too long',
    inSetup('gram', new Float64Array(2)),
    RangeError,
    /setup\.gram must have length 1 \(m×m = 1×1\)/,
  ],
  [
    'norms null',
    inSetup('norms', null),
    TypeError,
    /setup\.norms must be a Float64Array, received null/,
  ],
  [
    'normsSq empty',
    inSetup('normsSq', new Float64Array(0)),
    RangeError,
    /setup\.normsSq must have length 1/,
  ],
  ['n fractional', inProblem('n', 2.5), RangeError, /setup\.problem\.n must be an integer/],
  [
    'n string',
    inProblem('n', '2'),
    TypeError,
    /setup\.problem\.n must be a number, received a string/,
  ],
  [
    'n too large for 32-bit candidate ids',
    inProblem('n', 2 ** 31),
    RangeError,
    /setup\.problem\.n must be an integer in \[0, 2147483647\]/,
  ],
  ['m negative', inProblem('m', -1), RangeError, /setup\.problem\.m must be an integer/],
  [
    'm NaN',
    inProblem('m', Number.NaN),
    RangeError,
    /setup\.problem\.m must be an integer .* received NaN/,
  ],
  ['k0 NaN', inSetup('k0', Number.NaN), RangeError, /setup\.k0 must be finite, received NaN/],
  [
    'k0 Infinity',
    inSetup('k0', Number.POSITIVE_INFINITY),
    RangeError,
    /setup\.k0 must be finite, received Infinity/,
  ],
  [
    'constraintTol string',
    inSetup('constraintTol', '1e-6'),
    TypeError,
    /setup\.constraintTol must be a number/,
  ],
  [
    'maxSpikesPerSweep fractional',
    inSetup('maxSpikesPerSweep', 1.5),
    RangeError,
    /setup\.maxSpikesPerSweep must be an integer/,
  ],
  [
    'maxSpikesPerSweep Infinity',
    inSetup('maxSpikesPerSweep', Number.POSITIVE_INFINITY),
    RangeError,
    /setup\.maxSpikesPerSweep/,
  ],
  [
    'windowSize 0',
    inSetup('windowSize', 0),
    RangeError,
    /setup\.windowSize must be an integer in \[1, 16777216\], received 0/,
  ],
  ['windowSize 2^40', inSetup('windowSize', 2 ** 40), RangeError, /setup\.windowSize/],
  [
    'problem missing',
    inSetup('problem', undefined),
    TypeError,
    /setup\.problem must be an object, received undefined/,
  ],
];

describe('argument checks', () => {
  it('accepts a well-formed setup', () => {
    expect(() => backend.createKernel(smallSetup()).dispose()).not.toThrow();
  });

  it.each(mutations)('rejects %s', (_name, mutate, type, message) => {
    const bad = mutate(smallSetup()) as KernelSetup;
    const error = thrown(() => backend.createKernel(bad));
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
    expect(error).not.toBeInstanceOf(WasmRuntimeError);
  });

  it('rejects a missing or non-object setup and bad options', () => {
    expect(() => backend.createKernel(undefined as never)).toThrow(TypeError);
    expect(() => backend.createKernel(null as never)).toThrow(
      /setup must be a KernelSetup .* received null/,
    );
    expect(() => backend.createKernel(42 as never)).toThrow(TypeError);
    expect(() => backend.createKernel(smallSetup(), null as never)).toThrow(
      /options must be an object/,
    );
    expect(() => backend.createKernel(smallSetup(), { eventCapacity: 0 })).toThrow(
      /options\.eventCapacity must be an integer in \[1, 16777216\], received 0/,
    );
    expect(() => backend.createKernel(smallSetup(), { eventCapacity: 2 ** 25 })).toThrow(
      RangeError,
    );
    expect(() => backend.createKernel(smallSetup(), { eventCapacity: '8' as never })).toThrow(
      TypeError,
    );
  });

  it('does not allocate for a rejected setup', () => {
    const before = backend.memoryBytes();
    for (let k = 0; k < 100; k++) {
      expect(() =>
        backend.createKernel(inSetup('windowSize', 0)(smallSetup()) as KernelSetup),
      ).toThrow();
    }
    expect(backend.memoryBytes()).toBe(before);
  });

  it('checks reset, advance and the observer, and keeps working after a rejected call', () => {
    const setup = smallSetup();
    const k = backend.createKernel(setup);
    k.reset(Float64Array.of(0.1, 0.2));
    k.advance(3);
    const calls: Array<[() => unknown, ErrorConstructor, RegExp]> = [
      [
        () => k.reset(new Float64Array(3)),
        RangeError,
        /x0 must have length 2 \(n = 2\), received length 3/,
      ],
      [() => k.reset([0, 0] as never), TypeError, /x0 must be a Float64Array, received an Array/],
      [
        () => k.reset(undefined as never),
        TypeError,
        /x0 must be a Float64Array, received undefined/,
      ],
      [
        () => k.advance(-1),
        RangeError,
        /iterations must be an integer in \[0, 9007199254740991\], received -1/,
      ],
      [() => k.advance(1.5), RangeError, /iterations must be an integer/],
      [() => k.advance(Number.POSITIVE_INFINITY), RangeError, /iterations/],
      [() => k.advance(Number.NaN), RangeError, /received NaN/],
      [() => k.advance(2 ** 53), RangeError, /iterations/],
      [() => k.advance('3' as never), TypeError, /iterations must be a number, received a string/],
      [
        () => k.advance(1, 42 as never),
        TypeError,
        /observer must be a function or null, received 42/,
      ],
      [() => k.advance(-3, () => {}), RangeError, /iterations/],
    ];
    for (const [call, type, message] of calls) {
      const error = thrown(call);
      expect(error).toBeInstanceOf(type);
      expect((error as Error).message).toMatch(message);
    }
    // Nothing above reached the module: the run continues as if they never happened.
    k.advance(47);
    const ref = referenceRun(setup, Float64Array.of(0.1, 0.2), 50);
    expect(Array.from(k.x)).toEqual(ref.x);
    expect(k.iteration).toBe(50);
    expect(k.spikes).toBe(ref.spikes);
    k.dispose();
  });

  it('advance(0) does nothing and reports running', () => {
    const k = backend.createKernel(smallSetup());
    k.reset(Float64Array.of(0.3, 0.3));
    expect(k.advance(0)).toBe('running');
    expect(k.advance(0, () => {})).toBe('running');
    expect(k.iteration).toBe(0);
    expect(Array.from(k.x)).toEqual([0.3, 0.3]);
    k.dispose();
  });

  it('handles an empty problem (n = 0, m = 0)', () => {
    const setup: KernelSetup = {
      problem: {
        n: 0,
        m: 0,
        A: new Float64Array(0),
        b: new Float64Array(0),
        C: new Float64Array(0),
        lo: new Float64Array(0),
        hi: new Float64Array(0),
        lower: new Float64Array(0),
        upper: new Float64Array(0),
      },
      k0: 1,
      gram: new Float64Array(0),
      norms: new Float64Array(0),
      normsSq: new Float64Array(0),
      constraintTol: 1e-6,
      maxSpikesPerSweep: 10,
      windowSize: 3,
    };
    const k = backend.createKernel(setup);
    k.reset(new Float64Array(0));
    expect(k.advance(5, () => {})).toBe('running');
    expect(k.iteration).toBe(5);
    expect(Array.from(k.objectiveWindow())).toEqual([0, 0, 0]);
    k.dispose();
  });
});

describe('ownership and state', () => {
  it('copies its inputs: later changes to the caller’s arrays have no effect', () => {
    const setup = smallSetup();
    const b = setup.problem.b.slice();
    const gram = setup.gram.slice();
    const k = backend.createKernel({ ...setup, gram, problem: { ...setup.problem, b } });
    const x0 = Float64Array.of(0.1, 0.2);
    k.reset(x0);
    b.fill(100);
    gram.fill(-3);
    x0.fill(-7);
    k.advance(50);
    expect(Array.from(k.x)).toEqual(referenceRun(setup, Float64Array.of(0.1, 0.2), 50).x);
    k.dispose();
  });

  it('keeps x and spikeCounts as the same arrays, refreshed after each call', () => {
    const k = backend.createKernel(smallSetup());
    const { x, spikeCounts } = k;
    k.reset(Float64Array.of(0, 0));
    k.advance(20);
    expect(k.x).toBe(x);
    expect(k.spikeCounts).toBe(spikeCounts);
    expect(k.iteration).toBe(20);
    expect(x[0] + x[1]).toBeLessThanOrEqual(1 + 1e-6);
    expect(spikeCounts.reduce((s, c) => s + c, 0)).toBe(k.spikes);
    expect(k.objectiveWindow().length).toBe(10);
    // The caller may scribble on x; the kernel's own state is not affected.
    x.fill(123);
    k.advance(1);
    expect(x[0]).not.toBe(123);
    k.reset(Float64Array.of(0, 0));
    expect(k.iteration).toBe(0);
    expect(k.spikes).toBe(0);
    expect(k.objectiveWindow().length).toBe(0);
    expect(k.digestHex()).toBe('cbf29ce484222325');
    expect(k.observerStats()).toEqual({
      spikes: 0,
      totalCorrection: 0,
      firstCandidate: -1,
      lastCandidate: -1,
    });
    k.dispose();
  });

  it('runs before any reset from x = 0, like the reference', () => {
    const setup = smallSetup();
    const k = backend.createKernel(setup);
    const ref = new ReferenceKernel(setup as CoreKernelSetup);
    expect(k.advance(5)).toBe(ref.advance(5));
    expect(Array.from(k.x)).toEqual(Array.from(ref.x));
    k.dispose();
  });

  it('lets an observer that throws propagate the error and stays usable', () => {
    const setup = pingPongSetup(6);
    const k = backend.createKernel(setup);
    k.reset(Float64Array.of(0.5));
    expect(() =>
      k.advance(3, () => {
        throw new Error('observer says no');
      }),
    ).toThrow('observer says no');
    // The chunk ran (the observer only sees it afterwards): x, counts and totals agree.
    expect(k.iteration).toBe(1);
    expect(k.spikeCounts.reduce((s, c) => s + c, 0)).toBe(k.spikes);
    k.reset(Float64Array.of(0.5));
    expect(k.advance(3)).toBe('projection_budget_exhausted');
    k.dispose();
  });
});

describe('dispose and the finalization safety net', () => {
  it('frees on dispose; afterwards the state reads keep their values and calls throw', () => {
    const k = backend.createKernel(smallSetup());
    k.reset(Float64Array.of(0.25, 0.5));
    k.advance(7);
    const x = Array.from(k.x);
    const spikes = k.spikes;
    expect(k.disposed).toBe(false);
    k.dispose();
    expect(k.disposed).toBe(true);
    k.dispose(); // a second call does nothing
    expect(Array.from(k.x)).toEqual(x);
    expect(k.iteration).toBe(7);
    expect(k.spikes).toBe(spikes);
    for (const call of [
      () => k.advance(1),
      () => k.reset(Float64Array.of(0, 0)),
      () => k.objectiveWindow(),
      () => k.digest(),
      () => k.observerStats(),
    ]) {
      expect(call).toThrow(/has been disposed/);
    }
  });

  it('refuses to continue when the observer disposes its own kernel', () => {
    const k = backend.createKernel(pingPongSetup(4), { eventCapacity: 1 });
    k.reset(Float64Array.of(0.5));
    expect(() => k.advance(1, () => k.dispose())).toThrow(/disposed by its own observer/);
    expect(k.disposed).toBe(true);
  });

  it('reuses memory when kernels are disposed', async () => {
    const isolated = await instantiateWasmBackend(await loadWasmModule());
    const setup = smallSetup();
    for (let round = 0; round < 40; round++) {
      // About 100 MB of event buffer each: 40 of them would not fit in 2 GiB.
      const k = isolated.createKernel(setup, { eventCapacity: 1 << 22 });
      k.reset(Float64Array.of(0, 0));
      k.advance(2);
      k.dispose();
    }
    expect(isolated.memoryBytes()).toBeLessThan(300 * 2 ** 20);
  });

  it('frees kernels that are garbage-collected without dispose', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'vitest.config.ts passes --expose-gc').toBeTypeOf('function');
    const isolated = await instantiateWasmBackend(await loadWasmModule());
    const setup = smallSetup();
    const settle = async () => {
      gc?.();
      for (let t = 0; t < 3; t++) await new Promise((resolve) => setTimeout(resolve, 0));
    };
    let created = 0;
    for (let round = 0; round < 40; round++) {
      let k: ReturnType<WasmBackend['createKernel']> | null = null;
      for (let attempt = 0; k === null; attempt++) {
        try {
          k = isolated.createKernel(setup, { eventCapacity: 1 << 22 });
        } catch (error) {
          // Only if the registry has not caught up yet: collect and try again.
          if (!(error instanceof RangeError) || attempt > 20) throw error;
          await settle();
        }
      }
      k.reset(Float64Array.of(0, 0));
      k.advance(1);
      created++;
      k = null; // dropped without dispose()
      await settle();
    }
    expect(created).toBe(40);
    // 40 × 100 MB were created, far more than 2 GiB: the lost ones were freed.
    expect(isolated.memoryBytes()).toBeLessThanOrEqual(2 ** 31);
  });
});

describe('event buffer', () => {
  it('grows when a single iteration fires more spikes than it holds', () => {
    const setup = pingPongSetup(40);
    const k = backend.createKernel(setup, { eventCapacity: 3 });
    const d = createDigestObserver();
    const seen: number[] = [];
    k.reset(Float64Array.of(0.5));
    const status = k.advance(5, (it, ord, cand, side, corr) => {
      d.observer(it, ord, cand, side, corr);
      seen.push(cand);
    });
    expect(status).toBe('projection_budget_exhausted');
    expect(seen.length).toBe(40);
    expect(k.digest()).toBe(d.digest());
    const ref = new ReferenceKernel(setup as CoreKernelSetup);
    const refSeen: number[] = [];
    ref.reset(Float64Array.of(0.5));
    ref.advance(5, (_it, _ord, cand) => refSeen.push(cand));
    expect(seen).toEqual(refSeen);
    k.dispose();
  });

  it('refuses, without losing state, when one iteration fires more spikes than an observer can be sent', () => {
    const setup = pingPongSetup(2 ** 24 + 1);
    const k = backend.createKernel(setup, { eventCapacity: 1 });
    k.reset(Float64Array.of(0.5));
    expect(() => k.advance(1, () => {})).toThrow(/one iteration fired 16777217 spikes/);
    // The overflowed chunk was undone.
    expect(k.iteration).toBe(0);
    expect(k.spikes).toBe(0);
    expect(k.digestHex()).toBe('cbf29ce484222325');
    k.dispose();
  });
});

describe('memory exhaustion', () => {
  it('is a RangeError, not a trap, and the instance recovers', async () => {
    const isolated = await instantiateWasmBackend(await loadWasmModule());
    const setup = { ...smallSetup(), windowSize: 2 ** 24 }; // 3 × 128 MB of window buffers
    const kernels = [];
    let error: unknown = null;
    for (let k = 0; k < 8 && error === null; k++) {
      try {
        kernels.push(isolated.createKernel(setup));
      } catch (e) {
        error = e;
      }
    }
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/WebAssembly memory is exhausted/);
    expect(kernels.length).toBeGreaterThanOrEqual(3);
    // Those that were made still work; after freeing them there is room again.
    kernels[0].reset(Float64Array.of(0, 0));
    expect(kernels[0].advance(3)).toBe('running');
    for (const k of kernels) k.dispose();
    const again = isolated.createKernel(setup);
    again.reset(Float64Array.of(0, 0));
    expect(again.advance(3)).toBe('running');
    again.dispose();
  });
});
