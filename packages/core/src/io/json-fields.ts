/**
 * The keys a JSON problem may hold, and what to make of the others.
 *
 * A key the reader does not know would be skipped, and the problem solved
 * without it: `"uper": 1` would drop the upper bound and still end `optimal`.
 * Files also carry metadata beside the problem (a description, a reference
 * answer), so an unknown key is not an error by itself. It is refused when it
 * looks like a known field written another way:
 *
 * - the same name in another case (`"c"` for `"C"`);
 * - a misspelling of a field of 4 or more letters that is part of the
 *   problem: as close as suggest.ts's closestNames asks (1 edit for a key of
 *   up to 4 letters, 2 for a longer one; a swap of neighbouring letters is
 *   one edit), e.g. `"uper"`;
 * - another solver's name for a field (`"P"`, `"q"`, `"l"`, `"u"`, `"lb"`,
 *   `"ub"`, `"lowerBound"`, `"upperBound"`).
 *
 * Any other unknown key is metadata, listed in one note.
 */

import { SnnOptError } from '../errors.js';
import { closestNames } from '../suggest.js';

type JsonObject = Record<string, unknown>;

/** Keys the reader takes from the object holding the problem. */
const PROBLEM_FIELDS = [
  'A',
  'b',
  'C',
  'd',
  'lo',
  'hi',
  'lower',
  'upper',
  'objectiveConstant',
  'x0',
  'x0_cold',
  'b_sequence',
  'n',
  'm',
  'name',
  'id',
  'problem',
] as const;

const KNOWN = new Set<string>(PROBLEM_FIELDS);

/**
 * Fields a misspelling is measured against: not the short names (too close to
 * everything), nor the labels name and id and the wrapper problem, which a
 * metadata key ("date", "names") may resemble and whose misspelling cannot
 * change the answer.
 */
const SPELLED_FIELDS = PROBLEM_FIELDS.filter(
  (field) => field.length >= 4 && field !== 'name' && field !== 'problem',
);

/** Fields read only from the object holding the problem (n, m, name and id are read from the top too). */
const INNER_ONLY = new Set<string>(
  PROBLEM_FIELDS.filter((field) => !['n', 'm', 'name', 'id', 'problem'].includes(field)),
);

/** Other solvers' names (OSQP's P, q, l, u; the lb/ub of MATLAB and SciPy; solveQP's options). */
interface Alias {
  field: string;
  /** What the field is called here, completing "… is not a field of a problem; ". */
  hint: string;
}

const OBJECTIVE = '(min ½xᵀAx + bᵀx)';
const ROWS = '(lo ≤ Cx ≤ hi)';
const BOX = '(lower ≤ x ≤ upper)';

const EXACT_ALIASES: Record<string, Alias> = {
  P: { field: 'A', hint: `the Hessian is "A" here ${OBJECTIVE}` },
  q: { field: 'b', hint: `the linear term is "b" here ${OBJECTIVE}` },
  l: { field: 'lo', hint: `the row lower bounds are "lo" here ${ROWS}` },
  u: { field: 'hi', hint: `the row upper bounds are "hi" here ${ROWS}` },
};

/** Aliases matched ignoring case and underscores (`LB`, `lower_bound`, `lowerBounds`). */
const LOOSE_ALIASES: Record<string, Alias> = {
  lb: { field: 'lower', hint: `the lower bounds on x are "lower" here ${BOX}` },
  lowerbound: { field: 'lower', hint: `the lower bounds on x are "lower" here ${BOX}` },
  lowerbounds: { field: 'lower', hint: `the lower bounds on x are "lower" here ${BOX}` },
  ub: { field: 'upper', hint: `the upper bounds on x are "upper" here ${BOX}` },
  upperbound: { field: 'upper', hint: `the upper bounds on x are "upper" here ${BOX}` },
  upperbounds: { field: 'upper', hint: `the upper bounds on x are "upper" here ${BOX}` },
};

/** The alias `key` is, if any. */
function aliasOf(key: string): Alias | undefined {
  if (Object.hasOwn(EXACT_ALIASES, key)) return EXACT_ALIASES[key];
  const loose = key.toLowerCase().replaceAll('_', '');
  return Object.hasOwn(LOOSE_ALIASES, loose) ? LOOSE_ALIASES[loose] : undefined;
}

/** The known field `key` was probably meant to be, by case or spelling, if any. */
function nearMiss(key: string): string | undefined {
  const lower = key.toLowerCase();
  const sameName = PROBLEM_FIELDS.find((field) => field.toLowerCase() === lower);
  return sameName ?? closestNames(key, SPELLED_FIELDS)[0];
}

function refuse(source: string, key: string, field: string, hint: string): never {
  throw new SnnOptError(
    'invalid_argument',
    `${source}: "${key}" is not a field of a problem; ${hint}`,
    {
      argument: key,
      expected: `"${field}"`,
      received: `"${key}"`,
    },
  );
}

/**
 * Checks the keys of the object holding the problem and returns the unknown
 * ones that are kept as metadata, in file order.
 *
 * @throws SnnOptError `invalid_argument` (with `argument` = the key) for a key
 *   that looks like a known field written another way.
 */
export function checkProblemKeys(obj: JsonObject, source: string): string[] {
  const ignored: string[] = [];
  for (const key of Object.keys(obj)) {
    if (KNOWN.has(key)) continue;
    const alias = aliasOf(key);
    if (alias !== undefined) refuse(source, key, alias.field, alias.hint);
    const meant = nearMiss(key);
    if (meant !== undefined) refuse(source, key, meant, `did you mean "${meant}"?`);
    ignored.push(key);
  }
  return ignored;
}

/**
 * Problem fields written beside a `"problem"` object instead of inside it,
 * which the reader does not take from there (n, m, name and id it does).
 */
export function misplacedFields(top: JsonObject): string[] {
  return Object.keys(top).filter((key) => INNER_ONLY.has(key));
}
