/**
 * The experiment registry: listing, validation of settings, and determinism of every experiment (on its smallest
 * settings, run twice: the same JSON apart from timing; the second time through a host's compare runner that, like
 * the API's cache, hands back each compare as parsed JSON).
 */
import { describe, expect, it } from 'vitest';
import {
  type CompareParams,
  EXPERIMENT_NAMES,
  ExperimentInputError,
  estimateExperimentFlops,
  experimentDefinition,
  listExperiments,
  normaliseExperimentParams,
  runCompare,
  runExperiment,
} from '../../src/index.ts';
import { EXPERIMENT_TIMEOUT_MS, expectWellFormed, run, withoutTiming } from './experiments-shared.ts';

describe('listExperiments', () => {
  it('lists the six experiments with paper, claim, decision rule and settings', () => {
    const list = listExperiments();
    expect(list.map((e) => e.name)).toEqual([...EXPERIMENT_NAMES]);
    for (const e of list) {
      expect(e.paper.year).toBeGreaterThan(2000);
      expect(e.paper.url).toMatch(/^https:\/\//);
      expect(e.criteria.length).toBeGreaterThan(1);
      expect(Object.keys(e.defaults).sort()).toEqual(Object.keys(e.fields).sort());
      expect(e.estimatedFlops).toBeGreaterThan(0);
    }
  });

  it("keeps each experiment's history of default settings consistent with the settings it runs today", () => {
    for (const e of listExperiments()) {
      const runs = experimentDefinition(e.name).runs(e.defaults) as unknown as Record<string, unknown>[];
      const last = new Map<string, number>();
      for (const change of e.history) {
        expect(change.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(change.from).not.toBe(change.to);
        expect(change.reason.length).toBeGreaterThan(20);
        // A chain of changes to one setting: each starts where the previous one ended.
        if (last.has(change.setting)) expect(change.from).toBe(last.get(change.setting));
        last.set(change.setting, change.to);
      }
      expect([...e.history].map((h) => h.date)).toEqual([...e.history].map((h) => h.date).sort());
      for (const [setting, now] of last) {
        const current = setting in e.defaults ? [e.defaults[setting]] : runs.map((r) => r[setting]);
        expect(current, `${e.name}.${setting}`).toContain(now);
      }
    }
    expect(
      listExperiments()
        .find((e) => e.name === 'he2015')
        ?.history.map((h) => [h.setting, h.from, h.to]),
    ).toEqual([['steps', 500, 750]]);
  });

  it('estimates more work for more seeds', () => {
    expect(estimateExperimentFlops('he2015', { seed: 1, seeds: 2, width: 64, steps: 500, lr: 0.01 })).toBeLessThan(
      estimateExperimentFlops('he2015', { seed: 1, seeds: 3, width: 64, steps: 500, lr: 0.01 }),
    );
  });
});

describe('normaliseExperimentParams', () => {
  it('fills the defaults', () => {
    const n = normaliseExperimentParams('he2015', {});
    expect(n.ok && n.params).toEqual(listExperiments().find((e) => e.name === 'he2015')?.defaults);
  });

  it('coerces query strings', () => {
    const n = normaliseExperimentParams('he2015', { seeds: '2' }, true);
    expect(n.ok && n.params.seeds).toBe(2);
  });

  it('names every bad field and its range', () => {
    const n = normaliseExperimentParams('he2015', { seeds: 0, steps: 'many' }, true);
    expect(n.ok).toBe(false);
    if (n.ok) return;
    expect(n.errors.map((e) => e.path).sort()).toEqual(['seeds', 'steps']);
    expect(n.errors.find((e) => e.path === 'seeds')?.message).toContain('from 1 to 9');
  });

  it('refuses a setting the experiment does not have, and an unknown experiment', () => {
    const foreign = normaliseExperimentParams('he2015', { blocks: 3 });
    expect(!foreign.ok && foreign.errors[0].path).toBe('blocks');
    const unknown = normaliseExperimentParams('hinton2006', {});
    expect(!unknown.ok && unknown.errors[0].message).toContain('he2015');
  });

  it('runExperiment throws an input error before any work', async () => {
    await expect(runExperiment('he2015', { seeds: 99 })).rejects.toBeInstanceOf(ExperimentInputError);
    await expect(runExperiment('nope')).rejects.toBeInstanceOf(ExperimentInputError);
  });
});

/** The cheapest settings each experiment's table allows: enough to exercise every code path twice quickly. */
const SMALLEST: Record<string, Record<string, unknown>> = {
  glorot2010: { seeds: 1, width: 16, sigmoidSteps: 100 },
  he2015: { seeds: 1, width: 16, steps: 50 },
  saxe2013: { seeds: 1, steps: 50 },
  schoenholz2017: { width: 16, steps: 50 },
  lsuv2015: { seeds: 1, depth: 4, width: 16, steps: 50 },
  fixup2019: { seeds: 1, blocks: 10, width: 16, steps: 50 },
  de2020: { seeds: 1, blocks: 10, width: 16, steps: 50 },
  ioffe2015: { seeds: 1, depth: 10, width: 16, steps: 50 },
  yang2022: { seeds: 1, doublings: 1, steps: 50 },
};

describe('determinism: same settings → the same JSON apart from timing (smallest settings), with or without a host runner', () => {
  for (const name of EXPERIMENT_NAMES)
    it(
      name,
      async () => {
        const a = await run(name, SMALLEST[name]);
        const asked: CompareParams[] = [];
        const b = await runExperiment(name, SMALLEST[name], {
          runCompare: async (p) => {
            asked.push(p);
            return JSON.parse(JSON.stringify(await runCompare(p)));
          },
        });
        expectWellFormed(a, name);
        expect(withoutTiming(b)).toBe(withoutTiming(a));
        expect(a.setup).toMatchObject(SMALLEST[name]);
        // The host is asked for exactly the runs the definition lists (what the API's cost and budget are based on).
        const n = normaliseExperimentParams(name, SMALLEST[name]);
        if (!n.ok) throw new Error('invalid settings');
        expect(asked).toEqual(experimentDefinition(name).runs(n.params));
      },
      EXPERIMENT_TIMEOUT_MS,
    );
});
