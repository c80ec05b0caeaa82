/** Human summaries of engine results: what a person wants to read first, with the JSON one flag away. */

import { describeDataset } from '../data/index.ts';
import {
  type CompareParams,
  hiddenWidths,
  isUserDataset,
  type ModelParams,
  type TrialParams,
} from '../params/index.ts';
import type { CompareResult, EngineInfo, LayerRecord, SampleResult, TrialResult } from '../result.ts';
import { finite, histogramBars, keyValues, ms, num, percent, SPARK_WIDTH, sparkline, table } from './format.ts';

export function formatSample(r: SampleResult): string {
  const pairs: [string, string][] = [
    ['init', r.init],
    r.conv
      ? [
          'shape',
          `conv ${r.conv.kernelSize}×${r.conv.kernelSize}, ${r.conv.inChannels} → ${r.conv.outChannels} channels: ` +
            `PyTorch [${r.conv.pytorchShape.join(', ')}], Keras [${r.conv.kerasShape.join(', ')}]`,
        ]
      : ['shape', `${r.fanIn} × ${r.fanOut} (fan-in × fan-out)`],
    ...(r.conv ? [['fans', `${r.fanIn} in, ${r.fanOut} out (channels × k²)`] as [string, string]] : []),
    ['gain', num(r.gain)],
    ['seed', String(r.seed)],
    ['mean', num(r.mean)],
    ['std', num(r.std)],
    ['expected std', num(r.expectedStd)],
    ['std / expected', r.expectedStd > 0 ? num(r.std / r.expectedStd) : '—'],
    ['min', num(r.min)],
    ['max', num(r.max)],
  ];
  if (r.orthogonalityError !== undefined) pairs.push(['orthogonality error', num(r.orthogonalityError)]);
  const builtin = r.tfjsBuiltin;
  if (builtin)
    pairs.push([
      'TF.js built-in std',
      `${num(builtin.std)} = ${num(builtin.stdRatio, 3)} × expected (${builtin.builtin}: truncated, uncorrected)`,
    ]);
  const torch = r.pytorchTruncNormal;
  if (torch)
    pairs.push([
      'PyTorch trunc_normal_',
      `${torch.call}: a, b = ∓2 are absolute, a cut at ±${num(torch.boundInStd, 3)}σ; std ${num(torch.std)}, max |w| ${num(torch.maxAbsInStd, 3)}σ`,
    ]);
  return `${keyValues(pairs)}\n\n${histogramBars(r.histogram)}`;
}

/** `mlp 10×64`, or each layer's units when they differ (`mlp 64-32-16`); residual widths are always equal, and a
 * branch scaling is named after the shape (`residual 8×2×64 skipinit`). */
function describeShape(p: ModelParams): string {
  const scaling = p.residualScale ? ` ${p.residualScale}` : '';
  if (p.model === 'residual') return `residual ${p.depth}×${p.blockSize}×${p.width}${scaling}`;
  return p.widths ? `mlp ${hiddenWidths(p).join('-')}` : `mlp ${p.depth}×${p.width}`;
}

export function describeModel(p: ModelParams): string {
  const model = describeShape(p);
  const gain = p.gain === 'default' ? '' : ` · gain ${p.gain}`;
  const norm = p.norm ? ` · ${p.norm} norm` : '';
  const param = p.parametrization ? ` · ${p.parametrization} from width ${p.baseWidth}` : '';
  return [
    `${model} ${p.activation}${norm}${param}${gain}`,
    describeData(p),
    `${p.optimizer} lr ${p.lr} · ${p.loss}`,
    `${p.steps} steps × batch ${p.batchSize}`,
    `seed ${p.seed}`,
  ].join(' · ');
}

/** A user dataset by the first 12 digits of its id (the JSON has all 64), with its split's sizes. */
function describeData(p: ModelParams): string {
  const d = describeDataset(p);
  const name = isUserDataset(d.id) ? `${d.id.slice(0, 17)}… (your CSV: ` : `${d.id} (`;
  return `${name}${d.nTrain} train / ${d.nTest} test)`;
}

export function describeEngine(e: EngineInfo, timing: { ms: number }): string {
  return `engine ${e.version} · tfjs ${e.tfjs} ${e.backend}${e.simd ? ' simd' : ''} · ${e.threads} thread${e.threads === 1 ? '' : 's'} · ${ms(timing.ms)}`;
}

/** First and last hidden layer, the numbers that show vanishing or exploding signal at a glance. */
function firstToLast(layers: readonly LayerRecord[], pick: (l: LayerRecord) => number | null): string {
  const hidden = layers.length > 1 ? layers.slice(0, -1) : layers;
  if (hidden.length === 0) return '—';
  return `${num(pick(hidden[0]), 3)} → ${num(pick(hidden[hidden.length - 1]), 3)}`;
}

/** One row per trial: final numbers, a loss sparkline on a scale shared by all rows, and the signal at init. */
export function trialsTable(trials: readonly TrialResult[], targetLoss: number): string {
  const all = trials.flatMap((t) => finite(t.trainLoss));
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const rows = trials.map((t) => [
    t.params.init,
    num(t.final.trainLoss),
    num(t.final.testLoss),
    percent(t.final.testAccuracy),
    t.diverged ? `diverged @${t.divergedAtStep}` : t.final.stepsToTarget === null ? '—' : String(t.final.stepsToTarget),
    firstToLast(t.layers, (l) => l.atInit.actStd),
    firstToLast(t.layers, (l) => l.atInit.gradNorm),
    sparkline(t.trainLoss, lo, hi, SPARK_WIDTH),
  ]);
  const headers = [
    'init',
    'train loss',
    'test loss',
    'test acc',
    `steps to ≤${targetLoss}`,
    'act std at init',
    'grad norm at init',
    'train loss curve',
  ];
  return table(headers, rows, ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left']);
}

/** How to read the sparklines: which steps, on what scale, how many steps per mark. */
export function curveCaption(trials: readonly TrialResult[]): string {
  const first = trials[0];
  if (!first) return '';
  const all = trials.flatMap((t) => finite(t.trainLoss));
  const scale = all.length ? `, scale ${num(Math.min(...all), 3)} (▁) to ${num(Math.max(...all), 3)} (█)` : '';
  const shared = trials.length > 1 ? ' shared by all rows' : '';
  const marks = Math.min(first.steps.length, SPARK_WIDTH);
  const perMark =
    marks < first.steps.length
      ? `one mark per ~${Math.round(first.steps.length / marks)} logged steps`
      : 'one mark per logged step';
  return `curve: train loss at steps ${first.steps[0] ?? 0}…${first.steps.at(-1) ?? 0}${scale}${shared}; ${perMark}; × = diverged`;
}

export function layersTable(layers: readonly LayerRecord[]): string {
  const rows = layers.map((l) => [
    String(l.index),
    `${l.fanIn}→${l.fanOut}`,
    num(l.atInit.weightStd),
    num(l.atInit.actMean),
    num(l.atInit.actStd),
    percent(l.atInit.fracDead),
    percent(l.atInit.fracSaturated),
    num(l.atInit.gradNorm),
    num(l.atInit.backGradStd),
  ]);
  const headers = ['layer', 'shape', 'weight std', 'act mean', 'act std', 'dead', 'saturated', '‖∂W‖', 'std ∂z'];
  return table(headers, rows, ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right']);
}

export function formatTrial(r: TrialResult): string {
  const p: TrialParams = r.params;
  return [
    `${p.init} · ${describeModel(p)}`,
    describeEngine(r.engine, r.timing),
    '',
    trialsTable([r], p.targetLoss),
    curveCaption([r]),
    '',
    'Per layer at init (last row: output layer; ‖∂W‖ weight-gradient norm, std ∂z back-propagated gradient std):',
    layersTable(r.layers),
  ].join('\n');
}

export function formatCompare(r: CompareResult): string {
  const p: CompareParams = r.params;
  const first = r.trials[0];
  return [
    `compare ${p.inits.length} inits · ${describeModel(p)}`,
    first ? describeEngine(first.engine, r.timing) : ms(r.timing.ms),
    '',
    trialsTable(r.trials, p.targetLoss),
    curveCaption(r.trials),
  ].join('\n');
}
