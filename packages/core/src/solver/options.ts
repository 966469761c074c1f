import type { BackendName } from '../backends/types.js';
import { describeValue, SnnOptError } from '../errors.js';
import { PROBLEM_INPUT_FIELDS } from '../problem/normalize.js';
import { didYouMean } from '../suggest.js';

/** Options of a solve. Every field is optional; defaults follow the spiking-QP lineage. */
export interface SolverOptions {
  /**
   * Which implementation of the dynamics runs: `'js'` (the TypeScript
   * reference, default), `'native'` (@snn-opt/native), `'wasm'`
   * (@snn-opt/wasm) or `'auto'` (native if it loads, else wasm, else js).
   * All give bit-identical iterates; compiled ones are faster.
   */
  backend?: BackendName;
  /**
   * Ruiz equilibration of the problem data before the dynamics (DESIGN §4),
   * undone on the way out: every reported number refers to the original
   * problem. Scale factors are powers of two, so the round trip is exact.
   * `'auto'` (default) equilibrates when the row and column inf-norms of
   * [A Cᵀ; C 0] spread over more than `AUTO_SCALING_SPREAD` (10³): on the
   * bundled Maros–Meszaros problems scaling helped the badly scaled ones and
   * slowed some well-scaled ones, so it is not applied everywhere.
   */
  scaling?: boolean | 'auto';
  /**
   * Polish the dynamics' point (DESIGN §4): an exact equality-constrained KKT
   * solve on the active set the spikes identified, accepted only when the
   * polished point is feasible, certified at `polishKktRelTol` and not worse.
   * Default true.
   */
  polish?: boolean;
  /**
   * Also try polish during the dynamics: every `polishEvery` iterations, when
   * the point is feasible and the set of facets that fired in the last
   * `polishEvery` iterations is the same as in the `polishEvery` before (a
   * stable active set), polish once on it and stop if the polished point is
   * accepted. While the set does not settle, polish is also tried on what fired
   * at minIterations, then at twice the iteration of each try (at most the
   * primal-dual phase's solves each time). A warm solve also tries the previous
   * solve's active set at x0 first. Default true.
   */
  polishAtCheckpoints?: boolean;
  /**
   * Length, in iterations, of the firing windows compared by the early polish
   * of `polishAtCheckpoints`; independent of `checkEvery` and `minIterations`.
   * Default 10. Range: integer ≥ 1.
   */
  polishEvery?: number;
  /** Relative tolerance the certificate of a polished point must meet. Default 1e-8. Range: ≥ 0. */
  polishKktRelTol?: number;
  /**
   * Drift step k0 (units of x per unit of gradient). `null` (default) picks
   * `k0Scale / λmax(A)`; an LP (A = 0) uses `k0Scale / ‖b‖₂` so that one drift
   * moves x by `k0Scale`. Range: finite, > 0.
   */
  k0?: number | null;
  /** Fraction of the stability limit 1/λmax used for the automatic k0. Default 0.5. Range: (0, 2). */
  k0Scale?: number;
  /** Maximum number of outer iterations (drift + sweep). Default 2000. Range: integer ≥ 1. */
  maxIterations?: number;
  /** Geometric distance to a facet under which it counts as satisfied in a sweep. Default 1e-6. Range: > 0. */
  constraintTol?: number;
  /** Joint feasibility (geometric distance) a checkpoint requires before anything else. Default 1e-6. Range: > 0. */
  feasibilityTol?: number;
  /**
   * Safety cap on spikes within one sweep. Default `null`: 1000 + 20·(m + n).
   * Range: integer ≥ 1.
   */
  maxSpikesPerSweep?: number | null;
  /** Iterations between checkpoints of the stopping policy. Default 50. Range: integer ≥ 1. */
  checkEvery?: number;
  /** No checkpoint before this many iterations. Default 100. Range: integer ≥ 0. */
  minIterations?: number;
  /** Number of most recent objective values the plateau criterion looks at. Default 10. Range: integer ≥ 2. */
  windowSize?: number;
  /** Relative spread of the objective window that counts as a plateau. Default 1e-6. Range: ≥ 0. */
  plateauRelTol?: number;
  /** Absolute spread of the objective window that counts as a plateau. Default 1e-12. Range: ≥ 0. */
  plateauAbsTol?: number;
  /** Consecutive passing checkpoints that stop the solve as converged. Default 3. Range: integer ≥ 1. */
  patience?: number;
  /** Relative tolerance of the KKT certificate (DESIGN §3). Default 1e-4. Range: ≥ 0. */
  kktRelTol?: number;
  /** Absolute tolerance of the KKT certificate. Default 1e-9. Range: ≥ 0. */
  kktAbsTol?: number;
  /** Record x after every iteration in `result.trajectory`. Default false. */
  recordTrajectory?: boolean;
  /** Record every spike in `result.spikeEvents`. Default false. */
  recordSpikes?: boolean;
  /** Called at each checkpoint with the progress so far; return nothing. */
  onCheckpoint?: ((progress: CheckpointProgress) => void) | null;
}

/** What a checkpoint reports to `onCheckpoint`. */
export interface CheckpointProgress {
  /** Outer iterations done so far. */
  iteration: number;
  /** Objective at the current point (including the constant term). */
  objective: number;
  /** Largest geometric distance to any violated facet (rows and bounds). */
  maxViolation: number;
  /** KKT relative residual residual/scale, or NaN when the certificate was not evaluated. */
  kktRelative: number;
  /** Spikes so far. */
  spikes: number;
  /** Milliseconds since the solve started. */
  elapsedMs: number;
  /** Whether this checkpoint passed the whole stopping policy. */
  passed: boolean;
  /** Consecutive passing checkpoints so far. */
  passes: number;
}

/** Options with every default filled in. */
export type ResolvedOptions = Required<
  Omit<SolverOptions, 'k0' | 'maxSpikesPerSweep' | 'onCheckpoint'>
> & {
  k0: number | null;
  maxSpikesPerSweep: number | null;
  onCheckpoint: ((progress: CheckpointProgress) => void) | null;
};

/** The lineage's defaults. */
export const DEFAULT_OPTIONS: Readonly<ResolvedOptions> = Object.freeze({
  backend: 'js',
  scaling: 'auto',
  polish: true,
  polishAtCheckpoints: true,
  polishKktRelTol: 1e-8,
  polishEvery: 10,
  k0: null,
  k0Scale: 0.5,
  maxIterations: 2000,
  constraintTol: 1e-6,
  feasibilityTol: 1e-6,
  maxSpikesPerSweep: null,
  checkEvery: 50,
  minIterations: 100,
  windowSize: 10,
  plateauRelTol: 1e-6,
  plateauAbsTol: 1e-12,
  patience: 3,
  kktRelTol: 1e-4,
  kktAbsTol: 1e-9,
  recordTrajectory: false,
  recordSpikes: false,
  onCheckpoint: null,
});

type NumberRule = { integer?: boolean; min?: number; minExclusive?: number; maxExclusive?: number };

const NUMBER_RULES: Record<string, NumberRule> = {
  k0Scale: { minExclusive: 0, maxExclusive: 2 },
  maxIterations: { integer: true, min: 1 },
  constraintTol: { minExclusive: 0 },
  feasibilityTol: { minExclusive: 0 },
  checkEvery: { integer: true, min: 1 },
  minIterations: { integer: true, min: 0 },
  windowSize: { integer: true, min: 2 },
  plateauRelTol: { min: 0 },
  plateauAbsTol: { min: 0 },
  patience: { integer: true, min: 1 },
  kktRelTol: { min: 0 },
  kktAbsTol: { min: 0 },
  polishKktRelTol: { min: 0 },
  polishEvery: { integer: true, min: 1 },
};

function checkNumber(name: string, value: unknown, rule: NumberRule): number {
  const fail = (expected: string): never => {
    throw new SnnOptError(
      'invalid_option',
      `options.${name} must be ${expected}, received ${describeValue(value)}`,
      {
        argument: `options.${name}`,
        expected,
        received: describeValue(value),
      },
    );
  };
  if (typeof value !== 'number' || !Number.isFinite(value)) fail('a finite number');
  const v = value as number;
  if (rule.integer && !Number.isInteger(v)) fail('an integer');
  if (rule.min !== undefined && v < rule.min) fail(`≥ ${rule.min}`);
  if (rule.minExclusive !== undefined && v <= rule.minExclusive) fail(`> ${rule.minExclusive}`);
  if (rule.maxExclusive !== undefined && v >= rule.maxExclusive) fail(`< ${rule.maxExclusive}`);
  return v;
}

/** The options of solveQP beyond the solver's: its box bounds. */
export const LINEAGE_OPTION_NAMES = ['lowerBound', 'upperBound'] as const;

/** Fields of a problem (ProblemInput); the bounds among them get their own hint. */
const PROBLEM_FIELDS = new Set<string>(PROBLEM_INPUT_FIELDS);

/**
 * Why an unknown option name is wrong, to follow `unknown option "key"`: a
 * problem field passed as an option (bounds above all, whose names differ
 * between solveQP and the problem), else the closest valid name, if any.
 */
function unknownOptionHint(key: string, known: readonly string[], lineage: boolean): string {
  if (lineage && (key === 'lower' || key === 'upper')) return ` (did you mean ${key}Bound?)`;
  if (!lineage && (key === 'lower' || key === 'upper'))
    return ': bounds belong in the problem (its fields lower and upper), not in the options';
  if (!lineage && (key === 'lowerBound' || key === 'upperBound'))
    return `: ${key} is an option of solveQP only; for solve() and SnnSolver, bounds belong in the problem (its fields lower and upper)`;
  if (PROBLEM_FIELDS.has(key)) return `: ${key} is a field of the problem, not an option`;
  return didYouMean(key, known);
}

/**
 * Refuses anything but an object of known option names: the solver's, and
 * with `lineage` also solveQP's {@link LINEAGE_OPTION_NAMES}. An unknown name
 * gets the closest valid one, or where it belongs when it is a problem field.
 */
export function checkOptionNames(options: unknown, lineage = false): void {
  if (options === null || typeof options !== 'object') {
    throw new SnnOptError(
      'invalid_option',
      `options must be an object, received ${describeValue(options)}`,
      {
        argument: 'options',
        expected: 'an object',
        received: describeValue(options),
      },
    );
  }
  const known = lineage
    ? [...Object.keys(DEFAULT_OPTIONS), ...LINEAGE_OPTION_NAMES]
    : Object.keys(DEFAULT_OPTIONS);
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || known.includes(key)) continue;
    throw new SnnOptError(
      'invalid_option',
      `unknown option "${key}"${unknownOptionHint(key, known, lineage)}`,
      {
        argument: `options.${key}`,
        expected: `one of ${known.join(', ')}`,
        received: key,
      },
    );
  }
}

/** Validates options at the boundary and fills in the defaults. Unknown keys are rejected. */
export function resolveOptions(options: SolverOptions = {}): ResolvedOptions {
  checkOptionNames(options);
  const resolved: ResolvedOptions = { ...DEFAULT_OPTIONS };
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const rule = NUMBER_RULES[key];
    if (rule) {
      (resolved as Record<string, unknown>)[key] = checkNumber(key, value, rule);
    } else if (key === 'k0') {
      resolved.k0 = value === null ? null : checkNumber('k0', value, { minExclusive: 0 });
    } else if (key === 'maxSpikesPerSweep') {
      resolved.maxSpikesPerSweep =
        value === null ? null : checkNumber(key, value, { integer: true, min: 1 });
    } else if (key === 'backend') {
      if (value !== 'js' && value !== 'native' && value !== 'wasm' && value !== 'auto') {
        throw new SnnOptError(
          'invalid_option',
          `options.backend must be one of js, native, wasm, auto, received ${describeValue(value)}`,
          {
            argument: 'options.backend',
            expected: "'js' | 'native' | 'wasm' | 'auto'",
            received: describeValue(value),
          },
        );
      }
      resolved.backend = value;
    } else if (key === 'scaling') {
      if (value !== true && value !== false && value !== 'auto') {
        throw new SnnOptError(
          'invalid_option',
          `options.scaling must be true, false or 'auto', received ${describeValue(value)}`,
          {
            argument: 'options.scaling',
            expected: "true | false | 'auto'",
            received: describeValue(value),
          },
        );
      }
      resolved.scaling = value;
    } else if (key === 'onCheckpoint') {
      if (value !== null && typeof value !== 'function') {
        throw new SnnOptError('invalid_option', 'options.onCheckpoint must be a function', {
          argument: 'options.onCheckpoint',
          expected: 'a function or null',
          received: describeValue(value),
        });
      }
      resolved.onCheckpoint = value as ResolvedOptions['onCheckpoint'];
    } else if (typeof value !== 'boolean') {
      throw new SnnOptError('invalid_option', `options.${key} must be a boolean`, {
        argument: `options.${key}`,
        expected: 'a boolean',
        received: describeValue(value),
      });
    } else {
      (resolved as Record<string, unknown>)[key] = value;
    }
  }
  return resolved;
}
