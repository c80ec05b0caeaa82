/**
 * Width parametrisations, written the way Tensor Programs V (Yang et al. 2022, Table 3) writes μP: every multiplier
 * stays 1, and a parametrisation is a factor on each layer's initial standard deviation and on each parameter's
 * learning rate. Factors are taken relative to a base model of `baseWidth`, with m = width / baseWidth, so at the
 * base width every factor is 1 and the model is the standard one (the `mup` package's base shapes do the same).
 *
 * Layers play one of three roles: the input layer (fan-in fixed by the data, fan-out the width), hidden layers (both
 * the width) and the output layer (fan-in the width). Vector-like parameters — biases, norm scales and shifts,
 * branch scalars — scale like Table 3's "all biases" column, by their fan-out ratio (m for a hidden unit's, 1 for
 * the output's and for scalars).
 */
import { JACOT_2018, YANG_2022 } from '../init/references.ts';
import type { Reference } from '../init/spec.ts';
import type { ModelParams, OptimizerId, ParametrizationId } from '../params/index.ts';
import { denseLayers, type ModelSpec } from './model.ts';

export type LayerRole = 'input' | 'hidden' | 'output';

/** One parametrisation's factors for a layer of a given role at width ratio m, under an optimizer family. */
interface Factors {
  /** On the init's standard deviation of the layer's weights. */
  initStd: number;
  /** On the learning rate of the layer's weights. */
  weightLr: number;
  /** On the learning rate of a vector-like parameter with a hidden fan-out (biases, norm γ/β of width units). */
  vectorLr: number;
}

type Family = 'sgd' | 'adam';
type Table = (role: LayerRole, m: number, family: Family) => Factors;

export interface Parametrization {
  id: ParametrizationId;
  name: string;
  summary: string;
  reference: Reference | null;
  factors: Table;
}

const ONE: Factors = { initStd: 1, weightLr: 1, vectorLr: 1 };

/**
 * μP, Table 3 of Yang et al. 2022 (SP in grey there): init variance 1/fan_in everywhere but the output layer's
 * 1/fan_in² (SP: 1/fan_in), so its std gains 1/√m; SGD learning rates η·fan_out for input weights and biases (SP: η),
 * η/fan_in for output weights (SP: η), η for hidden weights; Adam η for input weights and biases, η/fan_in for hidden
 * and output weights (SP: η).
 */
const mup: Table = (role, m, family) => {
  const initStd = role === 'output' ? 1 / Math.sqrt(m) : 1;
  if (family === 'sgd') return { initStd, weightLr: role === 'input' ? m : role === 'output' ? 1 / m : 1, vectorLr: m };
  return { initStd, weightLr: role === 'input' ? 1 : 1 / m, vectorLr: 1 };
};

/**
 * The NTK parametrisation (Jacot et al. 2018): W = (σ/√fan_in)·w with w ~ N(0, 1) trained at rate η. The same W at
 * init as a fan-in init of SP; its learning rate on W is η·σ²/fan_in under SGD (each gradient is scaled by the
 * multiplier twice), η·σ/√fan_in under Adam (its step is scale-free in w). Relative to the base width: 1/m and 1/√m
 * on hidden and output weights, 1 on the input layer (its fan-in is the data's) and on biases (a width-free β).
 */
const ntk: Table = (role, m, family) => {
  if (role === 'input') return ONE;
  return { initStd: 1, weightLr: family === 'sgd' ? 1 / m : 1 / Math.sqrt(m), vectorLr: 1 };
};

export const PARAMETRIZATION_TABLE: Record<ParametrizationId, Parametrization> = {
  sp: {
    id: 'sp',
    name: 'Standard parametrisation',
    summary: "The init's own variance and one learning rate for every parameter.",
    reference: null,
    factors: () => ONE,
  },
  ntk: {
    id: 'ntk',
    name: 'NTK parametrisation',
    summary: 'W = σ/√fan_in · w: as SP at init; learning rates 1/m (SGD) or 1/√m (Adam) on hidden and output weights.',
    reference: JACOT_2018,
    factors: ntk,
  },
  mup: {
    id: 'mup',
    name: 'Maximal-update parametrisation (μP)',
    summary:
      'Output layer init std ×1/√m; SGD: input weights and biases lr ×m, output ×1/m; Adam: hidden and output ×1/m.',
    reference: YANG_2022,
    factors: mup,
  },
};

function roleOf(i: number, layers: number): LayerRole {
  return i === 0 ? 'input' : i === layers - 1 ? 'output' : 'hidden';
}

export interface WidthScaling {
  id: ParametrizationId;
  /** width / baseWidth. */
  ratio: number;
}

/** A model's parametrisation and its width against the base (1 for sp, which has no base). */
export function widthScaling(p: Pick<ModelParams, 'parametrization' | 'baseWidth' | 'width'>): WidthScaling {
  const id = p.parametrization ?? 'sp';
  return { id, ratio: id === 'sp' ? 1 : p.width / p.baseWidth! };
}

/** The factor on each dense layer's initial weight std, in flat layer order. */
export function initStdFactors(spec: ModelSpec, s: WidthScaling): number[] {
  const n = denseLayers(spec).length;
  return Array.from({ length: n }, (_, i) => PARAMETRIZATION_TABLE[s.id].factors(roleOf(i, n), s.ratio, 'sgd').initStd);
}

/**
 * The learning-rate factor of every trained parameter in `paramList` order: weights, biases, Fixup's scalar biases,
 * branch multipliers, norm scales, norm shifts. Momentum is SGD's family.
 */
export function learningRateFactors(spec: ModelSpec, s: WidthScaling, optimizer: OptimizerId): number[] {
  const family: Family = optimizer === 'adam' ? 'adam' : 'sgd';
  const n = denseLayers(spec).length;
  const at = (i: number) => PARAMETRIZATION_TABLE[s.id].factors(roleOf(i, n), s.ratio, family);
  const weights = Array.from({ length: n }, (_, i) => at(i).weightLr);
  // A bias has the layer's fan-out: the width for every layer but the output layer, whose fan-out the data fixes.
  const biases = Array.from({ length: n }, (_, i) => (i === n - 1 ? 1 : at(i).vectorLr));
  const scalars = spec.blocks.length * ((spec.fixup ? spec.blocks[0].length : 0) + (spec.branchMultiplier ? 1 : 0));
  const norms = spec.norm ? biases.slice(0, -1) : [];
  return [...weights, ...biases, ...new Array(scalars).fill(1), ...norms, ...norms];
}
