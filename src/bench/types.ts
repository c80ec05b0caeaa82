/** The benchmark's JSON (written to bench/results/bench.json and printed by `initlab bench --json`). */
import type { EngineInfo } from '../result.ts';
import type { MatmulPeak } from './matmul.ts';
import type { PeerRun } from './peer.ts';
import type { Summary, Timings } from './stats.ts';
import type { TargetResult } from './targets.ts';

export interface RunTiming {
  id: 'reference' | 'wide' | 'compare8';
  label: string;
  /** The trial/compare params that differ from the defaults, for the reader. */
  settings: Record<string, unknown>;
  /** Estimated FLOPs of the whole run (forward + backward + evaluation, all initializers). */
  flops: number | null;
  /** Around the engine call, ms: this process's CPU time and wall time. */
  time: Timings;
  /** Untimed runs before them (at least `settings.warmup`, and enough to last the bench's minimum warm-up). */
  warmups: number;
  /** The result's own `timing.ms` (wall), ms. */
  engineMs: Summary;
  /** Per initializer, the final losses of the last timed run. */
  final: Record<string, FinalLosses>;
  /** The matmul peak the efficiency is taken against: the best of this run's product shapes on new operands, GFLOP/s. */
  peakGflops: number | null;
  /** FLOPs ÷ peak ÷ best CPU time. */
  flopEfficiency: number | null;
  /** The best of the same shapes on operands already packed (the arithmetic alone, which no trial product reaches). */
  packedPeakGflops: number | null;
  /** FLOPs ÷ that ÷ best CPU time: an upper-bound view, for information. */
  packedEfficiency: number | null;
}

/** A run's final evaluation, per initializer: both sides should land near each other if they did the same job. */
export interface FinalLosses {
  trainLoss: number | null;
  testLoss: number | null;
  testAccuracy: number | null;
}

export type PeerResult =
  | { available: false; reason: string }
  | {
      available: true;
      python: string;
      torch: string;
      threads: number;
      reference: Timings;
      wide: Timings;
      /** The 8 initializers trained one after another: per repeat, the sum of the 8 times. */
      sequential8: Timings;
      /**
       * The same runs as the bare loop one would write instead (Sequential + optimizer, no evaluation, statistics or
       * divergence check), timed interleaved with the like-for-like ones.
       */
      bare: Record<PeerRun['id'], Timings>;
      /** Per run, per initializer: the final losses of the last timed repeat. */
      final: Record<PeerRun['id'], Record<string, FinalLosses>>;
    };

export interface BenchResult {
  engine: EngineInfo;
  machine: { cpus: number; cpuModel: string; node: string; platform: string; loadAverage: number[] };
  date: string;
  settings: { warmup: number; repeats: number; minWarmupMs: number };
  matmul: MatmulPeak[];
  runs: RunTiming[];
  /** compare-8 best CPU time ÷ reference trial best CPU time (8 would mean no sharing at all). */
  compareOverSingle: number | null;
  /** tfjs tensors and the training loop's buffers alive after the runs less before them (`liveArrays`). */
  leakedTensors: number;
  compareRss: { peakMB: number | null; note?: string };
  peer: PeerResult;
  targets: TargetResult[];
  totalSeconds: number;
}
