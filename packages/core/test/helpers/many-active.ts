/**
 * A random strictly convex QP (m = n/2 rows c·x ≤ 0.1 with uniform coefficients, box
 * [−1, 1], A = I + QᵀQ/n) whose optimum has many active facets: about 90 at n = 120, 163
 * at n = 200. A fixed linear congruential generator makes it reproducible.
 */
export function manyActiveFacets(n: number) {
  const m = n / 2;
  let seed = 1;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  const Q = Array.from({ length: n * n }, rnd);
  const A = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let s = i === j ? 1 : 0;
      for (let k = 0; k < n; k++) s += (Q[k * n + i] * Q[k * n + j]) / n;
      return s;
    }),
  );
  const b = Array.from({ length: n }, () => 10 * rnd());
  const C = Array.from({ length: m }, () => Array.from({ length: n }, rnd));
  return {
    n,
    A,
    b,
    C,
    lo: new Array(m).fill(-Infinity),
    hi: new Array(m).fill(0.1),
    lower: new Array(n).fill(-1),
    upper: new Array(n).fill(1),
  };
}
