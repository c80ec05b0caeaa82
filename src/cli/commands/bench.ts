import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatBench } from '../../bench/report.ts';
import { type BenchOptions, runBench } from '../../bench/run.ts';
import { type FieldTable, parseTable } from '../../index.ts';
import { defineCommand } from '../command.ts';

const fields = {
  warmup: { kind: 'int', min: 0, max: 5, default: 1, doc: 'untimed runs before each measurement' },
  repeats: { kind: 'int', min: 1, max: 20, default: 3, doc: 'timed runs per measurement (best and median reported)' },
  skipPeer: { kind: 'bool', default: false, doc: 'do not run the PyTorch peer even if torch is importable' },
} as const satisfies FieldTable;

const RESULTS = new URL('../../../bench/results/', import.meta.url);

export default defineCommand<Omit<BenchOptions, 'onProgress'>>({
  summary: 'Benchmark the engine: trial times vs matmul peak and PyTorch, compare-8 sharing, leaks, peak RSS',
  fields,
  normalise(input) {
    const parsed = parseTable(fields, input, true);
    return parsed.ok ? { ok: true, params: parsed.data as unknown as Omit<BenchOptions, 'onProgress'> } : parsed;
  },
  async run(params, { progress }) {
    const result = await runBench({
      ...params,
      onProgress: (done, total, label) => progress.update(done, total, label),
    });
    mkdirSync(RESULTS, { recursive: true });
    const file = new URL('bench.json', RESULTS);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    return { json: result, human: `${formatBench(result)}\nwritten to ${fileURLToPath(file)}` };
  },
  examples: ['initlab bench', 'npm run bench -- --repeats 5', 'initlab bench --skip-peer --json'],
});
