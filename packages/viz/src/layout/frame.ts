/**
 * Shared geometry for every view: the frame (outer size, margins, plot box),
 * the axis tick model, the categorical palette and a few polygon helpers.
 *
 * Coordinates are SVG user units with y pointing down; a layout never returns
 * a point outside its own viewBox except contour ellipses, which the
 * components clip to the plot box.
 */

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
  label: string;
}

/** An axis ready to draw: its ticks and its title. */
export interface AxisLayout {
  ticks: Tick[];
  label: string;
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

/** Resolve a frame: the outer size and the plot box inside the margins. */
export function resolveFrame(
  input: FrameInput,
  defaults: { width: number; height: number; margin?: Margin },
): { width: number; height: number; margin: Margin; plot: PlotBox } {
  const width = input.width ?? defaults.width;
  const height = input.height ?? defaults.height;
  const margin = { ...(defaults.margin ?? DEFAULT_MARGIN), ...input.margin };
  const plot = {
    x: margin.left,
    y: margin.top,
    width: Math.max(1, width - margin.left - margin.right),
    height: Math.max(1, height - margin.top - margin.bottom),
  };
  return { width, height, margin, plot };
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
  for (let k = b; k >= a; k -= step) {
    const value = 10 ** k;
    ticks.push({ value, position: toPosition(value), label: decadeLabel(k) });
  }
  return ticks.reverse();
}

/** Label of the decade 10^k: plain for 0.01…1000, else `1e-6` style. */
export function decadeLabel(k: number): string {
  if (k >= -2 && k <= 3) return String(10 ** k);
  return `1e${k}`;
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
