/**
 * Throughput benchmark of the dynamics backends.
 *
 *   pnpm run bench:backends [-- --out benchmarks/results/backends.md]
 *   pnpm run bench:backends -- --problem FILE --iterations K --backend B
 *
 * Progress goes to stderr, results to stdout.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  type AdvanceStatus,
  type DynamicsKernel,
  isSnnOptError,
  type KernelBackend,
  type KernelSetup,
  loadBackend,
  normalizeProblem,
  prepareKernelSetup,
  type QPProblem,
  readProblemFile,
  resolveOptions,
} from '@snn-opt/core/node';
import {
  BACKENDS,
  type Backend,
  type BenchArgs,
  parseBenchArgs,
  USAGE,
  UsageError,
} from './args.js';
import {
  calibrate,
  nowMs,
  pairedRatio,
  type Task,
  type TaskTiming,
  timeInterleaved,
} from './measure.js';
import { generateProblem } from './problems.js';
import {
  type BackendResult,
  fmtMs,
  fmtUs,
  markdownReport,
  type RunInfo,
  type SizeResult,
} from './report.js';

const log = (message: string) => process.stderr.write(`${message}\n`);

/**
 * A path as the caller meant it: relative to the directory pnpm was invoked
 * in (INIT_CWD), which is not the working directory of a filtered script.
 */
function callerPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** Loads the asked-for backends; the ones that fail are returned with the registry's reason. */
async function loadBackends(names: readonly Backend[]): Promise<{
  loaded: Map<Backend, KernelBackend>;
  unavailable: Array<{ backend: Backend; reason: string }>;
}> {
  const loaded = new Map<Backend, KernelBackend>();
  const unavailable: Array<{ backend: Backend; reason: string }> = [];
  for (const name of names) {
    try {
      loaded.set(name, await loadBackend(name));
    } catch (error) {
      unavailable.push({
        backend: name,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { loaded, unavailable };
}

/** The same dynamics with no rows and no bounds: what the drift alone costs. */
function driftOnlySetup(setup: KernelSetup): KernelSetup {
  const p = setup.problem;
  const problem: QPProblem = {
    n: p.n,
    m: 0,
    A: p.A,
    b: p.b,
    C: new Float64Array(0),
    lo: new Float64Array(0),
    hi: new Float64Array(0),
    lower: new Float64Array(p.n).fill(Number.NEGATIVE_INFINITY),
    upper: new Float64Array(p.n).fill(Number.POSITIVE_INFINITY),
    objectiveConstant: 0,
    isLinear: p.isLinear,
  };
  const empty = new Float64Array(0);
  return { ...setup, problem, gram: empty, norms: empty, normsSq: empty };
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const ub = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let k = 0; k < ua.length; k++) if (ua[k] !== ub[k]) return false;
  return true;
}

/** A timing for a kernel that stopped before it could be timed. */
function stoppedTiming(status: AdvanceStatus): TaskTiming {
  return {
    iterationsPerSample: 0,
    iterationsRun: 0,
    usSamples: [],
    usPerIteration: Number.NaN,
    usMin: Number.NaN,
    usMax: Number.NaN,
    spikesPerIteration: Number.NaN,
    status,
  };
}

/** A backend's kernels on one problem, warmed up and calibrated. */
interface Prepared {
  name: Backend;
  createMs: number;
  sameState: boolean | null;
  full: Task | null;
  drift: Task | null;
  /** Why the full kernel could not be timed (it stopped during warm-up or calibration). */
  stopped: AdvanceStatus | null;
}

async function runTable(args: BenchArgs): Promise<void> {
  const asked = args.backends ?? [...BACKENDS];
  const { loaded, unavailable } = await loadBackends(asked);
  for (const u of unavailable) log(`backend ${u.backend} unavailable: ${u.reason}`);
  const backends = asked.filter((b) => loaded.has(b));
  if (backends.length === 0) throw new UsageError('none of the asked-for backends loads');
  const repeats = args.repeats ?? 5;
  const options = resolveOptions({});
  const sizes: SizeResult[] = [];

  for (const n of args.sizes) {
    let t0 = nowMs();
    const gen = generateProblem(n, args.seed, args.active, args.active);
    const generateMs = nowMs() - t0;
    const tag = `[n=${n} m=${gen.m}]`;
    log(`${tag} generated in ${fmtMs(generateMs)} ms; setting up`);
    t0 = nowMs();
    const setup = prepareKernelSetup(normalizeProblem(gen.problem), options);
    const setupMs = nowMs() - t0;
    log(
      `${tag} setup ${fmtMs(setupMs)} ms (λmax ${setup.spectrum.lambdaMax.toPrecision(4)}, k0 ${setup.k0.toPrecision(4)})`,
    );
    const x0 = new Float64Array(n);
    let reference: { x: Float64Array; spikes: number } | null = null;
    const prepared: Prepared[] = [];

    for (const name of backends) {
      const backend = loaded.get(name)!;
      log(`${tag} ${name}: warm-up ${args.warmup} iterations, calibration`);
      t0 = nowMs();
      const kernel: DynamicsKernel = backend.createKernel(setup);
      const createMs = nowMs() - t0;
      kernel.reset(x0);
      const entry: Prepared = {
        name,
        createMs,
        sameState: null,
        full: null,
        drift: null,
        stopped: null,
      };
      prepared.push(entry);
      const warm = args.warmup > 0 ? kernel.advance(args.warmup) : 'running';
      if (warm !== 'running') {
        entry.stopped = warm;
        continue;
      }
      if (reference === null) {
        reference = { x: Float64Array.from(kernel.x), spikes: kernel.spikes };
      } else {
        entry.sameState = kernel.spikes === reference.spikes && sameBits(kernel.x, reference.x);
        if (!entry.sameState)
          log(`${tag} ${name}: STATE DIFFERS from the reference backend after the warm-up`);
      }
      const cal = calibrate(kernel, args.targetMs);
      if (cal.status !== 'running') {
        entry.stopped = cal.status;
        continue;
      }
      entry.full = { label: name, kernel, iterations: cal.iterations };
      if (args.split) {
        const driftKernel = backend.createKernel(driftOnlySetup(setup));
        driftKernel.reset(x0);
        const dcal = calibrate(driftKernel, args.targetMs);
        if (dcal.status === 'running') {
          entry.drift = {
            label: `${name} drift`,
            kernel: driftKernel,
            iterations: dcal.iterations,
          };
        }
      }
    }

    const tasks: Task[] = [];
    for (const p of prepared) {
      if (p.full) tasks.push(p.full);
      if (p.drift) tasks.push(p.drift);
    }
    log(
      `${tag} timing ${repeats} interleaved rounds of ${tasks.map((t) => `${t.label} (K=${t.iterations})`).join(', ')}`,
    );
    const timings = timeInterleaved(tasks, repeats);
    const timingOf = (task: Task | null) => (task ? timings[tasks.indexOf(task)] : null);
    const jsTiming = timingOf(prepared.find((p) => p.name === 'js')?.full ?? null);

    const results: BackendResult[] = prepared.map((p) => {
      const timing = p.stopped ? stoppedTiming(p.stopped) : timingOf(p.full)!;
      const drift = timingOf(p.drift);
      const speedup =
        jsTiming && p.name !== 'js' && timing.status === 'running'
          ? pairedRatio(jsTiming, timing)
          : Number.NaN;
      const line =
        timing.status === 'running'
          ? `${fmtUs(timing.usPerIteration)} µs/it (${fmtUs(timing.usMin)}–${fmtUs(timing.usMax)}), ` +
            `${timing.spikesPerIteration.toFixed(2)} spikes/it` +
            (drift ? `, drift ${fmtUs(drift.usPerIteration)} µs/it` : '') +
            (Number.isFinite(speedup) ? `, ${speedup.toFixed(2)}× js` : '')
          : `stopped: ${timing.status}`;
      log(`${tag} ${p.name}: ${line}`);
      return {
        backend: p.name,
        timing,
        drift,
        speedup,
        createMs: p.createMs,
        sameState: p.sameState,
      };
    });
    for (const u of unavailable) {
      results.push({
        backend: u.backend,
        timing: null,
        drift: null,
        speedup: Number.NaN,
        reason: u.reason,
        createMs: Number.NaN,
        sameState: null,
      });
    }
    results.sort((a, b) => BACKENDS.indexOf(a.backend) - BACKENDS.indexOf(b.backend));
    sizes.push({
      n,
      m: gen.m,
      activeRows: gen.activeRows,
      boxed: gen.boxed,
      activeBounds: gen.activeBounds,
      generateMs,
      setupMs,
      lambdaMax: setup.spectrum.lambdaMax,
      k0: setup.k0,
      backends: results,
    });
  }

  const info: RunInfo = {
    command: `pnpm run bench:backends${args.raw.length > 0 ? ` -- ${args.raw.join(' ')}` : ''}`,
    date: new Date().toISOString(),
    seed: args.seed,
    active: args.active,
    repeats,
    targetMs: args.targetMs,
    warmup: args.warmup,
    split: args.split,
    unavailable,
  };
  const report = markdownReport(sizes, asked, info);
  process.stdout.write(`${report}\n`);
  if (args.out !== null) {
    const path = callerPath(args.out);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${report}\n`);
    log(`wrote ${path}`);
  }
}

async function runProblem(args: BenchArgs, file: string): Promise<void> {
  const asked = args.backends ?? [...BACKENDS];
  const { loaded, unavailable } = await loadBackends(asked);
  if (args.backends !== null && unavailable.length > 0) {
    throw new UsageError(unavailable.map((u) => u.reason).join('; '));
  }
  for (const u of unavailable) log(`backend ${u.backend} unavailable, skipped: ${u.reason}`);
  log(`reading ${file}`);
  const read = await readProblemFile(callerPath(file));
  for (const warning of read.warnings) log(`note: ${warning}`);
  const repeats = args.repeats ?? 3;
  let t0 = nowMs();
  const setup = prepareKernelSetup(normalizeProblem(read.problem), resolveOptions({}));
  const prepareMs = nowMs() - t0;
  const { n, m } = setup.problem;
  const x0 = read.x0 ? Float64Array.from(read.x0) : new Float64Array(n);
  const tasks: Task[] = [];
  const setupMs: number[] = [];
  for (const name of asked) {
    const backend = loaded.get(name);
    if (!backend) continue;
    t0 = nowMs();
    const kernel = backend.createKernel(setup);
    setupMs.push(prepareMs + nowMs() - t0);
    tasks.push({ label: name, kernel, iterations: args.iterations, resetTo: x0 });
  }
  log(
    `n=${n} m=${m}: ${repeats} interleaved rounds of reset + advance(${args.iterations}) on ${tasks.map((t) => t.label).join(', ')}`,
  );
  const timings = timeInterleaved(tasks, repeats);
  tasks.forEach((task, i) => {
    const t = timings[i];
    if (t.status !== 'running') {
      log(`[${task.label}] the dynamics stopped after ${t.iterationsRun} iterations: ${t.status}`);
    }
    const record = {
      backend: task.label,
      n,
      m,
      iterations: t.iterationsRun,
      usPerIteration: t.usPerIteration,
      spikesPerIteration: t.spikesPerIteration,
      setupMs: setupMs[i],
      status: t.status,
      repeats: t.usSamples.length,
    };
    process.stdout.write(`${JSON.stringify(record)}\n`);
  });
}

export async function main(argv: string[]): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv);
  } catch (error) {
    log(`bench:backends: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    if (args.problem !== null) await runProblem(args, args.problem);
    else await runTable(args);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || isSnnOptError(error)) {
      log(`bench:backends: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
}
