/**
 * Initial parameters of a model for one initializer id, on the host. Data-independent inits come straight from the
 * init catalog; Fixup's structural rescaling and any residual scaling are applied here (they depend on the model),
 * LSUV's data-dependent rescale afterwards on the device (lsuv.ts).
 *
 * Every layer draws from its own stream, `streamFor(seed, 'weights:<layer>')`, shared by all initializers: two inits
 * of the same distribution then differ only by their scale, which makes a race between them a fair comparison.
 */
import { sampleBias, sampleWeights } from '../init/index.ts';
import type { TrialParams } from '../params/index.ts';
import { type Rng, streamFor } from '../rng.ts';
import { denseLayers, type HostParams, type ModelSpec } from './model.ts';
import { initStdFactors, widthScaling } from './parametrization.ts';
import { applyResidualScale } from './residual-scale.ts';

export function initialParams(spec: ModelSpec, p: TrialParams): HostParams {
  const layers = denseLayers(spec);
  const w = layers.map((l, i) => sampleWeights(p.init, l.fanIn, l.fanOut, p, streamFor(p.seed, `weights:${i}`)));
  const b = layers.map((l, i) => {
    const rng = streamFor(p.seed, `bias:${i}`);
    return p.biasStd > 0 ? gaussianBias(l.fanOut, p.biasStd, rng) : sampleBias(p.init, l.fanIn, l.fanOut, rng);
  });
  // PyTorch's BatchNorm1d and LayerNorm start at scale 1 and shift 0.
  const normed = spec.norm ? layers.slice(0, -1) : [];
  const gamma = normed.map((l) => new Float32Array(l.fanOut).fill(1));
  const beta = normed.map((l) => new Float32Array(l.fanOut));
  const host: HostParams = { w, b, shift: [], scale: [], gamma, beta };
  if (p.init === 'fixup') applyFixup(spec, host);
  applyResidualScale(spec, host, p.residualScale);
  initStdFactors(spec, widthScaling(p)).forEach((factor, i) => {
    if (factor !== 1) for (let k = 0; k < host.w[i].length; k++) host.w[i][k] *= factor;
  });
  return host;
}

/** Mean-field theory's biases (Poole et al. 2016, Schoenholz et al. 2017): i.i.d. N(0, σ_b²) in every layer. */
function gaussianBias(n: number, std: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: n }, () => std * rng.normal());
}

/**
 * Fixup (Zhang, Dauphin & Ma 2019) on the He-normal base: in each of the L branches of m layers the last layer is
 * zero and the others are scaled by L^(−1/(2m−2)); the classifier is zero; biases, the scalar biases start at 0 and
 * the branch multipliers at 1. The network's output is therefore exactly 0 at init.
 */
export function applyFixup(spec: ModelSpec, host: HostParams): void {
  const depth = spec.blocks.length;
  const m = spec.blocks[0]?.length ?? 2;
  const factor = depth ** (-1 / (2 * m - 2));
  let i = spec.stem.length;
  for (const branch of spec.blocks)
    branch.forEach((_, j) => {
      if (j === branch.length - 1) host.w[i].fill(0);
      else for (let k = 0; k < host.w[i].length; k++) host.w[i][k] *= factor;
      i++;
    });
  host.w[i].fill(0);
  for (const bias of host.b) bias.fill(0);
  host.shift = spec.blocks.map((branch) => branch.map(() => 0));
  host.scale = spec.blocks.map(() => 1);
}
