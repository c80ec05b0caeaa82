import { describe, expect, it } from 'vitest';
import {
  COMPARE_FIELDS,
  DEFAULT_LR,
  describeAllowed,
  flagName,
  INIT_IDS,
  normaliseCompareParams,
  normaliseSampleParams,
  normaliseTheoryParams,
  normaliseTrialParams,
  TRIAL_FIELDS,
  trialOfCompare,
} from '../../src/params/index.ts';
import { builtinKeys } from './params-helpers.ts';

describe('trial params', () => {
  it('fills every default and resolves auto loss and per-optimizer lr', () => {
    const r = normaliseTrialParams({ depth: 3 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // In table order, without the fields only some params carry: they serialise as they did before those existed.
    expect(Object.keys(r.params)).toEqual(
      Object.keys(TRIAL_FIELDS).filter((k) => builtinKeys(TRIAL_FIELDS).includes(k)),
    );
    expect(r.params.depth).toBe(3);
    expect(r.params.loss).toBe('cross_entropy');
    expect(r.params.lr).toBe(DEFAULT_LR.sgd);
    const adam = normaliseTrialParams({ optimizer: 'adam', dataset: 'teacher' });
    expect(adam.ok && adam.params.lr).toBe(DEFAULT_LR.adam);
    expect(adam.ok && adam.params.loss).toBe('mse');
  });

  it('is canonical: key order and values do not depend on input order or coercion', () => {
    const a = normaliseTrialParams({ width: 32, depth: 4, init: 'orthogonal' });
    const b = normaliseTrialParams({ init: 'orthogonal', depth: '4', width: '32' }, true);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('names every bad field with its allowed range at once', () => {
    const r = normaliseTrialParams({ depth: 0, width: 1.5, init: 'xavier', extra: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.errors.map((e) => [e.path, e.message]));
    expect(byPath.depth).toBe('depth must be an integer from 1 to 64');
    expect(byPath.width).toBe('width must be an integer from 1 to 512');
    expect(byPath.init).toContain('he_normal');
    expect(byPath.extra).toContain('unknown field');
  });

  it('rejects strings in JSON bodies but coerces them from query strings', () => {
    expect(normaliseTrialParams({ depth: '3' }).ok).toBe(false);
    expect(normaliseTrialParams({ depth: '3' }, true).ok).toBe(true);
    expect(normaliseTrialParams({ depth: '3x' }, true).ok).toBe(false);
    expect(normaliseTrialParams({ truncated: 'yes' }, true).ok).toBe(true);
    expect(normaliseTrialParams({ lr: 0 }).ok).toBe(false);
    expect(normaliseTrialParams({ lr: Number.NaN }).ok).toBe(false);
    expect(normaliseTrialParams({ lr: Number.POSITIVE_INFINITY }).ok).toBe(false);
  });

  it('accepts gain as a keyword or a number in range', () => {
    for (const gain of ['auto', 'default', 1.5, '2.5']) expect(normaliseTrialParams({ gain }, true).ok).toBe(true);
    for (const gain of ['fast', -1, 11]) expect(normaliseTrialParams({ gain }, true).ok).toBe(false);
  });

  it('enforces cross-field rules', () => {
    const fixup = normaliseTrialParams({ init: 'fixup' });
    expect(fixup.ok === false && fixup.errors[0].path).toBe('model');
    expect(normaliseTrialParams({ init: 'fixup', model: 'residual' }).ok).toBe(true);
    const batch = normaliseTrialParams({ trainSize: 32, batchSize: 64 });
    expect(batch.ok === false && batch.errors[0].path).toBe('batchSize');
    const teacherCe = normaliseTrialParams({ dataset: 'teacher', loss: 'cross_entropy' });
    expect(teacherCe.ok === false && teacherCe.errors[0].path).toBe('loss');
  });
});

describe('widths: one entry per hidden layer', () => {
  const { depth, width, widths } = TRIAL_FIELDS;
  const ok = (input: Record<string, unknown>, coerce = false) => {
    const r = normaliseTrialParams(input, coerce);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.params;
  };
  const errorsOf = (input: Record<string, unknown>, coerce = false) => {
    const r = normaliseTrialParams(input, coerce);
    if (r.ok) throw new Error(`accepted ${JSON.stringify(input)}`);
    return r.errors;
  };

  it('takes its bounds from the depth and width rows', () => {
    expect([widths.min, widths.max, widths.minItems, widths.maxItems]).toEqual([
      width.min,
      width.max,
      depth.min,
      depth.max,
    ]);
    expect(describeAllowed(widths)).toBe('a comma-separated list of 1–64 integers from 1 to 512');
  });

  it('accepts a JSON array and, coerced, a comma string; depth and width become its length and widest entry', () => {
    const p = ok({ widths: [64, 32, 16] });
    expect([p.widths, p.depth, p.width]).toEqual([[64, 32, 16], 3, 64]);
    expect(JSON.stringify(ok({ widths: '64, 32,16' }, true))).toBe(JSON.stringify(p));
    expect(ok({ widths: [width.max, width.min] }).widths).toEqual([width.max, width.min]);
    expect(ok({ widths: Array.from({ length: depth.max }, (_, i) => 1 + (i % 2)) }).depth).toBe(depth.max);
  });

  it('refuses bad lists with one error naming widths and its allowed values', () => {
    const message = `widths must be ${describeAllowed(widths)}`;
    for (const [bad, coerce] of [
      ['0,16', true],
      [`16,${width.max + 1}`, true],
      ['16,1.5', true],
      ['16,x', true],
      ['', true],
      [',', true],
      [[], false],
      [Array.from({ length: depth.max + 1 }, () => 4), false],
      [[16, '8'], false],
      ['16,8', false],
      [16, false],
    ] as const)
      expect(errorsOf({ widths: bad }, coerce), JSON.stringify(bad)).toEqual([{ path: 'widths', message }]);
  });

  it('refuses widths with a depth or width of its own, naming the fields', () => {
    const withDepth = errorsOf({ widths: [16, 8], depth: 3 });
    expect(withDepth).toHaveLength(1);
    expect(withDepth[0].path).toBe('widths');
    expect(withDepth[0].message).toMatch(/^depth given with widths: give widths or depth × width, not both$/);
    expect(errorsOf({ widths: '16,8', width: '32', depth: '5' }, true)[0].message).toMatch(
      /^depth and width given with widths/,
    );
    // The defaults (depth 10, width 64) are not "given": widths alone is fine.
    expect(ok({ widths: [16, 8] }).depth).toBe(2);
  });

  it('normalises its own output to itself (results echo depth and width beside widths)', () => {
    const p = ok({ widths: [16, 8], steps: 5 });
    expect(JSON.stringify(ok({ ...p }))).toBe(JSON.stringify(p));
  });

  it('refuses unequal widths on a residual model, where each block adds its input to its output', () => {
    const e = errorsOf({ model: 'residual', widths: [16, 8] });
    expect(e).toEqual([{ path: 'widths', message: expect.stringMatching(/residual needs equal widths/) }]);
    expect(ok({ model: 'residual', widths: [16, 16] })).toMatchObject({ depth: 2, width: 16 });
  });

  it('writes equal widths as depth × width: the same canonical params, hence the same cache key', () => {
    const list = ok({ widths: [32, 32, 32], init: 'orthogonal' });
    expect('widths' in list).toBe(false);
    expect(JSON.stringify(list)).toBe(JSON.stringify(ok({ depth: 3, width: 32, init: 'orthogonal' })));
  });

  it('carries over from a compare to its trials', () => {
    const c = normaliseCompareParams({ inits: 'he_normal,orthogonal', widths: '12,6' }, true);
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    expect(JSON.stringify(trialOfCompare(c.params, 'orthogonal'))).toBe(
      JSON.stringify(ok({ init: 'orthogonal', widths: [12, 6] })),
    );
  });
});

describe('compare params', () => {
  it('parses comma lists, refuses repeats, and splits into trial params', () => {
    const r = normaliseCompareParams({ inits: 'he_normal,orthogonal', depth: '5' }, true);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.params.inits).toEqual(['he_normal', 'orthogonal']);
    const t = trialOfCompare(r.params, 'orthogonal');
    const direct = normaliseTrialParams({ init: 'orthogonal', depth: 5 });
    expect(direct.ok && JSON.stringify(t)).toBe(JSON.stringify(direct.ok && direct.params));
    expect(normaliseCompareParams({ inits: 'he_normal,he_normal' }, true).ok).toBe(false);
    const unknown = normaliseCompareParams({ inits: 'he_normal,xavier,kaiming' }, true);
    expect(unknown.ok === false && unknown.errors).toEqual([
      { path: 'inits', message: `inits must be ${describeAllowed(COMPARE_FIELDS.inits)}` },
    ]);
    expect(normaliseCompareParams({ inits: [] }).ok).toBe(false);
    expect(normaliseCompareParams({ inits: [...INIT_IDS, 'zeros'] }).ok).toBe(false);
  });

  it('defaults to the eight standard inits', () => {
    const r = normaliseCompareParams({});
    expect(r.ok && r.params.inits.length).toBe(8);
    expect(describeAllowed(COMPARE_FIELDS.inits)).toContain('1–14');
  });
});

describe('sample and theory params', () => {
  it('refuses data-dependent inits and oversized matrices in sample', () => {
    expect(normaliseSampleParams({ init: 'lsuv' }).ok).toBe(false);
    const big = normaliseSampleParams({ fanIn: 4096, fanOut: 4096 });
    expect(big.ok === false && big.errors[0].path).toBe('fanOut');
    expect(normaliseSampleParams({ init: 'orthogonal', fanIn: '8', fanOut: '4' }, true).ok).toBe(true);
  });

  it('checks grid bounds are ordered', () => {
    const r = normaliseTheoryParams({ sigmaW2Min: 3, sigmaW2Max: 2 });
    expect(r.ok === false && r.errors[0].path).toBe('sigmaW2Max');
  });
});

it('maps camelCase fields to kebab-case flags', () => {
  expect(flagName('batchSize')).toBe('--batch-size');
  expect(flagName('sigmaW2Min')).toBe('--sigma-w2-min');
});

describe('engine entry points called directly', () => {
  it('refuse bad params with a RangeError naming the field, before any compute', async () => {
    const { runTrial, runCompare, theoryGrid } = await import('../../src/index.ts');
    const good = normaliseTrialParams({ depth: 1, width: 4, steps: 1 });
    if (!good.ok) throw new Error('defaults must normalise');
    await expect(runTrial({ ...good.params, depth: 0 })).rejects.toThrow(
      /depth: depth must be an integer from 1 to 64/,
    );
    const race = normaliseCompareParams({ inits: ['he_normal'], depth: 1, width: 4, steps: 1 });
    if (!race.ok) throw new Error('defaults must normalise');
    await expect(runCompare({ ...race.params, inits: ['he_normal', 'he_normal'] })).rejects.toThrow(/must not repeat/);
    const grid = normaliseTheoryParams({});
    if (!grid.ok) throw new Error('defaults must normalise');
    expect(() => theoryGrid({ ...grid.params, sigmaW2Steps: 1000 })).toThrow(/sigmaW2Steps/);
  });
});
