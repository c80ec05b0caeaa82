/**
 * The initializer catalog: one declarative entry per id, in the spirit of PyTorch's torch/nn/init.py. Each entry's
 * doc comment gives the formula and the paper; `scale` gives the std of the weights, from which the samplers draw.
 */
import { INIT_IDS, type InitId } from '../params/index.ts';
import { equivalentCode } from './code.ts';
import { DEFAULT_GAINS, GELU_GAIN_NOTE } from './gain.ts';
import * as refs from './references.ts';
import { type InitializerJson, type InitializerSpec, TRUNCATED_STD_FACTOR_TEXT, withDefaults } from './spec.ts';

type Entry = Omit<InitializerSpec, 'id' | 'code'>;

/** std g/√n_in: He, LeCun and PyTorch's default differ only in their default gain. */
const fanInStd = (fanIn: number, _fanOut: number, gain: number): number => gain / Math.sqrt(fanIn);
/** std g·√(2/(n_in + n_out)): Glorot's compromise between the forward and the backward pass. */
const fanAvgStd = (fanIn: number, fanOut: number, gain: number): number => gain * Math.sqrt(2 / (fanIn + fanOut));
const none = (): number => 0;

const tfjsBuiltinNote = (builtin: string): string =>
  `TF.js' built-in tf.initializers.${builtin}({}) draws N(0, σ²) truncated at ±2σ without Keras' ` +
  `1/${TRUNCATED_STD_FACTOR_TEXT} correction, so its std is ≈ 0.8796 σ (variance ≈ 0.77×): ` +
  'https://github.com/tensorflow/tfjs/issues/8594. The TF.js line here spells out the exact distribution instead.';

const NORMAL = String.raw`\mathcal{N}(0, \sigma^2)`;
const UNIFORM = String.raw`\mathcal{U}(-a, a)`;

/** W = 0. Every unit of a layer computes the same function and gets the same gradient: symmetry never breaks. */
const zeros: Entry = {
  name: 'Zeros',
  summary:
    'All weights 0: fine for biases, fatal for weights (hidden units stay identical; ReLU/tanh gradients are 0).',
  formula: 'W_{ij} = 0',
  fanMode: 'none',
  distribution: 'constant',
  defaultGain: 'none (no gain applies)',
  options: [],
  reference: refs.RUMELHART_1986,
  scale: none,
};

/** W = c. Any constant has the same symmetry problem as zeros (Rumelhart, Hinton & Williams 1986). */
const constant: Entry = {
  name: 'Constant',
  summary: 'Every weight equal to one value: the units of a layer never become different from each other.',
  formula: 'W_{ij} = c',
  fanMode: 'none',
  distribution: 'constant',
  defaultGain: 'none (no gain applies)',
  options: ['value'],
  reference: refs.RUMELHART_1986,
  scale: none,
};

/** N(0, (g·s)²) with a fixed s (default 0.01, as in AlexNet): blind to the layer's size, so deep nets vanish. */
const random_normal: Entry = {
  name: 'Random normal',
  summary: 'Fixed-scale Gaussian (default σ = 0.01): signals shrink by a constant factor per layer in deep nets.',
  formula: String.raw`${NORMAL},\; \sigma = g\,\sigma_0\ (\sigma_0 = \texttt{std} = 0.01)`,
  fanMode: 'none',
  distribution: 'normal',
  defaultGain: DEFAULT_GAINS.random_normal,
  options: ['std', 'gain', 'truncated'],
  reference: refs.KRIZHEVSKY_2012,
  scale: (_fanIn, _fanOut, gain, opts) => gain * withDefaults(opts).std,
};

/** U(−g·l, g·l) with a fixed l (Keras' default 0.05): like random_normal, independent of the layer's size. */
const random_uniform: Entry = {
  name: 'Random uniform',
  summary: "Fixed-scale uniform (Keras' default U(−0.05, 0.05)): ignores the fan, so depth decides its fate.",
  formula: String.raw`${UNIFORM},\; a = g\,a_0\ (a_0 = \texttt{limit} = 0.05)`,
  fanMode: 'none',
  distribution: 'uniform',
  defaultGain: DEFAULT_GAINS.random_uniform,
  options: ['limit', 'gain'],
  reference: refs.KERAS_RANDOM_UNIFORM,
  scale: (_fanIn, _fanOut, gain, opts) => (gain * withDefaults(opts).limit) / Math.sqrt(3),
};

/** Glorot & Bengio (2010), eq. 16: U(−a, a), a = g·√(6/(n_in + n_out)). */
const glorot_uniform: Entry = {
  name: 'Glorot (Xavier) uniform',
  summary: 'Var(W) = 2/(n_in + n_out): keeps forward and backward variance about equal, for tanh/linear nets.',
  formula: String.raw`${UNIFORM},\; a = g\sqrt{6/(n_\text{in}+n_\text{out})}`,
  fanMode: 'fan_avg',
  distribution: 'uniform',
  defaultGain: DEFAULT_GAINS.glorot_uniform,
  options: ['gain'],
  reference: refs.GLOROT_2010,
  scale: fanAvgStd,
};

/** Glorot & Bengio (2010), normal variant: N(0, σ²), σ = g·√(2/(n_in + n_out)). */
const glorot_normal: Entry = {
  name: 'Glorot (Xavier) normal',
  summary: 'Gaussian with Var(W) = 2/(n_in + n_out), the same variance as Glorot uniform.',
  formula: String.raw`${NORMAL},\; \sigma = g\sqrt{2/(n_\text{in}+n_\text{out})}`,
  fanMode: 'fan_avg',
  distribution: 'normal',
  defaultGain: DEFAULT_GAINS.glorot_normal,
  options: ['gain', 'truncated'],
  reference: refs.GLOROT_2010,
  tfjsBuiltinNote: tfjsBuiltinNote('glorotNormal'),
  scale: fanAvgStd,
};

/** He et al. (2015): U(−a, a), a = g·√(3/n_in) = √(6/n_in) with g = √2 (ReLU halves the variance). */
const he_uniform: Entry = {
  name: 'He (Kaiming) uniform',
  summary: 'Var(W) = 2/n_in: the factor 2 makes up for ReLU zeroing half its inputs; fan-in only.',
  formula: String.raw`${UNIFORM},\; a = g\sqrt{3/n_\text{in}},\; g = \sqrt{2}`,
  fanMode: 'fan_in',
  distribution: 'uniform',
  defaultGain: DEFAULT_GAINS.he_uniform,
  options: ['gain'],
  reference: refs.HE_2015,
  scale: fanInStd,
};

/** He et al. (2015), eq. 10: N(0, σ²), σ = g/√n_in = √(2/n_in) with g = √2. */
const he_normal: Entry = {
  name: 'He (Kaiming) normal',
  summary: 'Gaussian with Var(W) = 2/n_in: keeps ReLU activations at constant variance through depth.',
  formula: String.raw`${NORMAL},\; \sigma = g/\sqrt{n_\text{in}},\; g = \sqrt{2}`,
  fanMode: 'fan_in',
  distribution: 'normal',
  defaultGain: DEFAULT_GAINS.he_normal,
  options: ['gain', 'truncated'],
  reference: refs.HE_2015,
  tfjsBuiltinNote: tfjsBuiltinNote('heNormal'),
  scale: fanInStd,
};

/** LeCun et al. (1998), uniform variant: U(−a, a), a = g·√(3/n_in), g = 1. */
const lecun_uniform: Entry = {
  name: 'LeCun uniform',
  summary: 'Var(W) = 1/n_in: unit-variance pre-activations for unit-variance inputs; the SELU companion.',
  formula: String.raw`${UNIFORM},\; a = g\sqrt{3/n_\text{in}},\; g = 1`,
  fanMode: 'fan_in',
  distribution: 'uniform',
  defaultGain: DEFAULT_GAINS.lecun_uniform,
  options: ['gain'],
  reference: refs.LECUN_1998,
  scale: fanInStd,
};

/** LeCun et al. (1998), §4.6: N(0, σ²), σ = g/√n_in, g = 1 (also the init of SELU networks). */
const lecun_normal: Entry = {
  name: 'LeCun normal',
  summary: 'Gaussian with Var(W) = 1/n_in; with SELU it gives self-normalising networks.',
  formula: String.raw`${NORMAL},\; \sigma = g/\sqrt{n_\text{in}},\; g = 1`,
  fanMode: 'fan_in',
  distribution: 'normal',
  defaultGain: DEFAULT_GAINS.lecun_normal,
  options: ['gain', 'truncated'],
  reference: refs.LECUN_1998,
  tfjsBuiltinNote: tfjsBuiltinNote('leCunNormal'),
  scale: fanInStd,
};

/** Saxe et al. (2013): W = g·Q, Q from the QR of a Gaussian matrix, sign-corrected; all singular values equal g. */
const orthogonal: Entry = {
  name: 'Orthogonal',
  summary: 'A (semi-)orthogonal matrix times g: every direction keeps its norm, so deep linear nets train fast.',
  formula: String.raw`W = g\,Q,\; QR = A,\; A_{ij} \sim \mathcal{N}(0, 1),\; Q \leftarrow Q \operatorname{diag}(\operatorname{sign} R_{ii})`,
  fanMode: 'none',
  distribution: 'orthogonal',
  defaultGain: DEFAULT_GAINS.orthogonal,
  options: ['gain'],
  reference: refs.SAXE_2013,
  scale: (fanIn, fanOut, gain) => gain / Math.sqrt(Math.max(fanIn, fanOut)),
};

/** PyTorch's nn.Linear: kaiming_uniform_(a=√5), i.e. U(−1/√n_in, 1/√n_in), the "standard" init of Glorot & Bengio. */
const pytorch_default: Entry = {
  name: 'PyTorch default (nn.Linear)',
  summary: "nn.Linear's U(±1/√n_in): Var(W) = 1/(3 n_in), a third of LeCun's; signals shrink through deep ReLU nets.",
  formula: String.raw`${UNIFORM},\; a = g\sqrt{3/n_\text{in}} = 1/\sqrt{n_\text{in}},\; g = \sqrt{1/3}`,
  fanMode: 'fan_in',
  distribution: 'uniform',
  defaultGain: DEFAULT_GAINS.pytorch_default,
  options: ['gain'],
  reference: refs.PYTORCH_LINEAR,
  scale: fanInStd,
};

/** Mishkin & Matas (2015): orthogonal, then each layer rescaled in turn until its output variance on a batch is 1. */
const lsuv: Entry = {
  name: 'LSUV (layer-sequential unit variance)',
  summary:
    'Data-dependent: orthogonal init, then per layer W ← W/std(xW) on a batch until Var ≈ 1 (tol 0.1, ≤ 10 passes).',
  formula: String.raw`W_\ell \leftarrow W_\ell / \sqrt{\operatorname{Var}(x_\ell W_\ell)}\ \text{until}\ |\operatorname{Var}(x_\ell W_\ell) - 1| < 0.1,\; W_\ell^{(0)} \text{ orthogonal}`,
  fanMode: 'none',
  distribution: 'data-dependent',
  defaultGain: 'none (rescaled to unit output variance from data)',
  options: [],
  reference: refs.MISHKIN_2015,
  base: 'orthogonal',
  scale: (fanIn, fanOut) => 1 / Math.sqrt(Math.max(fanIn, fanOut)),
};

/** Zhang et al. (2019): He init, residual branches scaled by L^{−1/(2m−2)}, last branch layer and output layer 0. */
const fixup: Entry = {
  name: 'Fixup',
  summary:
    'Residual nets without normalisation: He init scaled by L^(−1/(2m−2)) in branches, branch ends and output at 0.',
  formula: String.raw`${NORMAL},\; \sigma = g/\sqrt{n_\text{in}}\ (\text{He});\; W_\text{branch} \leftarrow L^{-1/(2m-2)}\, W;\; W_\text{branch end} = W_\text{out} = 0`,
  fanMode: 'fan_in',
  distribution: 'normal',
  defaultGain: DEFAULT_GAINS.fixup,
  options: ['gain', 'truncated'],
  reference: refs.ZHANG_2019,
  base: 'he_normal',
  scale: fanInStd,
};

const ENTRIES: Record<InitId, Entry> = {
  zeros,
  constant,
  random_normal,
  random_uniform,
  glorot_uniform,
  glorot_normal,
  he_uniform,
  he_normal,
  lecun_uniform,
  lecun_normal,
  orthogonal,
  pytorch_default,
  lsuv,
  fixup,
};

export const INITIALIZERS: Record<InitId, InitializerSpec> = Object.fromEntries(
  INIT_IDS.map((id) => [id, { id, ...ENTRIES[id], code: equivalentCode(id) }]),
) as Record<InitId, InitializerSpec>;

/** The catalog in INIT_IDS order. */
export function listInitializers(): InitializerSpec[] {
  return INIT_IDS.map((id) => INITIALIZERS[id]);
}

/** Catalog-wide notes shown with the gain option. */
export const CATALOG_NOTES = {
  gain: "'default': the paper's constant (defaultGain); 'auto': PyTorch calculate_gain(activation) replaces it; a number is used as is.",
  gelu: GELU_GAIN_NOTE,
  truncated: `truncated: true draws N(0, s²) cut at ±2s with s = σ/${TRUNCATED_STD_FACTOR_TEXT} (Keras), so the std stays σ.`,
} as const;

/** The catalog without functions, as the API serves it. */
export function catalogJson(): InitializerJson[] {
  return listInitializers().map(({ scale: _scale, ...json }) => structuredClone(json));
}
