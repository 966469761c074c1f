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
export type { AxisLayout, FrameInput, Margin, PlotBox, Point, Tick } from './layout/frame.js';
export {
  clipHalfPlane,
  DEFAULT_MARGIN,
  decadeDomain,
  decadeTicks,
  PALETTE,
  polygonContains,
  seriesColor,
} from './layout/frame.js';
export type { GapCurve, GapInput, GapLayout, GapSeries } from './layout/gap.js';
export { layoutGap } from './layout/gap.js';
export type {
  RasterDot,
  RasterInput,
  RasterLayout,
  RasterRow,
  SpikeEventLike,
} from './layout/raster.js';
export { defaultFacetLabel, iterationScale, layoutRaster } from './layout/raster.js';
export type {
  ConstraintLayout,
  HalfPlane,
  TrajectoryInput,
  TrajectoryLayout,
  TrajectorySpike,
} from './layout/trajectory.js';
export { halfPlanesFromRows, layoutTrajectory } from './layout/trajectory.js';
