export * from './fields.ts';
export * from './ids.ts';
export * from './sample.ts';
export { hiddenWidths } from './shape.ts';
export * from './theory.ts';
export * from './trial.ts';
