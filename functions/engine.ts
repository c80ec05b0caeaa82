/**
 * The engine as the API uses it: the wasm backend initialised once per isolate, and every run counted (tests and the
 * benchmark read the counter to prove coalescing). Nothing numerical happens in functions/; it all comes from the
 * engine facade.
 */
import {
  type CompareParams,
  type CompareResult,
  catalogJson,
  type EngineInfo,
  estimateCompareBytes,
  estimateCompareFlops,
  estimateTrialBytes,
  estimateTrialFlops,
  experimentRunFlops,
  listExperiments,
  normaliseExperimentParams,
  type RunOptions,
  runCompare,
  runExperiment,
  runTrial,
  sampleInitializer,
  theoryGrid,
} from '../src/index.ts';
import { ProblemError } from './problem.ts';
import { initWorkerdBackend } from './wasm-adapter.ts';

/** What the routes call: the facade's functions, each taking complete, normalised params. */
export const engine = {
  catalogJson,
  sampleInitializer,
  runTrial: (p: Parameters<typeof runTrial>[0], opts?: RunOptions) => runTrial(p, opts),
  runCompare: (p: Parameters<typeof runCompare>[0], opts?: RunOptions) => runCompare(p, opts),
  estimateTrialFlops,
  estimateCompareFlops,
  estimateTrialBytes,
  estimateCompareBytes,
  listExperiments,
  normaliseExperimentParams,
  experimentRunFlops,
  runExperiment: (
    name: string,
    params: Record<string, unknown>,
    runCompare?: (p: CompareParams) => Promise<CompareResult>,
  ) => runExperiment(name, params, { runCompare }),
  theoryGrid,
};

export const engineRuns = { count: 0 };

/** The backend, or a 503 problem if it cannot start (never a bare 500). */
export async function readyEngine(): Promise<EngineInfo> {
  try {
    return await initWorkerdBackend();
  } catch (err) {
    console.error('wasm backend failed to initialise', err);
    throw new ProblemError(503, 'the compute engine could not start in this isolate; retry shortly');
  }
}

/** Run one engine computation on an initialised backend and count it. */
export async function runEngine<T>(compute: () => T | Promise<T>): Promise<T> {
  await readyEngine();
  engineRuns.count++;
  return await compute();
}
