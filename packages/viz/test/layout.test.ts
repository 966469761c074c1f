import { describe, expect, it } from 'vitest';
import { layoutBarChart, layoutLineChart } from '../src/layout/charts.js';
import type { Point } from '../src/layout/frame.js';
import {
  clipHalfPlane,
  polygonContains,
  rectangle,
  textWidth,
  wrapText,
} from '../src/layout/frame.js';
import { layoutGap } from '../src/layout/gap.js';
import { layoutRaster, type SpikeEventLike } from '../src/layout/raster.js';
import { halfPlanesFromRows, layoutTrajectory } from '../src/layout/trajectory.js';
import { expectInsideViewBox } from './helpers.js';

const EVENTS: SpikeEventLike[] = [
  { iteration: 1, candidate: 0, kind: 'row', index: 0, side: 'upper', correction: 0.8 },
  { iteration: 2, candidate: 0, kind: 'row', index: 0, side: 'upper', correction: 0.2 },
  { iteration: 2, candidate: 5, kind: 'lower_bound', index: 1, side: 'lower', correction: 0.05 },
  { iteration: 7, candidate: 3, kind: 'row', index: 3, side: 'lower', correction: 0 },
  { iteration: 40, candidate: 0, kind: 'row', index: 0, side: 'upper', correction: 1e-9 },
];

describe('layoutRaster', () => {
  it('places one dot per spike, one row per candidate, all inside the viewBox', () => {
    const r = layoutRaster({ events: EVENTS });
    expect(r.dots).toHaveLength(EVENTS.length);
    expect(r.rows.map((row) => row.candidate)).toEqual([0, 3, 5]);
    expect(r.rows.map((row) => row.label)).toEqual(['row 0', 'row 3', 'x1 lower']);
    expectInsideViewBox(
      r.dots.map((d): Point => [d.x, d.y]),
      r.width,
      r.height,
    );
    for (const d of r.dots) {
      expect(d.x - d.r >= 0 && d.y - d.r >= 0).toBe(true);
    }
  });

  it('makes dot area proportional to the correction', () => {
    const r = layoutRaster({ events: EVENTS.slice(0, 2), maxRadius: 8 });
    const [big, small] = r.dots;
    expect(big.r).toBe(8);
    // correction 0.2 = ¼ of 0.8, so the radius is ½ (area ¼).
    expect(small.r).toBeCloseTo(4, 1);
  });

  it('gives every listed facet a row, fired or not, in the given order', () => {
    const r = layoutRaster({
      events: EVENTS,
      facets: [0, 1, 2, 3, 4, 5, 6, 7].map((candidate) => ({ candidate, label: `f${candidate}` })),
    });
    expect(r.rows.map((row) => row.candidate)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(r.rows[1].label).toBe('f1');
    const y5 = r.rows.find((row) => row.candidate === 5)!.y;
    expect(r.dots.find((d) => d.candidate === 5)!.y).toBeCloseTo(y5, 5);
    // A spike on an unlisted candidate still gets a row, after the listed ones.
    const extra = layoutRaster({ events: EVENTS, facets: [{ candidate: 3, label: 'only' }] });
    expect(extra.rows.map((row) => row.candidate)).toEqual([3, 0, 5]);
  });

  it('keeps dots of dense firing small enough not to merge into bars', () => {
    const dense = Array.from({ length: 300 }, (_, k) => ({
      iteration: k + 1,
      candidate: 0,
      side: 'upper',
      correction: 0.5,
    }));
    const r = layoutRaster({ events: dense });
    const perIteration = r.plot.width / 300;
    expect(Math.max(...r.dots.map((d) => d.r))).toBeLessThanOrEqual(
      Math.max(3.5, 1.25 * perIteration),
    );
  });

  it('has a legend with the side colours that occur and a dot-size key', () => {
    const r = layoutRaster({ events: EVENTS });
    const sides = r.legend.filter((e) => e.kind === 'side').map((e) => e.label);
    expect(sides).toEqual(['x put on upper side', 'x put on lower side']);
    const sizes = r.legend.filter((e) => e.kind === 'size');
    expect(sizes).toHaveLength(3);
    // Bigger corrections, bigger key dots.
    expect(sizes[0].r).toBeGreaterThan(sizes[1].r);
    for (const e of r.legend) expect(e.x + e.r).toBeLessThan(r.width);
  });

  it('maps iterations monotonically onto x, with the domain starting at 0', () => {
    const r = layoutRaster({ events: EVENTS });
    expect(r.xDomain).toEqual([0, 40]);
    const xs = r.dots.map((d) => d.x);
    expect(xs[0]).toBeLessThan(xs[3]);
    expect(xs[4]).toBeCloseTo(r.plot.x + r.plot.width, 5);
  });
});

describe('layoutGap', () => {
  const gaps = Array.from({ length: 41 }, (_, k) => 10 ** (1 - k / 4));

  it('puts the labelled y ticks at powers of ten', () => {
    const g = layoutGap({ series: [{ label: 'gap', gaps }] });
    expect(g.yDomain).toEqual([1e-9, 10]);
    const labelled = g.yAxis.ticks.filter((t) => t.label !== '');
    expect(labelled.length).toBeGreaterThan(2);
    for (const t of labelled) {
      const k = Math.log10(t.value);
      expect(Math.abs(k - Math.round(k)), `tick ${t.value}`).toBeLessThan(1e-12);
    }
    // Higher gaps are drawn higher up (smaller y).
    const ys = g.yAxis.ticks.map((t) => t.position);
    for (let i = 1; i < ys.length; i++) expect(ys[i]).toBeLessThan(ys[i - 1]);
  });

  it('shares the raster x scale when given its domain and frame', () => {
    const r = layoutRaster({ events: EVENTS, width: 600 });
    const g = layoutGap({ series: [{ label: 'gap', gaps }], xDomain: r.xDomain, width: 600 });
    const dotAt7 = r.dots.find((d) => d.iteration === 7)!;
    expect(g.curves[0].points[7][0]).toBeCloseTo(dotAt7.x, 5);
    expectInsideViewBox(g.curves[0].points, g.width, g.height);
  });

  it('draws a zero gap on the bottom edge and skips negative or NaN gaps', () => {
    const g = layoutGap({ series: [{ label: 'gap', gaps: [1, 0, -1, Number.NaN, 0.1] }] });
    expect(g.curves[0].points).toHaveLength(3);
    expect(g.curves[0].points[1][1]).toBeCloseTo(g.plot.y + g.plot.height, 5);
    // The NaN and the negative gap break the line: two moves in the path.
    expect(g.curves[0].path.match(/M/g)).toHaveLength(2);
  });

  it('labels each decade in one style and gives the skipped ticks no label', () => {
    const g = layoutGap({ series: [{ label: 'gap', gaps: [10, 1e-3, 1e-16] }] });
    const labels = g.yAxis.ticks.filter((t) => !t.minor).map((t) => t.label);
    expect(labels).toContain('1e-16');
    expect(labels).toContain('1');
    expect(labels).not.toContain('0.01');
    expect(labels.filter((l) => l !== '1').every((l) => /^1e-\d+$/.test(l))).toBe(true);
    // Over two decades, 2 and 5 × 10^k are labelled too and the rest are minor marks.
    const short = layoutGap({ series: [{ label: 'gap', gaps: [1, 0.03, 0.015] }] });
    const shortLabels = short.yAxis.ticks.filter((t) => t.label).map((t) => t.label);
    expect(shortLabels).toEqual(['0.01', '0.02', '0.05', '0.1', '0.2', '0.5', '1']);
    expect(short.yAxis.ticks.some((t) => t.minor && t.label === '')).toBe(true);
  });

  it('gives each series a legend entry when there are several, inside the frame', () => {
    const g = layoutGap({
      series: [
        { label: 'no polish', gaps },
        { label: 'polish', gaps: gaps.slice(0, 10) },
      ],
    });
    expect(g.legend.map((e) => e.label)).toEqual(['no polish', 'polish']);
    for (const e of g.legend) expect(e.y).toBeLessThan(g.plot.y);
    expect(layoutGap({ series: [{ label: 'gap', gaps }] }).legend).toHaveLength(0);
  });
});

describe('layoutTrajectory', () => {
  // f = ½xᵀAx + bᵀx with unconstrained optimum −A⁻¹b = (2, 2).
  const A = [
    [2, 0.5],
    [0.5, 1],
  ];
  const b = [-(2 * 2 + 0.5 * 2), -(0.5 * 2 + 1 * 2)];
  const constraints = [
    { c: [1, 1] as Point, h: 2 },
    { c: [-1, 0] as Point, h: 0 },
    { c: [0, -1] as Point, h: 0 },
  ];
  // Minimiser on the wall x1 + x2 = 2: A x + b = −μ (1, 1) with μ = 1.75, at x = (1.5, 0.5).
  const xc: Point = [1.5, 0.5];
  const path = [
    [0, 0],
    [0.9, 0.7],
    [1.4, 0.9],
    [1.45, 0.55],
    [1.5, 0.5],
  ];

  const t = layoutTrajectory({
    A,
    b,
    constraints,
    path,
    constrainedOptimum: xc,
    spikes: [{ iteration: 3 }],
  });

  it('keeps every drawn point finite and inside the viewBox', () => {
    const points: Point[] = [
      ...t.pathPoints,
      ...t.feasibleRegion,
      ...t.constraints.flatMap((c) => [...c.feasibleSide, ...(c.segment ?? [])]),
      ...t.spikes.map((s): Point => [s.x, s.y]),
      t.unconstrainedOptimum!,
      t.constrainedOptimum!,
    ];
    expectInsideViewBox(points, t.width, t.height);
    expect(t.contours.length).toBeGreaterThan(0);
    for (const c of t.contours) expect(c.path).not.toMatch(/NaN|Infinity/);
  });

  it('marks −A⁻¹b as the unconstrained optimum', () => {
    const [px, py] = t.project([2, 2]);
    expect(t.unconstrainedOptimum![0]).toBeCloseTo(px, 5);
    expect(t.unconstrainedOptimum![1]).toBeCloseTo(py, 5);
  });

  it('shades a feasible side that holds the constrained optimum and not an infeasible point', () => {
    const wall = t.constraints[0];
    expect(polygonContains(wall.feasibleSide, t.constrainedOptimum!, 0.5)).toBe(true);
    expect(polygonContains(t.feasibleRegion, t.constrainedOptimum!, 0.5)).toBe(true);
    // An interior feasible point, strictly inside.
    expect(polygonContains(t.feasibleRegion, t.project([0.3, 0.3]))).toBe(true);
    // The unconstrained optimum violates x1 + x2 ≤ 2.
    expect(polygonContains(wall.feasibleSide, t.project([2, 2]), 0.5)).toBe(false);
    expect(polygonContains(t.feasibleRegion, t.project([1.5, 1.5]), 0.5)).toBe(false);
  });

  it('places the constraint line on c·x = h', () => {
    const [p, q] = t.constraints[0].segment!;
    // Back to data units through the projection's inverse: check two points on the line.
    const onLine = (px: Point) => {
      const x = t.view[0] + ((px[0] - t.plot.x) / t.plot.width) * (t.view[1] - t.view[0]);
      const y = t.view[3] - ((px[1] - t.plot.y) / t.plot.height) * (t.view[3] - t.view[2]);
      return x + y;
    };
    expect(onLine(p)).toBeCloseTo(2, 2);
    expect(onLine(q)).toBeCloseTo(2, 2);
  });

  it('shades a band on each feasible side, inside that side', () => {
    for (const c of t.constraints) {
      expect(c.feasibleBand.length).toBeGreaterThan(2);
      for (const p of c.feasibleBand) expect(polygonContains(c.feasibleSide, p, 0.5)).toBe(true);
      // The band is narrow: it does not reach the far side of the view.
      expect(polygonContains(c.feasibleBand, t.project([0.3, 0.3]))).toBe(false);
    }
    // Constraint colours stay clear of the feasible region's green.
    expect(t.constraints.map((c) => c.color)).not.toContain('#009e73');
  });

  it('names the constraints by their inequalities and the markers in a legend', () => {
    const labels = t.legend.map((e) => e.label);
    expect(labels.slice(0, 3)).toEqual(['x₁ + x₂ ≤ 2', '−x₁ ≤ 0', '−x₂ ≤ 0']);
    for (const name of [
      'feasible region',
      'drift path',
      'spike',
      'unconstrained optimum',
      'constrained optimum',
    ]) {
      expect(labels).toContain(name);
    }
    expectInsideViewBox(
      t.legend.map((e): Point => [e.x, e.y]),
      t.width,
      t.height,
    );
    expect(layoutTrajectory({ A, b, constraints, legend: false }).legend).toHaveLength(0);
  });

  it('turns two-sided rows into half-planes', () => {
    const hp = halfPlanesFromRows([1, 1, 1, -1], [-1, Number.NEGATIVE_INFINITY], [2, 3]);
    expect(hp.map((h) => [h.c, h.h])).toEqual([
      [[1, 1], 2],
      [[-1, -1], 1],
      [[1, -1], 3],
    ]);
  });
});

describe('polygon helpers', () => {
  it('clips a square by a half-plane', () => {
    const half = clipHalfPlane(rectangle(0, 2, 0, 2), [1, 0], 1);
    expect(polygonContains(half, [0.5, 1])).toBe(true);
    expect(polygonContains(half, [1.5, 1])).toBe(false);
  });
});

describe('charts', () => {
  it('lays out a log–log line chart inside the viewBox with decade ticks', () => {
    const c = layoutLineChart({
      series: [
        { label: 'snn-opt', points: [10, 20, 50, 100].map((n) => ({ x: n, y: n * 1e-3 })) },
        { label: 'quadprog', points: [10, 20, 50, 100].map((n) => ({ x: n, y: n ** 3 * 1e-6 })) },
      ],
      xType: 'log',
      yType: 'log',
    });
    expect(c.lines).toHaveLength(2);
    expectInsideViewBox(
      c.lines.flatMap((l) => l.points),
      c.width,
      c.height,
    );
    // The x axis spans the data, 10…100: d3's ticks, labelled at 1, 2 and 5 × 10^k.
    expect(c.xAxis.ticks.filter((t) => t.label).map((t) => t.label)).toEqual([
      '10',
      '20',
      '50',
      '100',
    ]);
    expect(c.xAxis.ticks.filter((t) => t.minor).length).toBeGreaterThan(0);
  });

  it('gives integer data integer ticks and can start the y axis at zero', () => {
    const c = layoutLineChart({
      series: [{ label: 'cold', points: [0, 1, 2, 3].map((k) => ({ x: k, y: 5000 })) }],
      yZero: true,
    });
    expect(c.xAxis.ticks.map((t) => t.label)).toEqual(['0', '1', '2', '3']);
    expect(c.yAxis.ticks[0].value).toBe(0);
    for (const t of c.yAxis.ticks) expect(Number.isInteger(t.value)).toBe(true);
  });

  it('rotates crowded category labels and grows the bottom margin for them', () => {
    const categories = Array.from({ length: 26 }, (_, i) => `PROBLEM${i}`);
    const c = layoutBarChart({
      categories,
      series: [{ label: 's', values: categories.map(() => 1) }],
    });
    expect(c.xAxis.rotate).toBeLessThan(0);
    const drop = textWidth('PROBLEM25', 11) * Math.sin((-c.xAxis.rotate! * Math.PI) / 180);
    expect(c.plot.y + c.plot.height + 8 + drop).toBeLessThanOrEqual(c.height);
    const few = layoutBarChart({
      categories: ['a', 'b'],
      series: [{ label: 's', values: [1, 2] }],
    });
    expect(few.xAxis.rotate).toBe(0);
  });

  it('wraps a title too long for the frame and makes room for it', () => {
    const title =
      'A rather long title for a figure, long enough that it cannot fit on one line of a chart that is 720 units wide';
    const c = layoutLineChart({ title, series: [{ label: 'a', points: [{ x: 1, y: 1 }] }] });
    expect(c.header.lines.length).toBeGreaterThan(1);
    expect(c.header.lines.join(' ')).toBe(title);
    for (const line of c.header.lines) {
      expect(c.plot.x + textWidth(line, 13, true)).toBeLessThanOrEqual(c.width);
    }
    expect(c.plot.y).toBeGreaterThan(c.header.lineY[c.header.lines.length - 1]);
    expect(wrapText('short', 500, 13)).toEqual(['short']);
  });

  it('lays out grouped bars, skipping missing values', () => {
    const c = layoutBarChart({
      categories: ['HS21', 'HS35', 'DUAL1'],
      series: [
        { label: 'snn-opt', values: [1.2, 0.4, 3] },
        { label: 'quadprog', values: [0.8, null, 2] },
      ],
    });
    expect(c.bars).toHaveLength(5);
    const bottom = c.plot.y + c.plot.height;
    for (const bar of c.bars) {
      expect(bar.y + bar.height).toBeCloseTo(bottom, 1);
      expectInsideViewBox(
        [
          [bar.x, bar.y],
          [bar.x + bar.width, bar.y + bar.height],
        ],
        c.width,
        c.height,
      );
    }
  });
});
