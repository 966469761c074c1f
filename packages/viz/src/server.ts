/**
 * Headless rendering: each view as a standalone SVG string, drawn by the same
 * Svelte components the browser uses, through Svelte's server renderer. For
 * reports, benchmark figures and files on disk.
 *
 * The `.svelte` imports below are compiled to `dist/server/*.js` by
 * scripts/build.mjs, which also rewrites these specifiers.
 */
import type { Component } from 'svelte';
import { render } from 'svelte/server';
import BarChart from './components/BarChart.svelte';
import LineChart from './components/LineChart.svelte';
import ObjectiveGap from './components/ObjectiveGap.svelte';
import SpikeRaster from './components/SpikeRaster.svelte';
import Trajectory2D from './components/Trajectory2D.svelte';
import type { BarChartInput, LineChartInput } from './layout/charts.js';
import type { GapInput } from './layout/gap.js';
import type { RasterInput } from './layout/raster.js';
import type { TrajectoryInput } from './layout/trajectory.js';

const XML_NAMESPACE = 'http://www.w3.org/2000/svg';

/**
 * Render a component whose root element is an `<svg>` to a standalone SVG
 * document string: hydration comments are removed and the SVG namespace is
 * ensured on the root, so the result can be written to a `.svg` file as is.
 */
export function renderSvg<Props extends object>(component: Component<Props>, props: Props): string {
  const { body } = render(component as Component<object>, { props });
  const svg = body.replace(/<!--[\s\S]*?-->/g, '').trim();
  if (!svg.startsWith('<svg')) {
    throw new Error(
      `renderSvg: expected the component to render one <svg> root element, got: ${svg.slice(0, 40)}…`,
    );
  }
  return svg.includes('xmlns=') ? svg : svg.replace('<svg', `<svg xmlns="${XML_NAMESPACE}"`);
}

/** The spike raster as an SVG string. */
export function spikeRasterSvg(data: RasterInput): string {
  return renderSvg(SpikeRaster, data);
}

/** The objective-gap view as an SVG string. */
export function objectiveGapSvg(data: GapInput): string {
  return renderSvg(ObjectiveGap, data);
}

/** The 2-D trajectory view as an SVG string. */
export function trajectorySvg(data: TrajectoryInput): string {
  return renderSvg(Trajectory2D, data);
}

/** A line chart as an SVG string. */
export function lineChartSvg(data: LineChartInput): string {
  return renderSvg(LineChart, data);
}

/** A bar chart as an SVG string. */
export function barChartSvg(data: BarChartInput): string {
  return renderSvg(BarChart, data);
}
