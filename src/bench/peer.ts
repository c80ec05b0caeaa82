/**
 * The optional PyTorch peer: the same trials in PyTorch on CPU with one thread (bench/peer_torch.py), run as a child
 * process on the very data the engine trains on. Absent Python or torch is a reported fact, not a failure.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { InitId, TrialParams } from '../params/index.ts';
import { summarize, type Timings } from './stats.ts';
import type { FinalLosses, PeerResult } from './types.ts';

export const PEER_SCRIPT = fileURLToPath(new URL('../../bench/peer_torch.py', import.meta.url));

/** Interpreters to try, in order. Debian's python3-torch lives under the system python3, which a pyenv or venv
 * `python3` on PATH may shadow. `INITLAB_PYTHON` overrides. */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return [...new Set([env.INITLAB_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p))];
}

export interface TorchProbe {
  python: string;
  torch: string;
}

export function findTorch(candidates = pythonCandidates()): TorchProbe | null {
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (probe.status === 0 && probe.stdout.trim()) return { python, torch: probe.stdout.trim() };
  }
  return null;
}

/** What the peer must reproduce of one engine run: the model, the optimizer, the schedule of evaluations. */
export interface PeerRun {
  id: 'reference' | 'wide' | 'sequential8';
  inits: InitId[];
  trial: TrialParams;
  /** Steps after which the losses are evaluated (0 = before the first update). */
  logSteps: number[];
  /** Steps after which per-layer statistics are taken (0 = at init). */
  checkpointSteps: number[];
  /** Leading training rows used for the training loss and the per-layer statistics. */
  evalTrainRows: number;
}

export interface PeerData {
  inputDim: number;
  outputDim: number;
  task: string;
  xTrain: number[];
  yTrain: number[];
  xTest: number[];
  yTest: number[];
}

export interface PeerJob {
  warmup: number;
  repeats: number;
  data: PeerData;
  runs: PeerRun[];
}

interface PeerOutput {
  torch: string;
  threads: number;
  /** Per run id: wall and CPU ms of each timed repeat, and the final losses per initializer. */
  runs: Record<
    string,
    { wall: number[]; cpu: number[]; final: Record<string, FinalLosses>; bare: { wall: number[]; cpu: number[] } }
  >;
}

function timings(samples: { wall: number[]; cpu: number[] }): Timings {
  return { wall: summarize(samples.wall), cpu: summarize(samples.cpu) };
}

function finals(out: PeerOutput): Record<PeerRun['id'], Record<string, FinalLosses>> {
  return { reference: out.runs.reference.final, wide: out.runs.wide.final, sequential8: out.runs.sequential8.final };
}

export function runPeer(job: PeerJob, probe: TorchProbe | null = findTorch()): PeerResult {
  if (!probe) return { available: false, reason: 'python3-torch not importable' };
  const child = spawnSync(probe.python, [PEER_SCRIPT], {
    input: JSON.stringify(job),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 600_000,
    env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (child.status !== 0) {
    const lastLine = (child.stderr || child.error?.message || 'no output').trim().split('\n').at(-1);
    return { available: false, reason: `peer failed: ${lastLine}` };
  }
  const out = JSON.parse(child.stdout) as PeerOutput;
  return {
    available: true,
    python: probe.python,
    torch: out.torch,
    threads: out.threads,
    reference: timings(out.runs.reference),
    wide: timings(out.runs.wide),
    sequential8: timings(out.runs.sequential8),
    bare: {
      reference: timings(out.runs.reference.bare),
      wide: timings(out.runs.wide.bare),
      sequential8: timings(out.runs.sequential8.bare),
    },
    final: finals(out),
  };
}
