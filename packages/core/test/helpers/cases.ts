import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseJsonProblem } from '../../src/io/json-problem.js';

export const CASES_DIR = fileURLToPath(new URL('../fixtures/cases/', import.meta.url));

/** The answer a case file states, in the fields the tests use. */
export interface CaseExpectation {
  status: string;
  x: number[] | null;
  objective: number | null;
  tolerance: number;
  objective_rtol?: number;
  objective_atol?: number;
  alternative_accept?: { x?: number[]; objective?: number; status?: string };
}

export interface RegressionCase {
  id: string;
  file: string;
  parsed: ReturnType<typeof parseJsonProblem>;
  expected: CaseExpectation;
}

/** Every regression case of fixtures/cases. */
export function loadCases(): RegressionCase[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(CASES_DIR + file, 'utf8');
      const raw = JSON.parse(text) as { id: string; expected: CaseExpectation };
      return { id: raw.id, file, parsed: parseJsonProblem(text, file), expected: raw.expected };
    });
}

/** The case README's acceptance rule for x: max|x − x*| ≤ tolerance · max(1, ‖x*‖∞). */
export function pointError(
  x: ArrayLike<number>,
  reference: number[],
): { error: number; allowed: number; tolerance: number } {
  let error = 0;
  let scale = 1;
  for (let i = 0; i < reference.length; i++) {
    error = Math.max(error, Math.abs(x[i] - reference[i]));
    scale = Math.max(scale, Math.abs(reference[i]));
  }
  return { error, allowed: scale, tolerance: Number.NaN };
}

/** The case README's acceptance rule for the objective: |f − f*| ≤ atol + rtol·|f*|. */
export function objectiveAllowed(expected: CaseExpectation, reference: number): number {
  return (
    (expected.objective_atol ?? 0) +
    (expected.objective_rtol ?? expected.tolerance) * Math.abs(reference)
  );
}
