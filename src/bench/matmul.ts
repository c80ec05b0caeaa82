/**
 * The machine's matmul peak, measured in the same process and on the same backend as the trials, with the products
 * the trials actually do: 2-D, non-transposed, [B×W]·[W×W] (forward, normal orientation), [W×W]·[W×B] (forward and
 * input gradient, transposed orientation) and [W×B]·[B×W] (weight gradient), plus a 512³ reference. FLOP efficiency
 * divides by the best of them, so it is honest about what this machine can do right now, not about a datasheet.
 */
import { tf } from '../backend.ts';
import { Rng } from '../rng.ts';
import { type Clock, cpuClock, gflops, type Summary, summarize } from './stats.ts';

export interface MatmulShape {
  m: number;
  k: number;
  n: number;
}

export interface MatmulPeak extends MatmulShape {
  label: string;
  /** CPU ms per product (the same clock as the runs' efficiency). */
  ms: Summary;
  /** At the best time. */
  gflops: number;
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

function randomMatrix(rng: Rng, rows: number, cols: number) {
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.uniformIn(-1, 1);
  return tf.tensor2d(data, [rows, cols]);
}

/**
 * Best-of-`repeats` time per product. Each repeat runs enough products to last ≥ `minBatchMs`, so timer resolution
 * and per-call overhead are amortised the same way a training loop amortises them.
 */
export function measureMatmul(
  shape: MatmulShape,
  { repeats = 5, minBatchMs = 60, clock = cpuClock }: { repeats?: number; minBatchMs?: number; clock?: Clock } = {},
): MatmulPeak {
  const rng = new Rng(shape.m * 131 + shape.k * 17 + shape.n);
  const a = randomMatrix(rng, shape.m, shape.k);
  const b = randomMatrix(rng, shape.k, shape.n);
  const once = () => tf.matMul(a, b).dispose();
  try {
    // Double until one batch lasts minBatchMs, and keep that count (not the next doubling).
    let perBatch = 1;
    while (timeBatch(once, perBatch, clock) < minBatchMs) perBatch *= 2;
    const samples = Array.from({ length: repeats }, () => timeBatch(once, perBatch, clock) / perBatch);
    const ms = summarize(samples);
    return { ...shape, label: shapeLabel(shape), ms, gflops: gflops(2 * shape.m * shape.k * shape.n, ms.best) };
  } finally {
    a.dispose();
    b.dispose();
  }
}

function timeBatch(fn: () => void, count: number, clock: Clock): number {
  const t0 = clock();
  for (let i = 0; i < count; i++) fn();
  return clock() - t0;
}
