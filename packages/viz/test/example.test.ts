import { describe, expect, it } from 'vitest';
import { figures } from '../examples/figures.js';
import { countTags } from './helpers.js';

describe('the README example (examples/figures.ts)', () => {
  it('draws the three figures of a solve as standalone SVG', () => {
    const { raster, gap, path, gaps } = figures();
    for (const [svg, title] of [
      [raster, 'Spike raster'],
      [gap, 'Objective gap'],
      [path, 'Three walls'],
    ] as const) {
      expect(svg.startsWith('<svg'), title).toBe(true);
      expect(svg, title).toContain(`<title>${title}</title>`);
      countTags(svg); // throws on unbalanced tags
    }
    // The dynamics spiked (the wall x₁ + x₂ ≤ 2 binds): dots in the raster, markers on the path.
    expect(raster).toMatch(/<circle[^>]*><title>iteration \d+, candidate 0, correction /);
    expect(path).toMatch(/<title>spike at iteration \d+<\/title>/);
    expect(path).toMatch(/class="drift-path" d="M[^"]+L/);
    // The raw dynamics approach the exact optimum: the last gap is far below the first.
    expect(gaps.length).toBeGreaterThan(10);
    expect(gaps[gaps.length - 1]).toBeLessThan(1e-3 * gaps[0]);
  });
});
