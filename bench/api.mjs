#!/usr/bin/env node
/**
 * `npm run bench:api`: the edge API's caching and coalescing, measured against a real `wrangler dev` that this script
 * starts (loopback only, fresh persisted state) and stops.
 *  1. cold start: process spawn → first answer, and → first wasm trial result
 *  2. one uncached trial vs 50 concurrent identical uncached requests (coalesced: target ≤ 1.5×)
 *  3. the site's default race, uncached, as an NDJSON stream: time to the first frame against time to the result
 *     (target: the first frame within 15 % of the result's time)
 *  4. 500 cached requests at concurrency 50 against 500 /health requests the same way (health does no work: the floor
 *     of wrangler dev on this machine), alternating rounds; target: cached p99 ≤ 1.5 × health p99
 *  5. a reader's CSV: upload and re-upload, then uncached trials on it against a built-in set of as many rows
 *  6. the worker bundle from `wrangler deploy --dry-run`, raw and gzip
 * Writes bench/results/api.json and prints a table.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { tsImport } from 'tsx/esm/api';
import { startWranglerDev } from '../scripts/wrangler-dev.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The design's reference trial: depth 10, width 64, batch 64, 160 SGD steps. */
const REFERENCE = 'init=he_normal&depth=10&width=64&batchSize=64&steps=160';

function quantile(sorted, q) {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

async function timed(url) {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${res.status} from ${url}: ${body.slice(0, 300)}`);
  return { ms, cache: res.headers.get('X-Cache'), body };
}

/** The site's default race request, from the site's own code (so the bench follows it when it changes). */
async function defaultRaceSearch() {
  const requests = await tsImport('../site/src/widgets/requests.ts', import.meta.url);
  const state = await tsImport('../site/src/widgets/state.ts', import.meta.url);
  return requests.toSearch(requests.raceRequest(state.defaults(state.RACE_STATE)));
}

/** One uncached streamed run: ms to the response, to the first frame and to the result line. */
async function streamTimes(url) {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { Accept: 'application/x-ndjson' } });
  if (!res.ok) throw new Error(`${res.status} from ${url}: ${(await res.text()).slice(0, 300)}`);
  const out = {
    headersMs: performance.now() - t0,
    firstFrameMs: null,
    resultMs: null,
    cache: res.headers.get('X-Cache'),
  };
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const type = JSON.parse(buffer.slice(0, nl)).type;
      buffer = buffer.slice(nl + 1);
      if (type === 'frame') out.firstFrameMs ??= performance.now() - t0;
      if (type === 'result') out.resultMs = performance.now() - t0;
      if (type === 'error') throw new Error('the stream ended with an error line');
      nl = buffer.indexOf('\n');
    }
  }
  return out;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `total` requests with at most `concurrency` in flight. */
async function pool(total, concurrency, task) {
  const out = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      out.push(await task());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

function bundleSize() {
  const out = mkdtempSync(join(tmpdir(), 'initlab-bundle-'));
  try {
    execFileSync(join(ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', out], {
      cwd: ROOT,
      stdio: 'pipe',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
    });
    let raw = 0;
    let gzip = 0;
    for (const f of readdirSync(out)) {
      if (!/\.(m?js|wasm)$/.test(f) || !statSync(join(out, f)).isFile()) continue;
      const bytes = readFileSync(join(out, f));
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    return { rawKiB: Math.round(raw / 1024), gzipKiB: Math.round(gzip / 1024) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const round1 = (x) => Number(x.toFixed(1));

function latency(samples) {
  const sorted = samples.map((r) => r.ms).sort((a, b) => a - b);
  return { p50Ms: round1(quantile(sorted, 0.5)), p99Ms: round1(quantile(sorted, 0.99)) };
}

async function measureColdStart(dev) {
  const first = await timed(`${dev.url}/api/v1/trials?${REFERENCE}&seed=900`);
  return {
    engine: JSON.parse(first.body).engine,
    coldStart: {
      spawnToReadyMs: Math.round(dev.readyAt - dev.startedAt),
      spawnToFirstWasmTrialMs: Math.round(performance.now() - dev.startedAt),
      firstTrialMs: Math.round(first.ms),
    },
  };
}

/** Warm isolate, uncached: one request alone, then 50 identical ones at once (fresh seeds: nothing cached). */
async function measureCoalescing(dev) {
  const single = await timed(`${dev.url}/api/v1/trials?${REFERENCE}&seed=901`);
  const burstUrl = `${dev.url}/api/v1/trials?${REFERENCE}&seed=902`;
  const t0 = performance.now();
  const burst = await Promise.all(Array.from({ length: 50 }, () => timed(burstUrl)));
  const burstMs = performance.now() - t0;
  return {
    singleUncachedMs: Math.round(single.ms),
    fiftyConcurrentIdenticalMs: Math.round(burstMs),
    ratio: Number((burstMs / single.ms).toFixed(2)),
    target: '≤ 1.5',
    distinctBodies: new Set(burst.map((r) => r.body)).size,
  };
}

/** The default race, uncached (three fresh seeds, one after another), as a stream. */
async function measureStream(dev, raceSearch) {
  const runs = [];
  for (const seed of [1001, 1002, 1003]) {
    const q = new URLSearchParams(raceSearch);
    q.set('seed', String(seed));
    runs.push(await streamTimes(`${dev.url}/api/v1/compare?${q}`));
  }
  return {
    runs: runs.length,
    firstFrameMs: Math.round(median(runs.map((r) => r.firstFrameMs))),
    resultMs: Math.round(median(runs.map((r) => r.resultMs))),
    ratio: Number(median(runs.map((r) => r.firstFrameMs / r.resultMs)).toFixed(3)),
    target: 'first frame ≤ 0.15 × result',
  };
}

/**
 * Cached results against health (no work: the floor of wrangler dev's proxy chain here), the same load the same way,
 * in alternating rounds so drift in the machine's load falls on both.
 */
async function measureCached(dev, raceSearch) {
  const urls = {
    trial: `${dev.url}/api/v1/trials?${REFERENCE}&seed=901`,
    race: `${dev.url}/api/v1/compare?${raceSearch}`,
    health: `${dev.url}/api/v1/health`,
  };
  const bytes = {};
  for (const [name, url] of Object.entries(urls)) bytes[name] = (await timed(url)).body.length; // warm, and cache
  await pool(200, 50, () => timed(urls.trial));
  const samples = { trial: [], race: [], health: [] };
  for (let round = 0; round < 2; round++)
    for (const name of ['health', 'trial', 'race'])
      samples[name].push(...(await pool(250, 50, () => timed(urls[name]))));
  const hits = [...samples.trial, ...samples.race].filter((r) => r.cache === 'HIT').length;
  const health = latency(samples.health);
  const trial = latency(samples.trial);
  const race = latency(samples.race);
  return {
    requests: 500,
    concurrency: 50,
    hits,
    trial: { ...trial, kiB: round1(bytes.trial / 1024), p99VsHealth: Number((trial.p99Ms / health.p99Ms).toFixed(2)) },
    race: { ...race, kiB: round1(bytes.race / 1024), p99VsHealth: Number((race.p99Ms / health.p99Ms).toFixed(2)) },
    health,
    target: 'cached p99 ≤ 1.5 × health p99',
  };
}

/** A CSV near the upload limit (2,000 rows × 16 features, ~200 KiB) from a fixed LCG, so every run uploads the same bytes. */
function benchCsv(rows = 2000, features = 16) {
  let x = 12345;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648 - 0.5;
  };
  const header = [...Array.from({ length: features }, (_, j) => `f${j}`), 'label'].join(',');
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const f = Array.from({ length: features }, () => next() * 4);
    lines.push([...f.map((v) => v.toFixed(4)), f[0] * f[1] > 0 ? 'a' : 'b'].join(','));
  }
  return lines.join('\n');
}

/**
 * A reader's CSV: the upload (parse, hash, KV write) and its repeat (already stored), then uncached reference trials on
 * it against the same trials on a built-in set of as many training rows, alternating: the cost of the user-data path.
 */
async function measureUserData(dev) {
  const csv = benchCsv();
  const post = async () => {
    const t0 = performance.now();
    const res = await fetch(`${dev.url}/api/v1/datasets`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv' },
      body: csv,
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`${res.status} from POST /api/v1/datasets: ${JSON.stringify(body).slice(0, 300)}`);
    return { ms: performance.now() - t0, status: res.status, body };
  };
  const first = await post();
  const again = await post();
  const user = [];
  const builtin = [];
  for (let seed = 910; seed < 913; seed++) {
    user.push((await timed(`${dev.url}/api/v1/trials?${REFERENCE}&seed=${seed}&dataset=${first.body.dataset}`)).ms);
    builtin.push((await timed(`${dev.url}/api/v1/trials?${REFERENCE}&seed=${seed}&trainSize=1600`)).ms);
  }
  const userMs = median(user);
  const builtinMs = median(builtin);
  return {
    kiB: round1(new TextEncoder().encode(csv).length / 1024),
    rows: first.body.rows,
    features: first.body.features,
    uploadMs: Math.round(first.ms),
    uploadStatus: first.status,
    reuploadMs: Math.round(again.ms),
    reuploadStatus: again.status,
    userTrialMs: Math.round(userMs),
    builtinTrialMs: Math.round(builtinMs),
    ratio: Number((userMs / builtinMs).toFixed(2)),
  };
}

function printRows(r) {
  const c = r.cached;
  const rows = [
    ['engine', `${r.engine.backend}, simd ${r.engine.simd}, threads ${r.engine.threads}`],
    ['cold start: spawn → ready', `${r.coldStart.spawnToReadyMs} ms`],
    [
      'cold start: spawn → first wasm trial',
      `${r.coldStart.spawnToFirstWasmTrialMs} ms (trial request ${r.coldStart.firstTrialMs} ms)`,
    ],
    ['one uncached reference trial', `${r.coalescing.singleUncachedMs} ms`],
    [
      '50 concurrent identical uncached',
      `${r.coalescing.fiftyConcurrentIdenticalMs} ms = ${r.coalescing.ratio}× (target ≤ 1.5×)`,
    ],
    [
      'default race, uncached, streamed',
      `first frame ${r.stream.firstFrameMs} ms, result ${r.stream.resultMs} ms = ${r.stream.ratio} (target ≤ 0.15)`,
    ],
    ['500 health at concurrency 50', `p50 ${c.health.p50Ms} ms, p99 ${c.health.p99Ms} ms (the floor)`],
    [
      `500 cached trial (${c.trial.kiB} KiB)`,
      `p50 ${c.trial.p50Ms} ms, p99 ${c.trial.p99Ms} ms = ${c.trial.p99VsHealth}× health p99 (target ≤ 1.5×)`,
    ],
    [
      `500 cached default race (${c.race.kiB} KiB)`,
      `p50 ${c.race.p50Ms} ms, p99 ${c.race.p99Ms} ms = ${c.race.p99VsHealth}× health p99; ${c.hits}/1000 HIT`,
    ],
    [
      `upload a ${r.userData.kiB} KiB CSV (${r.userData.rows}×${r.userData.features})`,
      `${r.userData.uploadMs} ms (${r.userData.uploadStatus}); again ${r.userData.reuploadMs} ms (${r.userData.reuploadStatus})`,
    ],
    [
      'uncached reference trial on it',
      `${r.userData.userTrialMs} ms vs ${r.userData.builtinTrialMs} ms on spiral with as many rows = ${r.userData.ratio}×`,
    ],
    ['worker bundle', `${r.bundle.rawKiB} KiB raw, ${r.bundle.gzipKiB} KiB gzip (target ≤ 1536 KiB gzip)`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
}

async function main() {
  const raceSearch = await defaultRaceSearch();
  const dev = await startWranglerDev({ timeoutMs: 120_000 });
  try {
    const result = { ...(await measureColdStart(dev)) };
    result.coalescing = await measureCoalescing(dev);
    result.stream = await measureStream(dev, raceSearch);
    result.cached = await measureCached(dev, raceSearch);
    result.userData = await measureUserData(dev);
    result.bundle = bundleSize();
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/results/api.json'), `${JSON.stringify(result, null, 2)}\n`);
    printRows(result);
  } finally {
    await dev.stop();
  }
}

await main();
