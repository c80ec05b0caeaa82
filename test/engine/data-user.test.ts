/**
 * A reader's CSV: what is accepted, what is refused (and where the refusal points), the content-addressed id, and
 * trials on the parsed data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  describeDataset,
  initBackend,
  makeDataset,
  normaliseCompareParams,
  normaliseTrialParams,
  type ParsedCsv,
  parseUserCsv,
  registerUserData,
  runTrial,
  streamFor,
  USER_DATA_LIMITS,
  type UserData,
  userDataOf,
} from '../../src/index.ts';
import { columnStats, paramsOf } from './data-helpers.ts';

/** n rows of two features and a class by quadrant sign (XOR-like), from a seeded stream. */
function quadrantCsv(
  n: number,
  label: (a: number, b: number) => string = (a, b) => (a * b > 0 ? 'pos' : 'neg'),
  seed = 7,
): string[] {
  const rng = streamFor(seed, 'csv');
  const rows = ['x1,x2,label'];
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    rows.push(`${a.toFixed(4)},${b.toFixed(4)},${label(a, b)}`);
  }
  return rows;
}

async function parsed(text: string, target?: string): Promise<UserData> {
  const r = await parseUserCsv(text, target);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

function refusal(r: ParsedCsv) {
  expect(r.ok).toBe(false);
  return r.ok ? { path: '', message: '' } : r.errors[0];
}

const GOOD = quadrantCsv(60);

describe('parseUserCsv refuses a bad file, naming the row and column', () => {
  it('a ragged row names its line and both counts', async () => {
    const lines = [...GOOD];
    lines[5] = '0.1,0.2';
    const e = refusal(await parseUserCsv(lines.join('\n')));
    expect(e).toMatchObject({ row: 6 });
    expect(e.message).toBe('row 6 has 2 cells; the header has 3 columns');
  });

  it('a non-numeric feature cell names row, column and the cell', async () => {
    const lines = [...GOOD];
    lines[9] = '0.5,abc,pos';
    const e = refusal(await parseUserCsv(lines.join('\n')));
    expect(e).toMatchObject({ row: 10, column: 'x2' });
    expect(e.message).toBe('row 10, column "x2": "abc" is not a finite number');
  });

  it.each(['NaN', 'Infinity', '-Infinity', '1e999', 'inf'])('%s in a feature is refused', async (cell) => {
    const lines = [...GOOD];
    lines[3] = `${cell},0.1,pos`;
    expect(refusal(await parseUserCsv(lines.join('\n')))).toMatchObject({ row: 4, column: 'x1' });
  });

  it('an empty file, a header only, too few rows', async () => {
    expect(refusal(await parseUserCsv('')).message).toMatch(/empty/);
    expect(refusal(await parseUserCsv('\n\n')).message).toMatch(/empty/);
    expect(refusal(await parseUserCsv('x1,x2,label\n')).message).toMatch(/header row only/);
    expect(refusal(await parseUserCsv(GOOD.slice(0, 4).join('\n'))).message).toBe(
      `the file has 3 data rows; at least ${USER_DATA_LIMITS.minRows} are needed`,
    );
  });

  it('a single class, and more classes than the output layer allows', async () => {
    const one = quadrantCsv(30, () => 'same').join('\n');
    expect(refusal(await parseUserCsv(one))).toMatchObject({ column: 'label' });
    expect(refusal(await parseUserCsv(one)).message).toMatch(/single class/);
    let i = 0;
    const many = quadrantCsv(80, () => `c${i++ % (USER_DATA_LIMITS.maxClasses + 1)}`).join('\n');
    expect(refusal(await parseUserCsv(many)).message).toMatch(
      new RegExp(`${USER_DATA_LIMITS.maxClasses + 1} classes; at most ${USER_DATA_LIMITS.maxClasses}`),
    );
  });

  it('duplicate and empty column names, an unknown target, an empty label', async () => {
    const dup = ['a,b,a', ...GOOD.slice(1)].join('\n');
    expect(refusal(await parseUserCsv(dup)).message).toBe('row 1: the column name "a" is used twice (columns 1 and 3)');
    expect(refusal(await parseUserCsv(['a,,c', ...GOOD.slice(1)].join('\n'))).message).toMatch(/column 2/);
    // A header problem is the file's, even when a target was asked for; its row is the header's line.
    expect(refusal(await parseUserCsv(`\n\n${dup}`, 'b'))).toMatchObject({ path: 'data', row: 3 });
    const target = refusal(await parseUserCsv(GOOD.join('\n'), 'y'));
    expect(target).toMatchObject({ path: 'target' });
    expect(target.message).toBe('target "y" is not a column; the columns are x1, x2, label');
    const lines = [...GOOD];
    lines[2] = '0.1,0.2,';
    expect(refusal(await parseUserCsv(lines.join('\n')))).toMatchObject({ row: 3, column: 'label' });
  });

  it('a file over the limits of rows, features or bytes', async () => {
    const rows = quadrantCsv(USER_DATA_LIMITS.maxRows + 1).join('\n');
    expect(refusal(await parseUserCsv(rows)).message).toMatch(/at most 5000/);
    const wide = Array.from({ length: USER_DATA_LIMITS.maxFeatures + 1 }, (_, j) => `f${j}`);
    const header = [...wide, 'y'].join(',');
    const row = [...wide.map(() => '1'), '0'].join(',');
    const text = [header, ...Array.from({ length: 12 }, (_, i) => row.replace(/0$/, String(i % 2)))].join('\n');
    expect(refusal(await parseUserCsv(text)).message).toMatch(/129 feature columns; at most 128/);
    const big = `${GOOD[0]}\n${`${'1'.repeat(200)},2,pos\n`.repeat(1400)}`;
    expect(refusal(await parseUserCsv(big)).message).toMatch(/bytes; at most 262144/);
  });
});

describe('parseUserCsv accepts', () => {
  it('a BOM, CRLF line ends, quoted cells and spaces around numbers', async () => {
    const quoted = ['"x 1","x2","label"', ...GOOD.slice(1).map((l) => l.replace(/^([^,]+),([^,]+),/, '"$1", $2 ,'))];
    const d = await parsed(`\uFEFF${quoted.join('\r\n')}\r\n`);
    expect(d.features).toEqual(['x 1', 'x2']);
    expect(d.rows).toBe(60);
  });

  it('integer labels as classes in numeric order, text labels as classes, decimals as regression', async () => {
    const ints = await parsed(quadrantCsv(40, (a) => (a > 0.5 ? '10' : a > -0.5 ? '2' : '-1')).join('\n'));
    expect(ints).toMatchObject({ task: 'multiclass', classNames: ['-1', '2', '10'] });
    const text = await parsed(GOOD.join('\n'));
    expect(text).toMatchObject({ task: 'binary', classNames: ['neg', 'pos'], y: null });
    const reg = await parsed(quadrantCsv(40, (a, b) => (a + b).toFixed(3)).join('\n'));
    expect(reg).toMatchObject({ task: 'regression', classNames: null, labels: null });
  });

  it('the target column anywhere; it is moved last in the canonical form', async () => {
    const swapped = GOOD.map((l) => {
      const [a, b, c] = l.split(',');
      return [c, a, b].join(',');
    });
    const d = await parsed(swapped.join('\n'), 'label');
    expect(d.features).toEqual(['x1', 'x2']);
    expect(d.id).toBe((await parsed(GOOD.join('\n'))).id);
  });
});

describe('the canonical form', () => {
  /** Labels of GOOD's rows replaced by `label(i)`. */
  const relabelled = (label: (i: number) => string) =>
    GOOD.map((line, i) => (i === 0 ? line : line.replace(/,[^,]*$/, `,${label(i)}`))).join('\n');

  it('reads back as the same data: integral regression targets, long and signed integer classes', async () => {
    for (const text of [
      relabelled((i) => `${i % 5}.0`),
      relabelled((i) => (i % 2 ? '1e3' : '2.5')),
      relabelled((i) => (i % 2 ? '12345678901234567890123' : '12345678901234567890124')),
      relabelled((i) => (i % 2 ? '+7' : '008')),
      GOOD.join('\n'),
    ]) {
      const first = await parsed(text);
      const again = await parsed(first.canonical);
      expect(again.id).toBe(first.id);
      expect(again.canonical).toBe(first.canonical);
      expect({ ...again, x: [...again.x] }).toEqual({ ...first, x: [...first.x] });
    }
    expect((await parsed(relabelled((i) => `${i % 5}.0`))).task).toBe('regression');
    const long = await parsed(relabelled((i) => (i % 2 ? '12345678901234567890123' : '12345678901234567890124')));
    expect(long.classNames).toEqual(['12345678901234567890123', '12345678901234567890124']);
    expect((await parsed(relabelled((i) => (i % 2 ? '+7' : '008')))).classNames).toEqual(['7', '8']);
  });

  it('is refused when it outgrows the byte limit (.5 is written 0.5), so a stored copy always reads back', async () => {
    const features = USER_DATA_LIMITS.maxFeatures;
    const header = [...Array.from({ length: features }, (_, j) => `f${j}`), 'y'].join(',');
    const row = (i: number) => `${Array(features).fill('.5').join(',')},${i % 2}`;
    const rows = Math.floor((USER_DATA_LIMITS.maxBytes - header.length) / (row(0).length + 1));
    const text = [header, ...Array.from({ length: rows }, (_, i) => row(i))].join('\n');
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(USER_DATA_LIMITS.maxBytes);
    expect(refusal(await parseUserCsv(text)).message).toMatch(
      /^written canonically .* the file is \d+ bytes; at most 262144/,
    );
  });
});

describe('the id is the SHA-256 of the canonical data', () => {
  it('row order, CRLF vs LF, a trailing newline and number spelling do not change it', async () => {
    const base = (await parsed(GOOD.join('\n'))).id;
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    const shuffled = [GOOD[0], ...GOOD.slice(1).reverse()];
    expect((await parsed(shuffled.join('\n'))).id).toBe(base);
    expect((await parsed(`${GOOD.join('\r\n')}\r\n`)).id).toBe(base);
    const respelt = GOOD.map((l, i) => (i === 1 ? l.replace(/^(-?)0\./, '$1.') : l));
    expect(respelt[1]).not.toBe(GOOD[1]);
    expect((await parsed(respelt.join('\n'))).id).toBe(base);
  });

  it('a changed value, a renamed column or a changed label changes it', async () => {
    const base = (await parsed(GOOD.join('\n'))).id;
    const value = [...GOOD];
    value[4] = value[4].replace(/^(-?\d)/, (d) => String(Number(d) + 1));
    expect((await parsed(value.join('\n'))).id).not.toBe(base);
    expect((await parsed(['x1,x3,label', ...GOOD.slice(1)].join('\n'))).id).not.toBe(base);
    const label = [...GOOD];
    label[4] = label[4].endsWith('pos') ? label[4].replace(/pos$/, 'neg') : label[4].replace(/neg$/, 'pos');
    expect((await parsed(label.join('\n'))).id).not.toBe(base);
  });
});

describe('trials on user data', () => {
  let dataset: string;
  let shuffledDataset: string;
  beforeAll(async () => {
    await initBackend();
    dataset = registerUserData(await parsed(GOOD.join('\n')));
    shuffledDataset = registerUserData(await parsed([GOOD[0], ...GOOD.slice(1).reverse()].join('\n')));
  });

  it('the split follows testFraction and the seed; features are standardised with the training rows', async () => {
    const p = paramsOf({ dataset, testFraction: 0.25, seed: 3, batchSize: 16 });
    const ds = await makeDataset(p);
    expect([ds.nTrain, ds.nTest]).toEqual([45, 15]);
    const { mean, std } = columnStats(ds.xTrain, ds.nTrain, 2);
    for (const m of mean) expect(Math.abs(m)).toBeLessThan(1e-6);
    for (const s of std) expect(s).toBeCloseTo(1, 5);
    const other = await makeDataset(paramsOf({ dataset, testFraction: 0.25, seed: 4, batchSize: 16 }));
    expect(Array.from(other.xTest)).not.toEqual(Array.from(ds.xTest));
    expect(describeDataset(p)).toMatchObject({ name: 'Your CSV', task: 'binary', inputDim: 2, nTrain: 45 });
  });

  it('trains, deterministically, and the same data in another row order is the same trial', async () => {
    const p = paramsOf({ dataset, depth: 3, width: 16, steps: 60, batchSize: 16, seed: 2 });
    const untimed = (v: unknown) => JSON.stringify(v, (k, x) => (k === 'timing' ? null : x));
    const a = await runTrial(p);
    expect(shuffledDataset).toBe(dataset);
    expect(untimed(await runTrial(p))).toBe(untimed(a));
    expect(a.final.trainLoss as number).toBeLessThan(a.trainLoss[0] as number);
  });

  it('names the field when the params do not fit the data', async () => {
    const missing = `user:${'0'.repeat(64)}`;
    const unknown = normaliseTrialParams({ dataset: missing });
    expect(unknown.ok ? [] : unknown.errors).toEqual([
      expect.objectContaining({ path: 'dataset', message: expect.stringContaining('is not loaded') }),
    ]);
    const batch = normaliseCompareParams({ dataset, batchSize: 64 });
    expect(batch.ok ? [] : batch.errors).toEqual([
      { path: 'batchSize', message: `batchSize must be at most the 48 training rows of ${dataset}` },
    ]);
    const fraction = normaliseTrialParams({ dataset: 'spiral', testFraction: 0.3 });
    expect(fraction.ok ? [] : fraction.errors.map((e) => e.path)).toEqual(['testFraction']);
    expect(normaliseTrialParams({ dataset: 'user:abc' }).ok).toBe(false);
  });

  it('a regression target trains with MSE; cross-entropy on it is refused', async () => {
    const reg = registerUserData(await parsed(quadrantCsv(80, (a, b) => (a - 2 * b).toFixed(3)).join('\n')));
    const p = paramsOf({ dataset: reg, depth: 2, width: 16, steps: 40, batchSize: 16 });
    expect(p.loss).toBe('mse');
    const r = await runTrial(p);
    expect(r.final.testAccuracy).toBeNull();
    expect(r.final.trainLoss as number).toBeLessThan(r.trainLoss[0] as number);
    const ce = normaliseTrialParams({ dataset: reg, loss: 'cross_entropy' });
    expect(ce.ok ? [] : ce.errors.map((e) => e.path)).toEqual(['loss']);
  });

  it('layer sizes follow the data: the first fan-in is its feature count, the head its classes', async () => {
    const r = await runTrial(paramsOf({ dataset, widths: [8, 4], steps: 0, batchSize: 16 }));
    expect(r.layers.map((l) => [l.fanIn, l.fanOut])).toEqual([
      [2, 8],
      [8, 4],
      [4, 1],
    ]);
  });

  it('built-in trials keep their params: no testFraction key', () => {
    expect('testFraction' in paramsOf({})).toBe(false);
  });
});

describe('a run and the sets a host holds', () => {
  it('keeps its data through its own awaits, however many sets are registered meanwhile', async () => {
    await initBackend();
    const mine = registerUserData(await parsed(quadrantCsv(60, undefined, 11).join('\n')));
    const others = await Promise.all(
      [12, 13, 14, 15].map((seed) => parsed(quadrantCsv(60, undefined, seed).join('\n'))),
    );
    const run = runTrial(paramsOf({ dataset: mine, depth: 2, width: 8, steps: 5, batchSize: 16 }));
    // The run now waits at its first await. A host holds four sets: without the run's hold, these four would drop
    // `mine` before the run has read it; with it, the oldest of the others goes instead.
    for (const o of others) registerUserData(o);
    const result = await run;
    expect(result.params.dataset).toBe(mine);
    expect(result.steps.at(-1)).toBe(5);
    expect(userDataOf(mine)).toBeDefined();
    expect(others.map((o) => userDataOf(`user:${o.id}`) === o)).toEqual([false, true, true, true]);
  });
});
