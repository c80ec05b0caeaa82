import { COMPARE_FIELDS, type CompareParams, normaliseCompareParams, runCompare } from '../../index.ts';
import { defineCommand } from '../command.ts';
import { formatCompare } from '../format-results.ts';

export default defineCommand<CompareParams>({
  summary: 'Race several initializers on the same data, model and seed, in one shared training loop',
  fields: COMPARE_FIELDS,
  normalise: (input) => normaliseCompareParams(input, true),
  stream: true,
  async run(params, { progress, onFrame }) {
    const onProgress = (done: number, total: number) => progress.update(done, total, 'training');
    const result = await runCompare(params, { onProgress, onFrame });
    return { json: result, human: formatCompare(result) };
  },
  examples: [
    'initlab compare --inits he_normal,glorot_uniform,pytorch_default --depth 10',
    'initlab compare --inits he_normal,random_normal --activation tanh --depth 30 --json',
  ],
});
