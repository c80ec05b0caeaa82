/**
 * The experiments bake: the six paper reproductions at their default settings, as `{ [name]: result }` without
 * `timing`. They take minutes of CPU, so their result is committed (site/src/baked/experiments.json) with a
 * source key per experiment beside it (experiments.keys.json). A build reuses an experiment's stored result while
 * its key matches and reruns only the experiments whose code, or anything that code imports, has changed — on a fresh
 * checkout as on a developer's machine, with no separate cache to warm.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ENGINE_VERSION,
  EXPERIMENT_NAMES,
  type ExperimentName,
  type ExperimentResult,
  runExperiment,
  TFJS_VERSION,
} from '../../src/index.ts';
// The stored shape is the one the article reads back.
import type { BakedExperiment, BakedExperiments } from '../src/lib/experiments.ts';

/** What the stored result of one experiment was computed from, and a hash of that result as stored. */
interface StoredKey {
  source: string;
  result: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const SRC = resolve(here, '..', '..', 'src');
const EXPERIMENTS_DIR = join(SRC, 'experiments');

export const EXPERIMENTS_FILE = 'experiments.json';
export const EXPERIMENT_KEYS_FILE = 'experiments.keys.json';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** Relative imports and re-exports of one TypeScript file (the engine imports local files with their extension). */
function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.\.?\/[^'"]+)['"]/g)].map((m) => m[1]);
  return specs.map((s) => resolve(dirname(file), s)).filter((f) => f.endsWith('.ts') && existsSync(f));
}

/**
 * Every engine file an experiment's result depends on: the registry (which runs it and writes its verdict) and the
 * experiment's own definition, with everything they import — but not the other experiments' definitions, so that
 * changing one experiment reruns only that one.
 */
export function experimentSources(name: ExperimentName): string[] {
  const others = new Set(EXPERIMENT_NAMES.filter((n) => n !== name).map((n) => join(EXPERIMENTS_DIR, `${n}.ts`)));
  const seen = new Set<string>();
  const stack = [join(EXPERIMENTS_DIR, 'index.ts'), join(EXPERIMENTS_DIR, `${name}.ts`)];
  while (stack.length) {
    const file = stack.pop() as string;
    if (seen.has(file) || others.has(file)) continue;
    seen.add(file);
    stack.push(...localImports(file));
  }
  return [...seen].sort();
}

/** The source key of one experiment: the engine and tfjs versions, and the text of every file it depends on. */
export function experimentSourceKey(name: ExperimentName): string {
  const hash = createHash('sha256').update(JSON.stringify([name, ENGINE_VERSION, TFJS_VERSION]));
  for (const file of experimentSources(name)) hash.update(relative(SRC, file)).update(readFileSync(file));
  return hash.digest('hex');
}

/**
 * The keys of the code this process loaded: taken at import, before any run, so that a source edited while the bake
 * runs leaves a key that no longer matches, and the next bake reruns that experiment.
 */
const SOURCE_KEYS_AT_LOAD = new Map(EXPERIMENT_NAMES.map((name) => [name, experimentSourceKey(name)]));

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Write through a temporary file, so a concurrent build or an interrupted one never sees half a file. */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

function withoutTiming(result: ExperimentResult): BakedExperiment {
  const { timing: _timing, ...rest } = result;
  return rest;
}

/**
 * Run (or reuse) every experiment and store the results and their keys in `dir`. A stored result is reused only
 * when its source key matches and its own hash proves it is the result that key was written for.
 */
export async function bakeExperiments(dir: string, log: (line: string) => void): Promise<Required<BakedExperiments>> {
  const stored = readJson<BakedExperiments>(join(dir, EXPERIMENTS_FILE)) ?? {};
  const storedKeys = readJson<Partial<Record<ExperimentName, StoredKey>>>(join(dir, EXPERIMENT_KEYS_FILE)) ?? {};
  const results: BakedExperiments = {};
  const keys: Partial<Record<ExperimentName, StoredKey>> = {};
  // Saved after every run, so an interrupted bake keeps the experiments it finished (each with its own key).
  const save = () => {
    const pick = <T>(done: Partial<Record<ExperimentName, T>>, old: Partial<Record<ExperimentName, T>>) =>
      Object.fromEntries(EXPERIMENT_NAMES.flatMap((n) => (n in done ? [[n, done[n]]] : n in old ? [[n, old[n]]] : [])));
    writeAtomically(join(dir, EXPERIMENTS_FILE), JSON.stringify(pick(results, stored)));
    writeAtomically(join(dir, EXPERIMENT_KEYS_FILE), `${JSON.stringify(pick(keys, storedKeys), null, 2)}\n`);
  };
  for (const name of EXPERIMENT_NAMES) {
    const source = SOURCE_KEYS_AT_LOAD.get(name) as string;
    const previous = stored[name];
    const key = storedKeys[name];
    if (previous && key?.source === source && key.result === sha(JSON.stringify(previous))) {
      results[name] = previous;
      keys[name] = key;
      log(`experiments/${name}: stored result is current`);
      continue;
    }
    const t0 = Date.now();
    const result = withoutTiming(await runExperiment(name));
    results[name] = result;
    keys[name] = { source, result: sha(JSON.stringify(result)) };
    save();
    log(`experiments/${name}: ran in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  save();
  return results as Required<BakedExperiments>;
}
