/**
 * Width parametrisations (`parametrization`, `baseWidth`): the factors of Tensor Programs V's Table 3 (μP) and of the
 * NTK parametrisation per layer role, what they do to the init and to each optimizer's update, that either equals SP
 * at the base width, and the params rules around them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend.ts';
import { makeDataset } from '../../src/data/index.ts';
import { normaliseTrialParams, type TrialParams } from '../../src/params/index.ts';
import { dispose, tidy } from '../../src/train/buffers.ts';
import { runTrial } from '../../src/train/index.ts';
import { initialParams } from '../../src/train/initialise.ts';
import { sub, vec } from '../../src/train/kernels.ts';
import { modelSpec } from '../../src/train/model.ts';
import { makeOptimizer } from '../../src/train/optimizers.ts';
import { initStdFactors, learningRateFactors, widthScaling } from '../../src/train/parametrization.ts';

function trial(input: Record<string, unknown>): TrialParams {
  const n = normaliseTrialParams(input);
  if (!n.ok) throw new Error(JSON.stringify(n.errors));
  return n.params;
}

async function specOf(p: TrialParams) {
  const data = await makeDataset(p);
  return modelSpec(p, data.inputDim, data.outputDim);
}

beforeAll(async () => {
  await initBackend();
});

describe('the factors per layer role (3 hidden layers at 4× the base width)', () => {
  const at = (parametrization: string, optimizer: string) =>
    trial({ depth: 3, width: 256, baseWidth: 64, parametrization, optimizer });

  it('mup, SGD: input weights ×4, hidden ×1, output ×1/4; hidden biases ×4, the output bias ×1', async () => {
    const p = at('mup', 'sgd');
    const spec = await specOf(p);
    expect(widthScaling(p)).toEqual({ id: 'mup', ratio: 4 });
    expect(learningRateFactors(spec, widthScaling(p), 'sgd')).toEqual([4, 1, 1, 0.25, 4, 4, 4, 1]);
    expect(learningRateFactors(spec, widthScaling(p), 'momentum')).toEqual([4, 1, 1, 0.25, 4, 4, 4, 1]);
    expect(initStdFactors(spec, widthScaling(p))).toEqual([1, 1, 1, 0.5]);
  });

  it('mup, Adam: input weights and biases ×1, hidden and output weights ×1/4', async () => {
    const p = at('mup', 'adam');
    expect(learningRateFactors(await specOf(p), widthScaling(p), 'adam')).toEqual([1, 0.25, 0.25, 0.25, 1, 1, 1, 1]);
  });

  it("ntk: hidden and output weights ×1/m under SGD and ×1/√m under Adam; its init is SP's", async () => {
    const p = at('ntk', 'sgd');
    const spec = await specOf(p);
    expect(learningRateFactors(spec, widthScaling(p), 'sgd')).toEqual([1, 0.25, 0.25, 0.25, 1, 1, 1, 1]);
    expect(learningRateFactors(spec, widthScaling(p), 'adam')).toEqual([1, 0.5, 0.5, 0.5, 1, 1, 1, 1]);
    expect(initStdFactors(spec, widthScaling(p))).toEqual([1, 1, 1, 1]);
  });

  it('vector-like parameters of norm layers scale like biases; branch scalars by 1', async () => {
    const p = trial({
      model: 'residual',
      depth: 2,
      width: 128,
      parametrization: 'mup',
      norm: 'layer',
      residualScale: 'skipinit',
    });
    const f = learningRateFactors(await specOf(p), widthScaling(p), 'sgd');
    // 6 dense layers (stem, 2 × 2 branch layers, head), their biases, 2 multipliers, 5 γ and 5 β.
    expect(f).toEqual([2, 1, 1, 1, 1, 0.5, ...[2, 2, 2, 2, 2, 1], 1, 1, ...new Array(10).fill(2)]);
  });
});

describe('the init under mup', () => {
  it("draws SP's weights and shrinks only the output layer's by √(baseWidth/width)", async () => {
    const sp = trial({ depth: 3, width: 256 });
    const mup = trial({ ...sp, parametrization: 'mup', baseWidth: 64 });
    const spec = await specOf(sp);
    const [a, b] = [initialParams(spec, sp), initialParams(spec, mup)];
    a.w.forEach((w, i) => {
      const expected = i === a.w.length - 1 ? w.map((v) => Math.fround(v * 0.5)) : w;
      expect(Array.from(b.w[i])).toEqual(Array.from(expected));
    });
    expect(b.b).toEqual(a.b);
  });
});

describe('the optimizers under learning-rate factors', () => {
  const p0 = Float32Array.of(1, -2, 3);
  const g0 = Float32Array.of(0.5, 0.25, -1);

  for (const optimizer of ['sgd', 'momentum', 'adam'] as const)
    it(`${optimizer}: a factor f moves a parameter f times as far as without it, step after step`, () => {
      const plain = makeOptimizer(optimizer, 0.1);
      const scaled = makeOptimizer(optimizer, 0.1, [3]);
      // Both see the same parameter and gradients every step, so their states evolve alike.
      let p = vec(Float32Array.from(p0));
      for (let step = 0; step < 3; step++) {
        const g = (o: typeof plain) => vec(Float32Array.from(g0, (v) => v * o.gradScale * (step + 1)));
        plain.begin();
        scaled.begin();
        const [next, other] = tidy(() => [plain.update(0, p, g(plain)), scaled.update(0, p, g(scaled))]);
        const [dp, dq] = tidy(() => [sub(next, p).dataSync(), sub(other, p).dataSync()]);
        for (let k = 0; k < dp.length; k++) expect(dq[k]).toBeCloseTo(3 * dp[k], 6);
        expect(Math.abs(dp[0])).toBeGreaterThan(0);
        dispose([p, other]);
        p = next;
      }
      p.dispose();
      plain.dispose();
      scaled.dispose();
    });
});

describe('at the base width', () => {
  const strip = ({ params: _p, timing: _t, ...rest }: Awaited<ReturnType<typeof runTrial>>) => JSON.stringify(rest);
  for (const optimizer of ['sgd', 'adam'] as const)
    it(`mup and ntk are SP, number for number (${optimizer})`, async () => {
      const base = { depth: 3, width: 32, steps: 40, optimizer } as const;
      const sp = await runTrial(trial(base));
      for (const parametrization of ['mup', 'ntk'])
        expect(strip(await runTrial(trial({ ...base, parametrization, baseWidth: 32 })))).toBe(strip(sp));
      // and away from it, they are not
      expect(strip(await runTrial(trial({ ...base, parametrization: 'mup', baseWidth: 8 })))).not.toBe(strip(sp));
    });
});

describe('parametrization params', () => {
  it('sp is the default and is left out; ntk and mup fill baseWidth 64', () => {
    expect(JSON.stringify(trial({ parametrization: 'sp' }))).toBe(JSON.stringify(trial({})));
    expect(trial({ parametrization: 'mup' })).toMatchObject({ parametrization: 'mup', baseWidth: 64 });
  });

  it('refuses baseWidth without a width parametrisation, unequal widths, and lsuv under mup, naming the field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ baseWidth: 32 }, 'baseWidth'],
      [{ parametrization: 'sp', baseWidth: 32 }, 'baseWidth'],
      [{ parametrization: 'mup', widths: [64, 32] }, 'parametrization'],
      [{ parametrization: 'mup', init: 'lsuv' }, 'parametrization'],
    ];
    for (const [input, path] of cases) {
      const n = normaliseTrialParams(input);
      expect(n.ok, JSON.stringify(input)).toBe(false);
      if (!n.ok) expect(n.errors.map((e) => e.path)).toEqual([path]);
    }
    expect(normaliseTrialParams({ parametrization: 'ntk', init: 'lsuv' }).ok).toBe(true);
    expect(normaliseTrialParams({ parametrization: 'mup', widths: [64, 64] }).ok).toBe(true);
  });
});
