/**
 * The machine's matmul peak, measured in the same process, on the same backend and through the same kernel calls as
 * the trials, with the products the trials actually do: 2-D, non-transposed, [B×W]·[W×W] (forward, normal orientation),
 * [W×W]·[W×B] (forward and input gradient, transposed orientation) and [W×B]·[B×W] (weight gradient), plus a 512³
 * reference. FLOP efficiency divides by the best of them, so it is honest about what this machine can do right now,
 * not about a datasheet.
 *
 * Each shape is timed two ways. XNNPACK, which runs these products, first packs the right operand into its own panel
 * layout, and tfjs keeps that packing for as long as the operand tensor lives.
 * - `ms`/`gflops`, new operands: every product gets a right operand it has never seen, packs it, and frees the packing
 *   with the operand — what every product of a training step does, since each step's weights, activations and deltas
 *   are new. This is the peak a trial can reach, and the one its efficiency is taken against.
 * - `packed`: the same operands again, so the packing is skipped and only the arithmetic is timed. No product of a
 *   trial can run this way; it is reported to show what the packing costs (about a quarter at width 256).
 */
import { tf } from '../backend.ts';
import { Rng } from '../rng.ts';
import { add, type Mat, mat, matMul } from '../train/kernels.ts';
import { type Clock, cpuClock, gflops, type Summary, summarize } from './stats.ts';

export interface MatmulShape {
  m: number;
  k: number;
  n: number;
}

export interface MatmulRate {
  /** CPU ms per product (the same clock as the runs' efficiency). */
  ms: Summary;
  /** At the best time. */
  gflops: number;
}

export interface MatmulPeak extends MatmulShape, MatmulRate {
  label: string;
  /** The same product on a right operand the backend has already packed: the arithmetic alone. */
  packed: MatmulRate;
}

export function shapeLabel({ m, k, n }: MatmulShape): string {
  return `[${m}×${k}]·[${k}×${n}]`;
}

/** The product shapes of an MLP step at batch B and width W. */
export function trialShapes(batch: number, width: number): MatmulShape[] {
  return [
    { m: batch, k: width, n: width },
    { m: width, k: width, n: batch },
    { m: width, k: batch, n: width },
  ];
}

export const REFERENCE_SHAPE: MatmulShape = { m: 512, k: 512, n: 512 };

function randomMatrix(rng: Rng, rows: number, cols: number): Mat {
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.uniformIn(-1, 1);
  return mat(data, rows, cols);
}

interface TimingOptions {
  repeats?: number;
  minBatchMs?: number;
  clock?: Clock;
}

/**
 * Best-of-`repeats` times per product, both ways. Each repeat runs enough products to last ≥ `minBatchMs`, so timer
 * resolution and per-call overhead are amortised the same way a training loop amortises them. A new right operand is
 * made by adding a zero scalar (a copy into a new tensor); the copies alone are timed in the same repeat and taken off.
 */
export function measureMatmul(
  shape: MatmulShape,
  { repeats = 5, minBatchMs = 60, clock = cpuClock }: TimingOptions = {},
): MatmulPeak {
  const rng = new Rng(shape.m * 131 + shape.k * 17 + shape.n);
  const a = randomMatrix(rng, shape.m, shape.k);
  const b = randomMatrix(rng, shape.k, shape.n);
  const zero = tf.scalar(0);
  const packedOnce = () => matMul(a, b).dispose();
  const copyOnce = () => add(b, zero).dispose();
  const freshOnce = () => {
    const newB = add(b, zero);
    matMul(a, newB).dispose();
    newB.dispose();
  };
  try {
    const perBatch = batchSize(freshOnce, minBatchMs, clock);
    const packed: number[] = [];
    const fresh: number[] = [];
    for (let r = 0; r < repeats; r++) {
      packed.push(timeBatch(packedOnce, perBatch, clock) / perBatch);
      const copies = timeBatch(copyOnce, perBatch, clock);
      fresh.push((timeBatch(freshOnce, perBatch, clock) - copies) / perBatch);
    }
    const flops = 2 * shape.m * shape.k * shape.n;
    const rate = (samples: number[]): MatmulRate => {
      const ms = summarize(samples);
      return { ms, gflops: gflops(flops, ms.best) };
    };
    return { ...shape, label: shapeLabel(shape), ...rate(fresh), packed: rate(packed) };
  } finally {
    tf.dispose([a, b, zero]);
  }
}

/**
 * Per shape, the faster of two measurements of the same products, each way. A peak is what the machine can do; a
 * slow spell of a shared machine during one measurement would otherwise lower it and flatter every efficiency taken
 * against it, so it is measured before the runs and again after them.
 */
export function fasterPeaks(first: readonly MatmulPeak[], second: readonly MatmulPeak[]): MatmulPeak[] {
  return first.map((a) => {
    const b = second.find((p) => p.label === a.label);
    if (!b) return a;
    const fresh = b.gflops > a.gflops ? b : a;
    const packed = b.packed.gflops > a.packed.gflops ? b.packed : a.packed;
    return { ...fresh, packed };
  });
}

/** Doubles the count until one batch lasts `minBatchMs`, and keeps that count (not the next doubling). */
function batchSize(fn: () => void, minBatchMs: number, clock: Clock): number {
  let perBatch = 1;
  while (timeBatch(fn, perBatch, clock) < minBatchMs) perBatch *= 2;
  return perBatch;
}

function timeBatch(fn: () => void, count: number, clock: Clock): number {
  const t0 = clock();
  for (let i = 0; i < count; i++) fn();
  return clock() - t0;
}
