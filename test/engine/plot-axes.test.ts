/** Axes of every chart: at least three labelled ticks over any range, sub-decade ticks on narrow log ranges. */
import { describe, expect, it } from 'vitest';
import { linearAxis, linePath, logAxis, logTicks } from '../../src/index.ts';

const LOG_RANGES: [number, number][] = [
  [0.55, 0.7],
  [1e-3, 2e-3],
  [0.6, 6],
  [0.9, 1.1],
  [0.01, 0.5],
  [1e-39, 1],
  [1e-12, 1e12],
  [3, 3.0001],
  [0.05, 2.3],
  [100, 800],
];

describe('logTicks / logAxis', () => {
  it.each(LOG_RANGES)('%s – %s: ≥ 3 distinct labelled ticks inside the axis', (lo, hi) => {
    const axis = logAxis(lo, hi, [200, 0]);
    expect(axis.ticks.length).toBeGreaterThanOrEqual(3);
    expect(axis.ticks.length).toBeLessThanOrEqual(12);
    for (const t of axis.ticks) {
      expect(t).toBeGreaterThanOrEqual(axis.domain[0] * (1 - 1e-9));
      expect(t).toBeLessThanOrEqual(axis.domain[1] * (1 + 1e-9));
    }
    const labels = axis.ticks.map(axis.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('labels decades when there are three or more, and sub-decade mantissas when not', () => {
    expect(logTicks(1e-4, 1)).toEqual([1e-4, 1e-3, 1e-2, 0.1, 1]);
    expect(logTicks(0.6, 6)).toEqual([1, 2, 5]);
    expect(logTicks(0.15, 0.95)).toEqual([0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(logTicks(0.55, 0.7)).toEqual([0.55, 0.6, 0.65, 0.7]);
  });

  it('thins decades over a wide range to at most the asked number', () => {
    const t = logTicks(1e-39, 1, 8);
    expect(t.length).toBeGreaterThanOrEqual(3);
    expect(t.length).toBeLessThanOrEqual(8);
    expect(t.at(-1)).toBe(1);
  });

  it('maps onto the range, larger values higher on a y axis', () => {
    const axis = logAxis(1e-3, 1, [200, 0]);
    expect(axis.map(1e-3)).toBeGreaterThan(axis.map(1e-2));
    expect(axis.map(1e-6)).toBe(200);
  });
});

describe('linearAxis', () => {
  it.each([
    [0, 1],
    [0, 600],
    [1, 12],
    [1, 2],
    [0.55, 0.7],
    [-3, 3],
    [-1, 1],
    [-0.31, 0.29],
    [5, 5],
    [0, 1e-6],
    [1e6, 1.0001e6],
  ])('%s – %s: ≥ 3 distinct labelled ticks', (lo, hi) => {
    const axis = linearAxis(lo, hi, [0, 300]);
    expect(axis.ticks.length).toBeGreaterThanOrEqual(3);
    const labels = axis.ticks.map(axis.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('labels ticks whose largest value is their spacing (−1, 0, 1)', () => {
    const axis = linearAxis(-1, 1, [0, 100], { count: 2 });
    expect(axis.ticks.map(axis.label)).toEqual(['-1', '0', '1']);
  });

  it('extends a domain to round ticks unless asked not to', () => {
    expect(linearAxis(0, 0.93, [0, 1]).domain).toEqual([0, 1]);
    expect(linearAxis(1, 12, [0, 1], { nice: false }).domain).toEqual([1, 12]);
  });
});

describe('linePath', () => {
  it('lifts the pen over missing values and non-positive values on a log axis', () => {
    const x = linearAxis(0, 3, [0, 30], { nice: false });
    const y = logAxis(0.1, 10, [100, 0]);
    const d = linePath([0, 1, 2, 3], [1, 0, 2, 3], x, y);
    expect(d.match(/M/g)).toHaveLength(2);
    expect(linePath([0, 1], [null, null], x, y)).toBe('');
  });
});
