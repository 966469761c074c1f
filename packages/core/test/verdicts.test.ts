import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJsonProblem } from '../src/io/json-problem.js';
import { rowNorms } from '../src/problem/facets.js';
import { normalizeProblem } from '../src/problem/normalize.js';
import type { ProblemInput, QPProblem } from '../src/problem/types.js';
import { measureFeasibility } from '../src/solver/feasibility.js';
import {
  checkInfeasibilityCertificate,
  checkUnboundedDirection,
  diagnose,
  findFeasiblePoint,
  findInfeasibilityCertificate,
  findUnboundedDirection,
  type InfeasibilityCertificate,
} from '../src/verdicts/index.js';
import { gaussianSource } from './helpers/random.js';

const INF = Infinity;
/** Tolerance for comparing a certificate with a file's reference after both are scaled to max-norm 1. */
const SHAPE_TOL = 1e-9;

/** Deterministic generator (mulberry32) with Gaussian and log-uniform draws. */
function rng(seed: number) {
  const { u, g } = gaussianSource(seed);
  const logU = (lo: number, hi: number): number => 10 ** (lo + (hi - lo) * u());
  const int = (lo: number, hi: number): number => lo + Math.floor(u() * (hi - lo + 1));
  const vec = (n: number, s = 1): number[] => Array.from({ length: n }, () => s * g());
  return { u, g, logU, int, vec };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const scaledMax = (v: ArrayLike<number>): number[] => {
  const big = Math.max(...Array.from(v, Math.abs));
  return Array.from(v, (x) => x / big);
};
const norms = (p: QPProblem): Float64Array => rowNorms(p.C, p.m, p.n);

function loadCase(name: string): {
  problem: QPProblem;
  x0: Float64Array;
  expected: Record<string, unknown>;
} {
  const text = readFileSync(new URL(`./fixtures/cases/${name}.json`, import.meta.url), 'utf8');
  const file = parseJsonProblem(text, name);
  const problem = normalizeProblem(file.problem);
  const x0 = Float64Array.from(file.x0 ?? new Array<number>(problem.n).fill(0));
  return {
    problem,
    x0,
    expected: (JSON.parse(text) as { expected: Record<string, unknown> }).expected,
  };
}

/** HS21: min 0.01x₁² + x₂² − 100 s.t. 10x₁ − x₂ ≥ 10, 2 ≤ x₁ ≤ 50, −50 ≤ x₂ ≤ 50; optimum (2, 0). */
const hs21 = normalizeProblem({
  A: [
    [0.02, 0],
    [0, 2],
  ],
  b: [0, 0],
  C: [[10, -1]],
  lo: [10],
  hi: [INF],
  lower: [2, -50],
  upper: [50, 50],
  objectiveConstant: -100,
});

function expectInfeasible(p: QPProblem, reference?: Float64Array): InfeasibilityCertificate {
  const cert = findInfeasibilityCertificate(p, norms(p), reference);
  expect(cert).not.toBeNull();
  expect(checkInfeasibilityCertificate(p, cert!)).toEqual({ valid: true, reason: 'ok' });
  expect(cert!.offsetGap).toBeLessThan(0);
  return cert!;
}

describe('fixture cases', () => {
  it("07: infeasible, certificate proportional to the file's Farkas vector (1, 1)", () => {
    const { problem, x0, expected } = loadCase('07_contradictory_rows_infeasible');
    const ref = (expected.farkas_certificate as { y: number[] }).y;
    for (const reference of [undefined, x0]) {
      const cert = expectInfeasible(problem, reference);
      expect(scaledMax(cert.rowMultipliers)).toEqual(ref.map((v) => expect.closeTo(v, 9)));
      expect(
        Array.from(cert.lowerBoundMultipliers)
          .concat(Array.from(cert.upperBoundMultipliers))
          .every((v) => v === 0),
      ).toBe(true);
      expect(cert.combinationNorm).toBeLessThanOrEqual(1e-15);
    }
    expect(findUnboundedDirection(problem, x0)).toBeNull(); // no feasible point to start a ray from
    const v = diagnose(problem, x0, norms(problem), { status: 'projection_budget_exhausted' });
    expect(v?.verdict).toBe('infeasible');
  });

  it('07 with rescaled rows: multipliers scale inversely, the verdict does not change', () => {
    const input: ProblemInput = {
      A: [
        [1, 0],
        [0, 1],
      ],
      b: [0, 0],
      C: [
        [-1e3, 0],
        [1e-3, 0],
      ],
      hi: [-1e3, 0],
    };
    const cert = expectInfeasible(normalizeProblem(input));
    const r = cert.rowMultipliers;
    expect(r[0] * 1e3).toBeCloseTo(r[1] * 1e-3, 12);
  });

  for (const name of ['09_unbounded_lp', '16_unbounded_qp_singular_hessian']) {
    it(`${name}: unbounded, direction proportional to the file's recession direction`, () => {
      const { problem, x0, expected } = loadCase(name);
      const cert = findUnboundedDirection(problem, x0);
      expect(cert).not.toBeNull();
      expect(checkUnboundedDirection(problem, cert!)).toEqual({ valid: true, reason: 'ok' });
      const ref = scaledMax(expected.recession_direction as number[]);
      Array.from(cert!.direction).forEach((v, j) => {
        expect(Math.abs(v - ref[j])).toBeLessThanOrEqual(SHAPE_TOL);
      });
      expect(cert!.slope).toBeLessThan(0);
      expect(Math.max(...Array.from(cert!.direction, Math.abs))).toBe(1);
      expect(findInfeasibilityCertificate(problem, norms(problem), x0)).toBeNull();
      for (const status of ['max_iterations', 'diverged', 'projection_budget_exhausted'] as const) {
        expect(diagnose(problem, x0, norms(problem), { status })?.verdict).toBe('unbounded');
      }
      // diverged with a non-finite last iterate: the ray starts from a point of the feasibility fit
      const lost = diagnose(problem, new Float64Array(problem.n).fill(NaN), norms(problem), {
        status: 'diverged',
      });
      expect(lost?.verdict).toBe('unbounded');
    });
  }

  const feasibleCases: Array<[string, QPProblem, Float64Array, Float64Array]> = [
    [
      '23',
      loadCase('23_box_and_row_both_active').problem,
      Float64Array.of(1, 0),
      Float64Array.of(3, -1),
    ],
    [
      '10',
      loadCase('10_infinite_entries_in_box').problem,
      Float64Array.from(loadCase('10_infinite_entries_in_box').expected.x as number[]),
      loadCase('10_infinite_entries_in_box').x0,
    ],
    ['HS21', hs21, Float64Array.of(2, 0), Float64Array.of(-1, 3)],
  ];
  for (const [name, problem, xStar, x0] of feasibleCases) {
    it(`${name}: feasible and bounded, both finders and every route of diagnose give null`, () => {
      for (const ref of [undefined, x0, xStar, Float64Array.from(x0, (v) => 1e3 * v - 7)]) {
        expect(findInfeasibilityCertificate(problem, norms(problem), ref)).toBeNull();
      }
      expect(findUnboundedDirection(problem, xStar)).toBeNull();
      expect(
        findUnboundedDirection(
          problem,
          xStar,
          Float64Array.from(problem.b, (v) => -v),
        ),
      ).toBeNull();
      for (const status of ['max_iterations', 'diverged', 'projection_budget_exhausted'] as const) {
        expect(diagnose(problem, x0, norms(problem), { status, trajectoryHint: x0 })).toBeNull();
      }
    });
  }
});

describe('random infeasible constructions get a valid certificate', () => {
  it('two parallel half-spaces with disjoint sides (scales 1e-3..1e3, offsets up to 1e2)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed);
      const n = r.int(1, 6);
      const a = r.vec(n);
      const xbar = r.vec(n, 100 * r.u());
      const beta = dot(a, xbar);
      const gap = r.logU(-3, 0) * (1 + Math.abs(beta));
      const [s1, s2] = [r.logU(-3, 3), r.logU(-3, 3)];
      const C = [a.map((v) => s1 * v), a.map((v) => -s2 * v), r.vec(n)];
      const hi = [s1 * beta, -s2 * (beta + gap), dot(C[2], xbar) + 1];
      expectInfeasible(normalizeProblem({ b: r.vec(n), C, hi }), Float64Array.from(r.vec(n)));
    }
  });

  it('a box that contradicts a row', () => {
    for (let seed = 100; seed < 140; seed++) {
      const r = rng(seed);
      const n = r.int(1, 6);
      const lower = r.vec(n, 10);
      const upper = lower.map((l) => l + r.logU(-2, 2));
      const c = r.vec(n, r.logU(-2, 2));
      const top = c.reduce((s, cj, j) => s + Math.max(cj * lower[j], cj * upper[j]), 0);
      const lo = top + r.logU(-4, 0) * (1 + Math.abs(top));
      const cert = expectInfeasible(
        normalizeProblem({ b: r.vec(n), C: [c], lo: [lo], hi: [INF], lower, upper }),
      );
      expect(cert.rowMultipliers[0]).toBeLessThan(0); // the lower side of the row is used
    }
  });

  it('random systems with a planted Farkas vector (rows on either side, bounds, row scaling)', () => {
    for (let seed = 200; seed < 260; seed++) {
      const r = rng(seed);
      const n = r.int(2, 7);
      const K = r.int(2, n + 1);
      const xbar = r.vec(n, 10);
      const y = Array.from({ length: K }, () => r.logU(-1, 1));
      const normals = Array.from({ length: K - 1 }, () => r.vec(n));
      const boundAt = r.u() < 0.5 ? r.int(0, n - 1) : -1; // replace the first normal by a bound facet ±e_j
      if (boundAt >= 0)
        normals[0] = Array.from({ length: n }, (_, j) =>
          j === boundAt ? (r.u() < 0.5 ? 1 : -1) : 0,
        );
      const last = new Array<number>(n).fill(0);
      normals.forEach((a, k) => {
        a.forEach((v, j) => {
          last[j] -= (y[k] * v) / y[K - 1];
        });
      });
      normals.push(last);
      const betas = normals.map((a) => dot(a, xbar) + r.u() * r.u());
      const partial = betas.slice(0, K - 1).reduce((s, b, k) => s + y[k] * b, 0);
      const absSum = betas.slice(0, K - 1).reduce((s, b, k) => s + y[k] * Math.abs(b), 0);
      betas[K - 1] = (-r.logU(-3, 0) * (1 + absSum) - partial) / y[K - 1];
      const C: number[][] = [];
      const lo: number[] = [];
      const hi: number[] = [];
      const lower = new Array<number>(n).fill(-INF);
      const upper = new Array<number>(n).fill(INF);
      normals.forEach((a, k) => {
        if (k === 0 && boundAt >= 0) {
          if (a[boundAt] > 0) upper[boundAt] = betas[0];
          else lower[boundAt] = -betas[0];
          return;
        }
        const s = r.logU(-2, 2);
        const upperSide = r.u() < 0.5;
        C.push(a.map((v) => (upperSide ? s : -s) * v));
        const bound = (upperSide ? 1 : -1) * s * betas[k];
        const other = r.u() < 0.5 ? INF : s * (1 + 10 * r.u());
        lo.push(upperSide ? bound - other : bound);
        hi.push(upperSide ? bound : bound + other);
      });
      for (let extra = r.int(0, 3); extra > 0; extra--) {
        const c = r.vec(n);
        C.push(c);
        lo.push(-INF);
        hi.push(dot(c, xbar) + r.u());
      }
      expectInfeasible(
        normalizeProblem({ b: r.vec(n), C, lo, hi, lower, upper }),
        Float64Array.from(xbar),
      );
    }
  });
});

/** A problem with a planted recession direction d and a point xbar that satisfies every facet. */
function plantedUnbounded(seed: number, linear: boolean) {
  const r = rng(seed);
  const n = r.int(2, 7);
  const d = Array.from({ length: n }, () => (r.u() < 0.3 ? 0 : r.g()));
  if (!d.some((v) => v !== 0)) d[0] = 1;
  const dd = dot(d, d);
  const perp = (v: number[]): number[] => v.map((vj, j) => vj - (dot(v, d) / dd) * d[j]);
  const B = Array.from({ length: r.int(1, n - 1) }, () => perp(r.vec(n)));
  const A = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) =>
      linear ? 0 : B.reduce((s, row) => s + row[i] * row[j], 0),
    ),
  );
  const b = perp(r.vec(n)).map((v, j) => v - (r.logU(-2, 0) * d[j]) / Math.sqrt(dd));
  const xbar = r.vec(n, 5);
  const C: number[][] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (let i = r.int(0, 2 * n); i > 0; i--) {
    const kind = r.int(0, 3);
    let c = r.vec(n);
    if (kind >= 2) c = perp(c);
    else if (dot(c, d) > 0 === (kind === 0)) c = c.map((v) => -v);
    const act = dot(c, xbar);
    const slack = r.u() < 0.3 ? 0 : r.u();
    C.push(c);
    lo.push(kind === 0 ? -INF : kind === 3 ? act : act - slack);
    hi.push(kind === 1 ? INF : kind === 3 ? act : act + slack);
  }
  const lower = d.map((v, j) => (v < 0 ? -INF : xbar[j] - r.u()));
  const upper = d.map((v, j) => (v > 0 ? INF : xbar[j] + r.u()));
  const problem = normalizeProblem({ A, b, C: C.length > 0 ? C : null, lo, hi, lower, upper });
  return { problem, d: Float64Array.from(d), xbar: Float64Array.from(xbar), r };
}

describe('random unbounded constructions get a valid direction', () => {
  for (const linear of [true, false]) {
    it(`${linear ? 'LP' : 'singular QP'}: planted null-space descent direction in the recession cone`, () => {
      for (let seed = 300; seed < 360; seed++) {
        const { problem, d, xbar, r } = plantedUnbounded(seed, linear);
        const cert = findUnboundedDirection(problem, xbar);
        expect(cert, `seed ${seed}`).not.toBeNull();
        expect(checkUnboundedDirection(problem, cert!)).toEqual({ valid: true, reason: 'ok' });
        expect(cert!.slope).toBeLessThan(0);
        const hint = Float64Array.from(d, (v) => v + 1e-3 * r.g());
        const viaHint = findUnboundedDirection(problem, xbar, hint);
        expect(viaHint && checkUnboundedDirection(problem, viaHint).valid).toBe(true);
        expect(
          diagnose(problem, xbar, norms(problem), { status: 'diverged', trajectoryHint: hint })
            ?.verdict,
        ).toBe('unbounded');
      }
    });
  }
});

describe('random bounded or feasible problems get no verdict', () => {
  it('strictly convex QPs with random rows and bounds around a feasible point', () => {
    for (let seed = 400; seed < 440; seed++) {
      const r = rng(seed);
      const n = r.int(1, 7);
      const B = Array.from({ length: n }, () => r.vec(n));
      const A = Array.from({ length: n }, (_, i) =>
        Array.from(
          { length: n },
          (_, j) => B.reduce((s, row) => s + row[i] * row[j], 0) + (i === j ? 0.1 : 0),
        ),
      );
      const xbar = r.vec(n, 3);
      const C = Array.from({ length: r.int(0, 2 * n) }, () => r.vec(n));
      const problem = normalizeProblem({
        A,
        b: r.vec(n, 10),
        C: C.length > 0 ? C : null,
        lo: C.map((c) => (r.u() < 0.5 ? -INF : dot(c, xbar) - r.u())),
        hi: C.map((c) => dot(c, xbar) + r.u()),
        lower: xbar.map((v) => v - r.u()),
        upper: xbar.map((v) => (r.u() < 0.5 ? INF : v + r.u())),
      });
      expect(
        findInfeasibilityCertificate(problem, norms(problem), Float64Array.from(r.vec(n, 100))),
      ).toBeNull();
      expect(
        findUnboundedDirection(problem, Float64Array.from(xbar), Float64Array.from(r.vec(n))),
      ).toBeNull();
      for (const status of ['max_iterations', 'diverged', 'projection_budget_exhausted'] as const) {
        expect(diagnose(problem, Float64Array.from(xbar), norms(problem), { status })).toBeNull();
      }
    }
  });

  it('LPs that are bounded: a full box, or x ≥ 0 with rows Cx ≥ lo and b > 0', () => {
    for (let seed = 500; seed < 540; seed++) {
      const r = rng(seed);
      const n = r.int(1, 6);
      const xbar = Array.from({ length: n }, () => 1 + r.u());
      const boxed = seed % 2 === 0;
      const C = Array.from({ length: r.int(1, n + 1) }, () =>
        boxed ? r.vec(n) : r.vec(n).map(Math.abs),
      );
      const problem = normalizeProblem({
        b: boxed ? r.vec(n) : r.vec(n).map((v) => Math.abs(v) + 0.01),
        C,
        lo: C.map((c) => dot(c, xbar) - r.u()),
        hi: C.map((c) => (boxed ? dot(c, xbar) + r.u() : INF)),
        lower: 0,
        upper: boxed ? 10 : INF,
      });
      expect(
        findUnboundedDirection(problem, Float64Array.from(xbar), Float64Array.from(r.vec(n))),
      ).toBeNull();
      expect(
        findInfeasibilityCertificate(problem, norms(problem), Float64Array.from(r.vec(n, 50))),
      ).toBeNull();
    }
  });

  it('singular QPs whose only descent direction of null(A) is blocked by a row', () => {
    for (let seed = 600; seed < 640; seed++) {
      const { problem: p, d, xbar } = plantedUnbounded(seed, false);
      const nd = Math.sqrt(dot(d, d));
      const input: ProblemInput = {
        A: Array.from({ length: p.n }, (_, i) => Array.from(p.A.subarray(i * p.n, (i + 1) * p.n))),
        b: p.b,
        C: [Array.from(d, (v) => v / nd)],
        hi: [dot(d, xbar) / nd + 1],
      };
      const blocked = normalizeProblem(input);
      // bounded only if null(A) is exactly span(d): then −d climbs and +d is blocked
      const cert = findUnboundedDirection(blocked, xbar);
      if (cert !== null) {
        expect(checkUnboundedDirection(blocked, cert).valid).toBe(true);
        expect(Math.abs(dot(cert.direction, d)) / nd).toBeLessThan(0.999); // another null direction, genuinely unbounded
      }
    }
    // the canonical instance: A = diag(1, 0), b = (0, −1), x₂ ≤ 5
    const one = normalizeProblem({
      A: [
        [1, 0],
        [0, 0],
      ],
      b: [0, -1],
      C: [[0, 1]],
      hi: [5],
    });
    expect(findUnboundedDirection(one, Float64Array.of(0, 0), Float64Array.of(0, 1))).toBeNull();
    const tiny = normalizeProblem({
      A: [
        [1, 0],
        [0, 1e-9],
      ],
      b: [0, -1],
    }); // bounded, minimiser at x₂ = 1e9
    expect(findUnboundedDirection(tiny, Float64Array.of(0, 0), Float64Array.of(0, 1))).toBeNull();
    // flat but not descending: min x₁ s.t. x₁ ≥ 0 (x₂ free, slope 0), and a slope of 1e-17 relative (below the check's 1e-9)
    for (const b of [
      [1, 0],
      [1, 1e-17],
    ])
      expect(
        findUnboundedDirection(normalizeProblem({ b, lower: [0, -INF] }), Float64Array.of(1, 1)),
      ).toBeNull();
  });

  it('feasible systems from far-away references: no certificate, and the feasibility fit finds a point', () => {
    for (let seed = 700; seed < 740; seed++) {
      const r = rng(seed);
      const n = r.int(1, 6);
      const xbar = r.vec(n, 10);
      const C = Array.from({ length: r.int(1, 2 * n) }, () => r.vec(n));
      const p = normalizeProblem({
        b: r.vec(n),
        C,
        lo: C.map((c) => dot(c, xbar) - r.u()),
        hi: C.map((c) => dot(c, xbar) + r.u()),
        lower: xbar.map((v) => v - 1),
        upper: xbar.map((v) => (r.u() < 0.5 ? INF : v + 1)),
      });
      const far = Float64Array.from(r.vec(n, 1e3));
      expect(findInfeasibilityCertificate(p, norms(p), far)).toBeNull();
      const x = findFeasiblePoint(p, norms(p), far);
      expect(x).not.toBeNull();
      expect(measureFeasibility(p, x!, norms(p)).jointDistance).toBeLessThanOrEqual(1e-6);
    }
  });

  it('equalities through a point, written as rescaled paired rows (rounding-thin slabs), are not called infeasible', () => {
    for (let seed = 800; seed < 840; seed++) {
      const r = rng(seed);
      const n = r.int(2, 8);
      const xbar = r.vec(n, 100);
      const C: number[][] = [];
      const bounds: number[] = [];
      for (let i = r.int(1, n); i > 0; i--) {
        const c = r.vec(n);
        for (const s of [r.logU(-3, 3), -r.logU(-3, 3)]) {
          const row = c.map((v) => s * v);
          C.push(row);
          bounds.push(dot(row, xbar));
        }
      }
      const p = normalizeProblem({ b: r.vec(n), C, hi: bounds });
      expect(
        findInfeasibilityCertificate(p, norms(p), Float64Array.from(r.vec(n, 1e3))),
      ).toBeNull();
    }
  });

  it('near-contradictions that are feasible, and a tampered near-certificate, are refused', () => {
    const slab = normalizeProblem({ b: [1], C: [[1], [-1]], hi: [1, -(1 - 1e-12)] });
    expect(findInfeasibilityCertificate(slab, norms(slab), Float64Array.of(5))).toBeNull();
    // x₁ ≤ 0, x₁ ≥ 0, x₂ ≥ 1e6 is feasible at (0, 1e6); y = (1, 1, 1e-9) passes the relative tests but not the radius test
    const far = normalizeProblem({
      b: [0, 0],
      C: [
        [1, 0],
        [1, 0],
      ],
      lo: [-INF, 0],
      hi: [0, INF],
      lower: [-INF, 1e6],
    });
    expect(findInfeasibilityCertificate(far, norms(far), Float64Array.of(3, -2))).toBeNull();
    const fake: InfeasibilityCertificate = {
      rowMultipliers: Float64Array.of(1, -1),
      lowerBoundMultipliers: Float64Array.of(0, 1e-9),
      upperBoundMultipliers: Float64Array.of(0, 0),
      combinationNorm: 0,
      offsetGap: -1e-3,
      weight: 2,
      exclusionRadius: Infinity,
      checked: true,
    };
    const check = checkInfeasibilityCertificate(far, fake);
    expect(check.valid).toBe(false);
    expect(check.reason).toMatch(/exclusion radius/);
  });
});

describe('the checks re-verify from scratch', () => {
  it('a tampered Farkas certificate is rejected with a reason', () => {
    const { problem } = loadCase('07_contradictory_rows_infeasible');
    const cert = expectInfeasible(problem);
    const bad = (patch: Partial<InfeasibilityCertificate>) =>
      checkInfeasibilityCertificate(problem, { ...cert, ...patch });
    expect(bad({ rowMultipliers: Float64Array.of(0.5, 0.4) }).reason).toMatch(/‖Σ y a‖/);
    expect(bad({ rowMultipliers: Float64Array.of(-0.5, -0.5) }).reason).toMatch(/lower side/);
    expect(bad({ rowMultipliers: Float64Array.of(0.5, NaN) }).valid).toBe(false);
    expect(bad({ rowMultipliers: Float64Array.of(0.5) }).reason).toMatch(/lengths/);
    expect(bad({ upperBoundMultipliers: Float64Array.of(1, 0) }).reason).toMatch(/\+Infinity/);
    expect(bad({ rowMultipliers: Float64Array.of(0, 0) }).valid).toBe(false);
    expect(bad({ combinationNorm: 123, offsetGap: 5 }).valid).toBe(true); // reported numbers are not trusted, nor needed
  });

  it('a tampered recession certificate is rejected with a reason', () => {
    const { problem, x0 } = loadCase('16_unbounded_qp_singular_hessian');
    const cert = findUnboundedDirection(problem, x0)!;
    const bad = (direction: number[], point = x0) =>
      checkUnboundedDirection(problem, { direction: Float64Array.from(direction), point });
    expect(bad([0, -1]).reason).toMatch(/descent|cone/);
    expect(bad([1e-3, 1]).reason).toMatch(/‖A d‖/);
    expect(bad([-1e-6, 1]).reason).toMatch(/‖A d‖/);
    expect(bad([0, 1], Float64Array.of(-1, 0)).reason).toMatch(/not feasible/);
    expect(bad([0, 0]).valid).toBe(false);
    expect(bad([0, NaN]).valid).toBe(false);
    expect(checkUnboundedDirection(problem, cert).valid).toBe(true);
    const lp = loadCase('09_unbounded_lp');
    expect(
      checkUnboundedDirection(lp.problem, { direction: Float64Array.of(-0.1, 1.001), point: lp.x0 })
        .reason,
    ).toMatch(/cone at row 2/);
  });
});
