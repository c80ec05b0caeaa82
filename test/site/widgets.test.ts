/**
 * The widgets' live machinery without a browser: figures built from the engine's real frames hold the result's own
 * curves, a finished run cut at a step shows what it had then, the race's new controls stay within the API's ranges,
 * and the widget modules import one another without a cycle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hiddenLayersCode, initsCode, trainingCode } from '../../site/src/widgets/code-text.ts';
import { logPosition, logValue } from '../../site/src/widgets/controls.ts';
import { raceRequest, samplerRequest, toStrings } from '../../site/src/widgets/requests.ts';
import {
  type BoundaryAt,
  boundaryNear,
  compareAt,
  compareFromFrames,
  loggedSteps,
} from '../../site/src/widgets/snapshot.ts';
import {
  defaults,
  followOptimizer,
  inapplicableKeys,
  OPTIMIZER_LR,
  RACE_STATE,
  readInts,
  readState,
  SAMPLER_STATE,
  type StateValue,
} from '../../site/src/widgets/state.ts';
import { initBackend } from '../../src/backend.ts';
import { DEFAULT_TEST_FRACTION } from '../../src/data/user-rules.ts';
import {
  type CompareParams,
  DEFAULT_LR,
  MODEL_FIELDS,
  normaliseCompareParams,
  normaliseSampleParams,
  paramsOrThrow,
} from '../../src/params/index.ts';
import type { CompareResult } from '../../src/result.ts';
import { type RunFrame, runCompare } from '../../src/train/index.ts';
import { ROOT } from './harness.ts';

const compare = (input: Record<string, unknown>, coerce = false): CompareParams =>
  paramsOrThrow(normaliseCompareParams(input, coerce));

/** A small race with checkpoints; `zeros` never moves, so only he_normal's curve and boundary change. */
const RACE = compare({
  inits: ['he_normal', 'zeros'],
  dataset: 'xor',
  depth: 2,
  width: 8,
  steps: 40,
  logEvery: 5,
  checkpointEvery: 10,
  trainSize: 64,
  testSize: 32,
  batchSize: 16,
});

let result: CompareResult;
let frames: RunFrame[];

beforeAll(async () => {
  await initBackend();
  frames = [];
  result = await runCompare(RACE, { onFrame: (f) => frames.push(structuredClone(f)) });
});

describe('a running figure', () => {
  it("built from all of a run's frames holds the result's curves, statistics and checkpoint boundaries", () => {
    const live = compareFromFrames(RACE, frames);
    expect(live.moment).toEqual({ step: 40, steps: 40, live: true });
    live.trials.forEach((t, k) => {
      const r = result.trials[k];
      expect(t.params.init).toBe(r.params.init);
      expect([t.steps, t.trainLoss, t.testLoss, t.testAccuracy]).toEqual([
        r.steps,
        r.trainLoss,
        r.testLoss,
        r.testAccuracy,
      ]);
      expect(t.final.trainLoss).toBe(r.final.trainLoss);
      expect(t.layers.map((l) => l.atInit)).toEqual(r.layers.map((l) => l.atInit));
      expect(t.layers.map((l) => l.checkpoints)).toEqual(r.layers.map((l) => l.checkpoints));
      expect(t.boundaryCheckpoints).toEqual(r.boundaryCheckpoints);
      expect(t.boundary?.p).toEqual(r.boundary?.p);
    });
  });

  it('built from the first frames stops at the last step they reached', () => {
    const upTo = frames.findIndex((f) => f.step === 20);
    const live = compareFromFrames(RACE, frames.slice(0, upTo + 1));
    expect(live.moment?.step).toBe(20);
    const t = live.trials[0];
    expect(t.steps).toEqual([0, 5, 10, 15, 20]);
    expect(t.trainLoss).toEqual(result.trials[0].trainLoss.slice(0, 5));
    expect(t.boundaryCheckpoints.map((b) => b.step)).toEqual([10, 20]);
    expect(t.final.stepsToTarget).toBeNull(); // unknown until the result says
  });
});

describe('a finished run cut at a step', () => {
  it('shows the curves up to that step and the boundary of the nearest checkpoint', () => {
    expect(loggedSteps(result)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40]);
    const at = compareAt(result, 15);
    const he = at.trials[0];
    expect(he.steps).toEqual([0, 5, 10, 15]);
    expect(he.testAccuracy).toEqual(result.trials[0].testAccuracy.slice(0, 4));
    expect(he.final.trainLoss).toBe(result.trials[0].trainLoss[3]);
    // 15 is as near to 10 as to 20: the earlier checkpoint.
    expect(he.boundary).toMatchObject({ step: 10, p: result.trials[0].boundaryCheckpoints[0].p });
    expect(he.boundary?.points).toEqual(result.trials[0].boundary?.points);
    const stepAt = (step: number) => (compareAt(result, step).trials[0].boundary as BoundaryAt).step;
    expect(stepAt(17)).toBe(20);
    expect(stepAt(0)).toBe(10);
    expect(at.moment).toMatchObject({ step: 15, steps: 40, live: false, whole: result });
  });

  it("keeps the steps to target only once reached, and lends a diverged trial a sibling's points", () => {
    const dummy: CompareResult = {
      ...result,
      trials: result.trials.map((t, k) =>
        k === 1
          ? { ...t, diverged: true, divergedAtStep: 25, boundary: null }
          : { ...t, final: { ...t.final, stepsToTarget: 20 } },
      ),
    };
    expect(compareAt(dummy, 19).trials[0].final.stepsToTarget).toBeNull();
    expect(compareAt(dummy, 20).trials[0].final.stepsToTarget).toBe(20);
    expect(compareAt(dummy, 24).trials[1].diverged).toBe(false);
    expect(compareAt(dummy, 25).trials[1]).toMatchObject({ diverged: true, divergedAtStep: 25 });
    const lent = boundaryNear(dummy.trials[1], 30, result.trials[0].boundary!.points);
    expect(lent?.step).toBe(30);
    expect(lent?.points).toEqual(result.trials[0].boundary?.points);
  });
});

describe('the race state', () => {
  it("keeps learning rate, batch size and noise within the API's ranges, with the engine's defaults", () => {
    for (const key of ['lr', 'batchSize', 'noise', 'testFraction'] as const) {
      const mine = RACE_STATE[key];
      const api = MODEL_FIELDS[key];
      expect(mine.min).toBeGreaterThan(api.min - (key === 'lr' ? 0 : 1e-12));
      expect(mine.max).toBeLessThanOrEqual(api.max);
    }
    expect(RACE_STATE.batchSize.max).toBeLessThanOrEqual(MODEL_FIELDS.trainSize.default);
    expect(RACE_STATE.noise.default).toBe(MODEL_FIELDS.noise.default);
    expect(RACE_STATE.testFraction.default).toBe(DEFAULT_TEST_FRACTION);
    expect(RACE_STATE.batchSize.default).toBe(MODEL_FIELDS.batchSize.default);
    expect(OPTIMIZER_LR).toEqual(DEFAULT_LR);
    // The default race asks the API exactly what it asked before the controls existed (its cache key and bake).
    const q = toStrings(raceRequest(defaults(RACE_STATE)));
    const explicit = compare(q, true);
    const { lr: _, batchSize: __, noise: ___, ...implicit } = q;
    expect(compare(implicit, true)).toEqual(explicit);
  });

  it("asks for noise only on the built-in data sets, and for a test fraction only on a reader's CSV", () => {
    const user = `user:${'0a'.repeat(32)}`;
    const builtin = raceRequest(defaults(RACE_STATE));
    expect(builtin).toHaveProperty('noise', RACE_STATE.noise.default);
    expect(builtin).not.toHaveProperty('testFraction');
    const own = raceRequest({ ...defaults(RACE_STATE), dataset: user, testFraction: 0.3 });
    expect(own).not.toHaveProperty('noise');
    expect(own).toHaveProperty('testFraction', 0.3);
    expect(inapplicableKeys(RACE_STATE, { ...defaults(RACE_STATE), dataset: user })).toEqual(new Set(['noise']));
    expect(inapplicableKeys(RACE_STATE, defaults(RACE_STATE))).toEqual(new Set(['testFraction']));
  });

  it('moves the learning rate with the optimizer only while it is the default', () => {
    const s: Record<string, StateValue> = { ...defaults(RACE_STATE) };
    expect(followOptimizer(s, { ...s, optimizer: 'adam' })).toMatchObject({ lr: 0.001 });
    const chosen = { ...s, lr: 0.03 };
    expect(followOptimizer(chosen, { ...chosen, optimizer: 'adam' })).toMatchObject({ lr: 0.03 });
  });

  it('puts round learning rates on the log slider and reads them back unchanged', () => {
    for (const v of [1e-4, 3e-4, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]) {
      expect(logValue(logPosition(v))).toBe(v);
    }
    expect(logValue(-0.9)).toBe(0.13);
  });

  it("gives a reader's CSV to the CLI with the label column the id was made with", () => {
    const s = { ...defaults(RACE_STATE), dataset: `user:${'0a'.repeat(32)}` };
    const text = trainingCode(s, raceRequest(s), 'https://initlab.example', "the label's");
    expect(text).toContain(`npx initlab compare --data YOUR_FILE.csv --target 'the label'\\''s' --inits`);
    expect(text).not.toContain('--dataset');
    expect(text).not.toContain('--noise');
    expect(trainingCode(s, raceRequest(s), '', 'kind')).toContain('--data YOUR_FILE.csv --target kind ');
  });

  it("shows the training settings in each framework's words and the exact CLI and API reproduction", () => {
    const s = { ...defaults(RACE_STATE), optimizer: 'momentum', lr: 0.03, batchSize: 16, noise: 0.2 } as const;
    const text = trainingCode(s, raceRequest(s), 'https://initlab.example');
    expect(text).toContain('torch.optim.SGD(model.parameters(), lr=0.03, momentum=0.9)');
    expect(text).toContain('model.fit(x, y, batch_size=16)');
    expect(text).toContain('--batch-size 16');
    expect(text).toContain('--noise 0.2');
    expect(text).toContain('https://initlab.example/api/v1/compare?');
    expect(text).toContain('batchSize=16');
  });
});

describe("the race's layer sizes", () => {
  const widths = RACE_STATE.widths;

  it("stay within the API's widths field and the depth and width controls' own bounds", () => {
    const api = MODEL_FIELDS.widths;
    expect(widths.min).toBeGreaterThanOrEqual(api.min);
    expect(widths.max).toBeLessThanOrEqual(api.max);
    expect(widths.maxItems).toBeLessThanOrEqual(api.maxItems);
    expect(widths.max).toBe(RACE_STATE.width.max);
    expect(widths.maxItems).toBe(RACE_STATE.depth.max);
  });

  it('read a typed list, spaces allowed, and refuse the entry that is not a whole number in range, or too many', () => {
    expect(readInts(widths, ' 64, 32 ,16 ')).toEqual({ values: [64, 32, 16] });
    expect(readInts(widths, '')).toEqual({ values: [] });
    expect(readInts(widths, '128,1')).toEqual({ values: [128, 1] });
    for (const [text, entry] of [
      ['64,0', '0'],
      ['64,129', '129'],
      ['64,,32', ''],
      ['64,3.5', '3.5'],
      ['64,-2', '-2'],
      ['64;32', '64;32'],
      ['1e2', '1e2'],
    ])
      expect(readInts(widths, text)).toEqual({ problem: { entry } });
    expect(readInts(widths, Array(33).fill(8).join(','))).toEqual({ problem: { count: 33 } });
    expect(readInts(widths, Array(32).fill(8).join(','))).toMatchObject({ values: expect.any(Array) });
  });

  it("take a link's value, and fall back to depth × width when the link's value is refused", () => {
    const read = (q: string) => readState(RACE_STATE, new URLSearchParams(q), 'race.').widths;
    expect(read('race.widths=64,32,16')).toEqual([64, 32, 16]);
    expect(read('race.widths=64,999')).toEqual([]);
    expect(read('')).toEqual([]);
  });

  it('replace depth × width in the request, which the API accepts, and equal sizes ask what depth × width asks', () => {
    const s = { ...defaults(RACE_STATE), widths: [16, 8, 4] };
    const q = toStrings(raceRequest(s));
    expect(q.widths).toBe('16,8,4');
    expect(q).not.toHaveProperty('depth');
    expect(q).not.toHaveProperty('width');
    expect(inapplicableKeys(RACE_STATE, s)).toEqual(new Set(['depth', 'width', 'testFraction']));
    expect(compare(q, true)).toMatchObject({ depth: 3, width: 16, widths: [16, 8, 4] });
    // Four layers of 32 are the default's depth 4 × width 32: one cache key, one result.
    const equal = toStrings(raceRequest({ ...defaults(RACE_STATE), widths: [32, 32, 32, 32] }));
    const uniform = toStrings(raceRequest({ ...defaults(RACE_STATE), depth: 4 }));
    expect(compare(equal, true)).toEqual(compare(uniform, true));
    // Without layer sizes the request has no widths key (the default race's cache key and bake are as before).
    expect(toStrings(raceRequest(defaults(RACE_STATE)))).not.toHaveProperty('widths');
  });

  it("give each init's code for the first hidden layer's fans, and say every layer has its own", () => {
    const s = { ...defaults(RACE_STATE), widths: [64, 32, 16] };
    const text = hiddenLayersCode(['he_normal'], s, raceRequest(s));
    expect(text).toContain('64→32, 32→16');
    expect(text.split('\n\n').slice(1).join('\n\n')).toBe(initsCode(['he_normal'], s, { fanIn: 64, fanOut: 32 }));
    const d = defaults(RACE_STATE);
    expect(hiddenLayersCode(['he_normal'], d, raceRequest(d))).toBe(
      initsCode(['he_normal'], d, { fanIn: d.width, fanOut: d.width }),
    );
  });
});

describe('widget modules', () => {
  it('import one another without a cycle (type imports included)', () => {
    const dir = join(ROOT, 'site', 'src', 'widgets');
    const edges = new Map<string, string[]>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      const deps = [...src.matchAll(/(?:import|export)[^'"]*?from\s*'\.\/([\w-]+\.ts)'|import\('\.\/([\w-]+\.ts)'\)/g)];
      edges.set(
        f,
        deps.map((m) => m[1] ?? m[2]),
      );
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const d of edges.get(f) ?? []) visit(d, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of edges.keys()) visit(f, []);
    expect(edges.get('element.ts')?.length).toBeGreaterThan(5); // the scan sees imports at all
    expect(cycles).toEqual([]);
  });
});

describe('the sampler: a dense layer or a convolution', () => {
  const dense = defaults(SAMPLER_STATE);
  const conv = { ...dense, layer: 'conv2d', inChannels: 3, outChannels: 16, kernelSize: 5 } as typeof dense;

  it('asks the API for the fans of a dense layer and for the channels of a convolution, never both', () => {
    const d = samplerRequest(dense);
    expect(d).toMatchObject({ fanIn: 256, fanOut: 256 });
    for (const k of ['layer', 'inChannels', 'outChannels', 'kernelSize']) expect(d).not.toHaveProperty(k);
    const c = samplerRequest(conv);
    expect(c).toMatchObject({ inChannels: 3, outChannels: 16, kernelSize: 5 });
    for (const k of ['layer', 'fanIn', 'fanOut']) expect(c).not.toHaveProperty(k);
    // Both are valid requests for the engine's own validation.
    expect(normaliseSampleParams(toStrings(c), true)).toMatchObject({ ok: true, params: { fanIn: 75, fanOut: 400 } });
    expect(normaliseSampleParams(toStrings(d), true).ok).toBe(true);
  });

  it('hides the controls that do not apply to the layer type', () => {
    expect([...inapplicableKeys(SAMPLER_STATE, dense)].sort()).toEqual(['inChannels', 'kernelSize', 'outChannels']);
    expect([...inapplicableKeys(SAMPLER_STATE, conv)].sort()).toEqual(['fanIn', 'fanOut']);
  });

  it("writes the kernel's layout in each framework and the fans it implies into the code", () => {
    const code = initsCode(['he_normal'], conv, { conv: { inChannels: 3, outChannels: 16, kernelSize: 5 } });
    expect(code).toContain('nn.Conv2d(3, 16, 5).weight  # [16, 3, 5, 5]');
    expect(code).toContain('keras.layers.Conv2D(16, 5, kernel_initializer=init)  # kernel [5, 5, 3, 16]');
    expect(code).toContain('fan_in = c_in·k² = 75, fan_out = c_out·k² = 400');
    expect(code).toContain('Math.sqrt(2.0 / 75)');
  });
});
