/** What initializers do to a network at init and in training: signal propagation, LSUV, Fixup, symmetry. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend.ts';
import { makeDataset } from '../../src/data/index.ts';
import { normaliseTrialParams, type TrialParams } from '../../src/params/index.ts';
import { tidy } from '../../src/train/buffers.ts';
import { BatchSampler, disposeBatch, disposeEval, prepareEval } from '../../src/train/data.ts';
import { predict } from '../../src/train/forward.ts';
import { LSUV_TOLERANCE, lsuvInit, runTrial } from '../../src/train/index.ts';
import { initialParams } from '../../src/train/initialise.ts';
import { downloadModel, modelSpec } from '../../src/train/model.ts';
import { makeOptimizer } from '../../src/train/optimizers.ts';
import { Trainer } from '../../src/train/trainer.ts';

function trial(input: Record<string, unknown>): TrialParams {
  const n = normaliseTrialParams(input);
  if (!n.ok) throw new Error(JSON.stringify(n.errors));
  return n.params;
}

/** A trainer on the trial's own data, for tests that need to look at the parameters themselves. */
async function trainerFor(p: TrialParams) {
  const data = await makeDataset(p);
  const spec = modelSpec(p, data.inputDim, data.outputDim, p.init === 'fixup');
  const head = { task: data.task, loss: p.loss, outputDim: data.outputDim };
  const trainer = new Trainer(spec, initialParams(spec, p), head, makeOptimizer(p.optimizer, p.lr));
  const evalData = prepareEval(data);
  const sampler = new BatchSampler(data, p.batchSize, p.seed);
  const train = (steps: number) => {
    for (let s = 0; s < steps; s++) {
      const batch = sampler.next();
      expect(trainer.step(batch)).toBe(true);
      disposeBatch(batch);
    }
  };
  const dispose = () => {
    trainer.dispose();
    disposeEval(evalData);
  };
  return { trainer, evalData, train, dispose };
}

/** Least-squares slope of y against its index. */
function slope(y: number[]): number {
  const n = y.length;
  const mx = (n - 1) / 2;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  y.forEach((v, i) => {
    sxy += (i - mx) * (v - my);
    sxx += (i - mx) ** 2;
  });
  return sxy / sxx;
}

beforeAll(async () => {
  await initBackend();
});

describe('signal propagation at init, 30-layer ReLU MLP of width 64', () => {
  const depth = 30;
  const width = 64;
  const hiddenActStd = async (init: string) => {
    const r = await runTrial(trial({ init, depth, width, steps: 0 }));
    return r.layers.slice(0, depth).map((l) => l.atInit.actStd!);
  };

  it('he_normal keeps the activation scale: the last hidden layer within 10× of the first', async () => {
    const std = await hiddenActStd('he_normal');
    const ratio = std[depth - 1] / std[0];
    expect(ratio).toBeGreaterThan(0.1);
    expect(ratio).toBeLessThan(10);
  });

  it('lecun_normal (√(1/n)) shrinks it by 1/√2 per layer', async () => {
    const std = await hiddenActStd('lecun_normal');
    // log std is a random walk: each layer's variance gain is a mean over `width` units with relative spread ≈ √(2/n),
    // so its log has sd ≈ √(2/n)/2 per layer; a least-squares slope over L layers of such a walk has an sd of about
    // that × √(1.2/L). Five of those is the tolerance.
    const tolerance = 5 * (Math.sqrt(2 / width) / 2) * Math.sqrt(1.2 / depth);
    expect(Math.abs(slope(std.map(Math.log)) - Math.log(Math.SQRT1_2))).toBeLessThan(tolerance);
  });
});

describe("widths set each layer's fans, and so every initializer's scale", () => {
  // Tapering then widening: a scale read from the widest layer (or from depth × width) would be off by 2× somewhere.
  const widths = [256, 64, 128];
  const cases = [
    ['he_normal', (fanIn: number) => Math.sqrt(2 / fanIn)],
    ['glorot_normal', (fanIn: number, fanOut: number) => Math.sqrt(2 / (fanIn + fanOut))],
  ] as const;
  for (const [init, expected] of cases)
    it(`${init}: each layer's weight std is its formula at that layer's fan-in and fan-out`, async () => {
      const r = await runTrial(trial({ init, widths, steps: 0 }));
      const fans = [2, ...widths, 1];
      expect(r.layers.map((l) => [l.fanIn, l.fanOut])).toEqual(fans.slice(0, -1).map((n, k) => [n, fans[k + 1]]));
      for (const l of r.layers) {
        const n = l.fanIn * l.fanOut;
        if (n < 500) continue; // the output layer: too few weights for a tight check
        const sigma = expected(l.fanIn, l.fanOut);
        // The std of n normal draws has a standard error of about σ/√(2n); five of those.
        expect(Math.abs(l.atInit.weightStd! - sigma), `layer ${l.index}`).toBeLessThan((5 * sigma) / Math.sqrt(2 * n));
      }
    });
});

describe('LSUV', () => {
  it('brings every layer output to unit variance within the tolerance', async () => {
    for (const activation of ['relu', 'tanh'] as const) {
      const report = await lsuvInit(trial({ init: 'lsuv', depth: 8, width: 32, activation }));
      expect(report.variances).toHaveLength(9);
      for (const v of report.variances) expect(Math.abs(v - 1)).toBeLessThan(LSUV_TOLERANCE);
      expect(Math.max(...report.iterations)).toBeGreaterThan(0);
    }
  });

  it('rescales a residual model too, and trains', async () => {
    const report = await lsuvInit(trial({ init: 'lsuv', model: 'residual', depth: 3, width: 16 }));
    expect(report.variances).toHaveLength(1 + 3 * 2 + 1);
    for (const v of report.variances) expect(Math.abs(v - 1)).toBeLessThan(LSUV_TOLERANCE);
  });
});

describe('Fixup', () => {
  const p = trial({ init: 'fixup', model: 'residual', dataset: 'circles', depth: 4, width: 32, steps: 150 });

  it('makes the network output exactly zero at init', async () => {
    const t = await trainerFor(p);
    const logits = tidy(() => predict(t.trainer.model, t.evalData.x));
    expect(Array.from(logits.dataSync()).every((v) => v === 0)).toBe(true);
    logits.dispose();
    t.dispose();
  });

  it('trains: the loss starts at log 2 (zero logit) and decreases', async () => {
    const r = await runTrial(p);
    expect(r.trainLoss[0]).toBeCloseTo(Math.log(2), 12);
    expect(r.final.trainLoss!).toBeLessThan(0.8 * r.trainLoss[0]!);
  });
});

describe('symmetric inits never break symmetry', () => {
  for (const activation of ['relu', 'tanh'] as const)
    it(`zeros, ${activation}: hidden weight gradients are exactly 0 and hidden weights stay 0`, async () => {
      const p = trial({ init: 'zeros', depth: 3, width: 8, activation, steps: 20 });
      const r = await runTrial(p);
      for (const l of r.layers.slice(0, 3)) {
        expect(l.atInit.gradNorm).toBe(0);
        for (const c of l.checkpoints) expect(c.gradNorm).toBe(0);
      }
      const t = await trainerFor(p);
      t.train(20);
      const host = downloadModel(t.trainer.model);
      for (const w of host.w.slice(0, 3)) expect(w.every((v) => v === 0)).toBe(true);
      t.dispose();
    });

  it('constant init: every hidden unit of a layer keeps identical weights through training', async () => {
    const p = trial({ init: 'constant', value: 0.1, depth: 3, width: 8, activation: 'tanh', lr: 0.5 });
    const t = await trainerFor(p);
    const before = downloadModel(t.trainer.model);
    t.train(30);
    const host = downloadModel(t.trainer.model);
    expect(host.w[1]).not.toEqual(before.w[1]);
    for (let layer = 0; layer < 3; layer++) {
      const w = host.w[layer];
      const fanIn = w.length / 8;
      for (let i = 0; i < fanIn; i++) for (let j = 1; j < 8; j++) expect(w[i * 8 + j]).toBeCloseTo(w[i * 8], 6);
    }
    t.dispose();
  });
});
