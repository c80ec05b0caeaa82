/** `initlab experiment` as a user runs it: a child process per invocation, the smallest settings where it trains. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXPERIMENT_NAMES, type ExperimentResult, type ExperimentSummary } from '../../src/index.ts';

const BIN = new URL('../../bin/initlab.js', import.meta.url).pathname;

function initlab(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'experiment', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('initlab experiment', () => {
  it('--list --json prints every experiment with its settings', () => {
    const r = initlab('--list', '--json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as ExperimentSummary[];
    expect(list.map((e) => e.name)).toEqual([...EXPERIMENT_NAMES]);
  });

  it('--list prints a readable table naming each experiment', () => {
    const r = initlab('--list');
    expect(r.code).toBe(0);
    for (const name of EXPERIMENT_NAMES) expect(r.stdout).toContain(name);
  });

  it('NAME --json prints the result only, with the flags applied', () => {
    const r = initlab('fixup2019', '--seeds', '1', '--blocks', '10', '--width', '16', '--steps', '50', '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as ExperimentResult;
    expect(result.name).toBe('fixup2019');
    expect(result.setup).toMatchObject({ seeds: 1, blocks: 10, width: 16, steps: 50 });
    expect(typeof result.holds).toBe('boolean');
  });

  it('NAME without --json prints the verdict, the rule and the evidence table', () => {
    const r = initlab('fixup2019', '--seeds', '1', '--blocks', '10', '--width', '16', '--steps', '50');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^experiment\s+fixup2019/m);
    expect(r.stdout).toContain('Decision rule (fixed before the run):');
    expect(r.stdout).toMatch(/output-variance\s+1\s+He: output std/);
  });

  it('exits 2 naming the flag: out of range, not a setting of that experiment, unknown or missing name', () => {
    const range = initlab('he2015', '--seeds', '99');
    expect(range.code).toBe(2);
    expect(range.stderr).toContain('--seeds must be an integer from 1 to 9');
    const foreign = initlab('he2015', '--blocks', '3');
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('blocks is not a setting of he2015');
    expect(initlab('hinton2006').stderr).toContain('glorot2010');
    const missing = initlab();
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('NAME');
    expect(range.stdout + foreign.stdout + missing.stdout).toBe('');
  });
});
