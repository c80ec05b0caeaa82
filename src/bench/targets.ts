/**
 * The benchmark's targets. Each is judged and printed with its measured value; a miss is reported, never turned into
 * a failing exit code (a benchmark informs, and the machine may be busy).
 */
import type { PeerRun } from './peer.ts';
import { ratio, type Timings } from './stats.ts';
import type { PeerResult, RunTiming } from './types.ts';

export type Verdict = 'PASS' | 'FAIL' | 'N/A';

export interface Target {
  id: string;
  /** What is measured, in words. */
  label: string;
  /** ≤ limit passes for 'at-most', ≥ limit for 'at-least'. */
  kind: 'at-most' | 'at-least';
  limit: number;
  unit?: string;
}

export interface TargetResult extends Target {
  measured: number | null;
  verdict: Verdict;
  /** Why there is no measurement (e.g. the peer is absent). */
  note?: string;
}

export function judge(measured: number | null, target: Target): Verdict {
  if (measured === null || !Number.isFinite(measured)) return 'N/A';
  return (target.kind === 'at-most' ? measured <= target.limit : measured >= target.limit) ? 'PASS' : 'FAIL';
}

export function evaluate(target: Target, measured: number | null, note?: string): TargetResult {
  const verdict = judge(measured, target);
  return { ...target, measured, verdict, ...(verdict === 'N/A' && note ? { note } : {}) };
}

/** The targets of the engine issue, measured on the 2-core reference machine. */
export const TARGETS = {
  referenceVsTorch: {
    id: 'reference-vs-torch',
    label: 'reference trial time / PyTorch 1-thread',
    kind: 'at-most',
    limit: 1.0,
    unit: '×',
  },
  compareVsTorch: {
    id: 'compare8-vs-torch',
    label: 'compare-8 time / PyTorch running the 8 one after another',
    kind: 'at-most',
    limit: 0.5,
    unit: '×',
  },
  wideVsTorch: {
    id: 'wide-vs-torch',
    label: 'width-256 trial time / PyTorch 1-thread',
    kind: 'at-most',
    limit: 0.5,
    unit: '×',
  },
  wideEfficiency: {
    id: 'wide-flop-efficiency',
    label: 'width-256 trial FLOP efficiency (of measured 2-D matmul peak)',
    kind: 'at-least',
    limit: 0.6,
  },
  // Against the bare loop one would write instead (engine issue "beat a bare PyTorch loop").
  referenceVsBare: {
    id: 'reference-vs-bare-torch',
    label: 'reference trial (full result) / bare PyTorch loop',
    kind: 'at-most',
    limit: 0.8,
    unit: '×',
  },
  compareVsBare: {
    id: 'compare8-vs-bare-torch',
    label: 'compare-8 / 8 bare PyTorch loops one after another',
    kind: 'at-most',
    limit: 0.5,
    unit: '×',
  },
  wideVsBare: {
    id: 'wide-vs-bare-torch',
    label: 'width-256 trial / bare PyTorch loop',
    kind: 'at-most',
    limit: 0.3,
    unit: '×',
  },
  referenceEfficiency: {
    id: 'reference-flop-efficiency',
    label: 'reference trial FLOP efficiency (of new-operand peak)',
    kind: 'at-least',
    limit: 0.7,
  },
  compareEfficiency: {
    id: 'compare8-flop-efficiency',
    label: 'compare-8 FLOP efficiency (of new-operand peak)',
    kind: 'at-least',
    limit: 0.7,
  },
  leakedTensors: { id: 'leaked-tensors', label: 'tensors and buffers leaked', kind: 'at-most', limit: 0 },
  comparePeakRss: { id: 'compare8-peak-rss', label: 'compare-8 peak RSS', kind: 'at-most', limit: 250, unit: 'MB' },
} as const satisfies Record<string, Target>;

/** The peer run that does the same work as an engine run (the compare's peer trains the 8 one after another). */
export function peerRunOf(id: RunTiming['id']): PeerRun['id'] {
  return id === 'compare8' ? 'sequential8' : id;
}

/** PyTorch's timings of the same work as an engine run, or (`bare`) of the bare loop over the same batches. */
export function peerTimings(peer: PeerResult, id: RunTiming['id'], bare = false): Timings | undefined {
  if (!peer.available) return undefined;
  return bare ? peer.bare[peerRunOf(id)] : peer[peerRunOf(id)];
}

/** Engine ÷ PyTorch on the best CPU time of each; null without the peer. */
export function vsTorch(run: RunTiming, peer: PeerResult, bare = false): number | null {
  return ratio(run.time.cpu.best, peerTimings(peer, run.id, bare)?.cpu.best);
}
