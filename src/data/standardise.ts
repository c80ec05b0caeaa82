/**
 * Per-feature standardisation with the *training* statistics, so that every initializer sees inputs of unit scale
 * (He, Glorot and LeCun all assume unit-variance inputs) and the test set is transformed exactly like the train set.
 */

export interface FeatureScale {
  mean: Float64Array;
  std: Float64Array;
}

/**
 * Mean and (population) standard deviation of each of the `dim` columns of a row-major [n, dim] matrix. A column whose
 * std is below `minStd` is divided by `minStd` instead, so constant or nearly constant features (MNIST's border
 * pixels) are centred without being blown up into huge values.
 */
export function featureScale(x: ArrayLike<number>, n: number, dim: number, minStd = 1e-12): FeatureScale {
  const mean = new Float64Array(dim);
  const std = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += x[i * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < dim; j++) {
      const d = x[i * dim + j] - mean[j];
      std[j] += d * d;
    }
  for (let j = 0; j < dim; j++) std[j] = Math.max(Math.sqrt(std[j] / n), minStd);
  return { mean, std };
}

/** (x − mean) / std, column by column, as float32. */
export function applyScale(x: ArrayLike<number>, n: number, dim: number, scale: FeatureScale): Float32Array {
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < dim; j++) out[i * dim + j] = (x[i * dim + j] - scale.mean[j]) / scale.std[j];
  return out;
}

/** Standardise train and test with the train statistics. */
export function standardisePair(
  train: ArrayLike<number>,
  nTrain: number,
  test: ArrayLike<number>,
  nTest: number,
  dim: number,
  minStd?: number,
): { xTrain: Float32Array; xTest: Float32Array; scale: FeatureScale } {
  const scale = featureScale(train, nTrain, dim, minStd);
  return { xTrain: applyScale(train, nTrain, dim, scale), xTest: applyScale(test, nTest, dim, scale), scale };
}
