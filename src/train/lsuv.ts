/**
 * LSUV, layer-sequential unit-variance init (Mishkin & Matas 2015): start orthogonal, then in forward order rescale
 * each layer's weights by 1/√Var(layer output) on one fixed batch until |Var − 1| < 0.1, at most 10 times per layer.
 * "Layer output" is the dense layer's pre-activation x·W + b, as in the common PyTorch implementations; the fixed
 * batch is the evaluation subset of the training set. Each layer sees the already-rescaled layers before it.
 */
import { meanVariance } from '../init/index.ts';
import { keep, scalar, tidy } from './buffers.ts';
import { forward } from './forward.ts';
import { div, fusedMatMul, type Mat } from './kernels.ts';
import type { Model } from './model.ts';

export const LSUV_TOLERANCE = 0.1;
export const LSUV_MAX_ITERATIONS = 10;

export interface LsuvReport {
  /** Per dense layer (flat order): the variance of its output after the last rescale. */
  variances: number[];
  /** Per dense layer: how many rescales it took. */
  iterations: number[];
}

/** Rescale `m`'s weights in place. A layer whose output variance is 0 or not finite is left as it is. */
export function applyLsuv(m: Model, batch: Mat): LsuvReport {
  const variances: number[] = [];
  const iterations: number[] = [];
  tidy(() => {
    forward(m, batch, {
      beforeLayer: (i, input) => {
        let v = 0;
        let it = 0;
        for (;;) {
          const z = tidy(() => fusedMatMul(input, m.w[i], m.b[i], 'linear', 0));
          v = meanVariance(z.dataSync() as Float32Array).variance;
          z.dispose();
          const done = Math.abs(v - 1) < LSUV_TOLERANCE || !(v > 0) || !Number.isFinite(v);
          if (done || it === LSUV_MAX_ITERATIONS) break;
          const old = m.w[i];
          const divisor = scalar(Math.sqrt(v));
          m.w[i] = keep(div(old, divisor));
          divisor.dispose();
          old.dispose();
          it++;
        }
        variances.push(v);
        iterations.push(it);
      },
    });
  });
  return { variances, iterations };
}
