import { normaliseSampleParams, SAMPLE_FIELDS, type SampleParams, sampleInitializer } from '../../index.ts';
import { defineCommand } from '../command.ts';
import { formatSample } from '../format-results.ts';

export default defineCommand<SampleParams>({
  summary: 'Draw one weight matrix from an initializer; its statistics against the formula, and a histogram',
  fields: SAMPLE_FIELDS,
  normalise: (input) => normaliseSampleParams(input, true),
  async run(params) {
    const result = sampleInitializer(params);
    return { json: result, human: formatSample(result) };
  },
  examples: [
    'initlab sample --init he_normal --fan-in 256 --fan-out 256',
    'initlab sample --init glorot_normal --truncated --fan-in 100 --fan-out 50 --json',
    'initlab sample --init orthogonal --fan-in 64 --fan-out 64 --activation tanh --gain auto',
  ],
});
