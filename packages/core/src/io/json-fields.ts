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

/**
 * The fields whose values make up the problem: a key written like one of
 * them is refused, and one of them beside a `"problem"` object is not read.
 */
const READ_FIELDS = PROBLEM_FIELDS.filter((field) => !LABELS.has(field));
const READ = new Set<string>(READ_FIELDS);

/** Those a misspelling is measured against: not the one-letter and two-letter ones, too close to everything. */
const SPELLED_FIELDS = READ_FIELDS.filter((field) => field.length >= 4);

/**
 * Edits a misspelling of `field` may have: 1 for lower and upper (two edits
 * reach ordinary words: "layer", "paper"), 2 for the longer names.
 */
function misspellingEdits(_key: string, field: string): number {
  return field.length <= 5 ? 1 : 2;
}

/** A field under another name, and what it is called here (completing "… is not a field of a problem; "). */
interface Alias {
  field: string;
  hint: string;
}

function alias(field: string, what: string, form: string): Alias {
  return { field, hint: `${what} "${field}" here (${form})` };
}

const HESSIAN = alias('A', 'the Hessian is', 'min ½xᵀAx + bᵀx');
const LOWER = alias('lower', 'the lower bounds on x are', 'lower ≤ x ≤ upper');
const UPPER = alias('upper', 'the upper bounds on x are', 'lower ≤ x ≤ upper');

/** Other solvers' names, exactly as written: OSQP's P, q, l, u; H and Q for the Hessian. */
const EXACT_ALIASES: Record<string, Alias> = {
  P: HESSIAN,
  H: HESSIAN,
  Q: HESSIAN,
  q: alias('b', 'the linear term is', 'min ½xᵀAx + bᵀx'),
  l: alias('lo', 'the row lower bounds are', 'lo ≤ Cx ≤ hi'),
  u: alias('hi', 'the row upper bounds are', 'lo ≤ Cx ≤ hi'),
};

/** Names of the box bounds (MATLAB's and SciPy's lb/ub, solveQP's options), matched ignoring case and underscores. */
const LOOSE_ALIASES: Record<string, Alias> = {
  lb: LOWER,
  lowerbound: LOWER,
  lowerbounds: LOWER,
  ub: UPPER,
  upperbound: UPPER,
  upperbounds: UPPER,
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
  return Object.keys(top).filter((key) => READ.has(key));
}
