/**
 * Axes for every chart of the project (the site's figures and widgets, the API's compare.svg): d3 scales map values
 * to pixels, d3 picks "nice" linear ticks, d3-shape draws the paths. Log axes choose their own ticks (below) because
 * d3's log ticks jump from every integer mantissa straight to bare decades; a reader needs at least three labels on
 * every axis, however narrow its range.
 */
import { ticks as linearTicks } from 'd3-array';
import { precisionRound } from 'd3-format';
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { formatNumber } from './format.ts';

export interface Axis {
  /** Value → pixel (clamped to the range, so a path never leaves the plot). */
  map(v: number): number;
  ticks: number[];
  /** A tick's label: the shared number format, with as many figures as tell neighbouring ticks apart. */
  label(v: number): string;
  log: boolean;
  domain: [number, number];
}

export interface AxisOptions {
  /** About how many ticks (d3's hint); at least three are always given. */
  count?: number;
  /** Extend a linear domain to round tick values (default true). */
  nice?: boolean;
}

const MIN_TICKS = 3;

/** Figures that keep the closest two ticks distinct (at least 3, the format's default). */
function labeller(ticks: number[]): (v: number) => string {
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < ticks.length; i++) gap = Math.min(gap, Math.abs(ticks[i] - ticks[i - 1]));
  const max = Math.max(...ticks.map(Math.abs));
  // precisionRound is NaN when the largest tick is the gap itself (ticks −1, 0, 1): three figures then suffice.
  const needed = Number.isFinite(gap) && gap > 0 && max > 0 ? precisionRound(gap, max) : Number.NaN;
  const sig = Number.isFinite(needed) ? Math.max(3, needed) : 3;
  return (v) => formatNumber(v, { sig, compact: true });
}

function spread(lo: number, hi: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi > lo) return [lo, hi];
  const pad = Math.abs(lo) * 0.1 || 0.5;
  return [lo - pad, hi + pad];
}

export function linearAxis(lo: number, hi: number, range: [number, number], o: AxisOptions = {}): Axis {
  const scale = scaleLinear().domain(spread(lo, hi)).range(range).clamp(true);
  let count = o.count ?? 5;
  if (o.nice !== false) scale.nice(count);
  let ticks = scale.ticks(count);
  while (ticks.length < MIN_TICKS && count < 24) ticks = scale.ticks(++count);
  const [d0, d1] = scale.domain();
  return { map: scale, ticks, label: labeller(ticks), log: false, domain: [d0, d1] };
}

const within = (lo: number, hi: number, mantissas: readonly number[]) => {
  const out: number[] = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++)
    for (const m of mantissas) {
      const t = Number((m * 10 ** k).toPrecision(12));
      if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) out.push(t);
    }
  return out;
};

/**
 * Ticks of a log axis over [lo, hi] (both > 0): decades (every n-th when there are more than `max`); 1-2-5 or every
 * integer mantissa when decades give fewer than three; evenly spaced values when even those do (under a factor ~2).
 */
export function logTicks(lo: number, hi: number, max = 8): number[] {
  const first = Math.ceil(Math.log10(lo) - 1e-9);
  const last = Math.floor(Math.log10(hi) + 1e-9);
  if (last - first + 1 >= MIN_TICKS) {
    const every = Math.ceil((last - first + 1) / max);
    const out: number[] = [];
    for (let k = Math.ceil(first / every) * every; k <= last; k += every) out.push(Number(`1e${k}`));
    if (out.length >= MIN_TICKS) return out;
  }
  for (const mantissas of [
    [1, 2, 5],
    [1, 2, 3, 4, 5, 6, 7, 8, 9],
  ]) {
    const t = within(lo, hi, mantissas);
    if (t.length >= MIN_TICKS && t.length <= max + 2) return t;
  }
  for (let count = 4; count < 24; count++) {
    const t = linearTicks(lo, hi, count);
    if (t.length >= MIN_TICKS) return t;
  }
  return [lo, Math.sqrt(lo * hi), hi];
}

/** A log axis over the data's [lo, hi], padded by 2 % of a decade each side and at least a tenth of a decade wide. */
export function logAxis(lo: number, hi: number, range: [number, number], o: AxisOptions = {}): Axis {
  const safe = (v: number) => (Number.isFinite(v) && v > 0 ? v : 1);
  let a = Math.log10(safe(lo)) - 0.02;
  let b = Math.log10(safe(Math.max(lo, hi))) + 0.02;
  if (b - a < 0.1) [a, b] = [(a + b) / 2 - 0.05, (a + b) / 2 + 0.05];
  const domain: [number, number] = [10 ** a, 10 ** b];
  const scale = scaleLog().domain(domain).range(range).clamp(true);
  const ticks = logTicks(domain[0], domain[1], o.count ?? 8);
  return { map: scale, ticks, label: labeller(ticks), log: true, domain };
}

/** An SVG path through (x, y) points, lifting the pen over missing values (null, non-finite, ≤ 0 on a log axis). */
export function linePath(xs: readonly number[], ys: readonly (number | null)[], x: Axis, y: Axis): string {
  const ok = (v: number | null): v is number => v !== null && Number.isFinite(v) && (!y.log || v > 0);
  const draw = line<number>()
    .defined((i) => ok(ys[i]))
    .x((i) => x.map(xs[i]))
    .y((i) => y.map(ys[i] as number))
    .digits(1);
  return draw(xs.map((_, i) => i)) ?? '';
}
