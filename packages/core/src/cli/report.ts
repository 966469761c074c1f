/**
 * The JSON output of `snn-opt solve --json`: exactly one object on stdout,
 * for a solve, for invalid input and for an internal error alike.
 *
 * JSON has no NaN or ±Infinity, so {@link toJson} writes every non-finite
 * number as the string "NaN", "Infinity" or "-Infinity" (the same spelling
 * the JSON problem reader accepts), keeping the output valid JSON.
 */

import type { SnnOptError } from '../errors.js';
import type { SolveResultData } from '../solver/result.js';
import { relativeGap } from './table.js';

/** What the report says about where the problem came from. */
export interface ReportContext {
  version: string;
  file: string;
  format: string;
  name?: string;
  /** Published optimal objective given with --optimum. */
  optimum?: number;
  /** Reader warnings (also printed to stderr). */
  warnings: readonly string[];
}

/** Serialises a report; NaN and ±Infinity become the strings "NaN", "Infinity" and "-Infinity". */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
      if (v instanceof Float64Array || v instanceof Uint32Array) return Array.from(v);
      return v;
    },
    indent,
  );
}

/** The KKT certificate without its multipliers (they are indexed by candidate id and long). */
function kktReport(kkt: SolveResultData['kkt']): Record<string, unknown> {
  const out: Record<string, unknown> = {
    status: kkt.status,
    residual: kkt.residual,
    scale: kkt.scale,
    relative: kkt.relative,
    stationarity: kkt.stationarity,
    complementarity: kkt.complementarity,
  };
  if (kkt.reason !== undefined) out.reason = kkt.reason;
  return out;
}

/** The object printed for a finished solve. */
export function solutionReport(
  result: SolveResultData,
  ctx: ReportContext,
): Record<string, unknown> {
  const report: Record<string, unknown> = {
    status: result.status,
    message: result.message,
    objective: result.objective,
    x: Array.from(result.x),
    iterations: result.iterations,
    spikes: result.spikes,
    maxViolation: result.feasibility.maxViolation,
    feasibility: { ...result.feasibility },
    kkt: kktReport(result.kkt),
    timeMs: result.timings.solveMs,
    setupMs: result.timings.setupMs,
    timings: { ...result.timings },
    k0: result.k0,
    lambdaMax: result.lambdaMax,
    backend: result.backend,
    n: result.size.n,
    m: result.size.m,
    file: ctx.file,
    format: ctx.format,
    version: ctx.version,
  };
  report.polish = result.polish;
  if (result.infeasibility) {
    const c = result.infeasibility;
    report.infeasibility = {
      rowMultipliers: Array.from(c.rowMultipliers),
      lowerBoundMultipliers: Array.from(c.lowerBoundMultipliers),
      upperBoundMultipliers: Array.from(c.upperBoundMultipliers),
      combinationNorm: c.combinationNorm,
      offsetGap: c.offsetGap,
    };
  }
  if (result.unboundedness) {
    const c = result.unboundedness;
    report.unboundedness = {
      direction: Array.from(c.direction),
      point: Array.from(c.point),
      slope: c.slope,
      curvature: c.curvature,
    };
  }
  if (ctx.name !== undefined) report.name = ctx.name;
  if (ctx.optimum !== undefined) {
    report.optimum = ctx.optimum;
    report.relativeGap = relativeGap(result.objective, ctx.optimum);
  }
  if (ctx.warnings.length > 0) report.warnings = [...ctx.warnings];
  return report;
}

/** The object printed for invalid input: status `invalid_input` plus the error's code and details. */
export function invalidInputReport(error: SnnOptError): Record<string, unknown> {
  const details = error.toJSON();
  const out: Record<string, unknown> = { status: 'invalid_input' };
  for (const [key, value] of Object.entries(details)) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The object printed for an unexpected internal error. */
export function internalErrorReport(error: unknown, withStack: boolean): Record<string, unknown> {
  const message = error instanceof Error ? error.message : String(error);
  const out: Record<string, unknown> = { status: 'internal_error', message };
  if (withStack && error instanceof Error && error.stack !== undefined) out.stack = error.stack;
  return out;
}
