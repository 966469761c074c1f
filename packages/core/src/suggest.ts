/**
 * "Did you mean …?" for a mistyped name (an option, a field): the known names
 * closest to it, for error messages. Shared by every check that refuses an
 * unknown name, so that they all suggest alike.
 */

/**
 * Edit distance between a and b: insertions, deletions, substitutions and
 * swaps of two adjacent characters, one each (optimal string alignment).
 */
export function editDistance(a: string, b: string): number {
  // Three rows of the dynamic programme: i − 2, i − 1 and i.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length];
}

/**
 * Largest edit distance (case aside) at which a known name counts as close:
 * 1 for names of up to four characters, 2 for longer ones, so that a short
 * name is not matched to every other short name.
 */
function closeEnough(name: string): number {
  return name.length <= 4 ? 1 : 2;
}

/**
 * The known names closest to `name`, ignoring case: those at the smallest
 * edit distance, when that distance is at most `limit(name, candidate)`
 * (default {@link closeEnough} of the name), else none. A name that differs
 * only in case is at distance 0.
 */
export function closestNames(
  name: string,
  known: readonly string[],
  limit: (name: string, candidate: string) => number = closeEnough,
): string[] {
  const lower = name.toLowerCase();
  let best = Number.POSITIVE_INFINITY;
  let out: string[] = [];
  for (const candidate of known) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d > limit(name, candidate)) continue;
    if (d < best) {
      best = d;
      out = [candidate];
    } else if (d === best) {
      out.push(candidate);
    }
  }
  return out;
}

/**
 * `" (did you mean X?)"` (or `"X or Y"`) for the closest known names, `""`
 * when none is close. A name that none is close to but that begins one or two
 * known names (an abbreviation: `maxIter`) suggests those.
 */
export function didYouMean(name: string, known: readonly string[]): string {
  let close = closestNames(name, known);
  if (close.length === 0 && name.length >= 3) {
    const lower = name.toLowerCase();
    const completions = known.filter((k) => k.toLowerCase().startsWith(lower));
    if (completions.length <= 2) close = completions;
  }
  return close.length > 0 ? ` (did you mean ${close.join(' or ')}?)` : '';
}
