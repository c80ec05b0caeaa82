/** Human summary of a mean-field grid: a phase map, the critical line, and one row of the grid in numbers. */
import type { TheoryGrid } from '../theory/index.ts';
import { num, table } from './format.ts';

/** At most this many rows/columns of the grid are printed as numbers; the phase map shows all of it. */
const SAMPLED = 9;

/** Evenly spaced indices 0 … n−1 (all of them when n ≤ k), always including both ends. */
export function sampleIndices(n: number, k: number): number[] {
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  return [...new Set(Array.from({ length: k }, (_, i) => Math.round((i * (n - 1)) / (k - 1))))];
}

const PHASE_MARK = { ordered: '·', chaotic: '#' } as const;

/**
 * One character per grid point, σ_b² growing upwards: '·' ordered (χ₁ < 1, inputs' correlations converge: gradients
 * vanish), '#' chaotic (χ₁ > 1: they decorrelate, gradients explode), '|' critical, '?' undefined (q* diverges).
 */
export function phaseMap(g: TheoryGrid): string {
  const rows = g.sigmaB2.map((b, j) => {
    const marks = g.phase[j].map((ph, i) => (g.qDiverges[j][i] ? '?' : ph === null ? '|' : PHASE_MARK[ph]));
    return `${num(b, 3).padStart(8)} │${marks.join('')}`;
  });
  const axisLine = `${' '.repeat(9)}└${'─'.repeat(g.sigmaW2.length)}`;
  const ends = `${' '.repeat(10)}${num(g.sigmaW2[0], 3)}`;
  const last = num(g.sigmaW2.at(-1) ?? 0, 3);
  const legend = `${ends}${' '.repeat(Math.max(1, g.sigmaW2.length - ends.length + 10 - last.length))}${last}  σ_w²`;
  return ['    σ_b²', ...rows.reverse(), axisLine, legend].join('\n');
}

export function criticalTable(g: TheoryGrid): string {
  const rows = sampleIndices(g.criticalLine.length, SAMPLED).map((j) => {
    const c = g.criticalLine[j];
    return [num(c.sigmaB2), c.sigmaW2 === null ? 'outside the grid' : num(c.sigmaW2, 5)];
  });
  return table(['σ_b²', 'critical σ_w² (χ₁ = 1)'], rows, ['right', 'right']);
}

/** The grid's numbers along σ_w² at one σ_b² (the smallest: the article's usual zero-bias case). */
export function gridRow(g: TheoryGrid, j = 0): string {
  const rows = sampleIndices(g.sigmaW2.length, SAMPLED).map((i) => [
    num(g.sigmaW2[i]),
    num(g.qStar[j][i]),
    num(g.chi1[j][i]),
    num(g.cStar[j][i]),
    g.xiCInfinite[j][i] ? '∞' : num(g.xiC[j][i]),
    g.qDiverges[j][i] ? 'q* diverges' : (g.phase[j][i] ?? 'critical'),
  ]);
  return table(['σ_w²', 'q*', 'χ₁', 'c*', 'ξ_c', 'phase'], rows, ['right', 'right', 'right', 'right', 'right', 'left']);
}

export function formatTheory(g: TheoryGrid): string {
  return [
    `mean-field theory · ${g.activation} · σ_w² ${num(g.sigmaW2[0])}…${num(g.sigmaW2.at(-1) ?? 0)} (${g.sigmaW2.length}) × σ_b² ${num(g.sigmaB2[0])}…${num(g.sigmaB2.at(-1) ?? 0)} (${g.sigmaB2.length})`,
    '',
    "Phase: '·' ordered (χ₁ < 1, gradients vanish with depth), '#' chaotic (χ₁ > 1, they explode), '|' critical, '?' q* diverges",
    phaseMap(g),
    '',
    criticalTable(g),
    '',
    `At σ_b² = ${num(g.sigmaB2[0])} (ξ_c: depth scale over which input correlations survive):`,
    gridRow(g, 0),
  ].join('\n');
}
