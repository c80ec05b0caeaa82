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

describe('convolution kernels (inChannels, outChannels, kernelSize)', () => {
  const conv = { inChannels: 16, outChannels: 32, kernelSize: 3 };

  it('scale by fan_in = c_in·k² and fan_out = c_out·k², and draw c_out·c_in·k² weights', () => {
    const r = sampleInitializer(params({ init: 'glorot_normal', ...conv, bins: 10 }));
    expect([r.fanIn, r.fanOut]).toEqual([16 * 9, 32 * 9]);
    expect(r.expectedStd).toBeCloseTo(Math.sqrt(2 / (16 * 9 + 32 * 9)), 12);
    const n = 32 * 16 * 9;
    expect(r.histogram.counts.reduce((a, b) => a + b, 0)).toBe(n);
    expect(Math.abs(r.std - r.expectedStd)).toBeLessThan(stdTolerance(r.expectedStd, KURTOSIS.normal, n));
    expect(r.conv).toEqual({ ...conv, pytorchShape: [32, 16, 3, 3], kerasShape: [3, 3, 16, 32] });
  });

  it("orthogonal: the [c_in·k², c_out] matrix has orthonormal columns, PyTorch's std 1/√max(c_in·k², c_out)", () => {
    const r = sampleInitializer(params({ init: 'orthogonal', ...conv }));
    expect(r.orthogonalityError).toBeLessThan(1e-4);
    expect(r.expectedStd).toBeCloseTo(1 / Math.sqrt(16 * 9), 12);
  });

  it('leave a dense layer exactly as before: no conv fields, no conv in the result', () => {
    const dense = sampleInitializer(params({ init: 'he_normal', fanIn: 144, fanOut: 32 }));
    expect(dense.conv).toBeUndefined();
    // The same matrix shape as the conv kernel, other fans: the draw differs only by its scale.
    const kernel = sampleInitializer(params({ init: 'he_normal', ...conv }));
    expect(kernel.expectedStd).toBeCloseTo(dense.expectedStd, 12);
    expect(kernel.histogram).toEqual(dense.histogram);
  });

  it('name the missing field, the conflicting fan and the size cap', () => {
    const missing = normaliseSampleParams({ init: 'he_normal', inChannels: 3, kernelSize: 3 });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors.map((e) => e.path)).toEqual(['outChannels']);
    const both = normaliseSampleParams({ init: 'he_normal', fanIn: 10, ...conv });
    expect(both.ok).toBe(false);
    if (!both.ok) expect(both.errors[0]).toMatchObject({ path: 'fanIn', message: expect.stringContaining('144') });
    const agreeing = normaliseSampleParams({ init: 'he_normal', fanIn: 144, ...conv });
    expect(agreeing.ok).toBe(true);
    const big = normaliseSampleParams({ init: 'he_normal', inChannels: 512, outChannels: 512, kernelSize: 5 });
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.errors[0].path).toBe('outChannels');
    const range = normaliseSampleParams({ init: 'he_normal', ...conv, kernelSize: 16 });
    expect(range.ok).toBe(false);
    if (!range.ok)
      expect(range.errors[0]).toMatchObject({ path: 'kernelSize', message: expect.stringContaining('15') });
  });
});

describe("PyTorch's trunc_normal_ beside a truncated random_normal", () => {
  /** Std of N(0, σ²) conditioned on |x| ≤ b: σ²(1 − 2βφ(β)/(2Φ(β) − 1)), β = b/σ. */
  function truncatedStd(sigma: number, b: number): number {
    const beta = b / sigma;
    const pdf = Math.exp(-0.5 * beta * beta) / Math.sqrt(2 * Math.PI);
    // 2Φ(β) − 1 = erf(β/√2), by its series (β ≤ 2 here).
    const y = beta / Math.SQRT2;
    let term = y;
    let erf = y;
    for (let n = 1; n < 80; n++) {
      term *= (-y * y) / n;
      erf += term / (2 * n + 1);
    }
    erf *= 2 / Math.sqrt(Math.PI);
    return sigma * Math.sqrt(1 - (2 * beta * pdf) / erf);
  }

  it('at std 0.02 cuts at ±100σ: nothing is cut, its std is σ and it passes Keras’ ±2σ/0.8796', () => {
    const r = sampleInitializer(params({ init: 'random_normal', std: 0.02, truncated: true }));
    const t = r.pytorchTruncNormal!;
    expect(t.call).toBe('nn.init.trunc_normal_(w, std=0.02)');
    expect(t.boundInStd).toBeCloseTo(100, 9);
    expect(t.cutMass).toBe(0);
    const n = r.fanIn * r.fanOut;
    expect(Math.abs(t.std - 0.02)).toBeLessThan(stdTolerance(0.02, KURTOSIS.normal, n));
    expect(Math.max(-r.min, r.max)).toBeLessThanOrEqual((2 * 0.02) / 0.87962566103423978 + 1e-9);
    expect(t.maxAbsInStd).toBeGreaterThan(2 / 0.87962566103423978);
  });

  it.each([1.5, 4])('at σ = %s keeps |w| ≤ 2 with the truncated normal’s std (both rejection branches)', (sigma) => {
    const r = sampleInitializer(params({ init: 'random_normal', std: sigma, truncated: true }));
    const t = r.pytorchTruncNormal!;
    expect(t.maxAbsInStd * sigma).toBeLessThanOrEqual(2);
    const expected = truncatedStd(sigma, 2);
    // A truncated normal is lighter-tailed than a normal: the normal's kurtosis bounds its std's sampling error.
    expect(Math.abs(t.std - expected)).toBeLessThan(stdTolerance(expected, KURTOSIS.normal, r.fanIn * r.fanOut));
    expect(t.cutMass).toBeGreaterThan(0);
  });

  it('appears only for a truncated random_normal, and leaves the formula’s draw unchanged', () => {
    expect(sampleInitializer(params({ init: 'random_normal', std: 0.02 })).pytorchTruncNormal).toBeUndefined();
    expect(sampleInitializer(params({ init: 'he_normal', truncated: true })).pytorchTruncNormal).toBeUndefined();
  });
});
