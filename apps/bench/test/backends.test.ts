import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reportTimestamp } from '../src/suites/backends.js';

describe('backends suite: the report timestamp', () => {
  it('reads the generation time from the "Command:" line, not from the file date', () => {
    const md = [
      '# Backends throughput',
      '',
      'Command: `pnpm run bench:backends -- --out x.md` (2026-12-03T16:11:13.222Z)',
    ].join('\n');
    expect(reportTimestamp(md)).toBe('2026-12-03T16:11:13.222Z');
    expect(reportTimestamp('# no command line here')).toBeNull();
    expect(reportTimestamp('Command: `pnpm run bench:backends` (yesterday)')).toBeNull();
  });

  it('finds one in the committed report', () => {
    const path = fileURLToPath(new URL('../../../benchmarks/results/backends.md', import.meta.url));
    const stamp = reportTimestamp(readFileSync(path, 'utf8'));
    expect(stamp).not.toBeNull();
    expect(Number.isNaN(Date.parse(stamp!))).toBe(false);
  });
});
