import type { SolveResultData } from './result.js';

function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  return abs >= 1e-3 && abs < 1e6
    ? value.toPrecision(digits + 4).replace(/\.?0+$/, '')
    : value.toExponential(digits);
}

/**
 * What polish did: its status and reason. A warm solve whose hot start held
 * has the polish's reason as its message, already on the status line.
 */
function polishLine(r: SolveResultData): string {
  if (!r.polish) return 'off';
  const reason = r.polish.reason === r.message ? 'see the status line above' : r.polish.reason;
  return `${r.polish.status} (${reason})`;
}

/** A short human-readable report of a solve. */
export function formatSummary(r: SolveResultData): string {
  const f = r.feasibility;
  const lines = [
    `status        ${r.status}  (${r.message})`,
    `objective     ${fmt(r.objective, 8)}`,
    `size          n = ${r.size.n}, m = ${r.size.m}`,
    `iterations    ${r.iterations}   spikes ${r.spikes}   k0 ${fmt(r.k0)}   backend ${r.backend}`,
    `feasibility   rows ${fmt(f.rowViolation)} (distance ${fmt(f.rowDistance)}), bounds ${fmt(f.boundViolation)}`,
    // A certificate that was not evaluated has no numbers (NaN): its reason says why.
    r.kkt.status === 'not_evaluated'
      ? `certificate   not evaluated (${r.kkt.reason ?? 'no reason given'})`
      : `certificate   ${r.kkt.status}: residual ${fmt(r.kkt.residual)}, scale ${fmt(r.kkt.scale)}, relative ${fmt(r.kkt.relative)}` +
        (r.kkt.reason ? ` (${r.kkt.reason})` : ''),
    `polish        ${polishLine(r)}`,
    `time          ${fmt(r.timings.solveMs, 0)} ms solve + ${fmt(r.timings.setupMs, 0)} ms setup`,
  ];
  return lines.join('\n');
}
