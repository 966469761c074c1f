/**
 * @snn-opt/viz — the views of a solve as geometry: spike raster, objective
 * gap, 2-D trajectory, line and bar charts. These layout functions are pure
 * TypeScript; the Svelte components (`@snn-opt/viz/components/*.svelte`)
 * draw them in the browser and `@snn-opt/viz/server` renders them to
 * standalone SVG strings.
 */

export type {
  AxisType,
  Bar,
  BarChartInput,
  BarChartLayout,
  BarSeries,
  LegendEntry,
  LineChartInput,
  LineChartLayout,
  LineSeries,
} from './layout/charts.js';
export { layoutBarChart, layoutLineChart } from './layout/charts.js';
export type {
  AxisLayout,
  FrameInput,
  Header,
  Margin,
  PlotBox,
  Point,
  Tick,
} from './layout/frame.js';
export {
  clipHalfPlane,
  DEFAULT_MARGIN,
  decadeDomain,
  decadeTicks,
  logTicks,
  PALETTE,
  polygonContains,
  seriesColor,
  textWidth,
  wrapText,
} from './layout/frame.js';
export type {
  GapCurve,
  GapInput,
  GapLayout,
  GapLegendEntry,
  GapSeries,
} from './layout/gap.js';
export { layoutGap } from './layout/gap.js';
export type {
  RasterDot,
  RasterInput,
  RasterLayout,
  RasterLegendEntry,
  RasterRow,
  SpikeEventLike,
} from './layout/raster.js';
export {
  defaultFacetLabel,
  iterationScale,
  layoutRaster,
  SIDE_COLORS,
} from './layout/raster.js';
export type {
  ConstraintLayout,
  HalfPlane,
  TrajectoryInput,
  TrajectoryLayout,
  TrajectoryLegendEntry,
  TrajectorySpike,
} from './layout/trajectory.js';
export { halfPlanesFromRows, inequalityLabel, layoutTrajectory } from './layout/trajectory.js';
