/**
 * Drawing weights and biases on the engine's own PRNG. Every draw is derived from the catalog entry's distribution
 * and `scale`, so a formula is written once. Weight matrices are [fanIn, fanOut] row-major: y = xW.
 */
import type { InitId } from '../params/index.ts';
import type { Rng } from '../rng.ts';
import { INITIALIZERS } from './catalog.ts';
import { resolveGain } from './gain.ts';
import { sampleOrthogonal } from './orthogonal.ts';
import { type InitOptions, TRUNCATED_STD_FACTOR, withDefaults } from './spec.ts';

/** The initializer actually drawn from: LSUV and Fixup start from their base and the model applies the rest. */
function drawnId(id: InitId): InitId {
  return INITIALIZERS[id].base ?? id;
}

/**
 * The std the formula prescribes (uniform a/√3, orthogonal g/√max(rows, cols), constants 0). `matrix` is the shape
 * drawn when it differs from the fans (a convolution's [c_in·k², c_out]): orthogonality is a property of that matrix.
 */
export function expectedStd(
  id: InitId,
  fanIn: number,
  fanOut: number,
  opts: Partial<InitOptions> = {},
  matrix: { rows: number; cols: number } = { rows: fanIn, cols: fanOut },
): number {
  const o = withDefaults(opts);
  const gain = resolveGain(id, o.gain, o.activation, o.negativeSlope);
  const spec = INITIALIZERS[id];
  return spec.distribution === 'orthogonal'
    ? spec.scale(matrix.rows, matrix.cols, gain, o)
    : spec.scale(fanIn, fanOut, gain, o);
}

/** A Gaussian with std `sigma`, or Keras' truncated one: N(0, s²) cut at ±2s, s = σ/0.8796…, whose std is σ. */
export function fillNormal(out: Float32Array, sigma: number, truncated: boolean, rng: Rng): Float32Array {
  if (truncated) {
    const s = sigma / TRUNCATED_STD_FACTOR;
    for (let i = 0; i < out.length; i++) out[i] = s * rng.truncatedNormal();
  } else for (let i = 0; i < out.length; i++) out[i] = sigma * rng.normal();
  return out;
}

/** U(−a, a). */
export function fillUniform(out: Float32Array, a: number, rng: Rng): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = rng.uniformIn(-a, a);
  return out;
}

/**
 * A [fanIn, fanOut] weight matrix for `id` — or, with `matrix`, a [rows, cols] one scaled by the fans (a
 * convolution's kernel as its [c_in·k², c_out] matrix). For `lsuv` this is its orthogonal base (gain 1), for `fixup`
 * its He normal base; the trial applies their model-dependent steps.
 */
export function sampleWeights(
  id: InitId,
  fanIn: number,
  fanOut: number,
  opts: Partial<InitOptions>,
  rng: Rng,
  matrix: { rows: number; cols: number } = { rows: fanIn, cols: fanOut },
): Float32Array {
  const { rows, cols } = matrix;
  for (const n of [fanIn, fanOut, rows, cols])
    if (!(Number.isInteger(n) && n >= 1))
      throw new RangeError(
        `fanIn and fanOut (and the matrix drawn) must be integers ≥ 1, got ${fanIn} × ${fanOut} as ${rows} × ${cols}`,
      );
  const o = withDefaults(opts);
  const gain = resolveGain(id, o.gain, o.activation, o.negativeSlope);
  const source = drawnId(id);
  const spec = INITIALIZERS[source];
  const out = new Float32Array(rows * cols);
  const std = spec.scale(fanIn, fanOut, gain, o);
  switch (spec.distribution) {
    case 'constant':
      return out.fill(source === 'constant' ? o.value : 0);
    case 'orthogonal':
      return sampleOrthogonal(rows, cols, gain, rng);
    case 'normal':
      return fillNormal(out, std, o.truncated, rng);
    case 'uniform':
      return fillUniform(out, Math.sqrt(3) * std, rng);
    case 'data-dependent':
      throw new Error(`${id}: a data-dependent initializer needs a base in the catalog`);
  }
}

/** Biases: 0, as in Keras and TF.js, except PyTorch's nn.Linear default, U(±1/√fan_in). */
export function sampleBias(id: InitId, fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const out = new Float32Array(fanOut);
  return id === 'pytorch_default' ? fillUniform(out, 1 / Math.sqrt(fanIn), rng) : out;
}
