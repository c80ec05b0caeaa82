/**
 * The part of d3-interpolate that d3-scale's linear and log scales use, for numbers only. The site's client bundles
 * alias d3-interpolate to this (astro.config.mjs, scripts/build-widgets.ts): the real module's generic `interpolate`
 * pulls in d3-color's table of named colours (~8 KB gzip) to interpolate values the charts never have, since every
 * scale range here is a pair of pixel numbers. Results are identical to d3's for numbers (same formulas).
 */
type Interpolator = (t: number) => number;

export const interpolateNumber =
  (a: number, b: number): Interpolator =>
  (t) =>
    a * (1 - t) + b * t;

export const interpolateRound =
  (a: number, b: number): Interpolator =>
  (t) =>
    Math.round(a * (1 - t) + b * t);

export function interpolate(a: unknown, b: unknown): Interpolator {
  if (typeof a !== 'number' || typeof b !== 'number') throw new TypeError('charts interpolate numbers only');
  return interpolateNumber(a, b);
}

export function piecewise(
  interpolator: (a: number, b: number) => Interpolator,
  values: readonly number[],
): Interpolator {
  const n = values.length - 1;
  const parts = values.slice(1).map((v, i) => interpolator(values[i], v));
  return (t) => {
    const at = t * n;
    const i = Math.max(0, Math.min(n - 1, Math.floor(at)));
    return parts[i](at - i);
  };
}
