import { normaliseTheoryParams, THEORY_FIELDS, type TheoryParams, theoryGrid } from '../../index.ts';
import { defineCommand } from '../command.ts';
import { formatTheory } from '../format-theory.ts';

export default defineCommand<TheoryParams>({
  summary: 'Mean-field signal propagation: q*, χ₁, ξ_c and the order/chaos boundary over a (σ_w², σ_b²) grid',
  fields: THEORY_FIELDS,
  normalise: (input) => normaliseTheoryParams(input, true),
  async run(params) {
    const grid = theoryGrid(params);
    return { json: grid, human: formatTheory(grid) };
  },
  examples: [
    'initlab theory --activation tanh',
    'initlab theory --activation relu --sigma-b2-max 0 --sigma-b2-steps 1 --json',
  ],
});
