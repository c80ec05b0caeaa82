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

describe('trial params', () => {
  it('fills every default and resolves auto loss and per-optimizer lr', () => {
    const r = normaliseTrialParams({ depth: 3 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.keys(r.params).sort()).toEqual(Object.keys(TRIAL_FIELDS).sort());
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
