/** Mean-field signal propagation (Poole et al. 2016; Schoenholz et al. 2017) by Gaussian quadrature. */
export { type CriticalPoint, type TheoryGrid, theoryGrid } from './grid.ts';
export { type MeanFieldPoint, meanFieldPoint, type Phase } from './meanfield.ts';
