/**
 * @snn-opt/core/node — the parts of the public API that need Node.js (file
 * access). Kept apart from the main entry so that browser bundles of
 * `@snn-opt/core` pull in no Node built-ins.
 */

export * from './index.js';
export type { ProblemFile, ProblemFileFormat } from './io/read-problem.js';
export { readProblemFile } from './io/read-problem.js';
