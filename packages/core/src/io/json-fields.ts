/**
 * The keys a JSON problem may hold, and what to make of the others.
 *
 * A key the reader does not know would be skipped, and the problem solved
 * without it: `"uper": 1` would drop the upper bound and still end `optimal`.
 * Files also carry metadata beside the problem (a description, a reference
 * answer), so an unknown key is not an error by itself. It is refused when it
 * looks like a known field written another way:
 *
 * - the name of a field the problem is read from in another case (`"c"` for
 *   `"C"`); the labels n, m, name and id and the wrapper problem do not count
 *   (`"N"` may well be an MPC horizon);
 * - a misspelling of such a field of 4 or more letters: 1 edit from lower or
 *   upper (`"uper"`), 2 from the longer names (a swap of neighbouring letters
 *   is one edit, as suggest.ts counts);
 * - another solver's name for a field (`"P"`, `"H"`, `"Q"`, `"q"`, `"l"`,
 *   `"u"`, `"lb"`, `"ub"`, `"lowerBound"`, `"upperBound"`).
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

/** The labels and the wrapper: not read into the problem, so a near miss of them cannot change the answer. */
const LABELS = new Set<string>(['n', 'm', 'name', 'id', 'problem']);

/** The fields whose values make up the problem: a key written like one of them is refused. */
const READ_FIELDS = PROBLEM_FIELDS.filter((field) => !LABELS.has(field));

/** Those a misspelling is measured against: not the one-letter and two-letter ones, too close to everything. */
const SPELLED_FIELDS = READ_FIELDS.filter((field) => field.length >= 4);

/**
 * Edits a misspelling of `field` may have: 1 for lower and upper (two edits
 * reach ordinary words: "layer", "paper"), 2 for the longer names.
 */
function misspellingEdits(_key: string, field: string): number {
  return field.length <= 5 ? 1 : 2;
}

/** Fields read only from the object holding the problem (n, m, name and id are read from the top too). */
const INNER_ONLY = new Set<string>(READ_FIELDS);

/** Other solvers' names (OSQP's P, q, l, u; H and Q for the Hessian; the lb/ub of MATLAB and SciPy; solveQP's options). */
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
  H: { field: 'A', hint: `the Hessian is "A" here ${OBJECTIVE}` },
  Q: { field: 'A', hint: `the Hessian is "A" here ${OBJECTIVE}` },
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
  const sameName = READ_FIELDS.find((field) => field.toLowerCase() === lower);
  return sameName ?? closestNames(key, SPELLED_FIELDS, misspellingEdits)[0];
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
