/**
 * Plain charts for benchmark tables: a multi-series line chart with linear or
 * log axes, and a grouped bar chart (categories along x, one bar per series).
 */
import { extent, max, min } from 'd3-array';
import { scaleBand, scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import {
  type AxisLayout,
  decadeDomain,
  FONT,
  type FrameInput,
  type Header,
  logTicks,
  type Margin,
  type PlotBox,
  type Point,
  resolveFrame,
  round2,
  seriesColor,
  type Tick,
  textWidth,
  yLabelOffset,
} from './frame.js';

/** Linear or logarithmic axis. A log axis drops values that are not positive. */
export type AxisType = 'linear' | 'log';

/** One line of a line chart. */
export interface LineSeries {
  label: string;
  points: ReadonlyArray<{ x: number; y: number }>;
}

/** What the line chart draws. */
export interface LineChartInput extends FrameInput {
  series: readonly LineSeries[];
  xType?: AxisType;
  yType?: AxisType;
  xLabel?: string;
  yLabel?: string;
  /** Start a linear y axis at 0 (counts, times): differences are then read against the whole. Default false. */
  yZero?: boolean;
  title?: string;
}

/** A legend entry. */
export interface LegendEntry {
  label: string;
  color: string;
  x: number;
  y: number;
}

/** Geometry of the line chart. */
export interface LineChartLayout {
  width: number;
  height: number;
  plot: PlotBox;
  title: string;
  /** The wrapped title. */
  header: Header;
  lines: { label: string; color: string; path: string; points: Point[] }[];
  xAxis: AxisLayout;
  yAxis: AxisLayout;
  legend: LegendEntry[];
}

const CHART_MARGIN: Margin = { top: 28, right: 140, bottom: 44, left: 64 };

type Scale = ((v: number) => number) & { ticks(n?: number): number[] };

/**
 * A scale and its ticks. A log y axis spans whole decades (ticks at both ends);
 * a log x axis spans the data (d3 labels 2 and 5 × 10^k when it is short).
 * `labelsFit` is about how many labels fit along the axis.
 */
function makeScale(
  type: AxisType,
  values: number[],
  range: [number, number],
  axis: 'x' | 'y',
  zero = false,
): { scale: (v: number) => number; ticks: Tick[]; keep: (v: number) => boolean } {
  const labelsFit = Math.abs(range[1] - range[0]) / (axis === 'x' ? 60 : 22);
  if (type === 'log') {
    const positive = values.filter((v) => v > 0 && Number.isFinite(v));
    let domain = decadeDomain(positive);
    if (axis === 'x' && positive.length > 0) {
      const [lo, hi] = extent(positive) as [number, number];
      if (lo < hi) domain = [lo, hi];
    }
    const s = scaleLog().domain(domain).range(range).clamp(true);
    return { scale: s, ticks: logTicks(s, labelsFit), keep: (v) => v > 0 && Number.isFinite(v) };
  }
  const finite = values.filter(Number.isFinite);
  let [lo, hi] = extent(finite) as [number | undefined, number | undefined];
  if (lo === undefined || hi === undefined) [lo, hi] = [0, 1];
  if (zero) [lo, hi] = [Math.min(0, lo), Math.max(0, hi)];
  if (lo === hi) [lo, hi] = lo > 0 ? [0, 2 * lo] : lo < 0 ? [2 * lo, 0] : [0, 1];
  const s = scaleLinear().domain([lo, hi]).range(range).nice();
  // Integer data (iterations, steps, sizes) gets integer ticks only.
  const integral = finite.length > 0 && finite.every(Number.isInteger);
  const values6 = (s as unknown as Scale).ticks(6).filter((v) => !integral || Number.isInteger(v));
  const format = s.tickFormat(6);
  const ticks = values6.map((value) => ({
    value,
    position: s(value),
    label: integral ? format(value).replace(/\.0+$/, '') : format(value),
  }));
  return { scale: s, ticks, keep: Number.isFinite };
}

function legendAt(plot: PlotBox, labels: readonly string[]): LegendEntry[] {
  return labels.map((label, i) => ({
    label,
    color: seriesColor(i),
    x: plot.x + plot.width + 12,
    y: plot.y + 8 + i * 18,
  }));
}

/** Lay out a line chart. */
export function layoutLineChart(input: LineChartInput): LineChartLayout {
  const title = input.title ?? '';
  const frame = resolveFrame(input, { width: 720, height: 360, margin: CHART_MARGIN }, { title });
  const { plot } = frame;
  const xs = input.series.flatMap((s) => s.points.map((p) => p.x));
  const ys = input.series.flatMap((s) => s.points.map((p) => p.y));
  const x = makeScale(input.xType ?? 'linear', xs, [plot.x, plot.x + plot.width], 'x');
  const y = makeScale(
    input.yType ?? 'linear',
    ys,
    [plot.y + plot.height, plot.y],
    'y',
    input.yZero ?? false,
  );
  const toPath = line<Point>()
    .x((p) => p[0])
    .y((p) => p[1]);
  const lines = input.series.map((s, i) => {
    const points = s.points
      .filter((p) => x.keep(p.x) && y.keep(p.y))
      .map((p): Point => [round2(x.scale(p.x)), round2(y.scale(p.y))]);
    return { label: s.label, color: seriesColor(i), path: toPath(points) ?? '', points };
  });
  return {
    width: frame.width,
    height: frame.height,
    plot,
    title,
    header: frame.header,
    lines,
    xAxis: { ticks: x.ticks, label: input.xLabel ?? '' },
    yAxis: {
      ticks: y.ticks,
      label: input.yLabel ?? '',
      labelOffset: Math.min(yLabelOffset(y.ticks), plot.x - 8),
    },
    legend: legendAt(
      plot,
      input.series.map((s) => s.label),
    ),
  };
}

/** One bar series of a grouped bar chart: values[i] belongs to categories[i]; NaN or null = no bar. */
export interface BarSeries {
  label: string;
  values: ReadonlyArray<number | null>;
}

/** What the bar chart draws. */
export interface BarChartInput extends FrameInput {
  categories: readonly string[];
  series: readonly BarSeries[];
  yType?: AxisType;
  yLabel?: string;
  title?: string;
}

/** One bar. */
export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  color: string;
  category: string;
  series: string;
  value: number;
}

/** Geometry of the bar chart. */
export interface BarChartLayout {
  width: number;
  height: number;
  plot: PlotBox;
  title: string;
  /** The wrapped title. */
  header: Header;
  bars: Bar[];
  /** Category labels under each group. */
  xAxis: AxisLayout;
  yAxis: AxisLayout;
  legend: LegendEntry[];
}

/** Lay out a grouped bar chart. A log y axis draws bars up from the bottom decade. */
export function layoutBarChart(input: BarChartInput): BarChartLayout {
  const title = input.title ?? '';
  // Category labels that do not fit under their group are rotated, and the
  // bottom margin (and a default height) grows to hold them.
  const width = input.width ?? 720;
  const right = input.margin?.right ?? CHART_MARGIN.right;
  const left = input.margin?.left ?? CHART_MARGIN.left;
  const slot = (width - left - right) / Math.max(1, input.categories.length);
  const widest = Math.max(0, ...input.categories.map((c) => textWidth(c, FONT.tick)));
  const rotate = widest + 6 <= slot ? 0 : slot >= 2.2 * FONT.tick ? -45 : -90;
  const drop = rotate === 0 ? 0 : Math.ceil(widest * Math.sin((-rotate * Math.PI) / 180));
  const bottom = input.margin?.bottom ?? CHART_MARGIN.bottom + drop;
  const frame = resolveFrame(
    input,
    {
      width: 720,
      height: 360 + (bottom - CHART_MARGIN.bottom),
      margin: { ...CHART_MARGIN, bottom },
    },
    { title },
  );
  const { plot } = frame;
  const yType = input.yType ?? 'linear';
  const values = input.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const base0 = plot.y + plot.height;
  let yScale: (v: number) => number;
  let ticks: Tick[];
  let keep: (v: number) => boolean;
  if (yType === 'log') {
    const made = makeScale('log', values, [base0, plot.y], 'y');
    yScale = made.scale;
    ticks = made.ticks;
    keep = made.keep;
  } else {
    const lo = Math.min(0, min(values.filter(Number.isFinite)) ?? 0);
    const hi = Math.max(0, max(values.filter(Number.isFinite)) ?? 1);
    const s = scaleLinear()
      .domain([lo, hi === lo ? lo + 1 : hi])
      .range([base0, plot.y])
      .nice();
    const format = s.tickFormat(6);
    yScale = s;
    ticks = s.ticks(6).map((value) => ({ value, position: s(value), label: format(value) }));
    keep = Number.isFinite;
  }
  const base = yType === 'log' ? base0 : yScale(0);
  const group = scaleBand<string>()
    .domain(input.categories)
    .range([plot.x, plot.x + plot.width])
    .paddingInner(0.2)
    .paddingOuter(0.1);
  const inner = scaleBand<number>()
    .domain(input.series.map((_, i) => i))
    .range([0, group.bandwidth()])
    .padding(0.05);

  const bars: Bar[] = [];
  input.series.forEach((s, si) => {
    input.categories.forEach((category, ci) => {
      const value = s.values[ci];
      if (value === null || value === undefined || !keep(value)) return;
      const top = yScale(value);
      bars.push({
        x: round2((group(category) ?? plot.x) + (inner(si) ?? 0)),
        y: round2(Math.min(top, base)),
        width: round2(inner.bandwidth()),
        height: round2(Math.abs(base - top)),
        color: seriesColor(si),
        category,
        series: s.label,
        value,
      });
    });
  });

  return {
    width: frame.width,
    height: frame.height,
    plot,
    title,
    header: frame.header,
    bars,
    xAxis: {
      ticks: input.categories.map((c, i) => ({
        value: i,
        position: (group(c) ?? plot.x) + group.bandwidth() / 2,
        label: c,
      })),
      label: '',
      rotate,
    },
    yAxis: {
      ticks,
      label: input.yLabel ?? '',
      labelOffset: Math.min(yLabelOffset(ticks), plot.x - 8),
    },
    legend: legendAt(
      plot,
      input.series.map((s) => s.label),
    ),
  };
}
