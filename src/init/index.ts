/** Weight initializers: catalog, gains, samplers. The trial, the CLI and the API import from here. */
export { CATALOG_NOTES, catalogJson, INITIALIZERS, listInitializers } from './catalog.ts';
export { CODE_CONVENTIONS, equivalentCode } from './code.ts';
export { calculateGain, DEFAULT_GAINS, type GainOption, GELU_GAIN_NOTE, resolveGain, takesGain } from './gain.ts';
export { orthogonalityError, orthonormalColumns, sampleOrthogonal } from './orthogonal.ts';
export {
  drawTfjsBuiltin,
  histogram,
  type Moments,
  meanVariance,
  moments,
  sampleInitializer,
  sampleTfjsBuiltin,
  TFJS_UNCORRECTED_BUILTINS,
} from './sample.ts';
export { expectedStd, fillNormal, fillUniform, sampleBias, sampleWeights } from './sampling.ts';
export {
  DEFAULT_INIT_OPTIONS,
  type Distribution,
  type EquivalentCode,
  type FanMode,
  type InitializerJson,
  type InitializerSpec,
  type InitOptionName,
  type InitOptions,
  type Reference,
  TRUNCATED_STD_FACTOR,
  TRUNCATED_STD_FACTOR_TEXT,
  withDefaults,
} from './spec.ts';
