/** Axis scales and "nice" ticks for the charts (1, 2, 5 × 10^k steps; decades on log axes). */

export interface Scale {
  map(v: number): number;
  ticks: number[];
  format(v: number): string;
}

function niceStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
}

function compact(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

export function linearScale(lo: number, hi: number, from: number, to: number, target = 6): Scale {
  if (hi <= lo) hi = lo + 1;
  const step = niceStep(hi - lo, target);
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let t = start; t <= end + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  const map = (v: number) => from + ((v - start) / (end - start)) * (to - from);
  return { map, ticks, format: compact };
}

/** Log axis over [lo, hi] padded a little; ticks at 1, 2, 5 × 10^k (every integer multiple when that is too few). */
export function logScale(lo: number, hi: number, from: number, to: number): Scale {
  const a = Math.log10(Math.max(lo, 1e-12)) - 0.02;
  let b = Math.log10(Math.max(hi, 1e-12)) + 0.02;
  if (b - a < 0.1) b = a + 0.1;
  const within = (mantissas: number[]) => {
    const ticks: number[] = [];
    for (let k = Math.floor(a); k <= Math.ceil(b); k++)
      for (const m of mantissas) {
        const t = Number((m * 10 ** k).toPrecision(6));
        const lt = Math.log10(t);
        if (lt >= a && lt <= b) ticks.push(t);
      }
    return ticks;
  };
  let ticks = within([1]);
  if (ticks.length < 3) ticks = within([1, 2, 5]);
  if (ticks.length < 3) ticks = within([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const map = (v: number) => from + ((Math.log10(Math.max(v, 1e-12)) - a) / (b - a)) * (to - from);
  return { map, ticks, format: compact };
}
