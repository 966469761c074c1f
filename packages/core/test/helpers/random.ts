/** Deterministic uniform draws in [0, 1) (mulberry32), for reproducible test data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform and standard normal (Box–Muller) draws from one mulberry32 stream. */
export function gaussianSource(seed: number): { u: () => number; g: () => number } {
  const u = mulberry32(seed);
  const g = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  return { u, g };
}
