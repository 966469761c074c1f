/**
 * Spike raster: one row per candidate facet (every facet listed in `facets`,
 * else every facet that fired), one dot per spike
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
  FONT,
  type FrameInput,
  type Header,
  type PlotBox,
  resolveFrame,
  round2,
  textWidth,
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
  /**
   * The candidate facets to give rows, top to bottom, whether they fired or
   * not (e.g. every finite facet of the problem). A spike on a candidate not
   * listed gets a row after them. Default: the candidates that fired, by id.
   */
  facets?: ReadonlyArray<{ candidate: number; label?: string }>;
  /** Row label per candidate id (when `facets` gives none); default derived from kind, index and side. */
  labelFor?: (event: SpikeEventLike) => string;
  /** Vertical distance between rows when `height` is not given. Default 16. */
  rowStep?: number;
  /**
   * Radius of the largest correction's dot. Default 0.45 × row step, at most 7,
   * and at most 1.25 × the distance between iterations (but at least 3.5), so
   * that dots of dense firing do not merge into bars as thick as the row.
   */
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

/** An entry of the raster's legend row: a colour (side) or a dot size (correction). */
export interface RasterLegendEntry {
  label: string;
  color: string;
  /** Centre of the swatch dot and of the row. */
  x: number;
  y: number;
  r: number;
  kind: 'side' | 'size';
}

/** Geometry of the raster. */
export interface RasterLayout {
  width: number;
  height: number;
  plot: PlotBox;
  title: string;
  /** The wrapped title and the legend row's position. */
  header: Header;
  rows: RasterRow[];
  /** Side colours present and a dot-size key, in a row under the title. */
  legend: RasterLegendEntry[];
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

/** Dot colour of a spike that put x on the upper (or lower) side of its facet. */
export const SIDE_COLORS = { upper: '#0072b2', lower: '#e69f00' } as const;

/** Default row label: `row 3`, `x2 lower`, or `facet 7`. */
export function defaultFacetLabel(e: SpikeEventLike): string {
  if (e.kind === 'row' && e.index !== undefined) return `row ${e.index}`;
  if (e.kind === 'lower_bound' && e.index !== undefined) return `x${e.index} lower`;
  if (e.kind === 'upper_bound' && e.index !== undefined) return `x${e.index} upper`;
  return `facet ${e.candidate}`;
}

/** Lay out the spike raster. */
export function layoutRaster(input: RasterInput): RasterLayout {
  const events = input.events;
  const labelFor = input.labelFor ?? defaultFacetLabel;
  const labels = new Map<number, string>();
  for (const f of input.facets ?? []) {
    if (!labels.has(f.candidate)) labels.set(f.candidate, f.label ?? '');
  }
  const fired = [...new Set(events.map((e) => e.candidate))].sort((a, b) => a - b);
  const candidates = [...labels.keys(), ...fired.filter((c) => !labels.has(c))];
  const title = input.title ?? 'Spike raster';
  const rowStep = input.rowStep ?? 16;
  const frame = resolveFrame(
    input,
    {
      width: 720,
      height: DEFAULT_MARGIN.top + DEFAULT_MARGIN.bottom + Math.max(3, candidates.length) * rowStep,
    },
    { title, legendRow: events.length > 0 },
  );
  const { plot } = frame;

  const lastIteration = input.iterations ?? max(events, (e) => e.iteration) ?? 1;
  const xDomain: [number, number] = [0, Math.max(1, lastIteration)];
  const x = iterationScale(xDomain, plot);

  const step = plot.height / Math.max(1, candidates.length);
  const rowY = new Map<number, number>();
  const rows: RasterRow[] = candidates.map((candidate, i) => {
    const y = plot.y + (i + 0.5) * step;
    rowY.set(candidate, y);
    let label = labels.get(candidate);
    if (!label) {
      const first = events.find((e) => e.candidate === candidate);
      label = first ? labelFor(first) : `facet ${candidate}`;
    }
    return { candidate, label, y };
  });

  const maxCorrection = max(events, (e) => (Number.isFinite(e.correction) ? e.correction : 0)) ?? 0;
  const perIteration = plot.width / (xDomain[1] - xDomain[0]);
  const maxRadius = input.maxRadius ?? Math.min(7, 0.45 * step, Math.max(3.5, 1.25 * perIteration));
  const radius = scaleSqrt()
    .domain([0, maxCorrection > 0 ? maxCorrection : 1])
    .range([0, maxRadius])
    .clamp(true);
  // A floor of 0.6 keeps the smallest spikes visible; areas above it stay proportional.
  const radiusOf = (c: number) => round2(Math.max(0.6, radius(Number.isFinite(c) ? c : 0)));

  const dots: RasterDot[] = events.map((e) => ({
    x: round2(x(Math.min(Math.max(e.iteration, xDomain[0]), xDomain[1]))),
    y: round2(rowY.get(e.candidate)!),
    r: radiusOf(e.correction),
    side: e.side ?? 'upper',
    iteration: e.iteration,
    candidate: e.candidate,
    correction: e.correction,
  }));

  // Legend row: the side colours that occur, then the dot size of a few corrections.
  const legend: RasterLegendEntry[] = [];
  const ly = frame.header.legendY;
  let at = plot.x;
  const push = (label: string, color: string, r: number, kind: 'side' | 'size') => {
    const w = Math.max(2 * r, 8);
    legend.push({ label, color, x: round2(at + w / 2), y: ly, r, kind });
    at += w + 5 + textWidth(label, FONT.legend) + 14;
  };
  const sides = new Set(dots.map((d) => (d.side === 'lower' ? 'lower' : 'upper')));
  if (sides.has('upper')) push('x put on upper side', SIDE_COLORS.upper, 4, 'side');
  if (sides.has('lower')) push('x put on lower side', SIDE_COLORS.lower, 4, 'side');
  if (maxCorrection > 0) {
    at += 10;
    const keys = sizeKeys(maxCorrection);
    keys.forEach((c, i) => {
      const label = `${formatCorrection(c)}${i === keys.length - 1 ? ' correction' : ''}`;
      push(label, '#777', radiusOf(c), 'size');
    });
  }

  return {
    width: frame.width,
    height: frame.height,
    plot,
    title,
    header: frame.header,
    rows,
    legend,
    dots,
    xAxis: iterationAxis(x),
    xDomain,
    maxCorrection,
  };
}

/**
 * Corrections for the size key: the largest, then a quarter and a sixteenth of
 * it (half and a quarter of the radius), each rounded down to one significant digit.
 */
function sizeKeys(maxCorrection: number): number[] {
  const down = (v: number) => {
    const k = Math.floor(Math.log10(v));
    return Math.floor(v / 10 ** k) * 10 ** k;
  };
  return [down(maxCorrection), down(maxCorrection / 4), down(maxCorrection / 16)];
}

function formatCorrection(c: number): string {
  return Number(c.toPrecision(1)).toString();
}
