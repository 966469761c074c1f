import type { SpikeObserver } from './sweep.js';

/**
 * An order-sensitive fingerprint of a spike stream, the same one the C++
 * kernel keeps (kernels/snn_kernel.hpp, `Observer::digest`), so that two
 * backends can be shown to have fired the same spikes in the same order
 * without storing the events.
 *
 * Definition: 64-bit FNV-1a over the 32-bit words (iteration, ordinal,
 * candidate) of every spike in stream order, each word fed as its 4 bytes
 * least significant first. The state starts at the offset basis
 * 14695981039346656037 and each byte does `h = (h XOR byte) · 1099511628211
 * mod 2⁶⁴`. Words are taken mod 2³². A run split into chunks gives the same
 * digest as one run because the state carries over; an empty stream gives
 * the offset basis.
 */

/** FNV-1a 64 offset basis. */
export const FNV64_OFFSET_BASIS = 0xcbf29ce484222325n;
/** FNV-1a 64 prime, 2⁴⁰ + 0x1b3. */
export const FNV64_PRIME = 0x100000001b3n;

const TWO_32 = 4294967296;

/**
 * FNV-1a 64 state held in two unsigned 32-bit halves (plain numbers, no
 * BigInt on the hot path). Multiplying by the prime 2⁴⁰ + 0x1b3 mod 2⁶⁴:
 *   low  = lo·0x1b3 mod 2³²
 *   high = hi·0x1b3 + ⌊lo·0x1b3 / 2³²⌋ + (lo << 8) mod 2³²
 * Every intermediate stays below 2⁵³, so it is exact in a double.
 */
class Fnv64 {
  private hi = 0xcbf29ce4;
  private lo = 0x84222325;

  byte(value: number): void {
    const lo = (this.lo ^ (value & 0xff)) >>> 0;
    const loProduct = lo * 0x1b3;
    const carry = Math.floor(loProduct / TWO_32);
    this.hi = (this.hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
    this.lo = loProduct >>> 0;
  }

  word(value: number): void {
    const w = value >>> 0;
    this.byte(w);
    this.byte(w >>> 8);
    this.byte(w >>> 16);
    this.byte(w >>> 24);
  }

  value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }
}

/** FNV-1a 64 of a byte string. */
export function fnv1a64(bytes: Uint8Array): bigint {
  const h = new Fnv64();
  for (let k = 0; k < bytes.length; k++) h.byte(bytes[k]);
  return h.value();
}

/** A digest as 16 lowercase hex digits. */
export function digestToHex(digest: bigint): string {
  return digest.toString(16).padStart(16, '0');
}

/** A spike observer that folds the stream into its digest. */
export interface DigestObserver {
  /** Pass to `DynamicsKernel.advance`; keeps folding across chunks. */
  readonly observer: SpikeObserver;
  /** The digest of every spike seen so far (the offset basis before any). */
  digest(): bigint;
  /** {@link digest} as 16 lowercase hex digits. */
  hex(): string;
  /** Spikes seen so far. */
  spikes(): number;
}

/** Creates an observer that computes the spike-stream digest defined above. */
export function createDigestObserver(): DigestObserver {
  const h = new Fnv64();
  let spikes = 0;
  const observer: SpikeObserver = (iteration, ordinal, candidate) => {
    h.word(iteration);
    h.word(ordinal);
    h.word(candidate);
    spikes++;
  };
  return {
    observer,
    digest: () => h.value(),
    hex: () => digestToHex(h.value()),
    spikes: () => spikes,
  };
}
