/** Optimizers against PyTorch's update rules in float64, and the per-layer statistics on hand-made arrays. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend.ts';
import { OPTIMIZERS, type OptimizerId } from '../../src/params/index.ts';
import { Rng } from '../../src/rng.ts';
import { type Buf, tidy } from '../../src/train/buffers.ts';
import { vec } from '../../src/train/kernels.ts';
import { makeOptimizer, stepAll } from '../../src/train/optimizers.ts';
import { layerStats, symmetricHistogram } from '../../src/train/stats.ts';

beforeAll(async () => {
  await initBackend();
});

/** torch.optim.SGD / SGD(momentum=0.9) / Adam(betas=(0.9, 0.999), eps=1e-8), written out for one parameter vector. */
function torchReference(id: OptimizerId, lr: number, p0: number[], grads: number[][]): number[] {
  const p = [...p0];
  const buf = p.map(() => 0);
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  grads.forEach((g, step) => {
    const t = step + 1;
    for (let i = 0; i < p.length; i++) {
      if (id === 'sgd') p[i] -= lr * g[i];
      else if (id === 'momentum') {
        buf[i] = step === 0 ? g[i] : 0.9 * buf[i] + g[i];
        p[i] -= lr * buf[i];
      } else {
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
        const denom = Math.sqrt(v[i]) / Math.sqrt(1 - 0.999 ** t) + 1e-8;
        p[i] -= (lr / (1 - 0.9 ** t)) * (m[i] / denom);
      }
    }
  });
  return p;
}

describe('optimizers', () => {
  for (const id of OPTIMIZERS)
    it(`${id} follows PyTorch's update rule`, () => {
      const rng = new Rng(3);
      const lr = 0.05;
      const p0 = Array.from({ length: 6 }, () => rng.normal());
      const grads = Array.from({ length: 5 }, () => p0.map(() => rng.normal()));
      const opt = makeOptimizer(id, lr);
      let p: Buf = vec(Float32Array.from(p0));
      for (const g of grads) {
        // Backprop hands the optimizer gradients already multiplied by gradScale.
        const next = tidy(() => stepAll(opt, [p], [vec(Float32Array.from(g, (x) => x * opt.gradScale))])[0]);
        p.dispose();
        p = next;
      }
      const got = Array.from(p.dataSync());
      p.dispose();
      opt.dispose();
      const want = torchReference(id, lr, p0, grads);
      for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 5);
    });
});

describe('layer statistics', () => {
  it('histograms span ±max|x| and count every finite value', () => {
    const h = symmetricHistogram(Float32Array.of(-2, -1, 0, 0.5, 2, Number.NaN), 4);
    expect(h.edges).toEqual([-2, -1, 0, 1, 2]);
    expect(h.counts).toEqual([1, 1, 2, 1]);
    expect(symmetricHistogram(new Float32Array(5), 2)).toEqual({ edges: [-1, 0, 1], counts: [0, 5] });
  });

  it('counts dead units, saturation, and reports non-finite moments as null', () => {
    // 2 rows × 3 units: unit 1 is 0 on both rows.
    const act = Float32Array.of(0.995, 0, -0.2, -0.999, 0, 0.3);
    const base = { act, rows: 2, units: 3, weights: Float32Array.of(1, -1), weightGrad: Float32Array.of(3, 4) };
    const tanh = layerStats({ ...base, activation: 'tanh', delta: act }, 4);
    expect(tanh.fracDead).toBeCloseTo(1 / 3, 12);
    expect(tanh.fracSaturated).toBeCloseTo(2 / 6, 12);
    expect(tanh.gradNorm).toBeCloseTo(5, 6);
    expect(tanh.weightStd).toBeCloseTo(1, 6);
    expect(layerStats({ ...base, activation: 'relu', delta: act }, 4).fracSaturated).toBe(0);
    const broken = layerStats({ ...base, activation: 'relu', weightGrad: Float32Array.of(Number.NaN), delta: act }, 4);
    expect(broken.gradNorm).toBeNull();
  });
});
