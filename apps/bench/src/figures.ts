/**
 * Figures of the suites, described as data and drawn by @snn-opt/viz's
 * headless SVG renderers (Svelte's server renderer). If that module does not
 * load (viz not built), the suites still write their JSON and markdown, and
 * the runner's summary says the figures were skipped and why.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpikeEvent } from '@snn-opt/core';
import type {
  BarChartInput,
  GapInput,
  LineChartInput,
  RasterInput,
  TrajectoryInput,
} from '@snn-opt/viz';
import type { RunContext } from './common.js';

export type Figure =
  | {
      file: string;
      kind: 'objectiveGap';
      title: string;
      /** Iteration axis; give the raster's to stack the two with iterations aligned. */
      xDomain?: [number, number];
      series: Array<{ label: string; gap: number[] }>;
    }
  | {
      file: string;
      kind: 'spikeRaster';
      title: string;
      candidates: number;
      /** Candidate ids that get a row (the problem's finite facets); default those that fired. */
      facets?: number[];
      iterations: number;
      events: SpikeEvent[];
      labels?: string[];
    }
  | {
      file: string;
      kind: 'trajectory';
      title: string;
      A: number[][];
      b: number[];
      C: number[][];
      hi: number[];
      path: number[][];
      spikes: Array<{ iteration: number; candidate: number }>;
      unconstrained: number[];
      optimum: number[];
    }
  | {
      file: string;
      kind: 'line';
      title: string;
      xLabel: string;
      yLabel: string;
      logX?: boolean;
      logY?: boolean;
      /** Start a linear y axis at 0 (counts). */
      zeroY?: boolean;
      series: Array<{ label: string; points: Array<[number, number]> }>;
    }
  | {
      file: string;
      kind: 'bar';
      title: string;
      yLabel: string;
      logY?: boolean;
      groups: string[];
      series: Array<{ label: string; values: number[] }>;
    };

type Renderer = (figure: Figure) => string;

let renderer: Renderer | null | undefined;
/** Why figures were not drawn, when they were not. */
export let figuresUnavailable: string | null = null;

async function loadRenderer(): Promise<Renderer | null> {
  if (renderer !== undefined) return renderer;
  const specifier = '@snn-opt/viz/server';
  try {
    const viz = (await import(specifier)) as VizServer;
    renderer = (figure) => renderWithViz(viz, figure);
  } catch (error) {
    figuresUnavailable = `@snn-opt/viz/server did not load (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
    renderer = null;
  }
  return renderer;
}

/** Writes each figure as SVG next to the suite's results; returns the file names written. */
export async function renderFigures(ctx: RunContext, figures: Figure[]): Promise<string[]> {
  const render = await loadRenderer();
  if (!render) return [];
  mkdirSync(ctx.outDir, { recursive: true });
  const written: string[] = [];
  for (const figure of figures) {
    try {
      writeFileSync(join(ctx.outDir, figure.file), render(figure));
      written.push(figure.file);
    } catch (error) {
      figuresUnavailable = `${figure.file}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return written;
}

/** The subset of @snn-opt/viz/server this runner calls (typed against @snn-opt/viz's input shapes). */
interface VizServer {
  spikeRasterSvg(data: RasterInput): string;
  objectiveGapSvg(data: GapInput): string;
  trajectorySvg(data: TrajectoryInput): string;
  lineChartSvg(data: LineChartInput): string;
  barChartSvg(data: BarChartInput): string;
}

/** Maps a figure description onto @snn-opt/viz's renderers. */
function renderWithViz(viz: VizServer, figure: Figure): string {
  switch (figure.kind) {
    case 'objectiveGap':
      return viz.objectiveGapSvg({
        title: figure.title,
        yLabel: 'relative objective gap',
        ...(figure.xDomain ? { xDomain: figure.xDomain } : {}),
        series: figure.series.map((s) => ({ label: s.label, gaps: s.gap, start: 0 })),
      });
    case 'spikeRaster': {
      const labels = figure.labels;
      const label = (k: number) => labels?.[k] ?? `facet ${k}`;
      return viz.spikeRasterSvg({
        title: figure.title,
        events: figure.events,
        iterations: figure.iterations,
        ...(figure.facets
          ? { facets: figure.facets.map((candidate) => ({ candidate, label: label(candidate) })) }
          : {}),
        ...(labels ? { labelFor: (e) => label(e.candidate) } : {}),
      });
    }
    case 'trajectory':
      return viz.trajectorySvg({
        title: figure.title,
        A: figure.A,
        b: figure.b,
        // No labels: the legend names each constraint by its inequality, in row order.
        constraints: figure.C.map((c, i) => ({
          c: [c[0], c[1]] as [number, number],
          h: figure.hi[i],
        })),
        path: figure.path,
        spikes: figure.spikes,
        constrainedOptimum: figure.optimum,
      });
    case 'line':
      return viz.lineChartSvg({
        title: figure.title,
        xLabel: figure.xLabel,
        yLabel: figure.yLabel,
        xType: figure.logX ? 'log' : 'linear',
        yType: figure.logY ? 'log' : 'linear',
        yZero: figure.zeroY ?? false,
        series: figure.series.map((s) => ({
          label: s.label,
          points: s.points.map(([x, y]) => ({ x, y })),
        })),
      });
    case 'bar':
      return viz.barChartSvg({
        title: figure.title,
        yLabel: figure.yLabel,
        yType: figure.logY ? 'log' : 'linear',
        categories: figure.groups,
        series: figure.series.map((s) => ({
          label: s.label,
          values: s.values.map((v) => (Number.isFinite(v) ? v : null)),
        })),
      });
  }
}
