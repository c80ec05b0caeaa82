/**
 * `--data FILE.csv [--target COLUMN]` on the commands that train: the file's trial is the trial of the same data
 * registered in process (so the same as uploading it), and a bad file exits 2 naming the row and column.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CompareResult,
  initBackend,
  parseUserCsv,
  registerUserData,
  runTrial,
  streamFor,
  type TrialResult,
} from '../../src/index.ts';
import { paramsOf } from './data-helpers.ts';

const BIN = new URL('../../bin/initlab.js', import.meta.url).pathname;
const initlab = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const untimed = (v: unknown) => JSON.stringify(v, (k, x) => (k === 'timing' ? null : x));

const dir = mkdtempSync(join(tmpdir(), 'initlab-cli-data-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Label first, so --target is needed; three classes by the angle of (a, b). */
function csv(n: number): string {
  const rng = streamFor(11, 'cli-data');
  const rows = ['kind,a,b'];
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    rows.push(`${Math.floor(((Math.atan2(b, a) + Math.PI) / (2 * Math.PI)) * 3) % 3},${a.toFixed(3)},${b.toFixed(3)}`);
  }
  return `${rows.join('\r\n')}\r\n`;
}

const GOOD = csv(120);
const SETTINGS = ['--depth', '2', '--width', '12', '--steps', '30', '--batch-size', '16'];

describe('initlab trial/compare --data', () => {
  let good: string;
  beforeAll(async () => {
    await initBackend();
    good = file('good.csv', GOOD);
  });

  it('trains on the file: the same JSON as the parsed data registered in process', async () => {
    const r = initlab('trial', '--data', good, '--target', 'kind', ...SETTINGS, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const fromCli = JSON.parse(r.stdout) as TrialResult;
    const parsed = await parseUserCsv(GOOD, 'kind');
    if (!parsed.ok) throw new Error('fixture does not parse');
    const dataset = registerUserData(parsed.data);
    expect(fromCli.params.dataset).toBe(dataset);
    const inProcess = await runTrial(paramsOf({ dataset, depth: 2, width: 12, steps: 30, batchSize: 16 }));
    expect(untimed({ ...fromCli, engine: null })).toBe(untimed({ ...inProcess, engine: null }));
  });

  it('compare takes it too, and the readable summary says it is your CSV with its split', () => {
    const r = initlab('compare', '--inits', 'he_normal,glorot_uniform', '--data', good, '--target=kind', ...SETTINGS);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/user:[0-9a-f]{12}… \(your CSV: 96 train \/ 24 test\)/);
    const json = JSON.parse(
      initlab('compare', '--inits', 'he_normal', '--data', good, '--target', 'kind', ...SETTINGS, '--json').stdout,
    ) as CompareResult;
    expect(json.params.dataset).toMatch(/^user:[0-9a-f]{64}$/);
  });

  it('a bad cell exits 2 naming the file, row and column', () => {
    const bad = file('bad.csv', GOOD.replace(/\r\n(\d),([-\d.]+),/, '\r\n$1,oops,'));
    const r = initlab('trial', '--data', bad, '--target', 'kind', ...SETTINGS);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`initlab: --data ${bad}: row 2, column "a": "oops" is not a finite number\n`);
  });

  it('misused flags exit 2 with one line each', () => {
    const cases: [string[], RegExp][] = [
      [['trial', '--data', good, '--target', 'nope'], /^initlab: --target: target "nope" is not a column/],
      [['trial', '--target', 'kind'], /^initlab: --target names a column of --data FILE\.csv/],
      [['trial', '--data', good, '--dataset', 'xor'], /^initlab: give --data FILE\.csv or --dataset, not both/],
      [['sample', '--data', good], /^initlab: --data\/--target: only the commands that train/],
      [
        ['trial', '--data', join(dir, 'missing.csv')],
        /^initlab: --data .*missing\.csv: cannot read the file \(ENOENT\)/,
      ],
      [['trial', '--data'], /^initlab: --data needs a value: the path of a CSV file/],
    ];
    for (const [args, message] of cases) {
      const r = initlab(...args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
    }
  });

  it('--help lists --data and --target on trial and compare, not on sample', () => {
    for (const command of ['trial', 'compare']) {
      const help = initlab(command, '--help').stdout;
      expect(help).toMatch(/^ {2}--data FILE\.csv +train on your CSV/m);
      expect(help).toMatch(/^ {2}--target COLUMN +the label column of --data/m);
    }
    expect(initlab('sample', '--help').stdout).not.toMatch(/--data/);
  });
});
