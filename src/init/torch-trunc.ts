/**
 * PyTorch's `torch.nn.init.trunc_normal_(w, mean=0., std=1., a=-2., b=2.)`: a, b are absolute values, not multiples
 * of std. Written `trunc_normal_(w, std=0.02)`, as in ViT and BERT code, it cuts at ±2 = ±100σ, so nothing is cut and
 * it is a plain N(0, 0.02²) — not the ±2σ truncation Keras' TruncatedNormal (and the engine's `truncated`) applies.
 */
import type { Rng } from '../rng.ts';
import { normalCdf } from '../theory/normal.ts';

/** PyTorch's default cut, |w| ≤ 2. */
export const TORCH_TRUNC_BOUND = 2;

/** The torch call the draw reproduces. */
export const torchTruncCall = (sigma: number) => `nn.init.trunc_normal_(w, std=${Number(sigma.toPrecision(6))})`;

/** Share of N(0, σ²) outside ±2: what the cut removes, exactly (2Φ(−2/σ); 0 to double precision at σ = 0.02). */
export const torchTruncCutMass = (sigma: number) => (sigma > 0 ? 2 * normalCdf(-TORCH_TRUNC_BOUND / sigma) : 0);

/**
 * `count` draws of N(0, σ²) conditioned on |w| ≤ 2, by rejection: from N(0, σ²) while the bound is ≥ σ, else from
 * U(−2, 2) accepted with probability e^{−w²/2σ²}; either way at least 60 % of proposals are kept, so the work stays
 * bounded at any σ. PyTorch uses inverse-CDF sampling: the distribution is the same, the values are not.
 */
export function drawTorchTruncNormal(sigma: number, count: number, rng: Rng): Float32Array {
  const out = new Float32Array(count);
  const b = TORCH_TRUNC_BOUND;
  const fromNormal = b >= sigma;
  for (let i = 0; i < count; ) {
    const x = fromNormal ? sigma * rng.normal() : rng.uniformIn(-b, b);
    const keep = fromNormal ? Math.abs(x) <= b : rng.uniform() < Math.exp((-0.5 * x * x) / (sigma * sigma));
    if (keep) out[i++] = x;
  }
  return out;
}
