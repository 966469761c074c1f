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
  FONT,
  type FrameInput,
  type Header,
  logTicks,
  type PlotBox,
  type Point,
  resolveFrame,
  round2,
  seriesColor,
  textWidth,
  yLabelOffset,
} from './frame.js';
import { iterationAxis, iterationScale } from './raster.js';

/** One gap curve: gap[k] is the objective gap after iteration `start + k`. */
export interface GapSeries {
  label: string;
  /**
   * |f(x_k) − f*| (or relative), one value per iteration. A gap of exactly 0
   * (f* reached to the last bit) is drawn on the bottom edge of the plot;
   * negative and non-finite values are not drawn.
   */
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
  /** SVG path `d` of the curve (breaks where the gap cannot be drawn). */
  path: string;
  /** The curve's vertices. */
  points: Point[];
}

/** A legend entry of the gap view: a colour swatch and the series label. */
export interface GapLegendEntry {
  label: string;
  color: string;
  /** Left edge of the swatch and vertical centre of the row. */
  x: number;
  y: number;
}

/** Geometry of the gap view. */
export interface GapLayout {
  width: number;
  height: number;
  plot: PlotBox;
  title: string;
  /** The wrapped title and the legend row's position. */
  header: Header;
  curves: GapCurve[];
  /** One entry per series, in a row under the title; empty for a single series. */
  legend: GapLegendEntry[];
  xAxis: AxisLayout;
  yAxis: AxisLayout;
  xDomain: [number, number];
  yDomain: [number, number];
}

/** Lay out the objective-gap view. */
export function layoutGap(input: GapInput): GapLayout {
  const title = input.title ?? 'Objective gap';
  const withLegend = input.series.length > 1;
  const frame = resolveFrame(
    input,
    { width: 720, height: 260, margin: DEFAULT_MARGIN },
    { title, legendRow: withLegend },
  );
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
  const toPath = line<Point>()
    .x((p) => p[0])
    .y((p) => p[1])
    .defined((p) => Number.isFinite(p[1]));
  const curves = input.series.map((s, i) => {
    const data: Point[] = [];
    for (let k = 0; k < s.gaps.length; k++) {
      const g = s.gaps[k];
      // 0 → the bottom edge (clamped scale); negative or NaN → a break in the line.
      const value = g >= 0 && Number.isFinite(g) ? Math.max(g, yDomain[0]) : Number.NaN;
      data.push([(s.start ?? 0) + k, value]);
    }
    const projected = data
      .filter(drawn)
      .map((p): Point => [round2(x(p[0])), Number.isFinite(p[1]) ? round2(y(p[1])) : Number.NaN]);
    const points = projected.filter((p) => Number.isFinite(p[1]));
    return { label: s.label, color: seriesColor(i), path: toPath(projected) ?? '', points };
  });

  const legend: GapLegendEntry[] = [];
  if (withLegend) {
    let at = plot.x;
    curves.forEach((c) => {
      legend.push({ label: c.label, color: c.color, x: at, y: frame.header.legendY });
      at += 15 + textWidth(c.label, FONT.legend) + 18;
    });
  }

  const yTicks = logTicks(y, plot.height / 22);
  return {
    width: frame.width,
    height: frame.height,
    plot,
    title,
    header: frame.header,
    curves,
    legend,
    xAxis: iterationAxis(x),
    yAxis: {
      ticks: yTicks,
      label: input.yLabel ?? 'objective gap',
      labelOffset: yLabelOffset(yTicks),
    },
    xDomain,
    yDomain,
  };
}
