/**
 * Scaled residual branches, h ← h + s·F(h), for the residual MLP: one small entry per scheme with its formula and
 * paper, and what each does to a model's initial parameters. The learnable multiplier s is the same device scalar
 * Fixup uses (model.ts `scale`), trained like every other parameter.
 */
import { BACHLECHNER_2020, DE_2020, RADFORD_2019 } from '../init/references.ts';
import type { Reference } from '../init/spec.ts';
import type { ResidualScale } from '../params/index.ts';
import type { HostParams, ModelSpec } from './model.ts';

export interface ResidualScaling {
  id: ResidualScale;
  name: string;
  summary: string;
  /** KaTeX-ready LaTeX; F_k is branch k, L the number of blocks, W_k^out the last layer of branch k. */
  formula: string;
  /** Whether each branch carries a learnable multiplier. */
  learnedMultiplier: boolean;
  reference: Reference | null;
}

export const RESIDUAL_SCALINGS: Record<ResidualScale, ResidualScaling> = {
  none: {
    id: 'none',
    name: 'Plain residual branches',
    summary: 'Every block adds its branch unscaled: the output variance grows with the number of blocks.',
    formula: 'h_{k+1} = h_k + F_k(h_k)',
    learnedMultiplier: false,
    reference: null,
  },
  /**
   * GPT-2 (Radford et al. 2019, §2.3) scales "the weights of residual layers at initialization by a factor of 1/√N
   * where N is the number of residual layers"; a Transformer block has two such layers (attention and MLP), so its
   * factor is 1/√(2·blocks) (the reference code's c_proj std 0.02/√(2·n_layer)). That per-block factor is kept here,
   * on the one branch of each block.
   */
  depth: {
    id: 'depth',
    name: 'Depth-scaled branch output (GPT-2)',
    summary: "Each branch's output layer starts at its init's draw ×1/√(2L), L blocks; biases as the init sets them.",
    formula: String.raw`W_k^{\text{out}} \leftarrow W_k^{\text{out}} / \sqrt{2L},\quad h_{k+1} = h_k + F_k(h_k)`,
    learnedMultiplier: false,
    reference: RADFORD_2019,
  },
  /** De & Smith (2020), §4 "SkipInit": a learnable scalar at the end of each branch, initialised to 0. */
  skipinit: {
    id: 'skipinit',
    name: 'SkipInit',
    summary:
      'A learnable scalar α_k per branch, starting at 0: every block is the identity at init. Proposed to replace ' +
      'batch normalisation, it can also sit beside it.',
    formula: String.raw`h_{k+1} = h_k + \alpha_k F_k(h_k),\quad \alpha_k^{(0)} = 0`,
    learnedMultiplier: true,
    reference: DE_2020,
  },
  /**
   * Bachlechner et al. (2020), eq. x_{i+1} = x_i + α_i F(x_i) with α_i = 0 at init. ReZero removes the normalisation
   * layers as well, which is where it differs from SkipInit; in a network without them the two are the same model.
   */
  rezero: {
    id: 'rezero',
    name: 'ReZero',
    summary:
      'The same scalar α_k per branch, starting at 0, in a network with no normalisation layers at all (ReZero ' +
      'removes them).',
    formula: String.raw`h_{k+1} = h_k + \alpha_k F_k(h_k),\quad \alpha_k^{(0)} = 0,\ \text{no normalisation}`,
    learnedMultiplier: true,
    reference: BACHLECHNER_2020,
  },
};

/** Whether a model with this scaling has a learnable multiplier per branch (absent means `none`). */
export function hasBranchMultiplier(scale: ResidualScale | undefined): boolean {
  return RESIDUAL_SCALINGS[scale ?? 'none'].learnedMultiplier;
}

/** The scaling's change to freshly drawn parameters: GPT-2's factor on branch output layers, or multipliers at 0. */
export function applyResidualScale(spec: ModelSpec, host: HostParams, scale: ResidualScale | undefined): void {
  if (scale === 'depth') {
    const factor = 1 / Math.sqrt(2 * spec.blocks.length);
    let i = spec.stem.length;
    for (const branch of spec.blocks) {
      i += branch.length;
      const out = host.w[i - 1];
      for (let k = 0; k < out.length; k++) out[k] *= factor;
    }
  }
  if (hasBranchMultiplier(scale)) host.scale = spec.blocks.map(() => 0);
}
