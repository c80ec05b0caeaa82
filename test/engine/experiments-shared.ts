/** Helpers of the experiment tests: run once per file, and check what every experiment result must satisfy. */
import { expect } from 'vitest';
import { type ExperimentResult, experimentDefinition, initBackend, runExperiment } from '../../src/index.ts';

/**
 * Experiments train hundreds of networks; the costliest default run (schoenholz2017) takes about 3.5 minutes of CPU,
 * and on a busy 2-core host wall-clock time has been 2–5× the CPU time.
 */
export const EXPERIMENT_TIMEOUT_MS = 1_200_000;

export async function run(name: string, overrides: Record<string, unknown> = {}): Promise<ExperimentResult> {
  await initBackend();
  return runExperiment(name, overrides);
}

/** Every number anywhere in the result is finite (JSON would silently turn NaN/Infinity into null). */
export function expectFiniteNumbers(value: unknown, path = 'result'): void {
  if (typeof value === 'number') expect(Number.isFinite(value), `${path} is ${value}`).toBe(true);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) expectFiniteNumbers(v, `${path}.${k}`);
}

/** The shape every experiment result shares, and the consistency of its verdict with its evidence. */
export function expectWellFormed(r: ExperimentResult, name: string): void {
  expect(r.name).toBe(name);
  expect(r.claim.length).toBeGreaterThan(20);
  expect(r.criteria.length).toBeGreaterThan(1);
  expect(r.history).toEqual(experimentDefinition(r.name).history);
  expect(r.checks.length).toBeGreaterThan(0);
  for (const c of r.checks) {
    expect(c.total).toBe(c.evidence.length);
    const passing = c.evidence.filter((e) => e.items.every((item) => item.pass)).length;
    expect(c.held).toBe(passing);
    expect(c.holds).toBe(c.total === 1 ? c.held === 1 : c.held * 2 > c.total);
    for (const e of c.evidence) expect(e.items.length).toBeGreaterThan(0);
  }
  expect(r.holds).toBe(r.checks.every((c) => c.holds));
  const rows = r.checks.flatMap((c) => c.evidence.flatMap((e) => e.items));
  expect(r.evidence.map(({ check: _c, seed: _s, ...item }) => item)).toEqual(rows);
  expect(r.verdict).toContain(r.holds ? 'holds here' : 'does not hold here');
  expectFiniteNumbers(r);
}

/** Check ids mapped to whether they held, for one readable assertion. */
export function verdicts(r: ExperimentResult): Record<string, boolean> {
  return Object.fromEntries(r.checks.map((c) => [c.id, c.holds]));
}

export function withoutTiming(r: ExperimentResult): string {
  return JSON.stringify({ ...r, timing: null });
}
