/** The benchmark's printed table: every figure with how it was measured, every target with its ratio and verdict. */
import { keyValues, ms, num, percent, table } from '../cli/format.ts';
import type { Summary } from './stats.ts';
import { peerRunOf, peerTimings, type TargetResult, vsTorch } from './targets.ts';
import type { BenchResult, PeerResult, RunTiming } from './types.ts';

export function formatMeasured(value: number | null, unit = ''): string {
  if (value === null) return '—';
  if (unit === '×') return `${value.toFixed(2)}×`;
  if (unit === 'MB') return `${value.toFixed(0)} MB`;
  return num(value, 3);
}

export function formatLimit(t: TargetResult): string {
  const limit = t.unit === '×' ? `${t.limit.toFixed(1)}×` : t.unit ? `${t.limit} ${t.unit}` : String(t.limit);
  return `${t.kind === 'at-most' ? '≤' : '≥'} ${limit}`;
}

export function targetsTable(targets: readonly TargetResult[]): string {
  const rows = targets.map((t) => [
    t.label,
    formatMeasured(t.measured, t.unit),
    formatLimit(t),
    t.verdict + (t.note ? ` (${t.note})` : ''),
  ]);
  return table(['target', 'measured', 'limit', 'verdict'], rows, ['left', 'right', 'right', 'left']);
}

function timeCell(s: Summary | undefined): string {
  return s ? `${ms(s.best)} (${ms(s.median)})` : '—';
}

export function runsTable(runs: readonly RunTiming[], peer: PeerResult): string {
  const rows = runs.map((r) => {
    const torch = peerTimings(peer, r.id);
    const bare = peerTimings(peer, r.id, true);
    return [
      r.label,
      r.flops === null ? '—' : num(r.flops, 3),
      timeCell(r.time.cpu),
      timeCell(r.time.wall),
      num(r.peakGflops, 3),
      num(r.flopEfficiency, 2),
      num(r.packedEfficiency, 2),
      timeCell(torch?.cpu),
      formatMeasured(vsTorch(r, peer), '×'),
      timeCell(bare?.cpu),
      formatMeasured(vsTorch(r, peer, true), '×'),
    ];
  });
  const headers = [
    'run',
    'FLOPs',
    'CPU',
    'wall',
    'peak GFLOP/s',
    'FLOP eff.',
    '(packed)',
    'PyTorch CPU',
    'vs PyTorch',
    'bare loop CPU',
    'vs bare',
  ];
  return table(headers, rows, ['left', ...headers.slice(1).map(() => 'right' as const)]);
}

/**
 * Did both sides do the same job? Same data, model, optimizer and schedule, independent random draws: the final
 * losses should be close, not equal. A far-off row means the peer's timing is of a different job.
 */
export function finalsTable(runs: readonly RunTiming[], peer: PeerResult): string | null {
  if (!peer.available) return null;
  const rows = runs.flatMap((r) => {
    const theirs = peer.final[peerRunOf(r.id)];
    return Object.entries(r.final).map(([init, ours]) => [
      r.id,
      init,
      `${num(ours.trainLoss, 3)} / ${num(theirs[init]?.trainLoss, 3)}`,
      `${percent(ours.testAccuracy)} / ${percent(theirs[init]?.testAccuracy)}`,
    ]);
  });
  return table(['run', 'init', 'final train loss (engine / PyTorch)', 'test acc (engine / PyTorch)'], rows, [
    'left',
    'left',
    'right',
    'right',
  ]);
}

export function matmulTable(result: BenchResult): string {
  const rows = result.matmul.map((m) => [
    m.label,
    m.ms.best.toFixed(4),
    m.ms.median.toFixed(4),
    m.gflops.toFixed(1),
    m.packed.ms.best.toFixed(4),
    m.packed.gflops.toFixed(1),
  ]);
  const headers = ['matmul (2-D, non-transposed)', 'best CPU ms', 'median', 'GFLOP/s', 'packed: ms', 'GFLOP/s'];
  return table(headers, rows, ['left', ...headers.slice(1).map(() => 'right' as const)]);
}

export function peerLine(peer: PeerResult): string {
  return peer.available
    ? `PyTorch peer: torch ${peer.torch}, ${peer.threads} thread, ${peer.python}`
    : `PyTorch peer: not available (${peer.reason})`;
}

function sameJob(r: BenchResult): string[] {
  const t = finalsTable(r.runs, r.peer);
  return t ? ['', 'Same job? Final losses of the last timed run (same data and schedule, independent draws):', t] : [];
}

export function formatBench(r: BenchResult): string {
  const e = r.engine;
  return [
    `initlab bench · engine ${e.version} · tfjs ${e.tfjs} ${e.backend}${e.simd ? ' simd' : ''} · ${e.threads} thread`,
    `${r.machine.cpus} × ${r.machine.cpuModel} · Node ${r.machine.node} · load ${r.machine.loadAverage.map((x) => x.toFixed(2)).join(' ')}`,
    `each time: best of ${r.settings.repeats} (median in brackets), after at least ${r.settings.warmup} warm-up run and ${r.settings.minWarmupMs / 1000} s of them`,
    `(${r.runs.map((run) => `${run.id} ${run.warmups}`).join(', ')}). Ratios and efficiency use CPU time: the process's own, which other`,
    'load on a shared machine does not inflate as it does wall time.',
    '',
    matmulTable(r),
    'Each product on new operands, as every product of a training step is: XNNPACK packs the right operand first.',
    '"packed": the same product again on an operand already packed, the arithmetic alone; no trial product runs so.',
    '',
    runsTable(r.runs, r.peer),
    "FLOP eff. = FLOPs ÷ the best new-operand GFLOP/s of the run's own shapes ÷ CPU time; (packed): against the",
    'packed GFLOP/s instead.',
    'PyTorch on compare-8: the 8 initializers trained one after another. "PyTorch": the same work as the trial',
    '(evaluation, per-layer statistics, divergence check); "bare loop": Sequential + optimizer over the same batches',
    'and nothing else, the loop one would write instead.',
    '',
    keyValues([
      ['compare-8 / single trial', formatMeasured(r.compareOverSingle, '×')],
      ['tensors and buffers leaked', String(r.leakedTensors)],
      [
        'compare-8 peak RSS',
        r.compareRss.peakMB === null
          ? `— (${r.compareRss.note})`
          : `${r.compareRss.peakMB.toFixed(0)} MB (fresh process)`,
      ],
    ]),
    peerLine(r.peer),
    ...sameJob(r),
    '',
    targetsTable(r.targets),
    `(${r.totalSeconds.toFixed(0)} s in all)`,
  ].join('\n');
}
