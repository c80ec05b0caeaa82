/**
 * The race widget's own-data path without a browser: the checks made before a file is read, the summary beside the
 * picker, the batch-size refusal, the worker's parse-and-run (the same code the Web Worker runs), the upload's
 * answers, and the state table accepting `dataset=user:<id>` for the race only.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCsv, runInBrowser } from '../../site/src/widgets/engine-browser.ts';
import { raceRequest } from '../../site/src/widgets/requests.ts';
import { defaults, parseValue, RACE_STATE, readState, SIGNAL_STATE } from '../../site/src/widgets/state.ts';
import {
  batchProblem,
  type CsvSummary,
  fileProblem,
  summaryText,
  uploadCsv,
} from '../../site/src/widgets/user-data.ts';
import { initBackend, streamFor, USER_DATA_LIMITS } from '../../src/index.ts';
import type { CompareResult } from '../../src/result.ts';

/** 50 rows of two features and a class by the sign of their sum, from a seeded stream. */
function csv(n = 50, label = (a: number, b: number): string => (a + b > 0 ? 'up' : 'down')): string {
  const rng = streamFor(11, 'csv');
  const rows = ['x1,x2,label'];
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    rows.push(`${a.toFixed(3)},${b.toFixed(3)},${label(a, b)}`);
  }
  return rows.join('\n');
}

const SUMMARY: CsvSummary = {
  dataset: `user:${'a'.repeat(64)}`,
  rows: 50,
  features: 2,
  classes: 2,
  target: 'label',
  featureNames: ['x1', 'x2'],
  nTrain: 40,
  nTest: 10,
};

describe('before a file is read', () => {
  it("refuses a file over the engine's byte limit, by its size alone", () => {
    const big = { name: 'big.csv', size: USER_DATA_LIMITS.maxBytes + 1, type: 'text/csv' };
    expect(fileProblem(big, 'en')).toBe('The file is 262145 bytes; at most 262144 bytes (256 KiB) are accepted.');
    expect(fileProblem({ ...big, size: 300_000 }, 'zh')).toContain('300000');
    expect(fileProblem({ ...big, size: USER_DATA_LIMITS.maxBytes }, 'en')).toBeNull();
  });

  it('takes a .csv name or a CSV type, and refuses anything else', () => {
    expect(fileProblem({ name: 'data.csv', size: 10, type: '' }, 'en')).toBeNull();
    expect(fileProblem({ name: 'export', size: 10, type: 'text/csv' }, 'en')).toBeNull();
    expect(fileProblem({ name: 'photo.png', size: 10, type: 'image/png' }, 'en')).toMatch(/photo\.png is not a CSV/);
    expect(fileProblem({ name: 'notes.txt', size: 10, type: 'text/plain' }, 'zh')).toMatch(/notes\.txt 不是 CSV/);
  });
});

describe('beside the picker', () => {
  it('sums a file up: rows, features, classes or regression, and the split', () => {
    expect(summaryText(SUMMARY, 'en')).toBe('50 rows · 2 features · 2 classes · 40 train / 10 test rows');
    expect(summaryText({ ...SUMMARY, classes: null }, 'en')).toContain('· regression ·');
    expect(summaryText({ ...SUMMARY, classes: null }, 'zh')).toContain('回归');
  });

  it('refuses a batch larger than the training rows, and only then', () => {
    expect(batchProblem(40, SUMMARY, 'en')).toBeNull();
    expect(batchProblem(41, SUMMARY, 'en')).toBe(
      'The batch size 41 is larger than the 40 training rows: choose at most 40.',
    );
    expect(batchProblem(64, SUMMARY, 'zh')).toContain('批大小 64');
  });
});

describe("the race's state table", () => {
  const hex = 'ab12'.repeat(16);
  it('accepts dataset=user:<64 hex> and nothing like it', () => {
    const read = (dataset: string) => readState(RACE_STATE, new URLSearchParams({ dataset })).dataset;
    expect(read(`user:${hex}`)).toBe(`user:${hex}`);
    for (const bad of [`user:${hex.slice(1)}`, `user:${hex.toUpperCase()}`, `user:${hex}0`, 'user:', 'mnist'])
      expect(read(bad)).toBe(RACE_STATE.dataset.default);
    expect(read('xor')).toBe('xor');
  });

  it('asks for the user dataset as it asks for a built-in one', () => {
    const q = raceRequest({ ...defaults(RACE_STATE), dataset: `user:${hex}` });
    expect(q.dataset).toBe(`user:${hex}`);
  });

  it("leaves the other widgets' tables as they were", () => {
    expect(parseValue(SIGNAL_STATE.activation, `user:${hex}`)).toBe(SIGNAL_STATE.activation.default);
    const fields = Object.values(SIGNAL_STATE).filter((f) => 'also' in f);
    expect(fields).toEqual([]);
  });
});

describe("the worker's side: parse, register, run", () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('parses a file into a summary (the data stay in the engine) and names a bad cell', async () => {
    const good = await parseCsv(csv());
    expect(good).toMatchObject({ ok: true, summary: { rows: 50, features: 2, classes: 2, nTrain: 40, nTest: 10 } });
    const lines = csv().split('\n');
    lines[7] = '0.1,oops,up';
    const bad = await parseCsv(lines.join('\n'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0].message).toBe('row 8, column "x2": "oops" is not a finite number');
    const reg = await parseCsv(csv(50, (a, b) => (a - b).toFixed(2)));
    expect(reg).toMatchObject({ ok: true, summary: { classes: null, target: 'label' } });
    // Another target: the text labels become a feature, which is refused; numeric ones are not.
    const text = await parseCsv(csv(), 'x1');
    if (!text.ok) expect(text.errors[0]).toMatchObject({ row: 2, column: 'label' });
    expect(text.ok).toBe(false);
    const swapped = await parseCsv(
      csv(50, (a, b) => (a - b).toFixed(2)),
      'x1',
    );
    expect(swapped).toMatchObject({ ok: true, summary: { target: 'x1', featureNames: ['x2', 'label'] } });
  });

  it('runs a race on the text it is given, registering it first, deterministically', async () => {
    const text = csv(60);
    const parsed = await parseCsv(text);
    if (!parsed.ok) throw new Error('the test file should parse');
    const state = { ...defaults(RACE_STATE), inits: ['he_normal'], depth: 2, width: 8, steps: 30, batchSize: 16 };
    const query = raceRequest({ ...state, dataset: parsed.summary.dataset });
    const a = (await runInBrowser('compare', query, '', {}, { text, target: 'label' })) as CompareResult;
    const b = (await runInBrowser('compare', query, '', {}, { text, target: 'label' })) as CompareResult;
    expect(a.trials[0].final.trainLoss).toBe(b.trials[0].final.trainLoss);
    expect(a.trials[0].boundary).toBeNull();
    expect(a.params.dataset).toBe(parsed.summary.dataset);
  });
});

describe('the upload (only on the share button)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('POSTs the text as text/csv with the target, and takes the id it is given', async () => {
    const calls: [string, RequestInit][] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      return Response.json({ id: 'f'.repeat(64), dataset: `user:${'f'.repeat(64)}` }, { status: 201 });
    });
    expect(await uploadCsv('https://api.example/', 'a,b\n1,2', 'b')).toEqual({
      ok: true,
      dataset: `user:${'f'.repeat(64)}`,
    });
    expect(calls[0][0]).toBe('https://api.example/api/v1/datasets?target=b');
    expect(calls[0][1]).toMatchObject({ method: 'POST', body: 'a,b\n1,2', headers: { 'Content-Type': 'text/csv' } });
  });

  it("shows a refusal in the parser's words, or the status", async () => {
    const problem = { detail: 'the CSV was refused', errors: [{ path: 'data', message: 'row 3, column "a": …' }] };
    vi.stubGlobal('fetch', async () => Response.json(problem, { status: 400 }));
    expect(await uploadCsv('', 'x', 'a')).toEqual({ ok: false, message: 'row 3, column "a": …' });
    vi.stubGlobal('fetch', async () => new Response('no', { status: 502 }));
    expect(await uploadCsv('', 'x', 'a')).toEqual({ ok: false, message: 'HTTP 502' });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await uploadCsv('', 'x', 'a')).toEqual({ ok: false, message: 'Failed to fetch' });
  });
});
