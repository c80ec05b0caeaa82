/** Plain-text building blocks of the human output: aligned tables, numbers, sparklines, histograms. */
import type { Histogram } from '../result.ts';

export type Align = 'left' | 'right';

/** Columns separated by two spaces, header underlined; numbers are usually right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []) {
  const widths = headers.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => pad(cell, widths[c], align[c] ?? 'left'))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** `label  value` pairs with the labels aligned. */
export function keyValues(pairs: readonly (readonly [string, string])[]): string {
  const w = Math.max(...pairs.map(([k]) => width(k)));
  return pairs.map(([k, v]) => `${pad(k, w, 'left')}  ${v}`).join('\n');
}

/** Display width: code points (the box and block characters used here are all single-width). */
function width(s: string): number {
  return [...s].length;
}

function pad(s: string, w: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return align === 'right' ? fill + s : s + fill;
}

/** Indented for a person at a terminal, compact for pipes and files (the bytes are stable either way). */
export function jsonText(value: unknown, pretty = false): string {
  return JSON.stringify(value, null, pretty ? 2 : undefined);
}

/** 4 significant digits, exponent notation for very small/large magnitudes; null (not finite) → '—'. */
export function num(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e6) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toString();
}

export function percent(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)}%`;
}

export function ms(x: number): string {
  return x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`;
}

const TICKS = '▁▂▃▄▅▆▇█';

/** Characters of a loss sparkline: enough to see a curve's shape, few enough to keep a table row on one line. */
export const SPARK_WIDTH = 48;

/**
 * One character per value, scaled between `lo` and `hi` (pass the same bounds to make several curves comparable).
 * Missing values (divergence) are drawn as '×'. Long series are averaged down to `maxWidth` characters.
 */
export function sparkline(
  values: readonly (number | null)[],
  lo = Math.min(...finite(values)),
  hi = Math.max(...finite(values)),
  maxWidth = SPARK_WIDTH,
): string {
  const series = downsample(values, maxWidth);
  const span = hi - lo;
  return series
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return '×';
      const t = span > 0 ? (v - lo) / span : 0.5;
      return TICKS[Math.min(TICKS.length - 1, Math.max(0, Math.round(t * (TICKS.length - 1))))];
    })
    .join('');
}

export function finite(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null && Number.isFinite(v));
}

/** Averages consecutive runs so the result has at most `n` entries; a run containing a null stays null. */
export function downsample(values: readonly (number | null)[], n: number): (number | null)[] {
  if (values.length <= n) return [...values];
  const out: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    const chunk = values.slice(Math.floor((i * values.length) / n), Math.floor(((i + 1) * values.length) / n));
    out.push(chunk.some((v) => v === null) ? null : finite(chunk).reduce((a, b) => a + b, 0) / chunk.length);
  }
  return out;
}

/** Fixed decimals that resolve a set of values at 3–4 significant digits of the largest, so a column lines up. */
export function fixedFormatter(values: readonly number[]): (x: number) => string {
  const largest = Math.max(...values.map(Math.abs).filter(Number.isFinite), 1e-12);
  const decimals = Math.min(8, Math.max(0, 3 - Math.floor(Math.log10(largest))));
  return (x) => (Number.isFinite(x) ? x.toFixed(decimals) : '—');
}

/** One row per bin: `[lo, hi)  count  ████`, bars scaled to the fullest bin. */
export function histogramBars(h: Histogram, barWidth = 40): string {
  const most = Math.max(1, ...h.counts);
  const edge = fixedFormatter(h.edges);
  const rows = h.counts.map((count, i) => [
    edge(h.edges[i]),
    edge(h.edges[i + 1]),
    String(count),
    count > 0 ? '█'.repeat(Math.round((count / most) * barWidth)) || '▏' : '',
  ]);
  return table(['from', 'to', 'count', ''], rows, ['right', 'right', 'right', 'left']);
}
