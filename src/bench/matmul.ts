import { Rng } from '../rng.ts';
import { dispose, scalar } from '../train/buffers.ts';
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
  const zero = scalar(0);
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
    dispose([a, b, zero]);
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
