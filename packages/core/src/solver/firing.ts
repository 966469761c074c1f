/**
 * Which facets fired in a window of iterations (the solver's windows are
 * `polishEvery` long), and whether that set repeated.
 * The spikes that keep firing are the active set; once the same set fires in
 * two consecutive windows it is worth one exact solve on it (polish).
 */
export class FiringWindow {
  private readonly last: Uint32Array;
  private previousKey: string | null = null;
  private triedKey: string | null = null;

  constructor(candidates: number) {
    this.last = new Uint32Array(candidates);
  }

  /**
   * Records the spike counters at the end of a window. Returns true when the
   * set of candidates that fired since the previous call equals the set of
   * the window before it and has not been offered before.
   */
  update(counts: Uint32Array): boolean {
    const fired: number[] = [];
    for (let k = 0; k < counts.length; k++) {
      if (counts[k] !== this.last[k]) fired.push(k);
      this.last[k] = counts[k];
    }
    const key = fired.join(',');
    const stable = key === this.previousKey && key !== this.triedKey;
    this.previousKey = key;
    if (stable) this.triedKey = key;
    return stable;
  }
}
