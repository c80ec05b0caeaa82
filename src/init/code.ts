/**
 * The same initializer in TF.js, Keras, PyTorch and JAX, as runnable one-liners for the options a reader picked.
 * Exactness matters here: e.g. TF.js' heNormal is not He normal (no truncation correction), so the TF.js line for
 * a *_normal init spells out randomNormal / truncatedNormal with the corrected std.
 */
import type { Activation, ConvShape, InitId } from '../params/index.ts';
import { DEFAULT_GAINS, resolveGain } from './gain.ts';
import { type EquivalentCode, type InitOptions, TRUNCATED_STD_FACTOR_TEXT, withDefaults } from './spec.ts';

/** What the snippets assume; shown once next to the code tabs. */
export const CODE_CONVENTIONS = {
  tfjs: "import * as tf from '@tensorflow/tfjs'; `fanIn` and `fanOut` are the layer's input and output sizes.",
  keras: 'import keras  (Keras 3; kernels are [fan_in, fan_out])',
  pytorch: 'import math; import torch.nn as nn  (w = nn.Linear(fan_in, fan_out).weight, shape [fan_out, fan_in])',
  jax: 'import jax, jax.numpy as jnp  (kernels are [fan_in, fan_out])',
} as const;

/** A gain written as code: its value, a Python and a JS expression, and g² (valid in both languages). */
interface GainCode {
  value: number;
  py: string;
  js: string;
  squared: string;
  /** PyTorch's own spelling of the gain, e.g. nn.init.calculate_gain('tanh'). */
  torch: string;
  /** kaiming_*_ arguments giving exactly this gain, when PyTorch has them. */
  kaiming?: string;
}

const num = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x));
const sqrtOf = (x: string): Pick<GainCode, 'py' | 'js' | 'squared' | 'torch'> => ({
  py: `math.sqrt(${x})`,
  js: `Math.sqrt(${x})`,
  squared: x,
  torch: `math.sqrt(${x})`,
});
const plain = (x: string, squared: string): Pick<GainCode, 'py' | 'js' | 'squared' | 'torch'> => ({
  py: x,
  js: x,
  squared,
  torch: x,
});

/** PyTorch supports every activation of ours in calculate_gain / kaiming_* except gelu. */
function activationGainCode(activation: Activation, slope: number): Omit<GainCode, 'value'> {
  const torchName = (extra = '') => ({
    torch: `nn.init.calculate_gain('${activation}'${extra})`,
    kaiming: extra ? `a=${slope}, nonlinearity='${activation}'` : `nonlinearity='${activation}'`,
  });
  switch (activation) {
    case 'linear':
    case 'sigmoid':
      return { ...plain('1.0', '1.0'), ...torchName() };
    case 'tanh':
      return { ...plain('5 / 3', '25 / 9'), ...torchName() };
    case 'relu':
      return { ...sqrtOf('2.0'), ...torchName() };
    case 'leaky_relu':
      return { ...sqrtOf(`2 / (1 + ${slope} ** 2)`), ...torchName(`, ${slope}`) };
    case 'selu':
      return { ...plain('3 / 4', '9 / 16'), ...torchName() };
    case 'gelu':
      return sqrtOf('2.0');
  }
}

const DEFAULT_GAIN_CODE: Partial<Record<InitId, Omit<GainCode, 'value'>>> = {
  he_uniform: { ...sqrtOf('2.0'), kaiming: "nonlinearity='relu'" },
  he_normal: { ...sqrtOf('2.0'), kaiming: "nonlinearity='relu'" },
  fixup: { ...sqrtOf('2.0'), kaiming: "nonlinearity='relu'" },
  lecun_uniform: { ...plain('1.0', '1.0'), kaiming: "nonlinearity='linear'" },
  lecun_normal: { ...plain('1.0', '1.0'), kaiming: "nonlinearity='linear'" },
  // nn.Linear's own call: kaiming_uniform_(a=√5) ⇒ gain √(1/3).
  pytorch_default: { ...sqrtOf('1 / 3'), kaiming: 'a=math.sqrt(5)' },
};

function gainCode(id: InitId, o: InitOptions): GainCode {
  const value = resolveGain(id, o.gain, o.activation, o.negativeSlope);
  if (o.gain === 'auto') return { value, ...activationGainCode(o.activation, o.negativeSlope) };
  if (o.gain === 'default' || o.gain === DEFAULT_GAINS[id])
    return { value, ...(DEFAULT_GAIN_CODE[id] ?? plain('1.0', '1.0')) };
  return { value, ...plain(num(o.gain), `${num(o.gain)} ** 2`) };
}

const paren = (s: string): string => (/^[\w.]+$/.test(s) ? s : `(${s})`);

interface FanNames {
  fanIn: string;
  fanOut: string;
}
const JS_FANS: FanNames = { fanIn: 'fanIn', fanOut: 'fanOut' };
const TORCH_FANS: FanNames = { fanIn: 'w.shape[1]', fanOut: 'w.shape[0]' };
function fanNames(fans: { fanIn: number; fanOut: number } | undefined, symbolic: FanNames): FanNames {
  return fans ? { fanIn: String(fans.fanIn), fanOut: String(fans.fanOut) } : symbolic;
}

/** Variance-scaling family: Var(W) = g² / n with n = fan_in or (fan_in + fan_out)/2. */
interface VarianceScalingFamily {
  mode: 'fan_in' | 'fan_avg';
  dist: 'uniform' | 'normal';
  keras: string;
  jax: string;
  /** TF.js built-in, only where it is exact (the uniform ones). */
  tfjs?: string;
  /** PyTorch's fan_avg functions take a gain; the fan_in ones are kaiming_*_. */
  torch: 'xavier' | 'kaiming';
}

const FAMILIES: Partial<Record<InitId, VarianceScalingFamily>> = {
  glorot_uniform: {
    mode: 'fan_avg',
    dist: 'uniform',
    keras: 'GlorotUniform',
    jax: 'glorot_uniform',
    tfjs: 'glorotUniform',
    torch: 'xavier',
  },
  glorot_normal: { mode: 'fan_avg', dist: 'normal', keras: 'GlorotNormal', jax: 'glorot_normal', torch: 'xavier' },
  he_uniform: {
    mode: 'fan_in',
    dist: 'uniform',
    keras: 'HeUniform',
    jax: 'he_uniform',
    tfjs: 'heUniform',
    torch: 'kaiming',
  },
  he_normal: { mode: 'fan_in', dist: 'normal', keras: 'HeNormal', jax: 'he_normal', torch: 'kaiming' },
  lecun_uniform: {
    mode: 'fan_in',
    dist: 'uniform',
    keras: 'LecunUniform',
    jax: 'lecun_uniform',
    tfjs: 'leCunUniform',
    torch: 'kaiming',
  },
  lecun_normal: { mode: 'fan_in', dist: 'normal', keras: 'LecunNormal', jax: 'lecun_normal', torch: 'kaiming' },
  // No library ships nn.Linear's default under a name outside PyTorch: VarianceScaling(1/3, fan_in, uniform).
  pytorch_default: { mode: 'fan_in', dist: 'uniform', keras: '', jax: '', torch: 'kaiming' },
};
FAMILIES.fixup = FAMILIES.he_normal;

/** Variance g²/n written with the given fan names (n = fan_in, or the mean of both fans). */
function varianceExpr(f: VarianceScalingFamily, g: GainCode, fans: FanNames): string {
  const unit = g.squared === '1.0';
  const s = paren(g.squared);
  if (f.mode === 'fan_in') return `${unit ? '1' : s} / ${fans.fanIn}`;
  return `${unit ? '2' : `2 * ${s}`} / (${fans.fanIn} + ${fans.fanOut})`;
}

function varianceScalingCode(
  id: InitId,
  f: VarianceScalingFamily,
  o: InitOptions,
  fans?: { fanIn: number; fanOut: number },
): EquivalentCode {
  const g = gainCode(id, o);
  const truncated = f.dist === 'normal' && o.truncated;
  // Keras' and JAX's named normal initializers are the truncated, std-corrected ones.
  const named = (o.gain === 'default' || g.value === DEFAULT_GAINS[id]) && (f.dist === 'uniform' || truncated);
  const kerasDist = f.dist === 'uniform' ? 'uniform' : truncated ? 'truncated_normal' : 'untruncated_normal';
  const jaxDist = f.dist === 'uniform' ? 'uniform' : truncated ? 'truncated_normal' : 'normal';
  const js = fanNames(fans, JS_FANS);
  const torch = fanNames(fans, TORCH_FANS);
  const jsStd = `Math.sqrt(${varianceExpr(f, g, js)})`;
  const tfjs =
    f.dist === 'uniform'
      ? named && f.tfjs
        ? `tf.initializers.${f.tfjs}({})`
        : `tf.initializers.varianceScaling({scale: ${g.squared}, mode: '${f.mode === 'fan_in' ? 'fanIn' : 'fanAvg'}', distribution: 'uniform'})`
      : truncated
        ? `tf.initializers.truncatedNormal({mean: 0, stddev: ${jsStd} / ${TRUNCATED_STD_FACTOR_TEXT}})`
        : `tf.initializers.randomNormal({mean: 0, stddev: ${jsStd}})`;
  return {
    tfjs,
    keras:
      named && f.keras
        ? `keras.initializers.${f.keras}()`
        : `keras.initializers.VarianceScaling(scale=${g.squared}, mode='${f.mode}', distribution='${kerasDist}')`,
    pytorch: torchVarianceScaling(f, g, truncated, torch),
    jax:
      named && f.jax
        ? `jax.nn.initializers.${f.jax}()`
        : `jax.nn.initializers.variance_scaling(${g.squared}, '${f.mode}', '${jaxDist}')`,
  };
}

function torchVarianceScaling(f: VarianceScalingFamily, g: GainCode, truncated: boolean, fans: FanNames): string {
  const std = `math.sqrt(${varianceExpr(f, g, fans)})`;
  if (truncated)
    return `s = ${std} / ${TRUNCATED_STD_FACTOR_TEXT}; nn.init.trunc_normal_(w, mean=0.0, std=s, a=-2 * s, b=2 * s)`;
  if (f.torch === 'xavier') return `nn.init.xavier_${f.dist}_(w${g.value === 1 ? '' : `, gain=${g.torch}`})`;
  if (g.kaiming) return `nn.init.kaiming_${f.dist}_(w, ${g.kaiming})`;
  return f.dist === 'uniform'
    ? `bound = math.sqrt(3 * ${varianceExpr(f, g, fans)}); nn.init.uniform_(w, -bound, bound)`
    : `nn.init.normal_(w, mean=0.0, std=${std})`;
}

function zerosCode(): EquivalentCode {
  return {
    tfjs: 'tf.initializers.zeros()',
    keras: 'keras.initializers.Zeros()',
    pytorch: 'nn.init.zeros_(w)',
    jax: 'jax.nn.initializers.zeros',
  };
}

function scaled(g: GainCode, base: number): string {
  return g.value === 1 ? num(base) : `${g.py} * ${num(base)}`;
}

/** Simple fixed-scale and constant initializers. */
function fixedCode(id: InitId, o: InitOptions): EquivalentCode {
  const g = gainCode(id, o);
  switch (id) {
    case 'constant':
      return {
        tfjs: `tf.initializers.constant({value: ${o.value}})`,
        keras: `keras.initializers.Constant(${num(o.value)})`,
        pytorch: `nn.init.constant_(w, ${num(o.value)})`,
        jax: `jax.nn.initializers.constant(${num(o.value)})`,
      };
    case 'random_normal': {
      const s = scaled(g, o.std);
      const t = `${s} / ${TRUNCATED_STD_FACTOR_TEXT}`;
      return o.truncated
        ? {
            tfjs: `tf.initializers.truncatedNormal({mean: 0, stddev: ${t.replace('math.sqrt', 'Math.sqrt')}})`,
            keras: `keras.initializers.TruncatedNormal(mean=0.0, stddev=${t})`,
            pytorch: `s = ${t}; nn.init.trunc_normal_(w, mean=0.0, std=s, a=-2 * s, b=2 * s)`,
            jax: `jax.nn.initializers.truncated_normal(stddev=${t})`,
          }
        : {
            tfjs: `tf.initializers.randomNormal({mean: 0, stddev: ${s.replace('math.sqrt', 'Math.sqrt')}})`,
            keras: `keras.initializers.RandomNormal(mean=0.0, stddev=${s})`,
            pytorch: `nn.init.normal_(w, mean=0.0, std=${s})`,
            jax: `jax.nn.initializers.normal(stddev=${s})`,
          };
    }
    case 'random_uniform': {
      const a = scaled(g, o.limit);
      const aJs = a.replace('math.sqrt', 'Math.sqrt');
      return {
        tfjs: `tf.initializers.randomUniform({minval: -${paren(aJs)}, maxval: ${aJs}})`,
        keras: `keras.initializers.RandomUniform(minval=-${paren(a)}, maxval=${a})`,
        pytorch: `nn.init.uniform_(w, a=-${paren(a)}, b=${a})`,
        jax: `lambda key, shape, dtype=jnp.float32: jax.random.uniform(key, shape, dtype, minval=-${paren(a)}, maxval=${a})`,
      };
    }
    default: {
      return {
        tfjs: `tf.initializers.orthogonal({gain: ${g.js}})`,
        keras: `keras.initializers.Orthogonal(gain=${g.py})`,
        pytorch: `nn.init.orthogonal_(w, gain=${g.torch})`,
        jax: `jax.nn.initializers.orthogonal(scale=${g.py})`,
      };
    }
  }
}

/** Append a comment to each snippet (for the inits whose model-dependent step no library ships). */
function withComment(code: EquivalentCode, comment: string): EquivalentCode {
  return {
    tfjs: `${code.tfjs}  // ${comment}`,
    keras: `${code.keras}  # ${comment}`,
    pytorch: `${code.pytorch}  # ${comment}`,
    jax: `${code.jax}  # ${comment}`,
  };
}

const LSUV_COMMENT = 'then LSUV: per layer, W /= std(x W) on a data batch until |var − 1| < 0.1 (≤ 10 passes)';
const FIXUP_COMMENT =
  'then Fixup: scale branch layers by L ** (-1 / (2 * m - 2)); zero each branch’s last layer and the output layer';

/**
 * Equivalent code for `id` with the given options. With `fans`, the fan sizes are written as numbers; without, the
 * snippets refer to them symbolically (CODE_CONVENTIONS).
 */
export function equivalentCode(
  id: InitId,
  options: Partial<InitOptions> = {},
  fans?: { fanIn: number; fanOut: number },
): EquivalentCode {
  const o = withDefaults(options);
  if (id === 'lsuv') return withComment(fixedCode('orthogonal', { ...o, gain: 'default' }), LSUV_COMMENT);
  const gain = resolveGain(id, o.gain, o.activation, o.negativeSlope);
  const vanishes =
    id === 'zeros' ||
    gain === 0 ||
    (id === 'random_normal' && o.std === 0) ||
    (id === 'random_uniform' && o.limit === 0);
  if (vanishes) return zerosCode();
  const family = FAMILIES[id];
  if (!family) return fixedCode(id, o);
  const code = varianceScalingCode(id, family, o, fans);
  return id === 'fixup' ? withComment(code, FIXUP_COMMENT) : code;
}

/**
 * Where a k×k convolution's kernel comes from in each framework, with its layout: PyTorch [c_out, c_in, k, k] (whose
 * init functions compute fan_in = c_in·k², fan_out = c_out·k² from it), Keras, TF.js and JAX [k, k, c_in, c_out]
 * (HWIO). The values an initializer draws are the same; only their order differs.
 */
export function convLayerCode({ inChannels: i, outChannels: o, kernelSize: k }: ConvShape): EquivalentCode {
  return {
    tfjs: `tf.layers.conv2d({filters: ${o}, kernelSize: ${k}, kernelInitializer: init})  // kernel [${k}, ${k}, ${i}, ${o}]`,
    keras: `keras.layers.Conv2D(${o}, ${k}, kernel_initializer=init)  # kernel [${k}, ${k}, ${i}, ${o}]`,
    pytorch: `w = nn.Conv2d(${i}, ${o}, ${k}).weight  # [${o}, ${i}, ${k}, ${k}]`,
    jax: `w = init(key, (${k}, ${k}, ${i}, ${o}))  # HWIO`,
  };
}
