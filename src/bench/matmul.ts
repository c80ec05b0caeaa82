import { Rng } from '../rng.ts';
import { alloc, dispose, scalar } from '../train/buffers.ts';
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

/** Each repeat's spacer grows by this many floats: a cache line and a quarter page, so that successive repeats put
 * their operands at different offsets modulo both. */
const SPACER_FLOATS = 16 + 256;

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
 * made by adding a zero scalar (a copy into a new buffer); the copies alone are timed in the same repeat and taken off.
 *
 * Each repeat also works on its own copies of the operands, placed after a spacer of a different size: where a
 * product's operands and output land in wasm memory changes its speed (measured on 64×64, 30 µs or 59 µs for the
 * same product, run after run, depending only on where the allocator put them), and a peak must not be one
 * placement's bad luck.
 */
export function measureMatmul(
  shape: MatmulShape,
  { repeats = 5, minBatchMs = 60, clock = cpuClock }: TimingOptions = {},
): MatmulPeak {
  const rng = new Rng(shape.m * 131 + shape.k * 17 + shape.n);
  const a = randomMatrix(rng, shape.m, shape.k);
  const b = randomMatrix(rng, shape.k, shape.n);
  const zero = scalar(0);
  const products = (a: Mat, b: Mat) => ({
    packedOnce: () => matMul(a, b).dispose(),
    copyOnce: () => add(b, zero).dispose(),
    freshOnce: () => {
      const newB = add(b, zero);
      matMul(a, newB).dispose();
      newB.dispose();
    },
  });
  try {
    const perBatch = batchSize(products(a, b).freshOnce, minBatchMs, clock);
    const packed: number[] = [];
    const fresh: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const spacer = alloc([SPACER_FLOATS * (r + 1)]);
      const placed = [add(a, zero), add(b, zero)] as const;
      const { packedOnce, copyOnce, freshOnce } = products(...placed);
      const packedMs = timeBatch(packedOnce, perBatch, clock) / perBatch;
      const copies = timeBatch(copyOnce, perBatch, clock);
      // Packing first cannot make a product faster: on a tiny shape the copies' own noise can outweigh the packing,
      // and the difference is then no measurement of it.
      packed.push(packedMs);
      fresh.push(Math.max(packedMs, (timeBatch(freshOnce, perBatch, clock) - copies) / perBatch));
      dispose([spacer, ...placed]);
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
