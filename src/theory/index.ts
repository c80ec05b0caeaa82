/** Mean-field signal propagation (Poole et al. 2016; Schoenholz et al. 2017) by Gaussian quadrature. */

export {
  GAIN_TABLE_ACTIVATIONS,
  type GainTableActivation,
  secondMoment,
  secondMomentGain,
} from './gain-moments.ts';
export { type CriticalPoint, type TheoryGrid, theoryGrid } from './grid.ts';
export { type MeanFieldPoint, meanFieldPoint, type Phase } from './meanfield.ts';
