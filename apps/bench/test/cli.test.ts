import { parseArgs } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { describeParseError, didYouMean, main } from '../src/main.js';

describe('pnpm bench: command-line errors', () => {
  it('suggests the option or suite a typo was meant to be', () => {
    expect(didYouMean('--quik', ['--quick', '--out'])).toBe(' (did you mean --quick?)');
    expect(didYouMean('convergance', ['convergence', 'raster'])).toBe(
      ' (did you mean convergence?)',
    );
    expect(didYouMean('zz', ['convergence'])).toBe('');
  });

  it('names an unknown option in one line, without node’s positional-argument advice', () => {
    let error: unknown;
    try {
      // node's own error for an unknown option (strict parsing, positionals allowed).
      parseArgs({
        args: ['--quik'],
        allowPositionals: true,
        options: { quick: { type: 'boolean' } },
      });
    } catch (e) {
      error = e;
    }
    expect(describeParseError(error)).toBe('unknown option --quik (did you mean --quick?)');
  });

  it('exits 2 on an unknown suite or option with the one-line message first', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(await main(['convergance', '--no-progress'])).toBe(2);
      expect(await main(['--quik'])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    const firstLines = written.map((w) => w.split('\n')[0]);
    expect(firstLines).toEqual([
      'unknown suite(s): convergance (did you mean convergence?)',
      'unknown option --quik (did you mean --quick?)',
    ]);
  });
});
