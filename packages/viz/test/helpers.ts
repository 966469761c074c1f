import { expect } from 'vitest';
import type { Point } from '../src/layout/frame.js';

/** Every point finite and inside [0, width] × [0, height]; the failure names the point. */
export function expectInsideViewBox(points: readonly Point[], width: number, height: number) {
  for (const p of points) {
    const ok =
      Number.isFinite(p[0]) &&
      Number.isFinite(p[1]) &&
      p[0] >= 0 &&
      p[0] <= width &&
      p[1] >= 0 &&
      p[1] <= height;
    expect(ok, `point (${p[0]}, ${p[1]}) outside 0 0 ${width} ${height}`).toBe(true);
  }
}

/**
 * Check that an SVG string is well formed as far as tags go (every opened tag
 * is closed in order) and return how many elements of each name it has.
 */
export function countTags(svg: string): Map<string, number> {
  const counts = new Map<string, number>();
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;
  for (const m of svg.matchAll(tag)) {
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}> at offset ${m.index}`);
    } else {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      if (!selfClosing) stack.push(name);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed tags: ${stack.join(', ')}`);
  return counts;
}
