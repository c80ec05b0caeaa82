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

export function logScale(lo: number, hi: number, from: number, to: number): Scale {
  const a = Math.floor(Math.log10(Math.max(lo, 1e-12)));
  let b = Math.ceil(Math.log10(Math.max(hi, 1e-12)));
  if (b <= a) b = a + 1;
  const ticks: number[] = [];
  for (let k = a; k <= b; k++) ticks.push(10 ** k);
  const map = (v: number) => from + ((Math.log10(Math.max(v, 1e-12)) - a) / (b - a)) * (to - from);
  return { map, ticks, format: compact };
}
