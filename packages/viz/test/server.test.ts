import { normalizeProblem, objectiveValue, SnnSolver } from '@snn-opt/core';
import { describe, expect, it } from 'vitest';
import {
  barChartSvg,
  lineChartSvg,
  objectiveGapSvg,
  renderSvg,
  spikeRasterSvg,
  trajectorySvg,
} from '../src/server.js';
import { countTags } from './helpers.js';

const EVENTS = Array.from({ length: 25 }, (_, i) => ({
  iteration: 1 + 2 * i,
  candidate: i % 4,
  kind: 'row',
  index: i % 4,
  side: i % 2 ? 'lower' : 'upper',
  correction: 1 / (1 + i),
}));

/** Standalone: starts at the root, declares the namespace, tags balance. */
function expectStandaloneSvg(svg: string, title: string) {
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  expect(svg).not.toContain('<!--');
  expect(svg.endsWith('</svg>')).toBe(true);
  expect(svg).toContain(`<title>${title}</title>`);
  return countTags(svg);
}

describe('server rendering', () => {
  it('renders N circles for N spike events, and a legend', () => {
    const svg = spikeRasterSvg({ events: EVENTS, title: 'Raster of 25 spikes' });
    const tags = expectStandaloneSvg(svg, 'Raster of 25 spikes');
    expect(tags.get('svg')).toBe(1);
    const spikes = svg.slice(svg.indexOf('class="spikes"'), svg.indexOf('class="legend"'));
    expect(spikes.match(/<circle/g)).toHaveLength(EVENTS.length);
    expect(svg).toContain('x put on upper side');
    expect(svg).toContain('x put on lower side');
    expect(svg).toContain('correction</text>');
    expect(svg).toContain('>iteration</text>');
  });

  it('draws one row label per listed facet', () => {
    const facets = Array.from({ length: 6 }, (_, k) => ({ candidate: k, label: `facet-${k}` }));
    const svg = spikeRasterSvg({ events: EVENTS, facets });
    for (const f of facets) expect(svg).toContain(`>${f.label}</text>`);
  });

  it('draws the gap with axis titles, log tick labels and a legend entry per series', () => {
    const svg = objectiveGapSvg({
      title: 'Gap',
      yLabel: 'relative objective gap',
      series: [
        { label: 'no polish', gaps: [1, 1e-3, 1e-6, 1e-9] },
        { label: 'polish', gaps: [1, 1e-3, 0] },
      ],
    });
    expect(svg).toContain('>relative objective gap</text>');
    expect(svg).toContain('>iteration</text>');
    expect(svg).toContain('>1e-9</text>');
    expect(svg).toContain('>1</text>');
    const legend = svg.slice(svg.indexOf('class="legend"'));
    expect(legend).toContain('>no polish</text>');
    expect(legend).toContain('>polish</text>');
  });

  it('draws the trajectory legend and the rotated bar labels', () => {
    const svg = trajectorySvg({
      A: [
        [2, 0],
        [0, 1],
      ],
      b: [-4, -3],
      constraints: [{ c: [1, 1], h: 2 }],
      path: [
        [0, 0],
        [1, 1],
      ],
      spikes: [{ iteration: 1 }],
      constrainedOptimum: [1, 1],
      title: 'T',
    });
    for (const text of [
      'x₁ + x₂ ≤ 2',
      'unconstrained optimum',
      'constrained optimum',
      'spike',
      'drift path',
      'feasible region',
      '>x₁</text>',
      '>x₂</text>',
    ]) {
      expect(svg).toContain(text);
    }
    const categories = Array.from({ length: 30 }, (_, i) => `FIXTURE${i}`);
    const bars = barChartSvg({
      categories,
      series: [{ label: 's', values: categories.map(() => 1) }],
    });
    expect(bars).toMatch(/transform="rotate\(-(45|90) /);
  });

  it('escapes the title', () => {
    const svg = spikeRasterSvg({ events: EVENTS, title: 'gap < 1e-6 & spikes' });
    expectStandaloneSvg(svg, 'gap &lt; 1e-6 &amp; spikes');
  });

  it('renders the gap, line and bar views', () => {
    const gap = objectiveGapSvg({
      title: 'Gap',
      series: [{ label: 'raw', gaps: [1, 0.1, 0.01, 1e-4] }],
    });
    expect(expectStandaloneSvg(gap, 'Gap').get('path')).toBe(1);
    const line = lineChartSvg({
      title: 'Time',
      series: [
        {
          label: 'a',
          points: [
            { x: 1, y: 2 },
            { x: 2, y: 3 },
          ],
        },
      ],
    });
    expect(expectStandaloneSvg(line, 'Time').get('path')).toBe(1);
    const bar = barChartSvg({
      title: 'Bars',
      categories: ['x', 'y'],
      series: [{ label: 's', values: [1, 2] }],
    });
    // Two bars and one legend swatch.
    expect(expectStandaloneSvg(bar, 'Bars').get('rect')).toBe(3);
  });

  it('rejects a component whose root is not an <svg>', () => {
    const notSvg = (($$renderer: { push(s: string): void }) => {
      $$renderer.push('<div></div>');
    }) as unknown as Parameters<typeof renderSvg>[0];
    expect(() => renderSvg(notSvg, {})).toThrow(/<svg> root/);
  });
});

describe('a real solve, drawn', () => {
  // f = ½xᵀAx + bᵀx, unconstrained optimum −A⁻¹b = (2, 2), outside the triangle
  // x1 + x2 ≤ 2, x1 − x2 ≤ 1.5, −x1 + 2 x2 ≤ 2; the constrained optimum is (1.5, 0.5).
  const A = [
    [2, 0.5],
    [0.5, 1],
  ];
  const b = [-5, -3];
  const C = [
    [1, 1],
    [1, -1],
    [-1, 2],
  ];
  const hi = [2, 1.5, 2];
  const problem = { A, b, C, hi };
  const result = new SnnSolver(problem, { recordSpikes: true, recordTrajectory: true }).solve();

  it('solves to the expected optimum', () => {
    expect(result.status).toBe('optimal');
    expect(Math.abs(result.x[0] - 1.5)).toBeLessThan(1e-5);
    expect(Math.abs(result.x[1] - 0.5)).toBeLessThan(1e-5);
    expect(result.spikeEvents!.length).toBeGreaterThan(0);
  });

  it('renders the raster, the gap and the trajectory', () => {
    const events = result.spikeEvents!;
    const raster = spikeRasterSvg({ events, title: 'Spikes' });
    expectStandaloneSvg(raster, 'Spikes');
    expect(raster.match(/<circle[^>]*><title>iteration /g)).toHaveLength(events.length);

    const normalized = normalizeProblem(problem);
    const fStar = objectiveValue(normalized, Float64Array.from([1.5, 0.5]));
    const gaps = result.trajectory!.map((x) => Math.abs(objectiveValue(normalized, x) - fStar));
    const gap = objectiveGapSvg({ series: [{ label: 'gap', gaps }], title: 'Gap' });
    expectStandaloneSvg(gap, 'Gap');

    const trajectory = trajectorySvg({
      A,
      b,
      constraints: C.map((c, i) => ({ c: [c[0], c[1]], h: hi[i], label: `row ${i}` })),
      path: result.trajectory!,
      spikes: events,
      constrainedOptimum: result.x,
      title: 'Three walls',
    });
    const tags = expectStandaloneSvg(trajectory, 'Three walls');
    expect(tags.get('line')).toBeGreaterThanOrEqual(3);
    // One marker per spike plus the two optima, and three symbols in the legend.
    const plot = trajectory.slice(0, trajectory.indexOf('class="legend"'));
    expect(plot.match(/<circle/g)).toHaveLength(events.length + 2);
    expect(tags.get('circle')).toBe(events.length + 2 + 3);
    expect(trajectory).not.toMatch(/NaN|Infinity/);
  });
});
