import { describe, expect, it } from 'vitest';
import { expectedStd, sampleBias, sampleWeights, takesGain } from '../../src/init/index.ts';
import { INIT_IDS, type InitId } from '../../src/params/index.ts';
import { Rng, streamFor } from '../../src/rng.ts';
import { KURTOSIS, meanTolerance, SHAPES, stats, stdTolerance } from './init-helpers.ts';

/**
 * The published formulas (ERRATA table, PyTorch / Keras), written here independently of the catalog: the uniform
 * bound a or the normal σ for default options.
 */
type Law = { kind: 'uniform'; a: number } | { kind: 'normal'; sigma: number } | { kind: 'constant'; value: number };
const FORMULAS: Partial<Record<InitId, (fanIn: number, fanOut: number) => Law>> = {
  zeros: () => ({ kind: 'constant', value: 0 }),
  constant: () => ({ kind: 'constant', value: 0.1 }),
  random_normal: () => ({ kind: 'normal', sigma: 0.01 }),
  random_uniform: () => ({ kind: 'uniform', a: 0.05 }),
  glorot_uniform: (i, o) => ({ kind: 'uniform', a: Math.sqrt(6 / (i + o)) }),
  glorot_normal: (i, o) => ({ kind: 'normal', sigma: Math.sqrt(2 / (i + o)) }),
  he_uniform: (i) => ({ kind: 'uniform', a: Math.sqrt(6 / i) }),
  he_normal: (i) => ({ kind: 'normal', sigma: Math.sqrt(2 / i) }),
  lecun_uniform: (i) => ({ kind: 'uniform', a: Math.sqrt(3 / i) }),
  lecun_normal: (i) => ({ kind: 'normal', sigma: Math.sqrt(1 / i) }),
  pytorch_default: (i) => ({ kind: 'uniform', a: 1 / Math.sqrt(i) }),
  fixup: (i) => ({ kind: 'normal', sigma: Math.sqrt(2 / i) }),
};

function checkLaw(w: Float32Array, law: Law): void {
  const n = w.length;
  const s = stats(w);
  if (law.kind === 'constant') {
    expect(w.every((v) => v === Math.fround(law.value))).toBe(true);
    return;
  }
  const sigma = law.kind === 'normal' ? law.sigma : law.a / Math.sqrt(3);
  expect(Math.abs(s.mean)).toBeLessThan(meanTolerance(sigma, n));
  expect(Math.abs(s.std - sigma)).toBeLessThan(stdTolerance(sigma, KURTOSIS[law.kind], n));
  if (law.kind === 'uniform') {
    // Float32 rounding may land exactly on fround(a), never beyond; and the draws reach the ends of the range
    // (P(max |w| < a(1 − 10/n)) = (1 − 10/n)^n ≈ e^−10).
    expect(s.maxAbs).toBeLessThanOrEqual(Math.fround(law.a));
    expect(s.maxAbs).toBeGreaterThan(law.a * (1 - 10 / n));
  }
}

describe('moments of every initializer against its formula', () => {
  for (const id of INIT_IDS) {
    const formula = FORMULAS[id];
    if (!formula) continue;
    it.each(SHAPES)(`${id} at [%i, %i]`, (fanIn, fanOut) => {
      const w = sampleWeights(id, fanIn, fanOut, {}, streamFor(11, `${id}:${fanIn}x${fanOut}`));
      expect(w).toBeInstanceOf(Float32Array);
      expect(w.length).toBe(fanIn * fanOut);
      checkLaw(w, formula(fanIn, fanOut));
    });
  }

  it('expectedStd matches the published formulas (uniform a/√3, normal σ, constants 0)', () => {
    for (const [id, formula] of Object.entries(FORMULAS) as [InitId, (i: number, o: number) => Law][])
      for (const [fanIn, fanOut] of SHAPES) {
        const law = formula(fanIn, fanOut);
        const sigma = law.kind === 'normal' ? law.sigma : law.kind === 'uniform' ? law.a / Math.sqrt(3) : 0;
        expect(expectedStd(id, fanIn, fanOut)).toBeCloseTo(sigma, 12);
      }
    expect(expectedStd('orthogonal', 256, 32)).toBeCloseTo(1 / Math.sqrt(256), 12);
    expect(expectedStd('orthogonal', 32, 256, { gain: 2 })).toBeCloseTo(2 / Math.sqrt(256), 12);
  });
});

describe('gain', () => {
  // Every initializer drawn as gain × a fixed-shape law (orthogonal has its own test; fixup and lsuv are bases).
  const scaled = INIT_IDS.filter((id) => takesGain(id) && !['orthogonal', 'fixup'].includes(id));
  it.each(scaled)('%s: a numeric gain g gives std g × (std at gain 1)', (id) => {
    const [fanIn, fanOut] = [256, 64];
    const unit = expectedStd(id, fanIn, fanOut, { gain: 1 });
    const w = sampleWeights(id, fanIn, fanOut, { gain: 2.5 }, new Rng(5));
    const kurtosis = id.endsWith('uniform') || id === 'pytorch_default' ? KURTOSIS.uniform : KURTOSIS.normal;
    expect(Math.abs(stats(w).std - 2.5 * unit)).toBeLessThan(stdTolerance(2.5 * unit, kurtosis, w.length));
  });

  it("gain 'auto' with tanh gives Glorot × 5/3 and He × 5/3 (PyTorch kaiming_normal_(nonlinearity='tanh'))", () => {
    const [fanIn, fanOut] = [128, 128];
    const n = fanIn * fanOut;
    const glorot = sampleWeights('glorot_normal', fanIn, fanOut, { gain: 'auto', activation: 'tanh' }, new Rng(6));
    const sg = (5 / 3) * Math.sqrt(2 / (fanIn + fanOut));
    expect(Math.abs(stats(glorot).std - sg)).toBeLessThan(stdTolerance(sg, 3, n));
    const he = sampleWeights('he_normal', fanIn, fanOut, { gain: 'auto', activation: 'tanh' }, new Rng(7));
    const sh = 5 / 3 / Math.sqrt(fanIn);
    expect(Math.abs(stats(he).std - sh)).toBeLessThan(stdTolerance(sh, 3, n));
  });
});

describe('fan modes on non-square shapes', () => {
  it.each([
    [1024, 256],
    [256, 1024],
  ])('[%i, %i]: He uses fan_in, Glorot the mean of both fans', (fanIn, fanOut) => {
    const n = fanIn * fanOut;
    const he = stats(sampleWeights('he_normal', fanIn, fanOut, {}, new Rng(8))).std;
    const glorot = stats(sampleWeights('glorot_normal', fanIn, fanOut, {}, new Rng(9))).std;
    const heSigma = Math.sqrt(2 / fanIn);
    const glorotSigma = Math.sqrt(2 / (fanIn + fanOut));
    expect(Math.abs(he - heSigma)).toBeLessThan(stdTolerance(heSigma, 3, n));
    expect(Math.abs(glorot - glorotSigma)).toBeLessThan(stdTolerance(glorotSigma, 3, n));
    // Each sample is inconsistent with the other formula: the fan mode is not a coincidence of the shape.
    expect(Math.abs(he - glorotSigma)).toBeGreaterThan(stdTolerance(glorotSigma, 3, n));
    expect(Math.abs(glorot - heSigma)).toBeGreaterThan(stdTolerance(heSigma, 3, n));
  });
});

describe('truncated normal (Keras style)', () => {
  it.each(['glorot_normal', 'he_normal', 'lecun_normal', 'random_normal'] as const)(
    '%s: within ±2s with s = σ/0.8796…, and std σ',
    (id) => {
      const [fanIn, fanOut] = [256, 128];
      const sigma = expectedStd(id, fanIn, fanOut);
      const s = sigma / 0.87962566103423978;
      const w = sampleWeights(id, fanIn, fanOut, { truncated: true }, new Rng(10));
      const st = stats(w);
      expect(st.maxAbs).toBeLessThanOrEqual(Math.fround(2 * s));
      // The cut is at 2s, not at 2σ: draws do pass 2σ (P(|x| > 2σ) ≈ 3.6% per draw here).
      expect(st.maxAbs).toBeGreaterThan(2 * sigma);
      expect(Math.abs(st.std - sigma)).toBeLessThan(stdTolerance(sigma, KURTOSIS.truncated, w.length));
      expect(Math.abs(st.mean)).toBeLessThan(meanTolerance(sigma, w.length));
    },
  );

  it('is ignored by the uniform initializers', () => {
    const a = sampleWeights('he_uniform', 64, 64, { truncated: true }, new Rng(3));
    const b = sampleWeights('he_uniform', 64, 64, { truncated: false }, new Rng(3));
    expect(a).toEqual(b);
  });
});

describe('options of the fixed-scale initializers', () => {
  it('constant uses value; random_normal std; random_uniform limit', () => {
    expect(sampleWeights('constant', 3, 4, { value: -0.7 }, new Rng(1)).every((v) => v === Math.fround(-0.7))).toBe(
      true,
    );
    const n = 256 * 256;
    const rn = stats(sampleWeights('random_normal', 256, 256, { std: 0.3 }, new Rng(2)));
    expect(Math.abs(rn.std - 0.3)).toBeLessThan(stdTolerance(0.3, 3, n));
    const ru = stats(sampleWeights('random_uniform', 256, 256, { limit: 0.2 }, new Rng(3)));
    expect(ru.maxAbs).toBeLessThanOrEqual(Math.fround(0.2));
    expect(Math.abs(ru.std - 0.2 / Math.sqrt(3))).toBeLessThan(stdTolerance(0.2 / Math.sqrt(3), 9 / 5, n));
  });
});

describe('data- and model-dependent initializers return their base draw', () => {
  it('lsuv: orthogonal with gain 1, whatever gain is asked for', () => {
    const lsuv = sampleWeights('lsuv', 64, 32, { gain: 3 }, new Rng(4));
    expect(lsuv).toEqual(sampleWeights('orthogonal', 64, 32, { gain: 1 }, new Rng(4)));
  });
  it('fixup: he_normal with the same options', () => {
    const opts = { gain: 'auto', activation: 'tanh', truncated: true } as const;
    expect(sampleWeights('fixup', 48, 16, opts, new Rng(4))).toEqual(
      sampleWeights('he_normal', 48, 16, opts, new Rng(4)),
    );
  });
});

describe('determinism', () => {
  it.each(INIT_IDS)('%s: same seed → identical weights; another seed → different (unless constant)', (id) => {
    const a = sampleWeights(id, 32, 16, {}, streamFor(1, 'w'));
    const b = sampleWeights(id, 32, 16, {}, streamFor(1, 'w'));
    const c = sampleWeights(id, 32, 16, {}, streamFor(2, 'w'));
    expect(b).toEqual(a);
    if (id === 'zeros' || id === 'constant') expect(c).toEqual(a);
    else expect(c).not.toEqual(a);
  });
});

describe('biases', () => {
  it('pytorch_default draws U(±1/√fan_in) like nn.Linear', () => {
    const fanIn = 50;
    const a = 1 / Math.sqrt(fanIn);
    const b = sampleBias('pytorch_default', fanIn, 4096, new Rng(12));
    const s = stats(b);
    expect(b.length).toBe(4096);
    expect(s.maxAbs).toBeLessThanOrEqual(Math.fround(a));
    expect(s.maxAbs).toBeGreaterThan(a * (1 - 10 / b.length));
    expect(Math.abs(s.std - a / Math.sqrt(3))).toBeLessThan(stdTolerance(a / Math.sqrt(3), 9 / 5, b.length));
  });

  it.each(INIT_IDS.filter((id) => id !== 'pytorch_default'))('%s: zeros', (id) => {
    const b = sampleBias(id, 50, 64, new Rng(13));
    expect(b.length).toBe(64);
    expect(b.every((v) => v === 0)).toBe(true);
  });
});

describe('bad shapes', () => {
  it.each([
    [0, 4],
    [4, 0],
    [2.5, 4],
    [Number.NaN, 4],
  ])('[%s, %s] throws a RangeError naming fanIn and fanOut', (fanIn, fanOut) => {
    expect(() => sampleWeights('he_normal', fanIn, fanOut, {}, new Rng(1))).toThrow(/fanIn and fanOut/);
  });
});
