/**
 * The `initlab` binary as a user runs it: a child process per invocation, small params so each takes well under a
 * second of training. Shapes are checked against the result contract; numbers must be finite.
 */
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  COMPARE_FIELDS,
  type CompareResult,
  describeAllowed,
  flagName,
  INIT_IDS,
  type SampleResult,
  THEORY_FIELDS,
  type TheoryGrid,
  TRIAL_FIELDS,
  type TrialResult,
} from '../../src/index.ts';
import { builtinKeys } from './params-helpers.ts';

const BIN = new URL('../../bin/initlab.js', import.meta.url).pathname;

function initlab(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T>(...args: string[]): T {
  const r = initlab(...args, '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

/** Every number anywhere in a JSON value is finite (JSON cannot even carry NaN, but a null in place of one is
 * allowed only where the contract says so, so nulls are collected for the caller to check). */
function numbersIn(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const v of value) numbersIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) numbersIn(v, out);
  return out;
}

function expectHistogram(h: { edges: number[]; counts: number[] }, total?: number) {
  expect(h.edges).toHaveLength(h.counts.length + 1);
  for (let i = 1; i < h.edges.length; i++) expect(h.edges[i]).toBeGreaterThanOrEqual(h.edges[i - 1]);
  if (total !== undefined) expect(h.counts.reduce((a, b) => a + b, 0)).toBe(total);
}

const SMALL = ['--depth', '3', '--width', '8', '--steps', '20', '--log-every', '5', '--checkpoint-every', '10'];

function expectTrialShape(t: TrialResult, depth: number, steps: number) {
  expect(t.steps[0]).toBe(0);
  expect(t.steps.at(-1)).toBe(steps);
  for (const series of [t.trainLoss, t.testLoss, t.testAccuracy]) expect(series).toHaveLength(t.steps.length);
  expect(t.layers).toHaveLength(depth + 1);
  t.layers.forEach((l, i) => {
    expect(l.index).toBe(i);
    expect(l.fanOut).toBe(i < depth ? t.params.width : t.layers.at(-1)!.fanOut);
    expectHistogram(l.atInit.actHistogram);
    expectHistogram(l.atInit.gradHistogram);
  });
  expect(t.engine).toMatchObject({ backend: 'wasm', threads: 1 });
  expect(t.diverged).toBe(false);
  expect(t.final.trainLoss).toBe(t.trainLoss.at(-1));
  expect(numbersIn(t).every(Number.isFinite)).toBe(true);
}

describe('initlab sample', () => {
  it('--json prints the sample contract and the std it promises', () => {
    const r = json<SampleResult>(
      'sample',
      '--init',
      'he_normal',
      '--fan-in',
      '200',
      '--fan-out',
      '100',
      '--bins',
      '12',
    );
    expect(r).toMatchObject({ init: 'he_normal', fanIn: 200, fanOut: 100, seed: 1 });
    for (const k of ['gain', 'mean', 'std', 'min', 'max', 'expectedStd'] as const)
      expect(Number.isFinite(r[k])).toBe(true);
    expect(r.expectedStd).toBeCloseTo(Math.sqrt(2 / 200), 12);
    // 20 000 draws: the sample std is within a few standard errors (σ/√(2n)) of σ.
    expect(Math.abs(r.std - r.expectedStd)).toBeLessThan((5 * r.expectedStd) / Math.sqrt(2 * 20_000));
    expect(r.histogram.counts).toHaveLength(12);
    expectHistogram(r.histogram, 200 * 100);
    expect(r.orthogonalityError).toBeUndefined();
  });

  it('orthogonal reports its orthogonality error; the human output shows the key numbers and a histogram', () => {
    const r = json<SampleResult>('sample', '--init', 'orthogonal', '--fan-in', '32', '--fan-out', '32');
    expect(r.orthogonalityError).toBeLessThan(1e-4);
    const human = initlab('sample', '--init', 'orthogonal', '--fan-in', '32', '--fan-out', '32');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('orthogonality error');
    expect(human.stdout).toContain(`32 × 32`);
    expect(human.stdout).toContain('█');
  });
});

describe('initlab sample --in-channels --out-channels --kernel-size', () => {
  it('samples a convolution kernel and prints its layouts; a missing flag is exit 2 naming it', () => {
    const r = json<SampleResult>('sample', '--in-channels', '4', '--out-channels', '6', '--kernel-size', '5');
    expect([r.fanIn, r.fanOut]).toEqual([100, 150]);
    expect(r.conv?.pytorchShape).toEqual([6, 4, 5, 5]);
    const human = initlab('sample', '--in-channels', '4', '--out-channels', '6', '--kernel-size', '5');
    expect(human.stdout).toContain('PyTorch [6, 4, 5, 5], Keras [5, 5, 4, 6]');
    const bad = initlab('sample', '--in-channels', '4', '--kernel-size', '5');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--out-channels');
  });
});

describe('initlab trial', () => {
  it('--json prints a complete trial result for the given params', () => {
    const t = json<TrialResult>('trial', '--init', 'glorot_uniform', '--activation', 'tanh', ...SMALL);
    expect(Object.keys(t.params).sort()).toEqual(builtinKeys(TRIAL_FIELDS));
    expect(t.params).toMatchObject({ init: 'glorot_uniform', activation: 'tanh', depth: 3, width: 8, steps: 20 });
    expect(t.steps).toEqual([0, 5, 10, 15, 20]);
    expectTrialShape(t, 3, 20);
    expect(t.layers[0].checkpoints.map((c) => c.step)).toEqual([10, 20]);
  });

  it('is deterministic: the same flags give the same JSON apart from timing', () => {
    const strip = (t: TrialResult) => JSON.stringify({ ...t, timing: null });
    const a = json<TrialResult>('trial', '--seed', '7', ...SMALL);
    const b = json<TrialResult>('trial', '--seed', '7', ...SMALL);
    expect(strip(a)).toBe(strip(b));
  });

  it('prints a readable summary with the final numbers and a loss sparkline', () => {
    const t = json<TrialResult>('trial', ...SMALL);
    const r = initlab('trial', ...SMALL);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('he_normal');
    expect(r.stdout).toContain(String(Number(t.final.trainLoss!.toPrecision(4))));
    expect(r.stdout).toMatch(/[▁▂▃▄▅▆▇█]{5}/);
    expect(r.stdout).toContain('Per layer at init');
  });
});

describe('initlab trial/compare --widths', () => {
  it('builds one hidden layer per entry and says so in the summary', () => {
    const t = json<TrialResult>('trial', '--widths', '32,16,8', '--steps', '0');
    expect(t.params).toMatchObject({ widths: [32, 16, 8], depth: 3, width: 32 });
    expect(t.layers.map((l) => l.fanOut)).toEqual([32, 16, 8, 1]);
    expect(t.layers.map((l) => l.fanIn)).toEqual([2, 32, 16, 8]);
    expect(initlab('trial', '--widths', '32,16,8', '--steps', '0').stdout).toContain('mlp 32-16-8 relu');
    const c = json<CompareResult>('compare', '--inits', 'he_normal,orthogonal', '--widths', '12,6', '--steps', '0');
    expect(c.params.widths).toEqual([12, 6]);
    for (const trial of c.trials) expect(trial.layers.map((l) => l.fanOut)).toEqual([12, 6, 1]);
  });

  it('--residual-scale scales the branches of a residual model; on an mlp it exits 2 naming the flag', () => {
    const t = json<TrialResult>('trial', '--model', 'residual', '--residual-scale', 'rezero', '--steps', '0');
    expect(t.params.residualScale).toBe('rezero');
    expect(initlab('trial', '--model', 'residual', '--residual-scale', 'rezero', '--steps', '0').stdout).toContain(
      'residual 10×2×64 rezero relu',
    );
    const bad = initlab('trial', '--residual-scale', 'depth', '--steps', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--residual-scale needs --model=residual (it scales residual branches; got depth)');
  });

  it('--norm puts a norm layer before each hidden activation; batch norm on one row exits 2 naming both flags', () => {
    const t = json<TrialResult>('trial', '--norm', 'layer', '--depth', '3', '--steps', '0');
    expect(t.params.norm).toBe('layer');
    const bad = initlab('trial', '--norm', 'batch', '--batch-size', '1', '--steps', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--batch-size must be at least 2 with --norm=batch/);
    expect(bad.stderr).toMatch(/--norm=batch needs --batch-size 2 or more \(got 1\)/);
  });

  it('--parametrization mup --base-width rescales from the base; --base-width alone exits 2 naming it', () => {
    const t = json<TrialResult>('trial', '--parametrization', 'mup', '--base-width', '32', '--steps', '0');
    expect(t.params).toMatchObject({ parametrization: 'mup', baseWidth: 32 });
    const bad = initlab('trial', '--base-width', '32', '--steps', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--base-width applies to --parametrization=ntk or mup only');
  });

  it('a bad list or widths with --depth exits 2 naming --widths', () => {
    const bad = initlab('trial', '--widths', '32,0', '--steps', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--widths must be ${describeAllowed(TRIAL_FIELDS.widths)} (got '32,0')`);
    const both = initlab('compare', '--widths', '32,16', '--depth', '4', '--steps', '0');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--widths: depth given with widths: .*not both/);
  });
});

describe('initlab compare', () => {
  it('--json prints { params, trials, timing } with one trial per init, in order', () => {
    const inits = ['he_normal', 'lecun_normal', 'orthogonal'];
    const c = json<CompareResult>('compare', '--inits', inits.join(','), ...SMALL);
    expect(Object.keys(c).sort()).toEqual(['params', 'timing', 'trials']);
    expect(Object.keys(c.params).sort()).toEqual(builtinKeys(COMPARE_FIELDS));
    expect(c.params.inits).toEqual(inits);
    expect(c.trials.map((t) => t.params.init)).toEqual(inits);
    for (const t of c.trials) expectTrialShape(t, 3, 20);
    expect(c.timing.ms).toBeGreaterThanOrEqual(0);
  });

  it('prints one table row per init', () => {
    const r = initlab('compare', '--inits', 'he_normal,pytorch_default', ...SMALL);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^(he_normal|pytorch_default) /.test(l));
    expect(rows).toHaveLength(2);
  });
});

describe('initlab theory', () => {
  it('--json prints the grid: axes as asked, every field [σ_b²][σ_w²], the critical line per σ_b²', () => {
    const g = json<TheoryGrid>('theory', '--activation', 'tanh', '--sigma-w2-steps', '8', '--sigma-b2-steps', '3');
    expect(g.activation).toBe('tanh');
    expect(g.sigmaW2).toHaveLength(8);
    expect(g.sigmaB2).toHaveLength(3);
    expect(g.sigmaW2[0]).toBe(THEORY_FIELDS.sigmaW2Min.default);
    for (const field of [g.qStar, g.chi1, g.cStar, g.xiC, g.phase]) {
      expect(field).toHaveLength(3);
      for (const row of field) expect(row).toHaveLength(8);
    }
    expect(g.criticalLine.map((c) => c.sigmaB2)).toEqual(g.sigmaB2);
    // tanh without bias: q* = 0 below the transition, where χ₁ = σ_w² tanh'(0)² = σ_w², so the boundary is σ_w² = 1.
    expect(g.criticalLine[0].sigmaW2).toBeCloseTo(1, 6);
  });

  it('prints the phase map and the critical line', () => {
    const r = initlab('theory', '--activation', 'tanh', '--sigma-b2-max', '0', '--sigma-b2-steps', '1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('critical σ_w² (χ₁ = 1)');
    expect(r.stdout).toMatch(/^ +0 +1$/m);
    expect(r.stdout).toMatch(/│·+\|?#+$/m);
  });
});

describe('bad input', () => {
  /** Exit code 2, nothing on stdout, one `initlab: …` line per problem, no stack trace. */
  function expectUsageError(args: string[], ...patterns: RegExp[]) {
    const r = initlab(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(patterns.length);
    lines.forEach((line, i) => {
      expect(line).toMatch(/^initlab: /);
      expect(line).toMatch(patterns[i]);
    });
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }

  it('unknown flag: names it, suggests, lists the allowed flags', () => {
    expectUsageError(['trial', '--dpeth', '3'], /unknown flag --dpeth; did you mean --depth\?.*--batch-size/);
  });

  it('unknown init id: names the flag and every allowed id', () => {
    const allowed = INIT_IDS.join(', ');
    expectUsageError(['trial', '--init', 'xavier'], new RegExp(`--init must be one of ${allowed} \\(got 'xavier'\\)`));
  });

  it('out-of-range depth: names the flag and the range', () => {
    const range = describeAllowed(TRIAL_FIELDS.depth);
    expectUsageError(['trial', '--depth', '100'], new RegExp(`^initlab: ${flagName('depth')} must be ${range}`));
  });

  it('missing value: names the flag and what it takes', () => {
    expectUsageError(['sample', '--fan-in'], /--fan-in needs a value: an integer from 1 to 4096/);
  });

  it('unknown command: lists the commands', () => {
    expectUsageError(['trail'], /unknown command 'trail'; did you mean 'trial'\? commands: .*sample.*compare/);
  });

  it('several bad flags: one line each', () => {
    expectUsageError(['compare', '--inits', 'he_normal,nope', '--width', '0'], /--inits must be/, /--width must be/);
  });
});

describe('pipes', () => {
  it('a reader that stops early (| head) ends the output quietly, with exit code 0', async () => {
    // Large enough (≈ 0.8 MB) to outlast the pipe's buffer, so the writer does meet the closed end.
    const big = '--depth 30 --width 8 --steps 20 --checkpoint-every 5 --histogram-bins 100'.split(' ');
    const child = spawn(process.execPath, [BIN, 'trial', ...big, '--json']);
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('help', () => {
  it('lists the commands; each command has generated help on stdout with exit 0', () => {
    const top = initlab('--help');
    expect(top.code).toBe(0);
    for (const c of ['sample', 'trial', 'compare', 'theory', 'bench']) expect(top.stdout).toContain(`  ${c}`);
    const trial = initlab('trial', '--help');
    expect(trial.code).toBe(0);
    expect(trial.stdout).toContain('--batch-size N');
    expect(trial.stdout).toContain(describeAllowed(TRIAL_FIELDS.lr));
    expect(initlab('help', 'compare').stdout).toContain('--inits ID,ID,…');
    expect(trial.stdout).toContain('--widths N,N,…');
    expect(trial.stdout).toContain(describeAllowed(TRIAL_FIELDS.widths));
  });

  it('keeps every description in its column: a long flag spelling gets a line of its own', () => {
    const lines = initlab('trial', '--help').stdout.split('\n');
    const loss = lines.findIndex((l) => l.startsWith('  --loss '));
    expect(lines[loss].trim()).toBe('--loss auto|cross_entropy|mse');
    expect(lines[loss + 1]).toMatch(/^ {30}\S/);
    const optimizer = lines.findIndex((l) => l.startsWith('  --optimizer '));
    expect(lines[optimizer].trim()).toBe('--optimizer sgd|momentum|adam');
    // A description on the flag's own line starts at column 30, after the pad.
    for (const l of lines.filter((x) => /^ {2}--\S*(?: \S+)? {2,}\S/.test(x)))
      expect([l[29], l[30] === ' '], l).toEqual([' ', false]);
  });
});
