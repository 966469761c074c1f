/** The markdown report of the backends benchmark. */

import { arch, cpus, platform, totalmem } from 'node:os';
import type { Backend } from './args.js';
import type { TaskTiming } from './measure.js';

/** One backend on one problem. */
export interface BackendResult {
  backend: Backend;
  /** Null when the backend did not load (then `reason` says why). */
  timing: TaskTiming | null;
  /** The drift-only run (no rows, no bounds), when the split was measured. */
  drift: TaskTiming | null;
  /** Iterations per second over js's: the median of the per-round ratios (NaN for js itself). */
  speedup: number;
  reason?: string;
  /** Time to create the kernel from the setup (the compiled backends copy the data). */
  createMs: number;
  /** Whether x and the spike count after the warm-up equal the first backend's, bit for bit. */
  sameState: boolean | null;
}

/** One problem size. */
export interface SizeResult {
  n: number;
  m: number;
  activeRows: number;
  boxed: number;
  activeBounds: number;
  /** Generating the random problem. */
  generateMs: number;
  /** normalizeProblem + prepareKernelSetup (eigenvalues for λmax, Gram matrix, row norms). */
  setupMs: number;
  lambdaMax: number;
  k0: number;
  backends: BackendResult[];
}

/** Run-wide facts for the report header. */
export interface RunInfo {
  command: string;
  date: string;
  seed: number;
  active: number;
  repeats: number;
  targetMs: number;
  warmup: number;
  split: boolean;
  unavailable: Array<{ backend: Backend; reason: string }>;
}

/** The lineage's own C++ kernel (its problems and its machine), for context. */
export const LINEAGE_US: Array<{ n: number; m: number; us: number }> = [
  { n: 10, m: 5, us: 0.13 },
  { n: 100, m: 60, us: 15 },
  { n: 1000, m: 500, us: 1900 },
];

/** Issue 3's targets: iterations per second of a compiled backend over js, at n ≥ 100. */
export const TARGETS: Array<{ backend: Backend; ratio: number }> = [
  { backend: 'native', ratio: 3 },
  { backend: 'wasm', ratio: 2 },
];
export const TARGET_MIN_N = 100;

export function machineLines(): string[] {
  const list = cpus();
  const model = list.length > 0 ? list[0].model.trim() : 'unknown';
  return [
    `- node ${process.version} on ${platform()} ${arch()}`,
    `- cpu: ${model} (${list.length} logical cores as seen by os.cpus()), ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory`,
  ];
}

export function fmtUs(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  if (Math.abs(v) >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

export function fmtMs(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function fmtCount(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** Iterations-per-second ratio of a backend over js, measured in the same rounds. */
export function speedup(size: SizeResult, backend: Backend): number {
  return size.backends.find((b) => b.backend === backend)?.speedup ?? Number.NaN;
}

function fmtRatio(v: number): string {
  return Number.isFinite(v) ? `${v.toFixed(2)}×` : '—';
}

function statusCell(r: BackendResult): string | null {
  if (!r.timing) return 'unavailable';
  if (r.timing.status !== 'running') return r.timing.status;
  return null;
}

function table(header: string[], align: Array<'l' | 'r'>, rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${align.map((a) => (a === 'r' ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

/** The summary: one line per size, the backends side by side, and the same-run ratios. */
export function summaryTable(sizes: SizeResult[], backends: Backend[]): string[] {
  const others = backends.filter((b) => b !== 'js');
  const header = [
    'n',
    'm',
    'cut off at x_u (rows+bounds)',
    'setup ms',
    ...backends.map((b) => `${b} µs/it`),
    'spikes/it',
    ...(backends.includes('js') ? others.map((b) => `${b}/js`) : []),
  ];
  const align: Array<'l' | 'r'> = header.map(() => 'r');
  const rows = sizes.map((s) => {
    const spikes = s.backends.find((b) => b.timing && b.timing.status === 'running')?.timing
      ?.spikesPerIteration;
    return [
      String(s.n),
      String(s.m),
      `${s.activeRows}+${s.activeBounds}`,
      fmtMs(s.setupMs),
      ...backends.map((name) => {
        const r = s.backends.find((b) => b.backend === name);
        if (!r) return '—';
        return statusCell(r) ?? fmtUs(r.timing!.usPerIteration);
      }),
      spikes === undefined ? '—' : fmtCount(spikes),
      ...(backends.includes('js') ? others.map((b) => fmtRatio(speedup(s, b))) : []),
    ];
  });
  return table(header, align, rows);
}

/** The detail: one line per size and backend. */
export function detailTable(sizes: SizeResult[], split: boolean): string[] {
  const header = [
    'n',
    'm',
    'backend',
    'µs/iteration',
    'min–max µs',
    'spikes/iteration',
    ...(split ? ['drift µs', 'sweep µs', 'sweep share'] : []),
    'K',
    'create ms',
    'same state',
  ];
  const align: Array<'l' | 'r'> = header.map((h) => (h === 'backend' ? 'l' : 'r'));
  const rows: string[][] = [];
  for (const s of sizes) {
    for (const r of s.backends) {
      const t = r.timing;
      const bad = statusCell(r);
      if (!t || bad) {
        rows.push([
          String(s.n),
          String(s.m),
          r.backend,
          bad ?? '—',
          ...Array(header.length - 4).fill('—'),
        ]);
        continue;
      }
      const d = r.drift;
      const driftUs = d && d.status === 'running' ? d.usPerIteration : Number.NaN;
      const sweepUs = t.usPerIteration - driftUs;
      rows.push([
        String(s.n),
        String(s.m),
        r.backend,
        fmtUs(t.usPerIteration),
        `${fmtUs(t.usMin)}–${fmtUs(t.usMax)}`,
        fmtCount(t.spikesPerIteration),
        ...(split
          ? [
              fmtUs(driftUs),
              fmtUs(sweepUs),
              Number.isFinite(sweepUs)
                ? `${((100 * sweepUs) / t.usPerIteration).toFixed(0)} %`
                : '—',
            ]
          : []),
        String(t.iterationsPerSample),
        fmtMs(r.createMs),
        r.sameState === null ? 'ref.' : r.sameState ? 'yes' : 'NO',
      ]);
    }
  }
  return table(header, align, rows);
}

/** Whether each target was met, per size with n ≥ TARGET_MIN_N. */
export function targetLines(sizes: SizeResult[], info: RunInfo): string[] {
  const lines: string[] = [];
  const big = sizes.filter((s) => s.n >= TARGET_MIN_N);
  for (const { backend, ratio } of TARGETS) {
    const missing = info.unavailable.find((u) => u.backend === backend);
    if (missing) {
      lines.push(
        `- ${backend} ≥ ${ratio}× js at n ≥ ${TARGET_MIN_N}: not measured (${backend} unavailable)`,
      );
      continue;
    }
    if (big.length === 0 || !big.every((s) => s.backends.some((b) => b.backend === backend))) {
      lines.push(`- ${backend} ≥ ${ratio}× js at n ≥ ${TARGET_MIN_N}: not measured in this run`);
      continue;
    }
    const ratios = big.map((s) => ({ n: s.n, r: speedup(s, backend) }));
    const met = ratios.every((x) => x.r >= ratio);
    const detail = ratios.map((x) => `n=${x.n}: ${fmtRatio(x.r)}`).join(', ');
    lines.push(
      `- ${backend} ≥ ${ratio}× js at n ≥ ${TARGET_MIN_N}: ${met ? 'met' : 'NOT met'} (${detail})`,
    );
  }
  return lines;
}

/** The whole report. */
export function markdownReport(sizes: SizeResult[], backends: Backend[], info: RunInfo): string {
  const lines: string[] = [
    '# Backends throughput: µs and spikes per outer iteration',
    '',
    `Command: \`${info.command}\` (${info.date})`,
    '',
    ...machineLines(),
    `- problems: seeded random dense QPs (benchmarks/backends/src/problems.ts), seed ${info.seed}, m = round(n/2), ${Math.round(100 * info.active)} % of the rows and of the box bounds placed to cut off the unconstrained optimum`,
    `- warm-up ${info.warmup} iterations from x = 0; K sized for ~${info.targetMs} ms per sample; median of ${info.repeats} samples taken in interleaved rounds (each round times every backend once)`,
    '- early stopping off: the kernel is driven directly with `advance(K)` (no checkpoints, no certificate)',
    '',
    'Figures come from a shared, noisy machine: compare backends only through the ratios of one run.',
    '`b/js` is the iterations-per-second ratio of backend b over js: the median over the rounds of (js time per iteration ÷ b time per iteration) within the same round.',
    '',
    '## Summary',
    '',
    ...summaryTable(sizes, backends),
    '',
    '## Targets',
    '',
    ...targetLines(sizes, info),
    '',
    '## Per backend',
    '',
    ...detailTable(sizes, info.split),
    '',
    '- µs/iteration: median over the samples of (time of `advance(K)`) / K; min–max: the fastest and slowest sample.',
    '- spikes/iteration: spikes fired during the timed samples / iterations they ran.',
  ];
  if (info.split) {
    lines.push(
      '- drift µs: the same A, b, k0 with no rows and no bounds (drift plus an O(n) pass over infinite bounds); sweep µs = total − drift (residual refresh Cx plus spikes). Both are measured, so small ones are noisy.',
    );
  }
  lines.push(
    '- same state: x and the spike count after the warm-up equal those of the reference (first) backend bit for bit, so every backend times the same work.',
    "- setup ms (not in the per-iteration figures): normalizeProblem + prepareKernelSetup (λmax by a symmetric eigen decomposition, Gram matrix, row norms); create ms: building the backend's kernel from it.",
    '',
  );
  if (info.unavailable.length > 0) {
    lines.push('## Unavailable backends', '');
    for (const u of info.unavailable) lines.push(`- ${u.backend}: ${u.reason}`);
    lines.push('');
  }
  lines.push(
    "## For context: the lineage's C++ kernel",
    '',
    'Its own problems on its own machine, so not a same-run ratio:',
    ...LINEAGE_US.map((l) => `- n = ${l.n}, m = ${l.m}: ${fmtUs(l.us)} µs/iteration`),
    '',
  );
  return lines.join('\n');
}
