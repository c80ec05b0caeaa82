import { describe, expect, it } from 'vitest';
import { Rng, streamFor } from '../../src/rng.ts';

const N = 200_000;

describe('Rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const xs = Array.from({ length: 10 }, () => a.nextUint32());
    expect(Array.from({ length: 10 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 10 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it('draws uniform [0,1) with mean 1/2 and variance 1/12', () => {
    const r = new Rng(1);
    let s = 0;
    let s2 = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < N; i++) {
      const u = r.uniform();
      s += u;
      s2 += u * u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    const mean = s / N;
    // Standard error of the mean of U(0,1) is √(1/12)/√N.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(s2 / N - mean * mean - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / N));
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });

  it('draws standard normals with the right moments and truncated ones within ±2', () => {
    const r = new Rng(2);
    let s = 0;
    let s2 = 0;
    let s4 = 0;
    for (let i = 0; i < N; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
      s4 += z ** 4;
    }
    expect(Math.abs(s / N)).toBeLessThan(5 / Math.sqrt(N));
    // Var(z²) = 2 for a standard normal, so the sample second moment has SE √(2/N).
    expect(Math.abs(s2 / N - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    expect(Math.abs(s4 / N - 3)).toBeLessThan(5 * Math.sqrt(96 / N));
    let t2 = 0;
    let maxAbs = 0;
    for (let i = 0; i < N; i++) {
      const z = r.truncatedNormal();
      maxAbs = Math.max(maxAbs, Math.abs(z));
      t2 += z * z;
    }
    expect(maxAbs).toBeLessThanOrEqual(2);
    // Variance of N(0,1) truncated at ±2 is 0.87962566103423978² = 0.7737413.
    expect(Math.abs(t2 / N - 0.87962566103423978 ** 2)).toBeLessThan(5 * Math.sqrt(1.2 / N));
  });

  it('shuffles to a permutation and gives independent named streams', () => {
    const a = Int32Array.from({ length: 100 }, (_, i) => i);
    new Rng(3).shuffle(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([...a]).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(streamFor(5, 'data').nextUint32()).toBe(streamFor(5, 'data').nextUint32());
    expect(streamFor(5, 'data').nextUint32()).not.toBe(streamFor(5, 'init').nextUint32());
  });
});
