import { describe, expect, it } from 'vitest';
import { closest, errorsToFlagLines, parseArgs } from '../../src/cli/args.ts';
import { createProgress, progressBar, progressLine } from '../../src/cli/progress.ts';
import { commandUsage, valueHint } from '../../src/cli/usage.ts';
import {
  COMPARE_FIELDS,
  describeAllowed,
  flagName,
  normaliseCompareParams,
  normaliseTheoryParams,
  normaliseTrialParams,
  SAMPLE_FIELDS,
  THEORY_FIELDS,
  TRIAL_FIELDS,
} from '../../src/params/index.ts';

describe('parseArgs', () => {
  it('maps every field of a table to its kebab-case flag, with the value as given', () => {
    for (const [field, spec] of Object.entries(TRIAL_FIELDS)) {
      const argv = spec.kind === 'bool' ? [flagName(field)] : [flagName(field), 'v'];
      const parsed = parseArgs(argv, TRIAL_FIELDS);
      expect(parsed.errors).toEqual([]);
      expect(parsed.input).toEqual({ [field]: spec.kind === 'bool' ? true : 'v' });
    }
  });

  it('accepts --flag=value, negative numbers as values, bare booleans, --json and --help', () => {
    const parsed = parseArgs(['--depth=3', '--value', '-0.5', '--truncated', '--json', '-h'], TRIAL_FIELDS);
    expect(parsed).toEqual({
      input: { depth: '3', value: '-0.5', truncated: true },
      json: true,
      stream: false,
      help: true,
      errors: [],
    });
    expect(parseArgs(['--stream', '--depth', '2'], TRIAL_FIELDS)).toMatchObject({ stream: true, json: false });
    expect(parseArgs(['--truncated=false'], TRIAL_FIELDS).input).toEqual({ truncated: 'false' });
  });

  it('feeds a coercing normaliser so flags mean what the API query means', () => {
    const argv = ['--inits', 'he_normal,orthogonal', '--depth', '4', '--gain', 'auto', '--truncated'];
    const parsed = parseArgs(argv, COMPARE_FIELDS);
    const fromFlags = normaliseCompareParams(parsed.input, true);
    const direct = normaliseCompareParams({
      inits: ['he_normal', 'orthogonal'],
      depth: 4,
      gain: 'auto',
      truncated: true,
    });
    expect(fromFlags).toEqual(direct);
  });

  it('reports an unknown flag with a suggestion and the allowed flags', () => {
    const errors = parseArgs(['--dept', '3'], TRIAL_FIELDS).errors;
    expect(errors).toHaveLength(1);
    const [line] = errors;
    expect(line).toMatch(/^unknown flag --dept; did you mean --depth\?/);
    expect(line).toContain('--batch-size');
    expect(line).toContain('--json');
  });

  it('reports a missing value with the allowed values, at the end or before another flag', () => {
    expect(parseArgs(['--depth'], TRIAL_FIELDS).errors).toEqual([
      `--depth needs a value: ${describeAllowed(TRIAL_FIELDS.depth)}`,
    ]);
    expect(parseArgs(['--width', '--json'], TRIAL_FIELDS).errors[0]).toMatch(/^--width needs a value/);
  });

  it('rejects repeated flags and stray arguments, one message each', () => {
    const errors = parseArgs(['--depth', '2', 'oops', '--depth', '3'], TRIAL_FIELDS).errors;
    expect(errors).toEqual(['--depth is given more than once', "unexpected argument 'oops'"]);
  });

  it('fills an operand field from a bare argument and requires it unless optional', () => {
    const table = { name: { kind: 'enum', values: ['a', 'b'], doc: 'd' } } as const;
    expect(parseArgs(['b'], table, { field: 'name' }).input).toEqual({ name: 'b' });
    expect(parseArgs([], table, { field: 'name' }).errors).toEqual(['NAME is missing: one of a, b']);
    expect(parseArgs([], table, { field: 'name', optional: true }).errors).toEqual([]);
  });
});

describe('errorsToFlagLines', () => {
  it('turns each field error into a line that starts with the flag and says the allowed range and the input', () => {
    const input = { depth: '100', init: 'xavier', batchSize: '0' };
    const r = normaliseTrialParams(input, true);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = errorsToFlagLines(r.errors, TRIAL_FIELDS, input);
    expect(lines).toHaveLength(3);
    expect(lines).toContain(`--depth must be ${describeAllowed(TRIAL_FIELDS.depth)} (got '100')`);
    expect(lines).toContain(`--batch-size must be ${describeAllowed(TRIAL_FIELDS.batchSize)} (got '0')`);
    expect(lines.find((l) => l.startsWith('--init must be one of'))).toContain('he_normal');
  });

  it('rewrites field names inside cross-field messages without touching longer flags', () => {
    const input = { sigmaW2Min: '3', sigmaW2Max: '1' };
    const r = normaliseTheoryParams(input, true);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(errorsToFlagLines(r.errors, THEORY_FIELDS, input)).toEqual([
      "--sigma-w2-max must be ≥ --sigma-w2-min (got '1')",
    ]);
    const fixup = normaliseTrialParams({ init: 'fixup' }, true);
    if (fixup.ok) throw new Error('fixup on an mlp must be refused');
    expect(errorsToFlagLines(fixup.errors, TRIAL_FIELDS, { init: 'fixup' })[0]).toMatch(
      /^fixup needs --model=residual/,
    );
    const teacher = [{ path: 'teacherDepth', message: 'teacherDepth must be fine' }];
    expect(errorsToFlagLines(teacher, TRIAL_FIELDS, {})).toEqual(['--teacher-depth must be fine']);
  });
});

describe('closest', () => {
  it('suggests within two edits only', () => {
    expect(closest('--widht', ['--width', '--depth'])).toBe('--width');
    expect(closest('--zzzzzz', ['--width', '--depth'])).toBeUndefined();
  });
});

describe('usage', () => {
  it('lists every flag of the table with its allowed values and default', () => {
    const text = commandUsage('sample', {
      summary: 'draw',
      fields: SAMPLE_FIELDS,
      normalise: () => ({ ok: false, errors: [] }),
      run: async () => ({ json: null, human: '' }),
    });
    for (const [field, spec] of Object.entries(SAMPLE_FIELDS)) {
      expect(text).toContain(flagName(field));
      if (spec.kind !== 'bool') expect(text).toContain(describeAllowed(spec));
    }
    expect(text).toMatch(/--truncated +\*_normal inits.*\n +a switch: give it to turn it on/);
    expect(text).toContain('default 256');
    expect(valueHint(SAMPLE_FIELDS.truncated)).toBe('');
    expect(valueHint(SAMPLE_FIELDS.gain)).toBe('X|default|auto');
  });
});

describe('progress', () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { isTTY, columns: 200, chunks, write: (c: string) => chunks.push(c) };
  };

  it('stays silent before the delay and on a pipe, draws one erasable line on a terminal after it', () => {
    let t = 0;
    const tty = sink(true);
    const p = createProgress(tty, 'trial', { delayMs: 1000, intervalMs: 0, now: () => t });
    p.update(1, 10);
    expect(tty.chunks).toEqual([]);
    t = 1500;
    p.update(5, 10);
    expect(tty.chunks).toHaveLength(1);
    expect(tty.chunks[0]).toContain('5/10');
    p.finish();
    expect(tty.chunks.at(-1)).toBe('\r\x1b[2K');
    const pipe = sink(false);
    const q = createProgress(pipe, 'trial', { delayMs: 0, intervalMs: 0, now: () => t });
    q.update(5, 10);
    q.finish();
    expect(pipe.chunks).toEqual([]);
  });

  it('renders a bar proportional to progress', () => {
    expect(progressBar(0.5, 10)).toBe('█████░░░░░');
    expect(progressBar(Number.NaN, 4)).toBe('░░░░');
    expect(progressLine('x', 3, 4, 3000)).toContain(' 75%  3.0 s, ~1 s left');
    expect(progressLine('stage', 0, 1, 500)).toBe('stage…  0.5 s');
  });
});
