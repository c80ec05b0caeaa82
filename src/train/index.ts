/** Models, hand-derived backprop, optimizers, trials and batched comparisons. */
export {
  estimateCompareBytes,
  estimateCompareFlops,
  estimateTrialBytes,
  estimateTrialFlops,
  MAX_RUN_BYTES,
} from './cost.ts';
export { EVAL_TRAIN_ROWS } from './data.ts';
export { LSUV_MAX_ITERATIONS, LSUV_TOLERANCE, type LsuvReport } from './lsuv.ts';
export { lsuvInit, type RunOptions, runCompare, runTrial } from './run.ts';
export { checkpointSteps, logSteps, MAX_CHECKPOINTS } from './schedule.ts';
