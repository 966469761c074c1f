/**
 * backends: the throughput of the dynamics backends is measured by
 * benchmarks/backends (`pnpm run bench:backends`); this suite only points at
 * its result file so the numbers are not produced twice.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunContext, SuiteOutcome } from '../common.js';

/**
 * Only backends.json: backends.md in benchmarks/results is the backends
 * benchmark's own report, and writing ours there would overwrite it.
 */
function writeJsonOnly(ctx: RunContext, json: unknown): string[] {
  mkdirSync(ctx.outDir, { recursive: true });
  const path = join(ctx.outDir, 'backends.json');
  writeFileSync(path, `${JSON.stringify(json, null, 1)}\n`);
  return [path];
}

const RESULT = fileURLToPath(
  new URL('../../../../benchmarks/results/backends.md', import.meta.url),
);

/**
 * When the report was generated: the ISO timestamp its "Command:" line ends
 * with, or null. (The file's mtime is the checkout's time in a fresh clone.)
 */
export function reportTimestamp(markdown: string): string | null {
  const line = markdown.split('\n').find((l) => l.startsWith('Command:'));
  return /\((\d{4}-\d{2}-\d{2}T[\d:.]+Z)\)\s*$/.exec(line ?? '')?.[1] ?? null;
}

export async function runBackends(ctx: RunContext): Promise<SuiteOutcome> {
  const exists = existsSync(RESULT);
  const generated = exists ? reportTimestamp(readFileSync(RESULT, 'utf8')) : null;
  const json = {
    suite: 'backends',
    producedBy:
      '@snn-opt/bench-backends (benchmarks/backends), `pnpm run bench:backends -- --out benchmarks/results/backends.md`',
    resultFile: 'benchmarks/results/backends.md',
    exists,
    /** The file's modification time (in a fresh clone: when it was checked out). */
    modified: exists ? statSync(RESULT).mtime.toISOString() : null,
    /** When the report was generated, from its own "Command:" line. */
    generated,
  };
  return {
    suite: 'backends',
    files: writeJsonOnly(ctx, json),
    summary: [
      exists
        ? `see benchmarks/results/backends.md (pnpm run bench:backends), generated ${generated ?? 'at an unrecorded time'}`
        : 'benchmarks/results/backends.md missing: run pnpm run bench:backends',
    ],
  };
}
