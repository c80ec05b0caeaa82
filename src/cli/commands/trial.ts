import { normaliseTrialParams, runTrial, TRIAL_FIELDS, type TrialParams } from '../../index.ts';
import { defineCommand } from '../command.ts';
import { formatTrial } from '../format-results.ts';

export default defineCommand<TrialParams>({
  summary: 'Train one model from one initializer; losses, accuracy and per-layer statistics',
  fields: TRIAL_FIELDS,
  normalise: (input) => normaliseTrialParams(input, true),
  stream: true,
  async run(params, { progress, onFrame }) {
    const onProgress = (done: number, total: number) => progress.update(done, total, 'training');
    const result = await runTrial(params, { onProgress, onFrame });
    return { json: result, human: formatTrial(result) };
  },
  examples: [
    'initlab trial --init he_normal --depth 10 --width 64 --steps 160',
    'initlab trial --init random_normal --std 0.01 --activation tanh --depth 20 --json',
  ],
});
