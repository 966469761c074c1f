/**
 * The addon's boundary: wrong input throws a TypeError or RangeError that
 * names the argument, never crashes; the kernel owns copies of its vectors
 * and reads its matrices in place, refusing (not reading) a detached one;
 * the event buffer grows when one iteration needs more room.
 */
import { describe, expect, it } from 'vitest';
import { createDigestObserver } from '../../core/src/dynamics/digest.js';
import { ReferenceKernel } from '../../core/src/dynamics/kernel.js';
import { prepareKernelSetup } from '../../core/src/dynamics/setup.js';
import { normalizeProblem } from '../../core/src/problem/normalize.js';
import { resolveOptions } from '../../core/src/solver/options.js';
import {
  createNativeKernel,
  isNativeAvailable,
  type KernelSetup,
  loadNativeAddon,
} from '../src/index.js';
import { randomCase } from './problems.js';

/** min ½|x|² − x₀ − x₁ s.t. x₀ + x₁ ≤ 1, 0 ≤ x ≤ 0.8 (n = 2, m = 1). */
function smallSetup() {
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

/** The flat object the addon's constructor takes. */
function flat(setup: KernelSetup): Record<string, unknown> {
  const p = setup.problem;
  return {
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
    norms: setup.norms,
    normsSq: setup.normsSq,
    k0: setup.k0,
    constraintTol: setup.constraintTol,
    maxSpikesPerSweep: setup.maxSpikesPerSweep,
    windowSize: setup.windowSize,
  };
}

describe('loading', () => {
  it('loads the addon', () => {
    expect(isNativeAvailable()).toBe(true);
    expect(typeof loadNativeAddon().Kernel).toBe('function');
  });
});

describe('argument checks', () => {
  const { Kernel } = loadNativeAddon();
  const good = flat(smallSetup());

  it('accepts a well-formed setup', () => {
    expect(() => new Kernel(good)).not.toThrow();
  });

  it.each([
    [
      'A',
      new Float64Array(3),
      RangeError,
      /setup\.A must have length 4 \(n×n = 2×2\), received length 3/,
    ],
    ['b', new Float32Array(2), TypeError, /setup\.b must be a Float64Array, received Float32Array/],
    ['C', [1, 1], TypeError, /setup\.C must be a Float64Array, received an Array/],
    ['gram', new Float64Array(2), RangeError, /setup\.gram must have length 1/],
    ['CT', new Float64Array(1), RangeError, /setup\.CT must have length 2 \(n×m = 2×1\)/],
    ['CT', null, TypeError, /setup\.CT must be a Float64Array, received null/],
    ['norms', undefined, TypeError, /setup\.norms must be a Float64Array, received undefined/],
    ['n', 2.5, RangeError, /setup\.n must be an integer/],
    ['n', '2', TypeError, /setup\.n must be a number, received a string/],
    ['m', -1, RangeError, /setup\.m must be an integer/],
    ['k0', Number.NaN, RangeError, /setup\.k0 must be finite, received NaN/],
    ['maxSpikesPerSweep', 1.5, RangeError, /setup\.maxSpikesPerSweep must be an integer/],
    ['windowSize', 0, RangeError, /setup\.windowSize must be an integer in \[1,/],
    ['windowSize', 2 ** 40, RangeError, /setup\.windowSize/],
    ['eventCapacity', 0, RangeError, /setup\.eventCapacity/],
  ])('rejects setup.%s = %s', (key, value, type, message) => {
    const bad = { ...good, [key]: value };
    expect(() => new Kernel(bad)).toThrow(type);
    expect(() => new Kernel(bad)).toThrow(message);
  });

  it('rejects a missing or non-object setup', () => {
    expect(() => new Kernel(undefined as never)).toThrow(TypeError);
    expect(() => new Kernel(null as never)).toThrow(/setup must be an object, received null/);
  });

  it('rejects a size that makes candidate ids overflow 32 bits', () => {
    expect(() => new Kernel({ ...good, n: 2 ** 31 })).toThrow(RangeError);
  });

  it('checks reset, advance, readX, readSpikeCounts and reserveEvents', () => {
    const k = new Kernel(good);
    expect(() => k.reset(new Float64Array(3))).toThrow(
      /x0 must have length 2 \(n = 2\), received length 3/,
    );
    expect(() => k.reset([0, 0] as never)).toThrow(TypeError);
    expect(() => k.advance(-1, false)).toThrow(RangeError);
    expect(() => k.advance(1.5, false)).toThrow(/iterations must be an integer/);
    expect(() => k.advance(Number.POSITIVE_INFINITY, false)).toThrow(RangeError);
    expect(() => k.advance('3' as never, false)).toThrow(TypeError);
    expect(() => k.readX(new Float64Array(1))).toThrow(RangeError);
    expect(() => k.readX(new Uint32Array(2) as never)).toThrow(TypeError);
    expect(() => k.readSpikeCounts(new Uint32Array(4))).toThrow(/m \+ 2n = 5/);
    expect(() => k.reserveEvents(0)).toThrow(RangeError);
    expect(k.reserveEvents(10)).toBeGreaterThanOrEqual(10);
  });

  it('throws instead of crashing when a method is called on a foreign object', () => {
    const k = new Kernel(good);
    const advance = Object.getPrototypeOf(k).advance as (...args: unknown[]) => unknown;
    expect(() => advance.call({}, 1, false)).toThrow();
  });

  it('the wrapper checks the observer and the iteration count', () => {
    const kernel = createNativeKernel(smallSetup());
    kernel.reset(new Float64Array(2));
    expect(() => kernel.advance(1, 42 as never)).toThrow(TypeError);
    expect(() => kernel.advance(-3, () => {})).toThrow(RangeError);
    expect(() => kernel.advance(Number.NaN)).toThrow(RangeError);
  });
});

describe('ownership and state', () => {
  it('copies its inputs: later changes to the caller’s arrays have no effect', () => {
    const setup = smallSetup();
    const b = setup.problem.b.slice();
    const mutable = { ...setup, problem: { ...setup.problem, b } };
    const kernel = createNativeKernel(mutable);
    const x0 = Float64Array.of(0.1, 0.2);
    kernel.reset(x0);
    b.fill(100);
    x0.fill(-7);
    kernel.advance(50);
    const ref = new ReferenceKernel(setup);
    ref.reset(Float64Array.of(0.1, 0.2));
    ref.advance(50);
    expect(Array.from(kernel.x)).toEqual(Array.from(ref.x));
  });

  it('reads the matrices in place, as the TypeScript kernel does', () => {
    const setup = smallSetup();
    const A = setup.problem.A.slice();
    const kernel = createNativeKernel({ ...setup, problem: { ...setup.problem, A } });
    // A changed after construction: the native kernel sees it, like the reference on the same setup.
    A[0] = 3;
    const changed = { ...setup, problem: { ...setup.problem, A } };
    kernel.reset(Float64Array.of(0.1, 0.2));
    kernel.advance(50);
    const ref = new ReferenceKernel(changed);
    ref.reset(Float64Array.of(0.1, 0.2));
    ref.advance(50);
    expect(Array.from(kernel.x)).toEqual(Array.from(ref.x));
    const before = new ReferenceKernel(setup);
    before.reset(Float64Array.of(0.1, 0.2));
    before.advance(50);
    expect(Array.from(kernel.x)).not.toEqual(Array.from(before.x));
  });

  it.each(['A', 'C', 'gram', 'CT'] as const)(
    'refuses to run on a detached %s (a TypeError, not a read of freed memory)',
    (name) => {
      const setup = smallSetup();
      const problem = { ...setup.problem, A: setup.problem.A.slice(), C: setup.problem.C.slice() };
      const own = { ...setup, problem, gram: setup.gram.slice(), CT: setup.CT?.slice() };
      const kernel = createNativeKernel(own);
      kernel.reset(Float64Array.of(0.1, 0.2));
      const array = name === 'A' || name === 'C' ? problem[name] : own[name];
      if (!array) throw new Error(`the setup has no ${name}`);
      // Transferring the buffer detaches it from this realm.
      structuredClone(array.buffer, { transfer: [array.buffer] });
      expect(array.length).toBe(0);
      expect(() => kernel.advance(5)).toThrow(new RegExp(`setup\\.${name} was detached`));
      expect(() => kernel.reset(Float64Array.of(0, 0))).toThrow(TypeError);
    },
  );

  it('refuses to run on a shrunk resizable buffer (a TypeError, not a read of freed memory)', () => {
    const setup = smallSetup();
    // Resizable ArrayBuffers are ES2024 (Node 20 has them); the project's lib is ES2022.
    const Resizable = ArrayBuffer as unknown as new (
      byteLength: number,
      options: { maxByteLength: number },
    ) => ArrayBuffer & { resize(byteLength: number): void };
    const buffer = new Resizable(setup.problem.A.byteLength, {
      maxByteLength: setup.problem.A.byteLength,
    });
    const A = new Float64Array(buffer);
    A.set(setup.problem.A);
    const kernel = createNativeKernel({ ...setup, problem: { ...setup.problem, A } });
    kernel.reset(Float64Array.of(0.1, 0.2));
    kernel.advance(2);
    buffer.resize(8);
    expect(A.length).toBe(1);
    expect(() => kernel.advance(5)).toThrow(
      /setup\.A was detached or resized after the kernel received it \(length 1, expected 4\)/,
    );
    expect(() => kernel.reset(Float64Array.of(0, 0))).toThrow(TypeError);
  });

  it('builds its own transpose of C when the setup has none, with the same iterates and spikes', () => {
    for (const seed of [3, 11, 29, 47]) {
      const c = randomCase(seed);
      const withCT = createNativeKernel(c.setup);
      const withoutCT = createNativeKernel({ ...c.setup, CT: undefined });
      for (const k of [withCT, withoutCT]) {
        k.reset(c.x0);
        k.advance(Math.min(c.iterations, 200));
      }
      expect(withoutCT.digestHex(), c.label).toBe(withCT.digestHex());
      expect(Array.from(withoutCT.x), c.label).toEqual(Array.from(withCT.x));
      expect(withoutCT.spikes, c.label).toBeGreaterThan(0);
    }
  });

  it('keeps x and spikeCounts as the same arrays, refreshed after each call', () => {
    const kernel = createNativeKernel(smallSetup());
    const { x, spikeCounts } = kernel;
    kernel.reset(Float64Array.of(0, 0));
    kernel.advance(20);
    expect(kernel.x).toBe(x);
    expect(kernel.spikeCounts).toBe(spikeCounts);
    expect(kernel.iteration).toBe(20);
    expect(x[0] + x[1]).toBeLessThanOrEqual(1 + 1e-6);
    expect(spikeCounts.reduce((s, c) => s + c, 0)).toBe(kernel.spikes);
    expect(kernel.objectiveWindow().length).toBe(10);
    kernel.reset(Float64Array.of(0, 0));
    expect(kernel.iteration).toBe(0);
    expect(kernel.spikes).toBe(0);
    expect(kernel.objectiveWindow().length).toBe(0);
    expect(kernel.digestHex()).toBe('cbf29ce484222325');
    expect(kernel.observerStats()).toEqual({
      spikes: 0,
      totalCorrection: 0,
      firstCandidate: -1,
      lastCandidate: -1,
    });
  });

  it('runs before any reset from x = 0, like the reference', () => {
    const setup = smallSetup();
    const kernel = createNativeKernel(setup);
    const ref = new ReferenceKernel(setup);
    kernel.advance(5);
    ref.advance(5);
    expect(Array.from(kernel.x)).toEqual(Array.from(ref.x));
  });
});

describe('event buffer', () => {
  it('grows when a single iteration fires more spikes than it holds', () => {
    // x ≤ 0 and x ≥ 1 on one variable: every sweep ping-pongs 40 times, then exhausts.
    const problem = normalizeProblem({
      b: [0],
      C: [[1], [1]],
      lo: [-Infinity, 1],
      hi: [0, Infinity],
    });
    const setup = prepareKernelSetup(problem, resolveOptions({ maxSpikesPerSweep: 40 }));
    const kernel = createNativeKernel(setup, { eventCapacity: 3 });
    const d = createDigestObserver();
    const seen: number[] = [];
    kernel.reset(Float64Array.of(0.5));
    const status = kernel.advance(5, (it, ord, cand, side, corr) => {
      d.observer(it, ord, cand, side, corr);
      seen.push(cand);
    });
    expect(status).toBe('projection_budget_exhausted');
    expect(seen.length).toBe(40);
    expect(kernel.digest()).toBe(d.digest());
    const ref = new ReferenceKernel(setup);
    const refSeen: number[] = [];
    ref.reset(Float64Array.of(0.5));
    ref.advance(5, (_it, _ord, cand) => refSeen.push(cand));
    expect(seen).toEqual(refSeen);
  });
});
