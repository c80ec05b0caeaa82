/** `initlab trial|compare --stream`: the API's NDJSON lines on stdout, the last one the `--json` result. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { CompareResult, RunFrame, TrialResult } from '../../src/index.ts';

const BIN = new URL('../../bin/initlab.js', import.meta.url).pathname;

function initlab(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SMALL = '--depth 2 --width 8 --steps 30 --log-every 10 --checkpoint-every 15 --train-size 128'.split(' ');
const untimed = (v: unknown) => JSON.stringify(v, (k, x) => (k === 'timing' ? null : x));

describe('initlab --stream', () => {
  it('compare: a start line, a frame per logged step or checkpoint, then exactly the --json result', () => {
    const args = ['compare', '--inits', 'he_normal,glorot_uniform', ...SMALL];
    const r = initlab(...args, '--stream');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].type).toBe('start');
    expect(lines[0].params.inits).toEqual(['he_normal', 'glorot_uniform']);
    expect(lines[0].engine.backend).toBe('wasm');
    const last = lines.at(-1);
    expect(last.type).toBe('result');
    const plain = JSON.parse(initlab(...args, '--json').stdout) as CompareResult;
    expect(untimed(last.result)).toBe(untimed(plain));
    const frames = lines.slice(1, -1) as RunFrame[];
    expect(frames.every((f) => f.type === 'frame')).toBe(true);
    expect(frames.map((f) => f.step)).toEqual([0, 10, 15, 20, 30]);
    const logged = frames.filter((f) => f.trials[0] && 'trainLoss' in f.trials[0]);
    expect(logged.map((f) => f.trials[1]!.trainLoss)).toEqual(plain.trials[1].trainLoss);
  });

  it('trial: the same lines for one init; theory does not stream (exit 2, nothing on stdout)', () => {
    const r = initlab('trial', '--init', 'he_normal', ...SMALL, '--stream');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    const result = lines.at(-1).result as TrialResult;
    expect(lines.filter((l) => l.type === 'frame').map((l) => l.step)).toEqual([0, 10, 15, 20, 30]);
    expect(result.boundaryCheckpoints.map((b) => b.step)).toEqual([15, 30]);
    const theory = initlab('theory', '--activation', 'tanh', '--stream');
    expect(theory.code).toBe(2);
    expect(theory.stdout).toBe('');
    expect(theory.stderr).toContain('--stream');
  });
});
