/**
 * What the article says around its quoted numbers, checked against the numbers the build baked: a sentence that
 * calls one value larger than another, a run "diverged after reaching the target", or a point "chaotic" must stay
 * true when the engine's numbers change. Thresholds come from the claim or the theory, never from the observed values.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite, ROOT } from './harness.ts';

const num = (path: string): number => {
  const v = bakedValue(path);
  if (typeof v !== 'number') throw new Error(`${path} is not a baked number (${String(v)})`);
  return v;
};
const article = (lang: string) => readFileSync(join(ROOT, 'site', 'src', 'content', 'article', `${lang}.mdx`), 'utf8');

// The bake is read through the site's own module, imported once the build has written it (a fresh clone has none).
let bakedValue: (path: string) => unknown;
beforeAll(async () => {
  buildSite();
  ({ bakedValue } = await import('../../site/src/lib/baked.ts'));
}, 900_000);

describe('§3.6: second-moment gains beside calculate_gain', () => {
  it('agree where PyTorch derives its gain, and depart from its round numbers for tanh and SELU as the text says', () => {
    for (const a of ['linear', 'relu', 'leaky_relu'])
      expect(num(`gains.secondMoment.${a}`)).toBeCloseTo(num(`gains.calculateGain.${a}`), 9);
    expect(num('gains.calculateGain.tanh')).toBeCloseTo(5 / 3, 12);
    expect(num('gains.secondMoment.tanh')).toBeLessThan(5 / 3);
    expect(num('gains.secondMoment.selu')).toBeCloseTo(1, 6);
    expect(num('gains.calculateGain.selu')).toBe(0.75);
  });

  it('gives GELU and SiLU a gain, and √2 (auto) lets GELU’s variance shrink: its second-moment gain exceeds √2', () => {
    expect(num('gains.secondMoment.gelu')).toBeGreaterThan(Math.SQRT2);
    expect(num('gains.secondMoment.silu')).toBeGreaterThan(1);
    expect(bakedValue('gains.calculateGain.gelu')).toBeUndefined();
    const en = article('en');
    for (const k of ['tanh', 'selu', 'gelu', 'silu']) expect(en).toContain(`<N k="gains.secondMoment.${k}" />`);
  });
});

describe('§3.12: convolutions and PyTorch’s trunc_normal_', () => {
  it('counts a 3×3 kernel’s positions in its fans and quotes He normal’s σ from them', () => {
    const [cin, cout] = [num('convSample.conv.inChannels'), num('convSample.conv.outChannels')];
    expect(num('convSample.conv.kernelSize')).toBe(3);
    expect(num('convSample.fanIn')).toBe(cin * 9);
    expect(num('convSample.fanOut')).toBe(cout * 9);
    expect(num('convSample.expectedStd')).toBeCloseTo(Math.sqrt(2 / (cin * 9)), 12);
    expect(bakedValue('convSample.conv.pytorchShape')).toEqual([cout, cin, 3, 3]);
    expect(bakedValue('convSample.conv.kerasShape')).toEqual([3, 3, cin, cout]);
  });

  it('cuts at ±100σ for std 0.02, removes nothing, and goes past the Keras cut that never leaves ±2σ/0.8796', () => {
    expect(num('torchTrunc.expectedStd')).toBe(0.02);
    expect(num('torchTrunc.pytorchTruncNormal.boundInStd')).toBeCloseTo(100, 9);
    expect(num('torchTrunc.pytorchTruncNormal.cutMass')).toBe(0);
    const kerasBound = (2 * 0.02) / 0.87962566103423978;
    expect(Math.max(-num('torchTrunc.min'), num('torchTrunc.max'))).toBeLessThanOrEqual(kerasBound * (1 + 1e-6));
    expect(num('torchTrunc.pytorchTruncNormal.maxAbsInStd')).toBeGreaterThan(kerasBound / 0.02);
  });
});

describe('§3.10: residual variance grows exponentially with He init', () => {
  it('quotes the 50-block / 5-block output std ratio, of the order of the variance argument’s 3^(45/2)', () => {
    expect(bakedValue('experiments.fixup2019.evidence.1.label')).toBe('He: output std at 50 blocks / at 5');
    // A per-block variance factor between 2 and 4 (the argument gives 3) over the 45 blocks between 5 and 50.
    const perBlock = num('experiments.fixup2019.evidence.1.value') ** (2 / 45);
    expect(perBlock).toBeGreaterThan(2);
    expect(perBlock).toBeLessThan(4);
  });
});

describe('§3.11: the critical point and PyTorch’s tanh gain', () => {
  it('quotes critical σ_w² at σ_b² = 0.01 and 0.05, rising above the bias-free 1', () => {
    expect(num('phase.criticalLine.0.sigmaB2')).toBe(0);
    expect(num('phase.criticalLine.0.sigmaW2')).toBeCloseTo(1, 6);
    expect(num('phase.criticalLine.1.sigmaB2')).toBeCloseTo(0.01, 12);
    expect(num('phase.criticalLine.5.sigmaB2')).toBeCloseTo(0.05, 12);
    expect(num('phase.criticalLine.1.sigmaW2')).toBeGreaterThan(1);
    expect(num('phase.criticalLine.5.sigmaW2')).toBeGreaterThan(num('phase.criticalLine.1.sigmaW2'));
  });

  it('calls the bias-free critical point degenerate (q* = 0) and gain 5/3 chaotic', () => {
    expect(num('meanfield.criticalNoBias.qStar')).toBe(0);
    expect(num('meanfield.pytorchTanh.sigmaW2')).toBeCloseTo(25 / 9, 12);
    expect(bakedValue('meanfield.pytorchTanh.phase')).toBe('chaotic');
    expect(num('meanfield.pytorchTanh.chi1')).toBeGreaterThan(1);
    expect(num('meanfield.pytorchTanh.qStar')).toBeGreaterThan(0);
  });
});

describe('§3.15: what the reproductions ran, and how to read two verdicts', () => {
  const steps = (name: string, key = 'steps') => num(`experiments.${name}.setup.${key}`);

  it('states the range of training budgets: the shortest run to glorot2010’s sigmoid run', () => {
    const budgets = ['he2015', 'saxe2013', 'schoenholz2017', 'lsuv2015', 'fixup2019', 'de2020'].map((n) => steps(n));
    expect(Math.min(...budgets)).toBe(steps('saxe2013'));
    expect(Math.max(...budgets, steps('glorot2010', 'sigmoidSteps'))).toBe(steps('glorot2010', 'sigmoidSteps'));
    expect(steps('schoenholz2017')).toBe(steps('he2015')); // the text quotes one number for both
  });

  it('lists each settings change with the value the experiment runs today', () => {
    expect(num('experiments.he2015.history.0.to')).toBe(steps('he2015'));
    expect(num('experiments.schoenholz2017.history.4.to')).toBe(steps('schoenholz2017'));
    expect(num('experiments.schoenholz2017.history.3.to')).toBe(num('experiments.schoenholz2017.setup.cell.lr'));
    expect(num('experiments.schoenholz2017.history.0.to')).toBe(num('experiments.schoenholz2017.setup.cell.batchSize'));
    expect(num('experiments.glorot2010.history.0.to')).toBe(steps('glorot2010', 'sigmoidSteps'));
    expect(num('experiments.glorot2010.history.1.to')).toBe(num('experiments.glorot2010.setup.sigmoidRun.batchSize'));
    for (const [name, n] of [
      ['saxe2013', 0],
      ['lsuv2015', 0],
      ['fixup2019', 0],
      ['de2020', 0],
    ] as const)
      expect(bakedValue(`experiments.${name}.history`)).toHaveLength(n);
  });

  it('he2015: the seed said to diverge after reaching the target did both, and counts as trained', () => {
    const seed = num('experiments.he2015.series.seeds.1');
    const diverged = num('experiments.he2015.series.depth30.1.he.divergedAtStep');
    const evidence = bakedValue('experiments.he2015.evidence') as { check: string; seed: number; label: string }[];
    const i = evidence.findIndex((e) => e.check === 'deep-30' && e.seed === seed && e.label.includes('He: steps'));
    const reached = num(`experiments.he2015.evidence.${i}.value`);
    expect(reached).toBeLessThan(diverged);
    expect(bakedValue(`experiments.he2015.evidence.${i}.pass`)).toBe(true);
  });

  it('glorot2010: zero biases shrink the activations more, and leave both ratios on the same side of the rule', () => {
    const shrinkMax = num('experiments.glorot2010.checks.0.evidence.0.items.1.threshold');
    const changeMin = num('experiments.glorot2010.checks.0.evidence.0.items.2.threshold');
    const zero = (k: string) => num(`glorotBias.random_uniform.${k}`);
    const torch = (k: string) => num(`glorotBias.pytorch_default.${k}`);
    expect(zero('actTopOverBottom')).toBeLessThan(torch('actTopOverBottom'));
    for (const r of [zero, torch]) {
      expect(r('actTopOverBottom')).toBeLessThanOrEqual(shrinkMax);
      expect(r('gradMaxOverMin')).toBeGreaterThanOrEqual(changeMin);
    }
    // The baked PyTorch-default ratio is the experiment's own (same net, seed 1).
    expect(torch('actTopOverBottom')).toBeCloseTo(num('experiments.glorot2010.checks.0.evidence.0.items.1.value'), 12);
  });
});

describe('§3.16: one draw strays further from the average in deeper and narrower nets', () => {
  const cv = (i: number) => num(`fluctuations.configs.${i}.cv`);
  it('orders the coefficients of variation as the text says, on the configurations it names', () => {
    const config = (i: number) => [num(`fluctuations.configs.${i}.depth`), num(`fluctuations.configs.${i}.width`)];
    expect([0, 1, 2, 3].map(config)).toEqual([
      [5, 64],
      [30, 16],
      [30, 64],
      [30, 256],
    ]);
    expect(cv(2)).toBeGreaterThan(cv(0)); // deeper at the same width
    expect(cv(1)).toBeGreaterThan(cv(2)); // narrower at the same depth
    expect(cv(2)).toBeGreaterThan(cv(3));
  });

  it('quotes eight seeds, as the uncertainty 1/√(2·7) in the text assumes', () => {
    expect(num('fluctuations.seeds')).toBe(8);
    for (const lang of ['en', 'zh']) expect(article(lang)).toContain('1/\\sqrt{2\\cdot 7}');
  });
});
