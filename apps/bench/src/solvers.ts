/**
 * The solvers the peers and warmstart suites compare, behind one shape:
 * snn-opt (one entry per backend that loads), quadprog (Goldfarb–Idnani dual
 * active set, dense, JavaScript) and HiGHS (its QP active-set solver compiled
 * to WebAssembly). Every solver runs with one fixed setting, and setup and
 * solve are timed apart.
 */
import {
  type KernelBackend,
  loadBackend,
  type QPProblem,
  SnnSolver,
  type SolverOptions,
} from '@snn-opt/core';
import highsDefault, { type Highs, type ModelData } from 'highs';
import quadprog from 'quadprog';
import { maxViolation, objectiveOf } from './common.js';

/** One solve by one solver. */
export interface PeerRun {
  /** optimal, or the solver's own word for why not; `refused` when it would not take the problem. */
  status: string;
  x: Float64Array | null;
  objective: number;
  maxViolation: number;
  setupMs: number;
  solveMs: number;
  /** Iterations where the solver reports them. */
  iterations: number | null;
  /** Why a solver refused or failed. */
  note?: string;
}

export interface PeerSolver {
  name: string;
  /** Solves `p` from `x0` (only snn-opt uses a start point). */
  run(p: QPProblem, x0?: Float64Array | null): PeerRun;
}

/** The one fixed snn-opt setting of the comparisons (defaults, with a larger iteration budget). */
export const SNN_PEER_OPTIONS: SolverOptions = { maxIterations: 20000 };

/** snn-opt with a given loaded backend. */
export function snnSolver(
  backend: KernelBackend,
  options: SolverOptions = SNN_PEER_OPTIONS,
): PeerSolver {
  return {
    name: `snn-opt/${backend.name}`,
    run(p, x0) {
      const solver = new SnnSolver(p, { ...options, backend: backend.name }, backend);
      const r = solver.solve(x0 ?? null);
      return {
        status: r.status,
        x: r.x,
        objective: objectiveOf(p, r.x),
        maxViolation: maxViolation(p, r.x),
        setupMs: r.timings.setupMs,
        solveMs: r.timings.solveMs,
        iterations: r.iterations,
      };
    },
  };
}

/** Every snn-opt backend that loads here, and the reasons of those that do not. */
export async function snnBackends(): Promise<{
  loaded: KernelBackend[];
  unavailable: Array<{ name: string; reason: string }>;
}> {
  const loaded: KernelBackend[] = [];
  const unavailable: Array<{ name: string; reason: string }> = [];
  for (const name of ['js', 'wasm', 'native'] as const) {
    try {
      loaded.push(await loadBackend(name));
    } catch (error) {
      unavailable.push({
        name,
        reason: error instanceof Error ? error.message.split('\n')[0] : String(error),
      });
    }
  }
  return { loaded, unavailable };
}

/**
 * quadprog: minimise ½xᵀDx − dᵀx subject to Aᵀx ≥ b0, the first `meq` columns
 * equalities. Rows and finite bounds become columns of A; D must be positive
 * definite, so a singular Hessian (an LP, a PSD QP) is refused.
 */
export const quadprogSolver: PeerSolver = {
  name: 'quadprog',
  run(p) {
    const t0 = performance.now();
    const { n, m } = p;
    const D: number[][] = [[]];
    for (let i = 0; i < n; i++) {
      const row = [0];
      for (let j = 0; j < n; j++) row.push(p.A[i * n + j]);
      D.push(row);
    }
    const dvec = [0, ...Array.from(p.b, (v) => -v)];
    // Constraint columns: equalities first (meq), then ≥ sides.
    const eq: Array<{ c: number[]; rhs: number }> = [];
    const ge: Array<{ c: number[]; rhs: number }> = [];
    for (let i = 0; i < m; i++) {
      const c = Array.from(p.C.subarray(i * n, (i + 1) * n));
      if (p.lo[i] === p.hi[i]) eq.push({ c, rhs: p.lo[i] });
      else {
        if (Number.isFinite(p.lo[i])) ge.push({ c, rhs: p.lo[i] });
        if (Number.isFinite(p.hi[i])) ge.push({ c: c.map((v) => -v), rhs: -p.hi[i] });
      }
    }
    for (let j = 0; j < n; j++) {
      const e = (s: number) => Array.from({ length: n }, (_, k) => (k === j ? s : 0));
      if (p.lower[j] === p.upper[j]) eq.push({ c: e(1), rhs: p.lower[j] });
      else {
        if (Number.isFinite(p.lower[j])) ge.push({ c: e(1), rhs: p.lower[j] });
        if (Number.isFinite(p.upper[j])) ge.push({ c: e(-1), rhs: -p.upper[j] });
      }
    }
    const cols = [...eq, ...ge];
    const Amat: number[][] = [[]];
    for (let i = 0; i < n; i++) {
      const row = [0];
      for (const col of cols) row.push(col.c[i]);
      Amat.push(row);
    }
    const bvec = [0, ...cols.map((col) => col.rhs)];
    const setupMs = performance.now() - t0;
    const t1 = performance.now();
    // quadprog cannot take zero constraint columns; pass one trivial 0ᵀx ≥ −1.
    const noCols = cols.length === 0;
    const res = noCols
      ? quadprog.solveQP(
          D,
          dvec,
          Array.from({ length: n + 1 }, (_, i) => (i === 0 ? [] : [0, 0])),
          [0, -1],
          0,
        )
      : quadprog.solveQP(D, dvec, Amat, bvec, eq.length);
    const solveMs = performance.now() - t1;
    if (res.message) {
      const refused = /positive definite/i.test(res.message);
      return {
        status: refused ? 'refused' : 'failed',
        x: null,
        objective: Number.NaN,
        maxViolation: Number.NaN,
        setupMs,
        solveMs,
        iterations: null,
        note: res.message.trim(),
      };
    }
    const x = Float64Array.from(res.solution.slice(1));
    return {
      status: 'optimal',
      x,
      objective: objectiveOf(p, x),
      maxViolation: maxViolation(p, x),
      setupMs,
      solveMs,
      iterations: res.iterations[1] ?? null,
    };
  },
};

// The package is CommonJS with an ESM build; TypeScript types its default
// import as the module namespace, while at run time it is the loader itself.
const loadHighs = highsDefault as unknown as () => Promise<Highs>;

let highsInstance: Highs | null = null;

/** Loads the HiGHS WebAssembly module once. */
export async function loadHighsSolver(): Promise<PeerSolver> {
  const highs: Highs = highsInstance ?? (await loadHighs());
  highsInstance = highs;
  return {
    name: 'highs',
    run(p) {
      const t0 = performance.now();
      const model = highs.createModel(toHighsModel(p, highs.infinity));
      let status = 'failed';
      let x: Float64Array | null = null;
      let solveMs = Number.NaN;
      let setupMs = Number.NaN;
      try {
        model.options.set({ output_flag: false, log_to_console: false });
        setupMs = performance.now() - t0;
        const t1 = performance.now();
        model.run();
        solveMs = performance.now() - t1;
        const code = model.getModelStatus();
        status = code === highs.constants.modelStatus.optimal ? 'optimal' : `highs status ${code}`;
        if (code === highs.constants.modelStatus.optimal)
          x = Float64Array.from(model.getSolution().colValue);
      } finally {
        model.dispose();
      }
      return {
        status,
        x,
        objective: x ? objectiveOf(p, x) : Number.NaN,
        maxViolation: x ? maxViolation(p, x) : Number.NaN,
        setupMs,
        solveMs,
        iterations: null,
      };
    },
  };
}

/** The problem as HiGHS model data: C in CSR, the Hessian's lower triangle in CSC. */
function toHighsModel(p: QPProblem, inf: number): ModelData {
  const { n, m } = p;
  const clip = (v: number) =>
    v === Number.POSITIVE_INFINITY ? inf : v === Number.NEGATIVE_INFINITY ? -inf : v;
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const v = p.C[i * n + j];
      if (v !== 0) {
        indices.push(j);
        values.push(v);
      }
    }
    starts.push(indices.length);
  }
  const model: ModelData = {
    numCols: n,
    numRows: m,
    offset: p.objectiveConstant,
    colCost: Float64Array.from(p.b),
    colLower: Float64Array.from(p.lower, clip),
    colUpper: Float64Array.from(p.upper, clip),
    rowLower: Float64Array.from(p.lo, clip),
    rowUpper: Float64Array.from(p.hi, clip),
    matrix: {
      format: 'csr',
      numRows: m,
      numCols: n,
      starts: Int32Array.from(starts),
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
    },
  };
  if (p.isLinear) return model;
  const hs = [0];
  const hi: number[] = [];
  const hv: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) {
      const v = p.A[i * n + j];
      if (v !== 0) {
        hi.push(i);
        hv.push(v);
      }
    }
    hs.push(hi.length);
  }
  return {
    ...model,
    hessian: {
      format: 'triangular',
      dimension: n,
      starts: Int32Array.from(hs),
      indices: Int32Array.from(hi),
      values: Float64Array.from(hv),
    },
  };
}
