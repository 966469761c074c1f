import { describe, expect, it } from 'vitest';
import {
  createDigestObserver,
  digestToHex,
  FNV64_OFFSET_BASIS,
  FNV64_PRIME,
  fnv1a64,
} from '../src/dynamics/digest.js';
import { mulberry32 } from './helpers/random.js';

const MASK_64 = (1n << 64n) - 1n;

/** The textbook definition, one BigInt step per byte: independent of digest.ts's 32-bit halves. */
function referenceFnv1a64(bytes: Iterable<number>): bigint {
  let h = 14695981039346656037n;
  for (const byte of bytes) h = ((h ^ BigInt(byte)) * 1099511628211n) & MASK_64;
  return h;
}

/** The byte string of a spike stream: each word as 4 little-endian bytes. */
function streamBytes(spikes: ReadonlyArray<readonly [number, number, number]>): Uint8Array {
  const bytes = new Uint8Array(spikes.length * 12);
  const view = new DataView(bytes.buffer);
  spikes.forEach(([iteration, ordinal, candidate], k) => {
    view.setUint32(12 * k, iteration >>> 0, true);
    view.setUint32(12 * k + 4, ordinal >>> 0, true);
    view.setUint32(12 * k + 8, candidate >>> 0, true);
  });
  return bytes;
}

describe('fnv1a64', () => {
  it('uses the published constants', () => {
    expect(FNV64_OFFSET_BASIS).toBe(14695981039346656037n);
    expect(FNV64_PRIME).toBe(1099511628211n);
  });

  it('matches the published FNV-1a 64 test vectors', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(fnv1a64(text(''))).toBe(0xcbf29ce484222325n);
    expect(fnv1a64(text('a'))).toBe(0xaf63dc4c8601ec8cn);
    expect(fnv1a64(text('foobar'))).toBe(0x85944171f73967e8n);
    for (const s of ['', 'a', 'foobar']) expect(referenceFnv1a64(text(s))).toBe(fnv1a64(text(s)));
  });

  it('agrees with the BigInt definition on random byte strings', () => {
    const random = mulberry32(7);
    for (let trial = 0; trial < 200; trial++) {
      const bytes = new Uint8Array(Math.floor(random() * 64));
      for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(random() * 256);
      expect(fnv1a64(bytes)).toBe(referenceFnv1a64(bytes));
    }
    // Bytes that drive the carries through every bit of both halves.
    const ones = new Uint8Array(1000).fill(0xff);
    expect(fnv1a64(ones)).toBe(referenceFnv1a64(ones));
  });

  it('prints 16 hex digits, zero-padded', () => {
    expect(digestToHex(0x1n)).toBe('0000000000000001');
    expect(digestToHex(0xcbf29ce484222325n)).toBe('cbf29ce484222325');
  });
});

describe('createDigestObserver', () => {
  it('gives the offset basis for an empty stream', () => {
    const d = createDigestObserver();
    expect(d.digest()).toBe(FNV64_OFFSET_BASIS);
    expect(d.hex()).toBe('cbf29ce484222325');
    expect(d.spikes()).toBe(0);
  });

  it('is FNV-1a 64 over the little-endian words (iteration, ordinal, candidate)', () => {
    const spikes: Array<[number, number, number]> = [
      [1, 0, 3],
      [1, 1, 0],
      [2, 0, 0xffffffff],
      [0x01020304, 0x0a0b0c0d, 7],
    ];
    const d = createDigestObserver();
    for (const [iteration, ordinal, candidate] of spikes)
      d.observer(iteration, ordinal, candidate, 1, 0.5);
    expect(d.digest()).toBe(referenceFnv1a64(streamBytes(spikes)));
    expect(d.spikes()).toBe(4);
    // A worked single spike: words 1, 0, 3 → bytes 01 00 00 00 00 00 00 00 03 00 00 00.
    const one = createDigestObserver();
    one.observer(1, 0, 3, -1, 2);
    expect(one.digest()).toBe(referenceFnv1a64([1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0]));
  });

  it('ignores side and correction, and depends on the order of the spikes', () => {
    const a = createDigestObserver();
    const b = createDigestObserver();
    a.observer(1, 0, 2, 1, 0.25);
    b.observer(1, 0, 2, -1, 99);
    expect(a.digest()).toBe(b.digest());
    const c = createDigestObserver();
    const d = createDigestObserver();
    c.observer(1, 0, 2, 1, 0);
    c.observer(1, 1, 5, 1, 0);
    d.observer(1, 0, 5, 1, 0);
    d.observer(1, 1, 2, 1, 0);
    expect(c.digest()).not.toBe(d.digest());
  });

  it('agrees with the BigInt definition on random streams', () => {
    const random = mulberry32(11);
    for (let trial = 0; trial < 50; trial++) {
      const spikes: Array<[number, number, number]> = [];
      const count = Math.floor(random() * 40);
      for (let k = 0; k < count; k++) {
        spikes.push([
          1 + Math.floor(random() * 5000),
          Math.floor(random() * 300),
          Math.floor(random() * 2 ** 32),
        ]);
      }
      const d = createDigestObserver();
      for (const [i, o, c] of spikes) d.observer(i, o, c, 1, 0);
      expect(d.digest()).toBe(referenceFnv1a64(streamBytes(spikes)));
    }
  });
});
