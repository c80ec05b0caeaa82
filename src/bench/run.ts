/**
 * `initlab bench`: times the reference trial, the width-256 trial and the compare of the 8 standard initializers
 * against the matmul peak measured in this run (and, when available, against PyTorch on one thread), counts leaked
 * tensors and takes the compare's peak RSS in a fresh process. Every timing is best and median of several repeats
 * after a warm-up, on the process's CPU clock and the wall clock: the machine is shared, noise only ever adds time, and
 * other processes' load adds wall time that is not the engine's.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../backend.ts';
import { makeDataset } from '../data/index.ts';
import type { CompareParams, TrialParams } from '../params/index.ts';
import type { CompareResult, TrialResult } from '../result.ts';
import {
  checkpointSteps,
  EVAL_TRAIN_ROWS,
  estimateCompareFlops,
  estimateTrialFlops,
  liveArrays,
  logSteps,
  runCompare,
  runTrial,
} from '../train/index.ts';
import { fasterPeaks, type MatmulPeak, measureMatmul, REFERENCE_SHAPE, shapeLabel, trialShapes } from './matmul.ts';
import { type PeerJob, type PeerRun, runPeer } from './peer.ts';
import { flopEfficiency, ratio, summarize, timeRepeated } from './stats.ts';
import { evaluate, TARGETS, vsTorch } from './targets.ts';
import type { BenchResult, PeerResult, RunTiming } from './types.ts';
import { compareOfEight, referenceTrial, wideTrial } from './workloads.ts';

export interface BenchOptions {
  warmup: number;
  repeats: number;
  skipPeer: boolean;
  onProgress?: (done: number, total: number, label: string) => void;
}

const ROOT = new URL('../../', import.meta.url);

function matmulPeaks(widths: readonly number[], batch: number): MatmulPeak[] {
  const shapes = [...widths.flatMap((w) => trialShapes(batch, w)), REFERENCE_SHAPE];
  const unique = [...new Map(shapes.map((s) => [shapeLabel(s), s])).values()];
  return unique.map((s) => measureMatmul(s));
}

interface Peak {
  /** New operands (the peak a trial can reach). */
  gflops: number;
  /** Operands already packed (arithmetic alone). */
  packedGflops: number;
}

/** The best GFLOP/s among a run's own product shapes, both ways. */
function peakFor(peaks: readonly MatmulPeak[], batch: number, width: number): Peak | null {
  const labels = new Set(trialShapes(batch, width).map(shapeLabel));
  const own = peaks.filter((p) => labels.has(p.label));
  if (!own.length) return null;
  return { gflops: Math.max(...own.map((p) => p.gflops)), packedGflops: Math.max(...own.map((p) => p.packed.gflops)) };
}

/** The settings a reader needs to reproduce a run with the CLI (the rest are defaults). */
function describeWorkload(p: TrialParams | CompareParams): Record<string, unknown> {
  const inits = 'inits' in p ? { inits: p.inits } : { init: p.init };
  return {
    ...inits,
    depth: p.depth,
    width: p.width,
    activation: p.activation,
    dataset: p.dataset,
    optimizer: p.optimizer,
    lr: p.lr,
    batchSize: p.batchSize,
    steps: p.steps,
  };
}

interface Workload {
  id: RunTiming['id'];
  label: string;
  params: TrialParams | CompareParams;
  flops: number;
  run: (onProgress: (done: number, total: number) => void) => Promise<TrialResult | CompareResult>;
}

function finalsOf(result: TrialResult | CompareResult): RunTiming['final'] {
  const trials = 'trials' in result ? result.trials : [result];
  return Object.fromEntries(
    trials.map((t) => [
      t.params.init,
      { trainLoss: t.final.trainLoss, testLoss: t.final.testLoss, testAccuracy: t.final.testAccuracy },
    ]),
  );
}

type Timed = Omit<RunTiming, 'peakGflops' | 'flopEfficiency' | 'packedPeakGflops' | 'packedEfficiency'>;

/**
 * Warm-up lasts at least this long as well as `--warmup` runs. V8 keeps optimising a trial's hot functions on
 * background threads for its first second or two, and the process CPU clock counts those threads: measured on the
 * reference trial (~210 ms), runs 2–5 of a fresh process took 30–50 ms more CPU than wall time, runs 6 on 2–5 ms.
 */
export const MIN_WARMUP_MS = 2000;

async function timeRun(w: Workload, opts: BenchOptions): Promise<Timed> {
  const engineMs: number[] = [];
  let final: RunTiming['final'] = {};
  const { warmups, ...time } = await timeRepeated(
    async (warming) => {
      const label = `${w.label}, ${warming ? 'warm-up' : `run ${engineMs.length + 1} of ${opts.repeats}`}`;
      const result = await w.run((done, total) => opts.onProgress?.(done, total, label));
      if (!warming) engineMs.push(result.timing.ms);
      final = finalsOf(result);
    },
    { ...opts, minWarmupMs: MIN_WARMUP_MS },
  );
  return {
    id: w.id,
    label: w.label,
    settings: describeWorkload(w.params),
    flops: w.flops,
    time,
    warmups,
    engineMs: summarize(engineMs),
    final,
  };
}

/** A run's FLOP efficiency against the peak of its own product shapes, both ways. */
function withEfficiency(run: Timed, flops: number, peak: Peak | null): RunTiming {
  const cpu = run.time.cpu.best;
  return {
    ...run,
    peakGflops: peak?.gflops ?? null,
    flopEfficiency: peak ? flopEfficiency(flops, cpu, peak.gflops) : null,
    packedPeakGflops: peak?.packedGflops ?? null,
    packedEfficiency: peak ? flopEfficiency(flops, cpu, peak.packedGflops) : null,
  };
}

function compareRss(): BenchResult['compareRss'] {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('rss-child.ts', import.meta.url))],
    {
      cwd: fileURLToPath(ROOT),
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  if (child.status !== 0) return { peakMB: null, note: `child failed: ${child.stderr.trim().split('\n').at(-1)}` };
  return { peakMB: (JSON.parse(child.stdout) as { peakMB: number }).peakMB };
}

/** What the peer must do for one run: the trial's params and the engine's own evaluation schedule. */
function peerRun(id: PeerRun['id'], p: TrialParams, inits: PeerRun['inits']): PeerRun {
  return {
    id,
    inits,
    trial: p,
    logSteps: logSteps(p.steps, p.logEvery),
    checkpointSteps: [0, ...checkpointSteps(p.steps, p.checkpointEvery)],
    evalTrainRows: Math.min(p.trainSize, EVAL_TRAIN_ROWS),
  };
}

async function peerJob(opts: BenchOptions, reference: TrialParams, wide: TrialParams, compare: CompareParams) {
  const data = await makeDataset(reference);
  const job: PeerJob = {
    warmup: opts.warmup,
    repeats: opts.repeats,
    data: {
      inputDim: data.inputDim,
      outputDim: data.outputDim,
      task: data.task,
      xTrain: [...data.xTrain],
      yTrain: [...data.yTrain],
      xTest: [...data.xTest],
      yTest: [...data.yTest],
    },
    runs: [
      peerRun('reference', reference, [reference.init]),
      peerRun('wide', wide, [wide.init]),
      peerRun('sequential8', reference, compare.inits),
    ],
  };
  return job;
}

function targetResults(runs: RunTiming[], peer: PeerResult, leaked: number, rss: BenchResult['compareRss']) {
  const [ref, wide, compare] = runs;
  const noPeer = peer.available ? undefined : 'no PyTorch peer';
  return [
    evaluate(TARGETS.referenceVsTorch, vsTorch(ref, peer), noPeer),
    evaluate(TARGETS.compareVsTorch, vsTorch(compare, peer), noPeer),
    evaluate(TARGETS.wideVsTorch, vsTorch(wide, peer), noPeer),
    evaluate(TARGETS.wideEfficiency, wide.flopEfficiency),
    evaluate(TARGETS.referenceVsBare, vsTorch(ref, peer, true), noPeer),
    evaluate(TARGETS.compareVsBare, vsTorch(compare, peer, true), noPeer),
    evaluate(TARGETS.wideVsBare, vsTorch(wide, peer, true), noPeer),
    evaluate(TARGETS.referenceEfficiency, ref.flopEfficiency),
    evaluate(TARGETS.compareEfficiency, compare.flopEfficiency),
    evaluate(TARGETS.leakedTensors, leaked),
    evaluate(TARGETS.comparePeakRss, rss.peakMB, rss.note),
  ];
}

export async function runBench(opts: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const stage = (label: string) => opts.onProgress?.(0, 1, label);
  const engine = await initBackend();
  const [reference, wide, compare] = [referenceTrial(), wideTrial(), compareOfEight()];
  const workloads: Workload[] = [
    {
      id: 'reference',
      label: 'reference trial (depth 10, width 64)',
      params: reference,
      flops: estimateTrialFlops(reference),
      run: (onProgress) => runTrial(reference, { onProgress }),
    },
    {
      id: 'wide',
      label: 'width-256 trial',
      params: wide,
      flops: estimateTrialFlops(wide),
      run: (onProgress) => runTrial(wide, { onProgress }),
    },
    {
      id: 'compare8',
      label: 'compare-8 (one shared loop)',
      params: compare,
      flops: estimateCompareFlops(compare),
      run: (onProgress) => runCompare(compare, { onProgress }),
    },
  ];
  const arraysBefore = liveArrays();

  const widths = [reference.width, wide.width];
  stage('matmul peak');
  const peaksBefore = matmulPeaks(widths, reference.batchSize);
  const timed: Timed[] = [];
  for (const w of workloads) timed.push(await timeRun(w, opts));
  stage('matmul peak, again');
  const matmul = fasterPeaks(peaksBefore, matmulPeaks(widths, reference.batchSize));
  const runs = timed.map((r, i) => {
    const { params, flops } = workloads[i];
    return withEfficiency(r, flops, peakFor(matmul, params.batchSize, params.width));
  });
  const leakedTensors = liveArrays() - arraysBefore;

  stage('compare-8 peak RSS (fresh process)');
  const rss = compareRss();
  stage('PyTorch peer (the same trials in PyTorch, 1 thread)');
  const peer: PeerResult = opts.skipPeer
    ? { available: false, reason: 'skipped with --skip-peer' }
    : runPeer(await peerJob(opts, reference, wide, compare));

  return {
    engine,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      loadAverage: loadavg(),
    },
    date: new Date().toISOString(),
    settings: { warmup: opts.warmup, repeats: opts.repeats, minWarmupMs: MIN_WARMUP_MS },
    matmul,
    runs,
    compareOverSingle: ratio(runs[2].time.cpu.best, runs[0].time.cpu.best),
    leakedTensors,
    compareRss: rss,
    peer,
    targets: targetResults(runs, peer, leakedTensors, rss),
    totalSeconds: (performance.now() - started) / 1000,
  };
}
