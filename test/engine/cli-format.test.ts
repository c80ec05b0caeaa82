/** The human output's building blocks and summaries, on hand-made results (no engine run needed). */
import { describe, expect, it } from 'vitest';
import {
  downsample,
  fixedFormatter,
  histogramBars,
  jsonText,
  keyValues,
  num,
  percent,
  SPARK_WIDTH,
  sparkline,
  table,
} from '../../src/cli/format.ts';
import { curveCaption, describeModel, formatCompare, formatSample, trialsTable } from '../../src/cli/format-results.ts';
import { normaliseCompareParams, normaliseTrialParams, type TrialParams } from '../../src/params/index.ts';
import type { CompareResult, LayerStats, SampleResult, TrialResult } from '../../src/result.ts';

describe('table', () => {
  it('aligns columns, right-aligning where asked, and underlines the header', () => {
    const text = table(
      ['name', 'n'],
      [
        ['a', '1'],
        ['long name', '100'],
      ],
      ['left', 'right'],
    );
    const lines = text.split('\n');
    expect(lines).toEqual(['name         n', '─────────  ───', 'a            1', 'long name  100']);
  });

  it('keyValues aligns the labels', () => {
    expect(
      keyValues([
        ['a', '1'],
        ['long', '2'],
      ]),
    ).toBe('a     1\nlong  2');
  });
});

describe('jsonText', () => {
  it('is compact for pipes and indented for a terminal, with the same content', () => {
    const value = { a: [1, 2], b: { c: null } };
    expect(jsonText(value)).toBe('{"a":[1,2],"b":{"c":null}}');
    expect(jsonText(value, true)).toContain('\n  "a": [');
    expect(JSON.parse(jsonText(value, true))).toEqual(value);
  });
});

describe('numbers', () => {
  it('uses 4 significant digits, exponents for tiny or huge values, and a dash for missing ones', () => {
    expect(num(0.123456)).toBe('0.1235');
    expect(num(1234.5678)).toBe('1235');
    expect(num(0.00001234)).toBe('1.234e-5');
    expect(num(0)).toBe('0');
    expect(num(null)).toBe('—');
    expect(num(Number.NaN)).toBe('—');
    expect(percent(0.5)).toBe('50.0%');
    expect(percent(null)).toBe('—');
  });

  it('fixedFormatter resolves a column to the digits its largest value needs', () => {
    const f = fixedFormatter([-0.57, 0.0266, 0.5]);
    expect([f(-0.57), f(0.0266)]).toEqual(['-0.5700', '0.0266']);
    expect(fixedFormatter([120, 3])(3)).toBe('3.0');
  });
});

describe('sparkline', () => {
  it('maps the lowest value to ▁ and the highest to █ on the given scale, and marks missing values', () => {
    expect(sparkline([0, 0.5, 1])).toBe('▁▅█');
    expect(sparkline([1, null, 0])).toBe('█×▁');
    // A shared scale: a curve that stays high is drawn high even if it is flat.
    expect(sparkline([1, 1], 0, 1)).toBe('██');
    expect(sparkline([2, 2])).toBe('▅▅');
  });

  it('averages long series down to the width, keeping nulls', () => {
    expect(downsample([1, 3, 5, 7], 2)).toEqual([2, 6]);
    expect(downsample([1, null, 5, 7], 2)).toEqual([null, 6]);
    expect(sparkline(Array.from({ length: 500 }, (_, i) => i)).length).toBe(SPARK_WIDTH);
  });
});

describe('histogramBars', () => {
  it('one row per bin with its count, bars proportional to the fullest bin, a sliver for tiny non-zero bins', () => {
    const text = histogramBars({ edges: [0, 1, 2, 3], counts: [100, 50, 1] }, 10);
    const rows = text.split('\n').slice(2);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/0\.000 +1\.000 +100 +█{10}$/);
    expect(rows[1]).toMatch(/50 +█{5}$/);
    expect(rows[2]).toMatch(/1 +▏$/);
  });
});

function stats(actStd: number): LayerStats {
  const h = { edges: [0, 1], counts: [1] };
  return {
    weightStd: 0.1,
    actMean: 0,
    actStd,
    fracDead: 0,
    fracSaturated: 0,
    gradNorm: 0.5,
    backGradStd: 0.01,
    actHistogram: h,
    gradHistogram: h,
  };
}

function fakeTrial(params: TrialParams, trainLoss: (number | null)[], diverged = false): TrialResult {
  const steps = trainLoss.map((_, i) => i * 10);
  return {
    params,
    engine: { version: '0.0.0', tfjs: '4.22.0', backend: 'wasm', simd: true, threads: 1 },
    steps,
    trainLoss,
    testLoss: trainLoss,
    testAccuracy: trainLoss.map(() => 0.5),
    final: {
      trainLoss: trainLoss.at(-1) ?? null,
      testLoss: null,
      testAccuracy: 0.5,
      stepsToTarget: diverged ? null : 20,
    },
    diverged,
    divergedAtStep: diverged ? 10 : null,
    boundary: null,
    boundaryCheckpoints: [],
    layers: [
      { index: 0, fanIn: 2, fanOut: 4, atInit: stats(1.5), checkpoints: [] },
      { index: 1, fanIn: 4, fanOut: 4, atInit: stats(0.25), checkpoints: [] },
      { index: 2, fanIn: 4, fanOut: 1, atInit: stats(9), checkpoints: [] },
    ],
    timing: { ms: 12 },
  };
}

describe('trial and compare summaries', () => {
  const p = (init: 'he_normal' | 'zeros') => {
    const r = normaliseTrialParams({ init, depth: 2, width: 4 });
    if (!r.ok) throw new Error('params');
    return r.params;
  };

  it('one row per trial: final numbers, steps to target or the divergence step, signal first → last hidden layer', () => {
    const text = trialsTable(
      [fakeTrial(p('he_normal'), [0.7, 0.3, 0.1]), fakeTrial(p('zeros'), [0.7, null], true)],
      0.2,
    );
    const [, , he, zeros] = text.split('\n');
    expect(he).toMatch(/^he_normal +0\.1 .* 50\.0% +20 +1\.5 → 0\.25 .* █▃▁$/);
    expect(zeros).toMatch(/^zeros .* diverged @10 .* █×$/);
    expect(text).toContain('steps to ≤0.2');
  });

  it('a compare names its inits and model, and its curves share one scale', () => {
    const cp = normaliseCompareParams({ inits: ['he_normal', 'zeros'], depth: 2, width: 4 });
    if (!cp.ok) throw new Error('params');
    const result: CompareResult = {
      params: cp.params,
      trials: [fakeTrial(p('he_normal'), [1, 0.5]), fakeTrial(p('zeros'), [0.5, 0.5])],
      timing: { ms: 40 },
    };
    const text = formatCompare(result);
    expect(text).toContain('compare 2 inits · mlp 2×4 relu');
    expect(text).toMatch(/^he_normal .*█▁$/m);
    expect(text).toMatch(/^zeros .*▁▁$/m);
    expect(text).toContain('scale 0.5 (▁) to 1 (█) shared by all rows; one mark per logged step');
  });

  const describeModelOf = (input: Record<string, unknown>) => {
    const r = normaliseTrialParams(input);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return describeModel(r.params);
  };

  it('names the model by each layer when widths differ, by depth × width otherwise', () => {
    const model = (input: Record<string, unknown>) => {
      const r = normaliseTrialParams(input);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return describeModel(r.params).split(' · ')[0];
    };
    expect(model({ widths: [64, 32, 16] })).toBe('mlp 64-32-16 relu');
    expect(model({ widths: [32, 32] })).toBe('mlp 2×32 relu');
    expect(model({ model: 'residual', widths: [16, 16, 16] })).toBe('residual 3×2×16 relu');
    expect(model({ model: 'residual', depth: 8, residualScale: 'skipinit' })).toBe('residual 8×2×64 skipinit relu');
    expect(model({ depth: 3, norm: 'batch' })).toBe('mlp 3×64 relu');
    expect(describeModelOf({ depth: 3, norm: 'layer' })).toContain('mlp 3×64 relu · layer norm · ');
    expect(describeModelOf({ width: 256, parametrization: 'mup' })).toContain('mlp 10×256 relu · mup from width 64 · ');
  });

  it('the curve caption says how many logged steps each mark averages when a long run is squeezed', () => {
    const long = fakeTrial(
      p('he_normal'),
      Array.from({ length: 201 }, (_, i) => 1 / (i + 1)),
    );
    expect(curveCaption([long])).toMatch(/steps 0…2000, scale 0\.00498 \(▁\) to 1 \(█\); one mark per ~4 logged steps/);
  });

  it('a sample shows the formula std beside the drawn one, and TF.js’ built-in when there is one', () => {
    const r: SampleResult = {
      init: 'he_normal',
      fanIn: 10,
      fanOut: 20,
      gain: Math.SQRT2,
      seed: 3,
      mean: 0.01,
      std: 0.44,
      min: -1.2,
      max: 1.3,
      expectedStd: Math.sqrt(0.2),
      histogram: { edges: [-1.2, 0, 1.3], counts: [90, 110] },
      tfjsBuiltin: {
        builtin: 'tf.initializers.heNormal({})',
        mean: 0,
        std: 0.39,
        min: -0.9,
        max: 0.9,
        stdRatio: 0.88,
        histogram: { edges: [-1.2, 0, 1.3], counts: [100, 100] },
      },
    };
    const text = formatSample(r);
    expect(text).toMatch(/expected std +0\.4472/);
    expect(text).toMatch(/std \/ expected +0\.9839/);
    expect(text).toContain('0.88 × expected (tf.initializers.heNormal({})');
    expect(text).toMatch(/110 +█{40}$/m);
  });
});
