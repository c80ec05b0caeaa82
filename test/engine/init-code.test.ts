/**
 * The equivalent-code snippets must give the same distribution as the engine. Each snippet is read back by a small
 * model of the library's documented semantics (below, written from the libraries' docs, not from our generator),
 * and the std it implies is compared with expectedStd.
 */
import { describe, expect, it } from 'vitest';
import { type EquivalentCode, equivalentCode, expectedStd, type InitOptions } from '../../src/init/index.ts';
import { ACTIVATIONS, INIT_IDS, type InitId } from '../../src/params/index.ts';

const TRUNC = 0.87962566103423978;

/** torch.nn.init.calculate_gain, from the PyTorch docs. */
function torchGain(nonlinearity: string, param?: number): number {
  const table: Record<string, number> = { linear: 1, sigmoid: 1, tanh: 5 / 3, relu: Math.SQRT2, selu: 3 / 4 };
  if (nonlinearity === 'leaky_relu') return Math.sqrt(2 / (1 + (param ?? 0.01) ** 2));
  if (!(nonlinearity in table)) throw new Error(`PyTorch has no gain for ${nonlinearity}`);
  return table[nonlinearity];
}

interface Fans {
  fanIn: number;
  fanOut: number;
}

/** Evaluate a numeric Python/JS expression of a snippet. */
function num(expr: string, f: Fans): number {
  const js = expr
    .replace(/math\.sqrt/g, 'Math.sqrt')
    .replace(/w\.shape\[1\]/g, 'fanIn')
    .replace(/w\.shape\[0\]/g, 'fanOut')
    .replace(/nn\.init\.calculate_gain/g, 'torchGain');
  const value = new Function('fanIn', 'fanOut', 'torchGain', `return (${js});`)(f.fanIn, f.fanOut, torchGain);
  if (typeof value !== 'number' || Number.isNaN(value)) throw new Error(`not a number: ${expr}`);
  return value;
}

const withoutComment = (s: string): string => s.replace(/\s+(#|\/\/) .*$/, '');
const fanN = (mode: string, f: Fans): number =>
  mode === 'fan_in' || mode === 'fanIn' ? f.fanIn : (f.fanIn + f.fanOut) / 2;
const orthStd = (gain: number, f: Fans): number => gain / Math.sqrt(Math.max(f.fanIn, f.fanOut));

/** Keras' and JAX' named variance-scaling initializers: [scale, mode] (normal ones are truncated and corrected). */
const NAMED: Record<string, [number, string]> = {
  GlorotUniform: [1, 'fan_avg'],
  GlorotNormal: [1, 'fan_avg'],
  HeUniform: [2, 'fan_in'],
  HeNormal: [2, 'fan_in'],
  LecunUniform: [1, 'fan_in'],
  LecunNormal: [1, 'fan_in'],
  glorot_uniform: [1, 'fan_avg'],
  glorot_normal: [1, 'fan_avg'],
  he_uniform: [2, 'fan_in'],
  he_normal: [2, 'fan_in'],
  lecun_uniform: [1, 'fan_in'],
  lecun_normal: [1, 'fan_in'],
};

type Reader = [RegExp, (m: RegExpMatchArray, f: Fans) => number];

const KERAS: Reader[] = [
  [/^keras\.initializers\.(Zeros\(\)|Constant\([-\d.]+\))$/, () => 0],
  [/^keras\.initializers\.(\w+)\(\)$/, (m, f) => Math.sqrt(NAMED[m[1]][0] / fanN(NAMED[m[1]][1], f))],
  [
    /^keras\.initializers\.VarianceScaling\(scale=(.+), mode='(fan_in|fan_avg)', distribution='(uniform|truncated_normal|untruncated_normal)'\)$/,
    (m, f) => Math.sqrt(num(m[1], f) / fanN(m[2], f)),
  ],
  [/^keras\.initializers\.RandomNormal\(mean=0\.0, stddev=(.+)\)$/, (m, f) => num(m[1], f)],
  [/^keras\.initializers\.TruncatedNormal\(mean=0\.0, stddev=(.+)\)$/, (m, f) => num(m[1], f) * TRUNC],
  [/^keras\.initializers\.RandomUniform\(minval=(.+), maxval=(.+)\)$/, (m, f) => uniformStd(m[1], m[2], f)],
  [/^keras\.initializers\.Orthogonal\(gain=(.+)\)$/, (m, f) => orthStd(num(m[1], f), f)],
];

const JAX: Reader[] = [
  [/^jax\.nn\.initializers\.(zeros|constant\([-\d.]+\))$/, () => 0],
  [/^jax\.nn\.initializers\.(\w+)\(\)$/, (m, f) => Math.sqrt(NAMED[m[1]][0] / fanN(NAMED[m[1]][1], f))],
  [
    /^jax\.nn\.initializers\.variance_scaling\((.+), '(fan_in|fan_avg)', '(uniform|truncated_normal|normal)'\)$/,
    (m, f) => Math.sqrt(num(m[1], f) / fanN(m[2], f)),
  ],
  [/^jax\.nn\.initializers\.normal\(stddev=(.+)\)$/, (m, f) => num(m[1], f)],
  // JAX docs: stddev is that of the untruncated distribution, cut at ±2 stddev.
  [/^jax\.nn\.initializers\.truncated_normal\(stddev=(.+)\)$/, (m, f) => num(m[1], f) * TRUNC],
  [
    /^lambda key, shape, dtype=jnp\.float32: jax\.random\.uniform\(key, shape, dtype, minval=(.+), maxval=(.+)\)$/,
    (m, f) => uniformStd(m[1], m[2], f),
  ],
  [/^jax\.nn\.initializers\.orthogonal\(scale=(.+)\)$/, (m, f) => orthStd(num(m[1], f), f)],
];

const TORCH: Reader[] = [
  [/^nn\.init\.(zeros_\(w\)|constant_\(w, [-\d.]+\))$/, () => 0],
  [
    /^nn\.init\.xavier_(uniform|normal)_\(w(?:, gain=(.+))?\)$/,
    (m, f) => (m[2] ? num(m[2], f) : 1) * Math.sqrt(2 / (f.fanIn + f.fanOut)),
  ],
  // kaiming_*_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu')
  [
    /^nn\.init\.kaiming_(uniform|normal)_\(w(?:, a=([^,]+))?(?:, nonlinearity='(\w+)')?\)$/,
    (m, f) => torchGain(m[3] ?? 'leaky_relu', m[2] ? num(m[2], f) : 0) / Math.sqrt(f.fanIn),
  ],
  [/^bound = (.+); nn\.init\.uniform_\(w, -bound, bound\)$/, (m, f) => num(m[1], f) / Math.sqrt(3)],
  [/^nn\.init\.normal_\(w, mean=0\.0, std=(.+)\)$/, (m, f) => num(m[1], f)],
  [/^s = (.+); nn\.init\.trunc_normal_\(w, mean=0\.0, std=s, a=-2 \* s, b=2 \* s\)$/, (m, f) => num(m[1], f) * TRUNC],
  [/^nn\.init\.uniform_\(w, a=(.+), b=(.+)\)$/, (m, f) => uniformStd(m[1], m[2], f)],
  [/^nn\.init\.orthogonal_\(w, gain=(.+)\)$/, (m, f) => orthStd(num(m[1], f), f)],
];

function uniformStd(lo: string, hi: string, f: Fans): number {
  const a = num(lo, f);
  const b = num(hi, f);
  expect(a).toBeCloseTo(-b, 15);
  return (b - a) / Math.sqrt(12);
}

function read(readers: Reader[], snippet: string, f: Fans): number {
  const s = withoutComment(snippet);
  for (const [re, std] of readers) {
    const m = s.match(re);
    if (m) return std(m, f);
  }
  throw new Error(`unrecognised snippet: ${snippet}`);
}

/** TF.js (tfjs-layers) initializers and the std they draw, from the TF.js docs and source. */
function readTfjs(snippet: string, f: Fans): number {
  const vs = (scale: number, mode: string) => Math.sqrt(scale / fanN(mode, f));
  const initializers = {
    zeros: () => 0,
    constant: () => 0,
    randomNormal: (a: { stddev: number }) => a.stddev,
    // tf.truncatedNormal re-draws beyond 2 stddev.
    truncatedNormal: (a: { stddev: number }) => a.stddev * TRUNC,
    randomUniform: (a: { minval: number; maxval: number }) => (a.maxval - a.minval) / Math.sqrt(12),
    varianceScaling: (a: { scale: number; mode: string; distribution: string }) => {
      expect(a.distribution).toBe('uniform');
      return vs(a.scale, a.mode);
    },
    glorotUniform: () => vs(1, 'fanAvg'),
    heUniform: () => vs(2, 'fanIn'),
    leCunUniform: () => vs(1, 'fanIn'),
    orthogonal: (a: { gain: number }) => orthStd(a.gain, f),
  };
  return new Function('tf', 'fanIn', 'fanOut', `return ${snippet}\n`)({ initializers }, f.fanIn, f.fanOut);
}

function impliedStds(code: EquivalentCode, f: Fans): Record<keyof EquivalentCode, number> {
  return {
    tfjs: readTfjs(code.tfjs, f),
    keras: read(KERAS, code.keras, f),
    pytorch: read(TORCH, code.pytorch, f),
    jax: read(JAX, code.jax, f),
  };
}

const FANS: Fans[] = [
  { fanIn: 64, fanOut: 32 },
  { fanIn: 10, fanOut: 300 },
];
const GAINS: InitOptions['gain'][] = ['default', 'auto', 0.5, 0];
const IDS = INIT_IDS.filter((id) => id !== 'lsuv');

describe('equivalent code gives the engine’s distribution', () => {
  for (const id of IDS)
    it(`${id}: every gain, activation, truncation and fan`, () => {
      let checked = 0;
      for (const gain of GAINS)
        for (const activation of ACTIVATIONS)
          for (const truncated of [false, true])
            for (const f of FANS)
              for (const numericFans of [false, true]) {
                const opts = { gain, activation, truncated, negativeSlope: 0.2 };
                const code = equivalentCode(id, opts, numericFans ? f : undefined);
                const want = expectedStd(id, f.fanIn, f.fanOut, opts);
                const got = impliedStds(code, f);
                for (const lib of ['tfjs', 'keras', 'pytorch', 'jax'] as const)
                  expect(got[lib], `${lib}: ${code[lib]}`).toBeCloseTo(want, 12);
                checked++;
              }
      expect(checked).toBe(GAINS.length * ACTIVATIONS.length * 2 * FANS.length * 2);
    });

  it('lsuv: orthogonal with gain 1, plus the LSUV step as a comment', () => {
    const code = equivalentCode('lsuv', { gain: 3 });
    for (const f of FANS) {
      const got = impliedStds(code, f);
      for (const lib of ['tfjs', 'keras', 'pytorch', 'jax'] as const) expect(got[lib]).toBeCloseTo(orthStd(1, f), 12);
    }
    expect(code.pytorch).toMatch(/# then LSUV/);
  });

  it('random_*, constant: the std, limit and value options are written into the code', () => {
    const f = FANS[0];
    for (const [id, opts, want] of [
      ['random_normal', { std: 0.3 }, 0.3],
      ['random_normal', { std: 0.3, truncated: true }, 0.3],
      ['random_uniform', { limit: 0.2 }, 0.2 / Math.sqrt(3)],
    ] as [InitId, Partial<InitOptions>, number][])
      for (const v of Object.values(impliedStds(equivalentCode(id, opts), f))) expect(v).toBeCloseTo(want, 12);
    expect(equivalentCode('constant', { value: -0.7 }).pytorch).toBe('nn.init.constant_(w, -0.7)');
  });
});

describe('the TF.js pitfall (tfjs#8594)', () => {
  it('never uses the uncorrected tfjs built-ins heNormal / glorotNormal / leCunNormal', () => {
    for (const id of IDS)
      for (const truncated of [false, true]) {
        const code = equivalentCode(id, { truncated });
        expect(code.tfjs).not.toMatch(/heNormal|glorotNormal|leCunNormal/);
      }
  });

  it('uses the libraries’ named initializers where they are exact', () => {
    expect(equivalentCode('glorot_uniform').keras).toBe('keras.initializers.GlorotUniform()');
    expect(equivalentCode('he_normal', { truncated: true }).keras).toBe('keras.initializers.HeNormal()');
    expect(equivalentCode('he_normal').pytorch).toBe("nn.init.kaiming_normal_(w, nonlinearity='relu')");
    expect(equivalentCode('pytorch_default').pytorch).toBe('nn.init.kaiming_uniform_(w, a=math.sqrt(5))');
    expect(equivalentCode('glorot_uniform').tfjs).toBe('tf.initializers.glorotUniform({})');
    expect(equivalentCode('lecun_normal', { truncated: true }).jax).toBe('jax.nn.initializers.lecun_normal()');
  });
});
