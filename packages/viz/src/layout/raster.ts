/**
 * Spike raster: one row per candidate facet id that fired, one dot per spike
 * at (iteration, row). Dot area is proportional to the correction norm (a
 * square-root scale on the radius), so a spike that moved x twice as far has
 * twice the ink. Iterations run along the x axis; the objective-gap view uses
 * the same x scale (see `iterationScale`).
 */
import { max } from 'd3-array';
import { type ScaleLinear, scaleLinear, scaleSqrt } from 'd3-scale';
import {
  type AxisLayout,
  DEFAULT_MARGIN,
  type FrameInput,
  type PlotBox,
  resolveFrame,
  round2,
} from './frame.js';

/**
 * One spike, structurally the `SpikeEvent` of @snn-opt/core's results
 * (`result.spikeEvents`); only `iteration`, `candidate` and `correction` are required.
 */
export interface SpikeEventLike {
  /** Outer iteration (1-based) in which the spike fired. */
  iteration: number;
  /** Candidate id (rows 0..m−1, lower bounds m..m+n−1, upper bounds m+n..m+2n−1). */
  candidate: number;
  /** 'row' | 'lower_bound' | 'upper_bound'. */
  kind?: string;
  /** Row index or variable index. */
  index?: number;
  /** 'upper' | 'lower': which side of the facet x was put on. */
  side?: string;
  /** Distance x moved (Euclidean norm of the correction). */
  correction: number;
}

/** What the raster draws. */
export interface RasterInput extends FrameInput {
  /** The spike events, in any order. */
  events: readonly SpikeEventLike[];
  /** Last iteration of the x axis; default the last spike's iteration. */
  iterations?: number;
  /** Row label per candidate id; default derived from kind, index and side. */
  labelFor?: (event: SpikeEventLike) => string;
  /** Vertical distance between rows when `height` is not given. Default 16. */
  rowStep?: number;
  /** Radius of the largest correction's dot. Default 0.45 × row step, at most 7. */
  maxRadius?: number;
  /** Title drawn above the plot and put in the SVG `<title>`. */
  title?: string;
}

/** One row of the raster: a candidate facet. */
export interface RasterRow {
  candidate: number;
  label: string;
  /** Vertical centre of the row. */
  y: number;
}

/** One dot of the raster. */
export interface RasterDot {
  x: number;
  y: number;
  r: number;
  /** 'upper' or 'lower' side, for colouring. */
  side: string;
  iteration: number;
  candidate: number;
  correction: number;
}

/** Geometry of the raster. */
export interface RasterLayout {
  width: number;
  height: number;
  plot: PlotBox;
  title: string;
  rows: RasterRow[];
  dots: RasterDot[];
  xAxis: AxisLayout;
  /** Iteration domain of the x axis; pass it to the gap view to share the scale. */
  xDomain: [number, number];
  /** Largest correction, the one drawn at `maxRadius`. */
  maxCorrection: number;
}

/** The iteration scale shared by the raster and the gap view. */
export function iterationScale(
  domain: readonly [number, number],
  plot: PlotBox,
): ScaleLinear<number, number> {
  return scaleLinear()
    .domain(domain)
    .range([plot.x, plot.x + plot.width]);
}

/** Ticks of an iteration axis: integers only. */
export function iterationAxis(scale: ScaleLinear<number, number>): AxisLayout {
  const ticks = scale
    .ticks(8)
    .filter((v) => Number.isInteger(v))
    .map((value) => ({ value, position: scale(value), label: String(value) }));
  return { ticks, label: 'iteration' };
}

/** Default row label: `row 3 ≤`, `x2 ≥ lower`, or `facet 7`. */
export function defaultFacetLabel(e: SpikeEventLike): string {
  if (e.kind === 'row' && e.index !== undefined) return `row ${e.index}`;
  if (e.kind === 'lower_bound' && e.index !== undefined) return `x${e.index} lower`;
  if (e.kind === 'upper_bound' && e.index !== undefined) return `x${e.index} upper`;
  return `facet ${e.candidate}`;
}

/** Lay out the spike raster. */
export function layoutRaster(input: RasterInput): RasterLayout {
  const events = input.events;
  const candidates = [...new Set(events.map((e) => e.candidate))].sort((a, b) => a - b);
  const rowStep = input.rowStep ?? 16;
  const frame = resolveFrame(input, {
    width: 720,
    height: DEFAULT_MARGIN.top + DEFAULT_MARGIN.bottom + Math.max(3, candidates.length) * rowStep,
  });
  const { plot } = frame;

  const lastIteration = input.iterations ?? max(events, (e) => e.iteration) ?? 1;
  const xDomain: [number, number] = [0, Math.max(1, lastIteration)];
  const x = iterationScale(xDomain, plot);

  const step = plot.height / Math.max(1, candidates.length);
  const rowY = new Map<number, number>();
  const labelFor = input.labelFor ?? defaultFacetLabel;
  const rows: RasterRow[] = candidates.map((candidate, i) => {
    const y = plot.y + (i + 0.5) * step;
    rowY.set(candidate, y);
    const first = events.find((e) => e.candidate === candidate)!;
    return { candidate, label: labelFor(first), y };
  });

  const maxCorrection = max(events, (e) => (Number.isFinite(e.correction) ? e.correction : 0)) ?? 0;
  const maxRadius = input.maxRadius ?? Math.min(7, 0.45 * step);
  const radius = scaleSqrt()
    .domain([0, maxCorrection > 0 ? maxCorrection : 1])
    .range([0, maxRadius])
    .clamp(true);

  const dots: RasterDot[] = events.map((e) => ({
    x: round2(x(Math.min(Math.max(e.iteration, xDomain[0]), xDomain[1]))),
    y: round2(rowY.get(e.candidate)!),
    // A floor of 0.6 keeps the smallest spikes visible; areas above it stay proportional.
    r: round2(Math.max(0.6, radius(Number.isFinite(e.correction) ? e.correction : 0))),
    side: e.side ?? 'upper',
    iteration: e.iteration,
    candidate: e.candidate,
    correction: e.correction,
  }));

  return {
    width: frame.width,
    height: frame.height,
    plot,
    title: input.title ?? 'Spike raster',
    rows,
    dots,
    xAxis: iterationAxis(x),
    xDomain,
    maxCorrection,
  };
}
