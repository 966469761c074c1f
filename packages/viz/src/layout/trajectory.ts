/**
 * The 2-D picture of a QP: contours of f(x) = ½xᵀAx + bᵀx, each constraint
 * line c·x = h with its feasible side (c·x ≤ h) shaded, the drift path of the
 * iterates, a marker at every spike, and the unconstrained (−A⁻¹b) and
 * constrained optima.
 *
 * Contours are computed analytically. With A positive definite and
 * x* = −A⁻¹b, f(x) = f(x*) + ½(x − x*)ᵀA(x − x*), so the level f(x*) + δ is
 * the ellipse centred at x* with semi-axes √(2δ/λᵢ) along A's eigenvectors.
 * When A is only semidefinite (an LP, or a degenerate QP) no contours are drawn.
 *
 * Axes use one scale for x₁ and x₂ so ellipses and right angles look right.
 */

import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import {
  type AxisLayout,
  clipHalfPlane,
  FONT,
  type FrameInput,
  type Header,
  type PlotBox,
  type Point,
  rectangle,
  resolveFrame,
  round2,
  textWidth,
  yLabelOffset,
} from './frame.js';

/**
 * Colours of the constraint lines: the palette without its green, which marks
 * the feasible region.
 */
const CONSTRAINT_COLORS = ['#0072b2', '#e69f00', '#cc79a7', '#d55e00', '#56b4e9', '#555555'];

/** Width of the band drawn along each constraint line on its feasible side, in user units. */
const BAND = 9;

/** The half-plane c·x ≤ h. */
export interface HalfPlane {
  c: Point;
  h: number;
  /** The constraint's name in the legend. Default the inequality, e.g. `x₁ − 0.5x₂ ≤ 1.5`. */
  label?: string;
}

/** A spike for the trajectory view: only the iteration is needed to place it on the path. */
export interface TrajectorySpike {
  iteration: number;
  candidate?: number;
}

/** What the trajectory view draws. */
export interface TrajectoryInput extends FrameInput {
  /** Hessian, 2×2: rows or row-major flat. */
  A: ReadonlyArray<ArrayLike<number>> | ArrayLike<number>;
  /** Linear term, length 2. */
  b: ArrayLike<number>;
  /** Constraints as half-planes c·x ≤ h (see `halfPlanesFromRows`). */
  constraints: readonly HalfPlane[];
  /** Iterates x₀, x₁, …; path[k] is x after iteration k. */
  path?: ReadonlyArray<ArrayLike<number>>;
  /** Spikes; each is marked at path[iteration], the point after that iteration's sweep. */
  spikes?: readonly TrajectorySpike[];
  /** The constrained optimum, if known. */
  constrainedOptimum?: ArrayLike<number>;
  /** Data window [x₁min, x₁max, x₂min, x₂max]; default fits the path and both optima. */
  view?: readonly [number, number, number, number];
  /** Number of contour levels. Default 8. */
  levels?: number;
  /** Draw the legend on the right (constraints and markers). Default true. */
  legend?: boolean;
  title?: string;
}

/** A constraint as drawn. */
export interface ConstraintLayout {
  label: string;
  color: string;
  /** The line c·x = h clipped to the view, in pixels; null when it misses the view. */
  segment: [Point, Point] | null;
  /** The view rectangle clipped to c·x ≤ h, in pixels (the feasible side). */
  feasibleSide: Point[];
  /** A band a few units wide along the line on its feasible side, in pixels: how the side is shaded. */
  feasibleBand: Point[];
}

/** An entry of the trajectory legend; `mark` says which symbol to draw. */
export interface TrajectoryLegendEntry {
  label: string;
  mark:
    | 'constraint'
    | 'feasible'
    | 'contour'
    | 'active-contour'
    | 'path'
    | 'start'
    | 'spike'
    | 'unconstrained'
    | 'constrained';
  color: string;
  /** Left edge of the symbol and vertical centre of the entry. */
  x: number;
  y: number;
}

/** Geometry of the trajectory view. */
export interface TrajectoryLayout {
  width: number;
  height: number;
  plot: PlotBox;
  title: string;
  /** The wrapped title. */
  header: Header;
  /** Data window actually shown [x₁min, x₁max, x₂min, x₂max]. */
  view: [number, number, number, number];
  /** Closed contour paths (SVG `d`), in pixels; clip them to `plot` when drawing. */
  contours: { level: number; path: string; active: boolean }[];
  constraints: ConstraintLayout[];
  /** The intersection of every feasible side within the view, in pixels. */
  feasibleRegion: Point[];
  /** Drift path (SVG `d`) and its vertices, in pixels. */
  path: string;
  pathPoints: Point[];
  spikes: { x: number; y: number; iteration: number }[];
  /** The first iterate, in pixels (null without a path). */
  start: Point | null;
  /** Legend entries on the right of the plot (empty when `legend: false`). */
  legend: TrajectoryLegendEntry[];
  unconstrainedOptimum: Point | null;
  constrainedOptimum: Point | null;
  xAxis: AxisLayout;
  yAxis: AxisLayout;
  /** Map a data point to pixels. */
  project: (p: ArrayLike<number>) => Point;
}

/**
 * Half-planes c·x ≤ h from two-sided rows lo ≤ Cx ≤ hi (C m×2 row-major or rows);
 * an infinite side is skipped and a finite lower side becomes −c·x ≤ −lo.
 */
export function halfPlanesFromRows(
  C: ReadonlyArray<ArrayLike<number>> | ArrayLike<number>,
  lo: ArrayLike<number> | null | undefined,
  hi: ArrayLike<number> | null | undefined,
): HalfPlane[] {
  const rows = toRows(C, 2);
  const out: HalfPlane[] = [];
  rows.forEach((c, i) => {
    const upper = hi ? hi[i] : Number.POSITIVE_INFINITY;
    const lower = lo ? lo[i] : Number.NEGATIVE_INFINITY;
    if (Number.isFinite(upper)) {
      out.push({
        c: [c[0], c[1]],
        h: upper,
        label: `row ${i}: ${inequalityLabel([c[0], c[1]], upper)}`,
      });
    }
    if (Number.isFinite(lower)) {
      out.push({
        c: [-c[0], -c[1]],
        h: -lower,
        label: `row ${i}: ${inequalityLabel([c[0], c[1]], lower, '≥')}`,
      });
    }
  });
  return out;
}

/** Lay out the 2-D trajectory view. */
export function layoutTrajectory(input: TrajectoryInput): TrajectoryLayout {
  const withLegend = input.legend ?? true;
  const title = input.title ?? 'Trajectory';
  const frame = resolveFrame(
    input,
    {
      width: withLegend ? 660 : 480,
      height: 480,
      margin: { top: 28, right: withLegend ? 196 : 16, bottom: 40, left: 56 },
    },
    { title },
  );
  const { plot } = frame;
  const A = toRows(input.A, 2);
  const b: Point = [input.b[0], input.b[1]];
  const ellipse = quadraticGeometry(A, b);
  const path: Point[] = (input.path ?? []).map((p) => [p[0], p[1]]);
  const xc: Point | null = input.constrainedOptimum
    ? [input.constrainedOptimum[0], input.constrainedOptimum[1]]
    : null;

  const view = input.view
    ? ([...input.view] as [number, number, number, number])
    : fitView([...path, ...(xc ? [xc] : []), ...(ellipse ? [ellipse.center] : [])]);
  // One scale for both axes: widen the shorter side of the window to the plot's aspect.
  const unit = Math.min(plot.width / (view[1] - view[0]), plot.height / (view[3] - view[2]));
  const cx = (view[0] + view[1]) / 2;
  const cy = (view[2] + view[3]) / 2;
  const halfW = plot.width / unit / 2;
  const halfH = plot.height / unit / 2;
  const shown: [number, number, number, number] = [cx - halfW, cx + halfW, cy - halfH, cy + halfH];
  const sx = scaleLinear()
    .domain([shown[0], shown[1]])
    .range([plot.x, plot.x + plot.width]);
  const sy = scaleLinear()
    .domain([shown[2], shown[3]])
    .range([plot.y + plot.height, plot.y]);
  const project = (p: ArrayLike<number>): Point => [round2(sx(p[0])), round2(sy(p[1]))];
  const toPath = line<Point>()
    .x((p) => p[0])
    .y((p) => p[1]);

  const box = rectangle(shown[0], shown[1], shown[2], shown[3]);
  let region: Point[] = box;
  const constraints = input.constraints.map((hp, i): ConstraintLayout => {
    region = clipHalfPlane(region, hp.c, hp.h);
    const side = clipHalfPlane(box, hp.c, hp.h);
    // The band h − BAND·|c|/unit ≤ c·x ≤ h: BAND user units wide on the feasible side.
    const norm = Math.hypot(hp.c[0], hp.c[1]);
    const band = clipHalfPlane(side, [-hp.c[0], -hp.c[1]], -(hp.h - (BAND * norm) / unit));
    const seg = lineInBox(hp, shown);
    return {
      label: hp.label ?? inequalityLabel(hp.c, hp.h),
      color: CONSTRAINT_COLORS[i % CONSTRAINT_COLORS.length],
      segment: seg ? [project(seg[0]), project(seg[1])] : null,
      feasibleSide: side.map(project),
      feasibleBand: band.map(project),
    };
  });

  const yTicks = linearTicks(sy);
  const contours = ellipse ? contourPaths(ellipse, shown, input.levels ?? 8, xc) : [];
  const pathPoints = path.map(project);
  const spikes = (path.length > 0 ? (input.spikes ?? []) : []).map((s) => {
    const k = Math.min(path.length - 1, Math.max(0, s.iteration));
    const [x, y] = project(path[k]);
    return { x, y, iteration: s.iteration };
  });

  const unconstrainedOptimum =
    ellipse && inside(ellipse.center, shown) ? project(ellipse.center) : null;
  const constrainedOptimum = xc && inside(xc, shown) ? project(xc) : null;
  const feasibleRegion = region.map(project);

  const legend: TrajectoryLegendEntry[] = [];
  if (withLegend) {
    const lx = plot.x + plot.width + 16;
    const maxText = frame.width - lx - 26;
    const add = (label: string, mark: TrajectoryLegendEntry['mark'], color: string) => {
      // Long labels are shortened to fit the margin (the full text stays in the line's <title>).
      let text = label;
      while (text.length > 4 && textWidth(text, FONT.legend) > maxText) text = text.slice(0, -1);
      if (text !== label) text = `${text.slice(0, -1)}…`;
      legend.push({ label: text, mark, color, x: lx, y: plot.y + 8 + legend.length * 18 });
    };
    constraints.forEach((c) => {
      if (c.segment) add(c.label, 'constraint', c.color);
    });
    if (feasibleRegion.length > 2) add('feasible region', 'feasible', '#009e73');
    if (contours.some((c) => !c.active)) add('objective contours', 'contour', '#bbb');
    if (contours.some((c) => c.active)) add('contour through optimum', 'active-contour', '#555');
    if (pathPoints.length > 1) add('drift path', 'path', '#222');
    if (pathPoints.length > 0) add('start x₀', 'start', '#222');
    if (spikes.length > 0) add('spike', 'spike', '#d55e00');
    if (unconstrainedOptimum) add('unconstrained optimum', 'unconstrained', '#222');
    if (constrainedOptimum) add('constrained optimum', 'constrained', '#222');
  }

  return {
    width: frame.width,
    height: frame.height,
    plot,
    title,
    header: frame.header,
    view: shown,
    contours: contours.map((c) => ({
      level: c.level,
      active: c.active,
      path: `${toPath(c.points.map(project)) ?? ''}Z`,
    })),
    constraints,
    feasibleRegion,
    path: toPath(pathPoints) ?? '',
    pathPoints,
    spikes,
    start: pathPoints.length > 0 ? pathPoints[0] : null,
    legend,
    unconstrainedOptimum,
    constrainedOptimum,
    xAxis: { ticks: linearTicks(sx), label: 'x₁' },
    yAxis: { ticks: yTicks, label: 'x₂', labelOffset: yLabelOffset(yTicks) },
    project,
  };
}

/**
 * The inequality c·x ≤ h (or ≥) as text: `x₁ − 0.5x₂ ≤ 1.5`, `−0.4x₁ + x₂ ≤ 1.6`.
 */
export function inequalityLabel(c: Point, h: number, relation: '≤' | '≥' = '≤'): string {
  const num = (v: number) => String(Number(v.toPrecision(4))).replace('-', '−');
  const terms: string[] = [];
  (['x₁', 'x₂'] as const).forEach((name, j) => {
    const a = c[j];
    if (a === 0) return;
    const mag = Math.abs(a) === 1 ? '' : num(Math.abs(a));
    const sign = a < 0 ? '−' : '+';
    terms.push(terms.length === 0 ? `${a < 0 ? '−' : ''}${mag}${name}` : `${sign} ${mag}${name}`);
  });
  return `${terms.join(' ') || '0'} ${relation} ${num(h)}`;
}

/** Centre, eigenvalues and eigenvectors of a positive definite 2×2 A; null otherwise. */
interface EllipseGeometry {
  center: Point;
  fCenter: number;
  lambda: [number, number];
  /** Unit eigenvectors, as columns. */
  v: [Point, Point];
  A: number[][];
  b: Point;
}

function quadraticGeometry(A: number[][], b: Point): EllipseGeometry | null {
  const a = A[0][0];
  const c = A[1][1];
  const off = (A[0][1] + A[1][0]) / 2;
  const det = a * c - off * off;
  if (!(a > 0 && det > 1e-14 * Math.max(1, a * c))) return null;
  const center: Point = [(-c * b[0] + off * b[1]) / det, (off * b[0] - a * b[1]) / det];
  const mean = (a + c) / 2;
  const radius = Math.hypot((a - c) / 2, off);
  const lambda: [number, number] = [mean + radius, mean - radius];
  // Eigenvector of the larger eigenvalue; the other is its perpendicular.
  const theta = 0.5 * Math.atan2(2 * off, a - c);
  const v0: Point = [Math.cos(theta), Math.sin(theta)];
  const v1: Point = [-v0[1], v0[0]];
  const sym = [
    [a, off],
    [off, c],
  ];
  const fCenter = objective(sym, b, center);
  return { center, fCenter, lambda, v: [v0, v1], A: sym, b };
}

function objective(A: number[][], b: Point, x: Point): number {
  const ax0 = A[0][0] * x[0] + A[0][1] * x[1];
  const ax1 = A[1][0] * x[0] + A[1][1] * x[1];
  return 0.5 * (x[0] * ax0 + x[1] * ax1) + b[0] * x[0] + b[1] * x[1];
}

/**
 * Contour levels f* + δ with δ spaced quadratically (so the ellipses' radii are
 * evenly spaced) up to the largest value of f at the view's corners, plus the
 * level through the constrained optimum, marked active.
 */
function contourPaths(
  g: EllipseGeometry,
  view: readonly [number, number, number, number],
  count: number,
  xc: Point | null,
): { level: number; points: Point[]; active: boolean }[] {
  const corners = rectangle(view[0], view[1], view[2], view[3]);
  const deltaMax = Math.max(...corners.map((p) => objective(g.A, g.b, p) - g.fCenter));
  const deltas: { delta: number; active: boolean }[] = [];
  for (let k = 1; k <= count; k++)
    deltas.push({ delta: deltaMax * (k / count) ** 2, active: false });
  if (xc) {
    const d = objective(g.A, g.b, xc) - g.fCenter;
    if (d > 0) deltas.push({ delta: d, active: true });
  }
  const samples = 96;
  return deltas.map(({ delta, active }) => {
    const r0 = Math.sqrt((2 * delta) / g.lambda[0]);
    const r1 = Math.sqrt((2 * delta) / g.lambda[1]);
    const points: Point[] = [];
    for (let i = 0; i < samples; i++) {
      const t = (2 * Math.PI * i) / samples;
      const u = r0 * Math.cos(t);
      const w = r1 * Math.sin(t);
      points.push([
        g.center[0] + u * g.v[0][0] + w * g.v[1][0],
        g.center[1] + u * g.v[0][1] + w * g.v[1][1],
      ]);
    }
    return { level: g.fCenter + delta, points, active };
  });
}

/** The part of the line c·x = h inside the view box, or null. */
function lineInBox(
  hp: HalfPlane,
  view: readonly [number, number, number, number],
): [Point, Point] | null {
  const [c0, c1] = hp.c;
  const hits: Point[] = [];
  const eps = 1e-12 * Math.max(1, Math.abs(hp.h));
  if (Math.abs(c1) > 0) {
    for (const x of [view[0], view[1]]) {
      const y = (hp.h - c0 * x) / c1;
      if (y >= view[2] - eps && y <= view[3] + eps) hits.push([x, y]);
    }
  }
  if (Math.abs(c0) > 0) {
    for (const y of [view[2], view[3]]) {
      const x = (hp.h - c1 * y) / c0;
      if (x >= view[0] - eps && x <= view[1] + eps) hits.push([x, y]);
    }
  }
  if (hits.length < 2) return null;
  // Take the two hits farthest apart (a corner hit appears twice).
  let best: [Point, Point] = [hits[0], hits[1]];
  let bestD = -1;
  for (let i = 0; i < hits.length; i++) {
    for (let j = i + 1; j < hits.length; j++) {
      const d = Math.hypot(hits[i][0] - hits[j][0], hits[i][1] - hits[j][1]);
      if (d > bestD) {
        bestD = d;
        best = [hits[i], hits[j]];
      }
    }
  }
  return bestD > 0 ? best : null;
}

/** A window around the points, padded by 25% (and at least 1 unit wide). */
function fitView(points: readonly Point[]): [number, number, number, number] {
  if (points.length === 0) return [-1, 1, -1, 1];
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of points) {
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) continue;
    x0 = Math.min(x0, p[0]);
    x1 = Math.max(x1, p[0]);
    y0 = Math.min(y0, p[1]);
    y1 = Math.max(y1, p[1]);
  }
  if (!Number.isFinite(x0)) return [-1, 1, -1, 1];
  const pad = Math.max(0.5, 0.25 * Math.max(x1 - x0, y1 - y0));
  return [x0 - pad, x1 + pad, y0 - pad, y1 + pad];
}

function inside(p: Point, view: readonly [number, number, number, number]): boolean {
  return p[0] >= view[0] && p[0] <= view[1] && p[1] >= view[2] && p[1] <= view[3];
}

function linearTicks(scale: ReturnType<typeof scaleLinear<number, number>>) {
  const format = scale.tickFormat(6);
  return scale.ticks(6).map((value) => ({ value, position: scale(value), label: format(value) }));
}

/** Rows of an n-column matrix given as rows or row-major flat. */
function toRows(M: ReadonlyArray<ArrayLike<number>> | ArrayLike<number>, n: number): number[][] {
  const first = (M as ArrayLike<unknown>)[0];
  if (first !== undefined && typeof first !== 'number') {
    return Array.from(M as ReadonlyArray<ArrayLike<number>>, (r) => Array.from(r));
  }
  const flat = M as ArrayLike<number>;
  const rows: number[][] = [];
  for (let i = 0; i + n <= flat.length; i += n)
    rows.push(Array.from({ length: n }, (_, j) => flat[i + j]));
  return rows;
}
