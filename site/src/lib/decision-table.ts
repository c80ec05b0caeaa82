/**
 * "How do I choose?" as a table: activation × architecture → initialiser and why, each row with a trial a reader can
 * re-run (the API's compare, and where the race widget can show it, the race on this page). The rows are data so that
 * a test can hold every link to the engine's own ranges; the words are the page's, the numbers the runs'.
 */
import type { Lang } from '../widgets/labels.ts';

type Text = Record<Lang, string>;

export interface DecisionRow {
  id: string;
  activation: Text;
  architecture: Text;
  choice: Text;
  why: Text;
  /** The compare that tests the row's advice: engine compare fields, as the API's query takes them. */
  trial: Record<string, string | number>;
  /** The same trial in the race widget, when its state table can express it (plain MLPs on 2-D data). */
  race?: Record<string, string | number>;
}

export const DECISION_ROWS: DecisionRow[] = [
  {
    id: 'relu',
    activation: { en: 'ReLU, leaky ReLU, GELU, SiLU', zh: 'ReLU、leaky ReLU、GELU、SiLU' },
    architecture: { en: 'plain MLP or CNN', zh: '普通 MLP 或 CNN' },
    choice: { en: 'He (Kaiming), fan_in', zh: 'He（Kaiming），fan_in' },
    why: {
      en: 'ReLU zeroes half of its input, halving the second moment at each layer; Var(w) = 2/n_in puts it back.',
      zh: 'ReLU 把一半输入置零，每层使二阶矩减半；Var(w) = 2/n_in 把它补回来。',
    },
    trial: {
      inits: 'he_normal,glorot_normal,pytorch_default',
      activation: 'relu',
      depth: 20,
      width: 32,
      dataset: 'circles',
    },
    race: { inits: 'he_normal,glorot_normal,pytorch_default', activation: 'relu', depth: 20 },
  },
  {
    id: 'tanh',
    activation: { en: 'tanh, sigmoid, linear', zh: 'tanh、sigmoid、线性' },
    architecture: { en: 'plain MLP', zh: '普通 MLP' },
    choice: { en: 'Glorot (Xavier) or LeCun', zh: 'Glorot（Xavier）或 LeCun' },
    why: {
      en: 'Derived for activations that are linear around 0; PyTorch’s gain 5/3 for tanh pushes σ_w² past the edge of chaos on purpose.',
      zh: '为在 0 附近近似线性的激活推导；PyTorch 给 tanh 的增益 5/3 有意把 σ_w² 推过混沌边缘。',
    },
    trial: {
      inits: 'glorot_uniform,lecun_normal,he_normal',
      activation: 'tanh',
      depth: 20,
      width: 32,
      dataset: 'circles',
    },
    race: { inits: 'glorot_uniform,lecun_normal,he_normal', activation: 'tanh', depth: 20 },
  },
  {
    id: 'selu',
    activation: { en: 'SELU', zh: 'SELU' },
    architecture: { en: 'self-normalising MLP', zh: '自归一化 MLP' },
    choice: { en: 'LeCun normal', zh: 'LeCun 正态' },
    why: {
      en: 'SELU’s fixed point (mean 0, variance 1) assumes Var(w) = 1/n_in.',
      zh: 'SELU 的不动点（均值 0、方差 1）以 Var(w) = 1/n_in 为前提。',
    },
    trial: { inits: 'lecun_normal,he_normal', activation: 'selu', depth: 20, width: 32, dataset: 'circles' },
    race: { inits: 'lecun_normal,he_normal', activation: 'selu', depth: 20 },
  },
  {
    id: 'linear-deep',
    activation: { en: 'linear (or near-linear)', zh: '线性（或近似线性）' },
    architecture: { en: 'very deep, or recurrent weights', zh: '极深网络，或循环权重' },
    choice: { en: 'orthogonal', zh: '正交' },
    why: {
      en: 'Keeps every singular value at 1, so no direction grows or shrinks with depth.',
      zh: '所有奇异值都保持为 1，没有哪个方向随深度增长或缩小。',
    },
    trial: { inits: 'orthogonal,glorot_normal', activation: 'linear', depth: 30, width: 32, dataset: 'teacher' },
  },
  {
    id: 'residual',
    activation: { en: 'any', zh: '任意' },
    architecture: { en: 'deep residual net without normalisation', zh: '没有归一化的深层残差网络' },
    choice: { en: 'Fixup, SkipInit or ReZero', zh: 'Fixup、SkipInit 或 ReZero' },
    why: {
      en: 'Each block adds its branch’s variance to the skip path; branches that start at 0 make every block the identity.',
      zh: '每个块把分支的方差加到跳连路径上；从 0 开始的分支让每个块都从恒等映射起步。',
    },
    trial: { model: 'residual', inits: 'he_normal,fixup', depth: 20, width: 64, dataset: 'mnist' },
  },
  {
    id: 'norm',
    activation: { en: 'any', zh: '任意' },
    architecture: { en: 'with batch norm or layer norm', zh: '带批归一化或层归一化' },
    choice: {
      en: 'the activation’s rule still (He for ReLU); γ = 1, β = 0',
      zh: '仍按激活选（ReLU 用 He）；γ = 1、β = 0',
    },
    why: {
      en: 'A norm layer undoes the scale of its input in the forward pass, but not the effective learning rate of the weights before it; measured in section 5.',
      zh: '归一化层在前向中抵消其输入的尺度，但抵消不了它前面权重的有效学习率；实测见第 5 节。',
    },
    trial: { norm: 'batch', inits: 'he_normal,random_normal', depth: 20, width: 64, dataset: 'mnist' },
  },
  {
    id: 'width',
    activation: { en: 'any', zh: '任意' },
    architecture: { en: 'a model you will widen', zh: '之后要加宽的模型' },
    choice: {
      en: 'μP (the mup package), or re-tune the rate at the target width',
      zh: 'μP（mup 包），或在目标宽度重新调学习率',
    },
    why: {
      en: 'Under the standard parametrisation the output layer’s update grows with width; μP scales init and learning rate per layer so a rate tuned narrow transfers. Section 5 says what this engine measured.',
      zh: '标准参数化下输出层的更新随宽度增大；μP 逐层缩放初始化与学习率，使窄模型上调好的学习率可以迁移。本引擎的实测见第 5 节。',
    },
    trial: { parametrization: 'mup', baseWidth: 64, inits: 'he_normal', depth: 2, width: 256, dataset: 'mnist' },
  },
  {
    id: 'lsuv',
    activation: { en: 'unusual, no closed-form gain', zh: '少见、没有闭式增益' },
    architecture: { en: 'any', zh: '任意' },
    choice: { en: 'LSUV (data-driven)', zh: 'LSUV（依赖数据）' },
    why: {
      en: 'Rescales each layer on one batch until its output variance is 1, whatever the activation.',
      zh: '在一个批量上逐层重新缩放，直到输出方差为 1，不论激活函数是什么。',
    },
    trial: { inits: 'lsuv,he_normal', activation: 'gelu', depth: 20, width: 32, dataset: 'circles' },
    race: { inits: 'lsuv,he_normal', activation: 'gelu', depth: 20 },
  },
];

const search = (fields: Record<string, string | number>, prefix = '') =>
  Object.entries(fields)
    .map(([k, v]) => `${prefix}${k}=${String(v)}`)
    .join('&');

/** The row's trial as a GET of the API (JSON; the same query on the command line with `initlab compare`). */
export const trialUrl = (row: DecisionRow) => `/api/v1/compare?${search({ ...row.trial, seed: 1 })}`;

/** The row's trial in the race widget on the article page, or null when the race cannot show it. */
export const raceUrl = (row: DecisionRow, lang: Lang) =>
  row.race ? `/${lang}/?${search(row.race, 'race.')}#w-race-title` : null;
