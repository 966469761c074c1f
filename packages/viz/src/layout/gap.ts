/**
 * Objective gap per iteration on a log y axis, sharing the raster's x scale:
 * give it the raster's `xDomain` and the same width and margins and the two
 * views stack with their iterations aligned.
 */

import { scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import {
  type AxisLayout,
  DEFAULT_MARGIN,
  decadeDomain,
  decadeTicks,
  type FrameInput,
  type PlotBox,
  type Point,
  resolveFrame,
  round2,
  seriesColor,
} from './frame.js';
import { iterationAxis, iterationScale } from './raster.js';

/** One gap curve: gap[k] is the objective gap after iteration `start + k`. */
export interface GapSeries {
  label: string;
  /** |f(x_k) − f*| (or relative), one value per iteration; non-positive values are not drawn. */
  gaps: ArrayLike<number>;
  /** Iteration of gaps[0]. Default 0 (the starting point). */
  start?: number;
}

/** What the gap view draws. */
export interface GapInput extends FrameInput {
  series: readonly GapSeries[];
  /** Iteration domain; pass `RasterLayout.xDomain` to share the raster's x scale. */
  xDomain?: readonly [number, number];
  /** y axis title. Default 'objective gap'. */
  yLabel?: string;
  title?: string;
}

/** One drawn curve. */
export interface GapCurve {
  label: string;
  color: string;
  /** SVG path `d` of the curve (breaks where the gap is not positive). */
  path: string;
  /** The curve's vertices. */
  points: Point[];
}

/** Geometry of the gap view. */
export interface GapLayout {
  width: number;
  height: number;
  plot: PlotBox;
  title: string;
  curves: GapCurve[];
  xAxis: AxisLayout;
  yAxis: AxisLayout;
  xDomain: [number, number];
  yDomain: [number, number];
}

/** Lay out the objective-gap view. */
export function layoutGap(input: GapInput): GapLayout {
  const frame = resolveFrame(input, { width: 720, height: 220, margin: DEFAULT_MARGIN });
  const { plot } = frame;

  const allGaps: number[] = [];
  let lastIteration = 1;
  for (const s of input.series) {
    for (let k = 0; k < s.gaps.length; k++) allGaps.push(s.gaps[k]);
    lastIteration = Math.max(lastIteration, (s.start ?? 0) + s.gaps.length - 1);
  }
  const xDomain: [number, number] = input.xDomain
    ? [input.xDomain[0], input.xDomain[1]]
    : [0, lastIteration];
  const yDomain = decadeDomain(allGaps);
  const x = iterationScale(xDomain, plot);
  const y = scaleLog()
    .domain(yDomain)
    .range([plot.y + plot.height, plot.y])
    .clamp(true);

  const drawn = (p: Point) => p[0] >= xDomain[0] && p[0] <= xDomain[1];
  const curves = input.series.map((s, i) => {
    const data: Point[] = [];
    for (let k = 0; k < s.gaps.length; k++) {
      const g = s.gaps[k];
      if (g > 0 && Number.isFinite(g)) data.push([(s.start ?? 0) + k, g]);
    }
    const points = data.filter(drawn).map((p): Point => [round2(x(p[0])), round2(y(p[1]))]);
    const path = line<Point>()
      .x((p) => p[0])
      .y((p) => p[1])(points);
    return { label: s.label, color: seriesColor(i), path: path ?? '', points };
  });

  return {
    width: frame.width,
    height: frame.height,
    plot,
    title: input.title ?? 'Objective gap',
    curves,
    xAxis: iterationAxis(x),
    yAxis: { ticks: decadeTicks(yDomain, (v) => y(v)), label: input.yLabel ?? 'objective gap' },
    xDomain,
    yDomain,
  };
}
