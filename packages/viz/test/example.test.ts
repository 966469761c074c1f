import { describe, expect, it } from 'vitest';
import { figures } from '../examples/figures.js';
import { countTags } from './helpers.js';

describe('the README example (examples/figures.ts)', () => {
  it('draws the three figures of a solve as standalone SVG', () => {
    const { raster, gap, path } = figures();
    // Each has its marks: spike dots, the gap curve, the drift path and spike markers.
    for (const [svg, title, mark] of [
      [raster, 'Spike raster', 'circle'],
      [gap, 'Objective gap', 'path'],
      [path, 'Three walls', 'circle'],
    ] as const) {
      expect(svg.startsWith('<svg'), title).toBe(true);
      expect(svg, title).toContain(`<title>${title}</title>`);
      expect(countTags(svg).get(mark) ?? 0, title).toBeGreaterThan(0);
    }
    // The gap curve falls toward the optimum: a path with more than a handful of vertices.
    expect(gap).toMatch(/<path[^>]* d="M[^"]{40,}"/);
  });
});
