import { describe, expect, it } from 'vitest';
import { drawTfjsBuiltin, expectedStd, histogram, sampleInitializer, sampleTfjsBuiltin } from '../../src/init/index.ts';
import { INIT_IDS, normaliseSampleParams, type SampleParams } from '../../src/params/index.ts';
import { Rng } from '../../src/rng.ts';
import { KURTOSIS, stats, stdTolerance } from './init-helpers.ts';

function params(input: Record<string, unknown>): SampleParams {
  const p = normaliseSampleParams(input);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p.params;
}

const SAMPLEABLE = INIT_IDS.filter((id) => id !== 'lsuv' && id !== 'fixup');
const BUILTIN_IDS = ['glorot_normal', 'he_normal', 'lecun_normal'];

function allFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (value && typeof value === 'object') return Object.values(value).every(allFinite);
  return true;
}

describe('sampleInitializer', () => {
  it.each(SAMPLEABLE)('%s: the contract’s shape, finite numbers, a consistent histogram', (init) => {
    const p = params({ init, fanIn: 48, fanOut: 20, bins: 16, seed: 3 });
    const r = sampleInitializer(p);
    expect(Object.keys(r).slice(0, 10)).toEqual([
      'init',
      'fanIn',
      'fanOut',
      'gain',
      'seed',
      'mean',
      'std',
      'min',
      'max',
      'expectedStd',
    ]);
    expect(r).toMatchObject({ init, fanIn: 48, fanOut: 20, seed: 3 });
    expect(allFinite(r)).toBe(true);
    expect(r.min).toBeLessThanOrEqual(r.mean);
    expect(r.mean).toBeLessThanOrEqual(r.max);
    expect(r.expectedStd).toBe(expectedStd(init, 48, 20, p));
    const h = r.histogram;
    expect(h.edges).toHaveLength(17);
    expect(h.counts).toHaveLength(16);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(48 * 20);
    for (let i = 1; i < h.edges.length; i++) expect(h.edges[i]).toBeGreaterThan(h.edges[i - 1]);
    expect(h.edges[0]).toBeLessThanOrEqual(r.min);
    expect(h.edges[16]).toBeGreaterThanOrEqual(r.max);
    expect('orthogonalityError' in r).toBe(init === 'orthogonal');
    expect('tfjsBuiltin' in r).toBe(BUILTIN_IDS.includes(init));
  });

  it('is deterministic: same params → byte-identical JSON; another seed differs', () => {
    for (const init of ['he_normal', 'orthogonal', 'pytorch_default'] as const) {
      const p = params({ init, fanIn: 30, fanOut: 40 });
      expect(JSON.stringify(sampleInitializer(p))).toBe(JSON.stringify(sampleInitializer({ ...p })));
      expect(sampleInitializer({ ...p, seed: 2 }).std).not.toBe(sampleInitializer(p).std);
    }
  });

  it('reports the gain actually used', () => {
    expect(sampleInitializer(params({ init: 'he_normal' })).gain).toBe(Math.SQRT2);
    expect(sampleInitializer(params({ init: 'he_normal', gain: 'auto', activation: 'tanh' })).gain).toBe(5 / 3);
    expect(sampleInitializer(params({ init: 'glorot_uniform', gain: 0.3 })).gain).toBe(0.3);
    expect(sampleInitializer(params({ init: 'constant', gain: 4 })).gain).toBe(1);
  });

  it('orthogonal: reports a tiny orthogonality error, scaled by the gain', () => {
    for (const [fanIn, fanOut] of [
      [64, 16],
      [32, 32],
      [10, 90],
    ]) {
      const r = sampleInitializer(params({ init: 'orthogonal', fanIn, fanOut, gain: 2 }));
      expect(r.gain).toBe(2);
      expect(r.orthogonalityError).toBeGreaterThanOrEqual(0);
      expect(r.orthogonalityError).toBeLessThan(4e-5);
      expect(r.std).toBeCloseTo(2 / Math.sqrt(Math.max(fanIn, fanOut)), 2);
    }
  });

  it('constant weights still get a visible histogram bar', () => {
    const r = sampleInitializer(params({ init: 'constant', value: 0.1, fanIn: 4, fanOut: 5, bins: 10 }));
    expect(r.std).toBe(0);
    expect(r.histogram.edges[0]).toBeLessThan(r.min);
    expect(r.histogram.edges[10]).toBeGreaterThan(r.max);
    expect(r.histogram.counts.filter((c) => c > 0)).toEqual([20]);
  });

  it('the sample std follows the formula at the API default size', () => {
    const r = sampleInitializer(params({ init: 'he_normal' }));
    const n = r.fanIn * r.fanOut;
    expect(Math.abs(r.std - r.expectedStd)).toBeLessThan(stdTolerance(r.expectedStd, KURTOSIS.normal, n));
  });
});

describe('TF.js built-in variant (tfjs#8594)', () => {
  it.each(BUILTIN_IDS)('%s: its std is ≈ 0.8796 × the formula std', (init) => {
    const p = params({ init, fanIn: 512, fanOut: 256 });
    const r = sampleInitializer(p);
    const b = r.tfjsBuiltin!;
    const n = p.fanIn * p.fanOut;
    const expected = 0.87962566103423978 * r.expectedStd;
    // Truncated at ±2σ of the formula's σ: std 0.8796 σ, bounded by 2σ.
    expect(Math.abs(b.std - expected)).toBeLessThan(stdTolerance(expected, KURTOSIS.truncated, n));
    expect(b.stdRatio).toBeCloseTo(b.std / r.expectedStd, 12);
    expect(Math.max(-b.min, b.max)).toBeLessThanOrEqual(Math.fround(2 * r.expectedStd));
    // The formula's own sample is not truncated that way.
    expect(Math.abs(r.std - r.expectedStd)).toBeLessThan(stdTolerance(r.expectedStd, KURTOSIS.normal, n));
    // Both histograms share edges, so they can be drawn on one axis.
    expect(b.histogram.edges).toEqual(r.histogram.edges);
    expect(b.histogram.counts.reduce((a, c) => a + c, 0)).toBe(n);
    expect(b.builtin).toMatch(/^tf\.initializers\.(glorotNormal|heNormal|leCunNormal)\(\{\}\)$/);
  });

  it('sampleTfjsBuiltin is null for initializers without such a built-in', () => {
    for (const init of SAMPLEABLE.filter((id) => !BUILTIN_IDS.includes(id)))
      expect(sampleTfjsBuiltin(params({ init }))).toBeNull();
    expect(sampleTfjsBuiltin(params({ init: 'he_normal', fanIn: 8, fanOut: 8 }))?.std).toBeGreaterThan(0);
  });

  it('drawTfjsBuiltin stays within ±2σ', () => {
    const w = drawTfjsBuiltin(0.5, 10_000, new Rng(4));
    expect(stats(w).maxAbs).toBeLessThanOrEqual(1);
  });
});

describe('histogram', () => {
  it('puts each value in its bin, the maximum in the last one', () => {
    const h = histogram(Float32Array.from([0, 0.1, 0.5, 0.99, 1]), 4, 0, 1);
    expect(h.edges).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(h.counts).toEqual([2, 0, 1, 2]);
  });
});

describe('bad input', () => {
  it('names every bad field instead of returning NaN', () => {
    const p = params({ init: 'he_normal' });
    expect(() => sampleInitializer({ ...p, fanIn: 0, bins: 1000 })).toThrow(/fanIn.*bins|bins.*fanIn/);
    expect(() => sampleInitializer({ ...p, fanIn: Number.NaN })).toThrow(/fanIn/);
    expect(() => sampleInitializer({ ...p, init: 'lsuv' })).toThrow(/init: lsuv depends on the model/);
    expect(() => sampleTfjsBuiltin({ ...p, std: -1 })).toThrow(/std/);
  });
});
