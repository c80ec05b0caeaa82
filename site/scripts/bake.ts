/**
 * Build-time bake: runs the engine in Node and writes the JSON the article and widgets read (site/src/baked/).
 * Every measured number on the site comes from here, never from the text. Engine parts that are not available
 * yet are skipped with a warning (the page then shows a dash, not a guess).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as engine from '../../src/index.ts';
import { BAKED_DIR, cached, pruneOtherEngines } from './bake-cache.ts';
import { BAKE_JOBS, type BakeJob } from './bake-jobs.ts';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = BAKED_DIR;
/** Public copies: widgets fetch them to export the baked default's data without recomputing it. */
const publicDir = join(here, '..', 'public', 'baked');
const wasmDir = join(here, '..', 'public', 'wasm');
const cacheDir = join(here, '..', '..', '.bake-cache');

async function main(): Promise<void> {
  const started = Date.now();
  await engine.initBackend();
  const committed = new Set(BAKE_JOBS.flatMap((job) => job.committed ?? []));
  for (const dir of [outDir, publicDir]) {
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(dir)) if (!committed.has(f)) rmSync(join(dir, f), { recursive: true, force: true });
  }
  copyWasm();
  pruneOtherEngines(cacheDir, ENGINE_KEY);
  const write = (name: string, value: unknown) => {
    const text = JSON.stringify(value);
    writeFileSync(join(outDir, `${name}.json`), text);
    writeFileSync(join(publicDir, `${name}.json`), text);
  };
  write('engine', engine.engineInfo());
  for (const job of BAKE_JOBS) await runJob(job, write);
  console.log(`[bake] done in ${Date.now() - started} ms`);
}

/** The browser fallback runs the engine on tfjs wasm; the site serves the .wasm files next to its pages. */
function copyWasm(): void {
  const dist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
  mkdirSync(wasmDir, { recursive: true });
  for (const f of readdirSync(dist).filter((n) => n.endsWith('.wasm'))) copyFileSync(join(dist, f), join(wasmDir, f));
}

/**
 * Cache key of the engine: its version plus a hash of its source, so a change that forgot to bump the version
 * still invalidates the bake (a stale number in the article would be worse than a slow build).
 */
function engineKey(): string {
  const src = join(here, '..', '..', 'src');
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(readFileSync(join(src, f)));
  return `${engine.ENGINE_VERSION}-${hash.digest('hex').slice(0, 12)}`;
}

const ENGINE_KEY = engineKey();

async function runJob(job: BakeJob, write: (name: string, value: unknown) => void): Promise<void> {
  const api = engine as unknown as Record<string, unknown>;
  const missing = job.needs.filter((fn) => typeof api[fn] !== 'function');
  if (missing.length) {
    console.warn(`[bake] skipped ${job.name}: engine lacks ${missing.join(', ')}`);
    return;
  }
  const t0 = Date.now();
  const value = job.committed
    ? await job.run(api)
    : await cached(cacheDir, ENGINE_KEY, job.name, job.params, () => job.run(api));
  write(job.name, value);
  console.log(`[bake] ${job.name} (${Date.now() - t0} ms)`);
}

await main();
