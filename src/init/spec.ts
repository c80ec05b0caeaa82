/** The shape of an initializer's catalog entry and of the options every sampler reads. */
import type { Activation, InitId } from '../params/index.ts';
import { MODEL_FIELDS } from '../params/model-fields.ts';
import type { GainOption } from './gain.ts';

/**
 * The std of N(0, 1) truncated at ±2, √(1 − 4φ(2)/(2Φ(2) − 1)). Keras divides the std by it so that its truncated
 * normal keeps the formula's variance; TF.js' built-ins do not (tensorflow/tfjs#8594).
 */
export const TRUNCATED_STD_FACTOR = 0.87962566103423978;
/** The same constant as Keras and JAX write it, for code and notes shown to readers. */
export const TRUNCATED_STD_FACTOR_TEXT = '0.87962566103423978';

/** The options an initializer may read; `ModelParams` and `SampleParams` both carry them. */
export interface InitOptions {
  gain: GainOption;
  activation: Activation;
  negativeSlope: number;
  truncated: boolean;
  std: number;
  limit: number;
  value: number;
}

/** Defaults from the shared field table, so they are written once for engine, CLI and API. */
export const DEFAULT_INIT_OPTIONS: InitOptions = {
  gain: MODEL_FIELDS.gain.default as GainOption,
  activation: MODEL_FIELDS.activation.default,
  negativeSlope: MODEL_FIELDS.negativeSlope.default,
  truncated: MODEL_FIELDS.truncated.default,
  std: MODEL_FIELDS.std.default,
  limit: MODEL_FIELDS.limit.default,
  value: MODEL_FIELDS.value.default,
};

export function withDefaults(opts: Partial<InitOptions> = {}): InitOptions {
  const out = { ...DEFAULT_INIT_OPTIONS };
  for (const key of Object.keys(out) as (keyof InitOptions)[])
    if (opts[key] !== undefined) (out as Record<string, unknown>)[key] = opts[key];
  return out;
}

export type FanMode = 'fan_in' | 'fan_avg' | 'none';
export type Distribution = 'normal' | 'uniform' | 'orthogonal' | 'constant' | 'data-dependent';
/** Options an initializer reads directly; 'gain' also reads activation and negativeSlope when it is 'auto'. */
export type InitOptionName = 'gain' | 'truncated' | 'std' | 'limit' | 'value';

export interface Reference {
  authors: string;
  title: string;
  year: number;
  url: string;
}

/** Runnable one-liners with the same distribution in today's libraries (see CODE_CONVENTIONS). */
export interface EquivalentCode {
  tfjs: string;
  keras: string;
  pytorch: string;
  jax: string;
}

/** One initializer, declaratively: what it draws, at which scale, from which paper. */
export interface InitializerSpec {
  id: InitId;
  name: string;
  summary: string;
  /** KaTeX-ready LaTeX; n_in = fan_in, n_out = fan_out, g = gain. */
  formula: string;
  fanMode: FanMode;
  distribution: Distribution;
  /** The gain used when `gain` is 'default': a number, or a sentence when no gain applies. */
  defaultGain: number | string;
  options: readonly InitOptionName[];
  reference: Reference;
  /** For model- or data-dependent inits: the initializer whose draw they start from. */
  base?: InitId;
  /** Code for the default options. */
  code: EquivalentCode;
  /** For the *_normal ids: how TF.js' built-in of the same name differs. */
  tfjsBuiltinNote?: string;
  /** Std of the weights for these fans and gain; options default as in DEFAULT_INIT_OPTIONS. */
  scale(fanIn: number, fanOut: number, gain: number, opts?: Partial<InitOptions>): number;
}

/** The catalog entry without functions: what the API serves. */
export type InitializerJson = Omit<InitializerSpec, 'scale'>;
