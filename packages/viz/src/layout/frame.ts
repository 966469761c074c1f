/**
 * Shared geometry for every view: the frame (outer size, margins, plot box),
 * the axis tick model, the categorical palette and a few polygon helpers.
 *
 * Coordinates are SVG user units with y pointing down; a layout never returns
 * a point outside its own viewBox except contour ellipses, which the
 * components clip to the plot box.
 */

import type { ScaleLogarithmic } from 'd3-scale';

/** Outer size and margins of one view, in SVG user units. */
export interface FrameInput {
  /** Outer width; default per view. */
  width?: number;
  /** Outer height; default per view. */
  height?: number;
  /** Space around the plot box for axes, labels and the title. */
  margin?: Partial<Margin>;
}

/** Space between the outer edge and the plot box. */
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The plot box inside the outer frame. */
export interface PlotBox {
  /** Left edge. */
  x: number;
  /** Top edge. */
  y: number;
  /** Width of the plot area. */
  width: number;
  /** Height of the plot area. */
  height: number;
}

/** One tick of an axis: the data value, its position along the axis and its label. */
export interface Tick {
  value: number;
  /** Pixel position along the axis (x for a horizontal axis, y for a vertical one). */
  position: number;
  /** The tick's label; empty for a minor tick. */
  label: string;
  /** A minor tick (e.g. 2…9 × 10^k on a log axis): a short mark, no label, a fainter grid line. */
  minor?: boolean;
}

/** An axis ready to draw: its ticks and its title. */
export interface AxisLayout {
  ticks: Tick[];
  label: string;
  /** Rotation of the tick labels in degrees (x axis only; negative is counter-clockwise). Default 0. */
  rotate?: number;
  /**
   * Distance from the axis line to the axis title's centre line, in user units
   * (below an x axis, left of a y axis). Default 34 for x, 44 for y.
   */
  labelOffset?: number;
}

/** The title block above a plot: wrapped lines, and where a legend row goes if there is one. */
export interface Header {
  /** Title lines, each drawn at `lineY[i]` (text baseline). */
  lines: string[];
  lineY: number[];
  /** Vertical centre of the legend row under the title (when there is one). */
  legendY: number;
  /** Top margin needed by the title (and legend row). */
  height: number;
}

/** Font sizes shared by every view. */
export const FONT = { title: 13, tick: 11, legend: 11 } as const;

/**
 * Estimated rendered width of a text in a sans-serif font. The server renderer
 * cannot measure text, so layouts use this to wrap titles, size margins and
 * decide whether tick labels need rotating; it errs on the wide side.
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let w = 0;
  for (const ch of text) {
    if (ch === ' ') w += 0.3;
    else if ("il.,:;|!'’()[]".includes(ch)) w += 0.32;
    else if ('mwMW—'.includes(ch)) w += 0.9;
    else if (ch >= 'A' && ch <= 'Z') w += 0.68;
    else w += 0.58;
  }
  return w * fontSize * (bold ? 1.16 : 1);
}

/**
 * Distance from a y axis to its title's centre line that clears the widest
 * tick label (labels end 6 units left of the axis; the rotated title is about
 * 12 units tall).
 */
export function yLabelOffset(ticks: readonly Tick[], fontSize: number = FONT.tick): number {
  let widest = 0;
  for (const t of ticks) widest = Math.max(widest, textWidth(t.label, fontSize));
  return Math.ceil(6 + widest + 12);
}

/** Split a title into lines no wider than `maxWidth` (estimated), breaking at spaces. */
export function wrapText(text: string, maxWidth: number, fontSize: number, bold = false): string[] {
  if (!text) return [];
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && textWidth(candidate, fontSize, bold) > maxWidth) {
      lines.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/**
 * Lay out the title block: the title wrapped to the space right of `x`, then
 * an optional legend row. Returns the top margin it needs.
 */
export function layoutHeader(title: string, width: number, x: number, legendRow: boolean): Header {
  const lines = wrapText(title, Math.max(80, width - x - 8), FONT.title, true);
  const lineY = lines.map((_, i) => 17 + i * 17);
  const afterTitle = lines.length > 0 ? 17 * lines.length + 4 : 4;
  const legendY = afterTitle + 9;
  const height = legendRow ? legendY + 15 : afterTitle + 10;
  return { lines, lineY, legendY, height: Math.max(28, height) };
}

/** A 2-D point in SVG user units or in data units, depending on context. */
export type Point = readonly [number, number];

/** Margins shared by the raster and the gap view, so their x axes line up. */
export const DEFAULT_MARGIN: Margin = { top: 28, right: 16, bottom: 40, left: 96 };

/**
 * Categorical colours, chosen to stay distinguishable for common colour-vision
 * deficiencies (Okabe–Ito order, black dropped).
 */
export const PALETTE: readonly string[] = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#d55e00',
  '#cc79a7',
  '#56b4e9',
  '#f0e442',
  '#555555',
];

/** Colour of series i, cycling through the palette. */
export function seriesColor(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/**
 * Resolve a frame: the outer size and the plot box inside the margins. With a
 * `header`, the top margin grows to fit the (wrapped) title and legend row
 * unless the caller set `margin.top`; a default height grows with it, so the
 * plot box keeps its size.
 */
export function resolveFrame(
  input: FrameInput,
  defaults: { width: number; height: number; margin?: Margin },
  header?: { title: string; legendRow?: boolean },
): { width: number; height: number; margin: Margin; plot: PlotBox; header: Header } {
  const width = input.width ?? defaults.width;
  const base = { ...(defaults.margin ?? DEFAULT_MARGIN), ...input.margin };
  const head = layoutHeader(header?.title ?? '', width, base.left, header?.legendRow ?? false);
  const margin =
    input.margin?.top === undefined ? { ...base, top: Math.max(base.top, head.height) } : base;
  const height = input.height ?? defaults.height + (margin.top - base.top);
  const plot = {
    x: margin.left,
    y: margin.top,
    width: Math.max(1, width - margin.left - margin.right),
    height: Math.max(1, height - margin.top - margin.bottom),
  };
  return { width, height, margin, plot, header: head };
}

/**
 * A log domain widened to whole decades: [10^floor(log10 lo), 10^ceil(log10 hi)].
 * Values that are not positive and finite are ignored; an empty input gives [1e-16, 1].
 */
export function decadeDomain(values: Iterable<number>): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v > 0 && Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo)) return [1e-16, 1];
  let a = Math.floor(Math.log10(lo));
  let b = Math.ceil(Math.log10(hi));
  if (a === b) {
    a -= 1;
    b += 1;
  }
  return [10 ** a, 10 ** b];
}

/**
 * Ticks at powers of ten inside a log domain. When there are more than
 * `maxTicks` decades, every k-th decade is kept so the labels do not collide.
 */
export function decadeTicks(
  domain: readonly [number, number],
  toPosition: (v: number) => number,
  maxTicks = 8,
): Tick[] {
  const a = Math.ceil(Math.log10(Math.min(domain[0], domain[1])) - 1e-9);
  const b = Math.floor(Math.log10(Math.max(domain[0], domain[1])) + 1e-9);
  const step = Math.max(1, Math.ceil((b - a + 1) / maxTicks));
  const ticks: Tick[] = [];
  // Keep the decades that are multiples of the step, so 1 = 10⁰ is always among them.
  for (let k = Math.ceil(a / step) * step; k <= b; k += step) {
    const value = 10 ** k;
    ticks.push({ value, position: toPosition(value), label: decadeLabel(k) });
  }
  return ticks;
}

/** Label of the decade 10^k: plain for 0.001…10000, else `1e-6` style. */
export function decadeLabel(k: number): string {
  if (k >= -3 && k <= 4) return String(10 ** k);
  return `1e${k}`;
}

/**
 * Ticks of a d3 log scale (base 10): d3's `ticks(count)` decides where they go
 * (every decade, every k-th decade over a wide range, or 1…9 × 10^k over a
 * narrow one). Powers of ten are labelled (`0.01`, `1000`, or `1e-6` style);
 * over at most about two decades 2 and 5 × 10^k are labelled too; the other ticks are `minor` (a short mark, no label). `count` is
 * about how many labels fit along the axis.
 */
export function logTicks(scale: ScaleLogarithmic<number, number>, count: number): Tick[] {
  const n = Math.max(2, Math.round(count));
  const values = scale.ticks(n);
  const [d0, d1] = scale.domain();
  const decades = Math.abs(Math.log10(d1 / d0));
  // One style per axis: exponent labels for every decade below 1 if any is below
  // 0.001 (and above 1 if any is above 10000), so 0.01 never sits next to 1e-4.
  const ks = values.map((v) => Math.log10(v));
  const expBelow = ks.some((k) => k < -3.5);
  const expAbove = ks.some((k) => k > 4.5);
  return values.map((value) => {
    const k = Math.round(Math.log10(value));
    const mantissa = value / 10 ** k;
    let label = '';
    if (Math.abs(mantissa - 1) < 1e-9) {
      label = (k < 0 && expBelow) || (k > 0 && expAbove) ? `1e${k}` : decadeLabel(k);
    } else if (decades <= 2.2) {
      // Over a short range, label 2 and 5 × 10^k as well.
      const m = Math.round(mantissa * 1e6) / 1e6;
      if (m === 2 || m === 0.5) label = String(Number(value.toPrecision(6)));
    }
    return { value, position: scale(value), label, ...(label ? {} : { minor: true }) };
  });
}

/** The rectangle [x0, x1] × [y0, y1] as a counter-clockwise polygon in data units. */
export function rectangle(x0: number, x1: number, y0: number, y1: number): Point[] {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

/**
 * Clip a convex or concave polygon by the half-plane c·p ≤ h (one
 * Sutherland–Hodgman pass). Returns the part of the polygon on the feasible
 * side, possibly empty.
 */
export function clipHalfPlane(polygon: readonly Point[], c: Point, h: number): Point[] {
  const out: Point[] = [];
  const side = (p: Point) => c[0] * p[0] + c[1] * p[1] - h;
  for (let i = 0; i < polygon.length; i++) {
    const p = polygon[i];
    const q = polygon[(i + 1) % polygon.length];
    const sp = side(p);
    const sq = side(q);
    if (sp <= 0) out.push(p);
    if ((sp < 0 && sq > 0) || (sp > 0 && sq < 0)) {
      const t = sp / (sp - sq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

/**
 * Whether p lies inside the polygon (even–odd rule), or within `tolerance`
 * of its boundary. The tolerance matters for a constrained optimum, which
 * lies exactly on an active wall.
 */
export function polygonContains(polygon: readonly Point[], p: Point, tolerance = 0): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i];
    const b = polygon[j];
    if (segmentDistance(p, a, b) <= tolerance) return true;
    if (a[1] > p[1] !== b[1] > p[1]) {
      const xCross = ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0];
      if (p[0] < xCross) inside = !inside;
    }
  }
  return inside;
}

/** Euclidean distance from p to the segment ab. */
export function segmentDistance(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t =
    len2 > 0 ? Math.min(1, Math.max(0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/** Points as an SVG `points` attribute ("x,y x,y …"), rounded to 0.01 units. */
export function pointsAttribute(points: readonly Point[]): string {
  return points.map((p) => `${round2(p[0])},${round2(p[1])}`).join(' ');
}

/** Round to 0.01 user units, which is far below a pixel and keeps SVG text short. */
export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
