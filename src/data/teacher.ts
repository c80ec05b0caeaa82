/**
 * The teacher set: regression onto a random deep linear map, for deep-linear experiments (Saxe et al. 2013).
 *
 * x ~ N(0, I_d), y = c · W_k … W_1 x with k = teacherDepth matrices of i.i.d. N(0, 1/d) entries. Gaussian rather than
 * orthogonal factors on purpose: a product of orthogonal matrices is just another orthogonal matrix (all singular
 * values 1), so depth would change nothing, whereas a product of Gaussian matrices has a singular-value spectrum that
 * spreads with k. That spread is what makes a deep linear student learn the modes one after another, so teacherDepth
 * becomes a real knob of difficulty. c = √d / ‖W_k … W_1‖_F makes E‖y‖²/d = 1: unit target variance overall, for
 * any d and k, independent of the sample sizes.
 */
import type { ModelParams } from '../params/trial.ts';
import type { Rng } from '../rng.ts';
import { streamFor } from '../rng.ts';
import { datasetShape } from './shape.ts';
import { standardisePair } from './standardise.ts';
import type { Dataset } from './types.ts';

/** The teacher map T as a row-major [d, d] matrix (y_j = Σ_i T[j, i] x_i). */
export function teacherMap(rng: Rng, d: number, depth: number): Float64Array {
  const gaussian = () => Float64Array.from({ length: d * d }, () => rng.normal() / Math.sqrt(d));
  let product: Float64Array = gaussian();
  for (let layer = 1; layer < depth; layer++) product = matmul(gaussian(), product, d);
  let frobenius2 = 0;
  for (const v of product) frobenius2 += v * v;
  const c = Math.sqrt(d / frobenius2);
  return product.map((v) => v * c);
}

function matmul(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k];
      for (let j = 0; j < d; j++) out[i * d + j] += aik * b[k * d + j];
    }
  return out;
}

/** y = T x for each row of x ([n, d] → [n, d]). */
export function applyMap(map: Float64Array, x: Float32Array, n: number, d: number): Float32Array {
  const y = new Float32Array(n * d);
  for (let r = 0; r < n; r++)
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += map[j * d + i] * x[r * d + i];
      y[r * d + j] = s;
    }
  return y;
}

function gaussianInputs(rng: Rng, n: number, d: number): Float64Array {
  return Float64Array.from({ length: n * d }, () => rng.normal());
}

/**
 * The targets are computed from the *standardised* inputs, so y is an exact linear function (no offset) of what the
 * model sees; standardising N(0, I) draws barely moves them.
 */
export function makeTeacher(p: ModelParams): Dataset {
  const d = p.teacherDim;
  const data = streamFor(p.seed, 'data');
  const map = teacherMap(data.fork('teacher'), d, p.teacherDepth);
  const rawTrain = gaussianInputs(data.fork('train'), p.trainSize, d);
  const rawTest = gaussianInputs(data.fork('test'), p.testSize, d);
  const { xTrain, xTest } = standardisePair(rawTrain, p.trainSize, rawTest, p.testSize, d);
  return {
    ...datasetShape(p),
    xTrain,
    yTrain: applyMap(map, xTrain, p.trainSize, d),
    xTest,
    yTest: applyMap(map, xTest, p.testSize, d),
    labelsTrain: null,
    labelsTest: null,
  };
}
