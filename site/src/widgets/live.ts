/**
 * One live run of a widget: its requests go out (engine-client.ts decides where), frames become a growing figure
 * painted at most once per animation frame, the progress element follows the steps reached, and the badge's note
 * the elapsed time. Nothing of a run is painted once its signal has aborted: the reader has asked for another.
 */
import type { CompareParams } from '../../../src/params/trial.ts';
import type { RunFrame } from '../../../src/train/frames.ts';
import type { WidgetDef } from './defs.ts';
import { runAll, type Where } from './engine-client.ts';
import type { Progress } from './progress.ts';
import type { ApiUnavailable, RunEvent, UserCsv } from './run-types.ts';
import { compareFromFrames } from './snapshot.ts';
import type { StateValue } from './state.ts';

interface Slot {
  params?: CompareParams;
  frames: RunFrame[];
  answered: boolean;
  answer?: unknown;
  steps: number;
}

export interface LiveOptions {
  origin: string;
  signal: AbortSignal;
  progress: Progress;
  /** Draw a figure; `complete` once every request has answered. */
  paint: (figure: unknown, complete: boolean) => void;
  /** The running badge's note: requests done (of several) and seconds elapsed; `browser` once it runs there. */
  note: (done: number, of: number, seconds: number, browser: boolean) => void;
  /** The reader's CSV: the run stays in the browser (engine-client.ts). */
  local?: UserCsv;
  /** The API asked to wait this many seconds before the next run (its limit on one client's uncached runs). */
  waiting?: (seconds: number) => void;
}

export interface LiveOutcome {
  where: Where;
  /** Why it moved to the browser. */
  why?: ApiUnavailable;
}

/** Each request's answer, or its compare so far (empty axes once it has started), up to the first not started. */
function shown(slots: readonly Slot[]): unknown[] {
  const out: unknown[] = [];
  for (const s of slots) {
    if (s.answered) out.push(s.answer);
    else if (s.params) out.push(compareFromFrames(s.params, s.frames));
    else break;
  }
  return out;
}

function reached(slots: readonly Slot[]): number {
  return slots.reduce((sum, s) => sum + (s.answered ? s.steps : (s.frames.at(-1)?.step ?? 0)), 0);
}

/** Redraws of a running figure at most this often: the curves still grow smoothly, and the page keeps its thread. */
const PAINT_MS = 100;

/** `f` on the next animation frame at least PAINT_MS after its last call, however often it is asked for. */
function throttled(f: () => void): { (): void; cancel: () => void } {
  let last = 0;
  let timer = 0;
  let frame = 0;
  const run = () => {
    frame = 0;
    last = performance.now();
    f();
  };
  const ask = () => {
    if (timer || frame) return;
    timer = window.setTimeout(
      () => {
        timer = 0;
        frame = requestAnimationFrame(run);
      },
      Math.max(0, last + PAINT_MS - performance.now()),
    );
  };
  ask.cancel = () => {
    clearTimeout(timer);
    cancelAnimationFrame(frame);
    timer = frame = 0;
  };
  return ask;
}

export async function runLive(def: WidgetDef, state: Record<string, StateValue>, o: LiveOptions): Promise<LiveOutcome> {
  const requests = def.requests(state);
  const slots: Slot[] = requests.map((r) => ({ frames: [], answered: false, steps: Number(r.query.steps ?? 0) }));
  const total = slots.reduce((sum, s) => sum + s.steps, 0);
  const outcome: LiveOutcome = { where: o.local ? 'browser' : 'live' };
  const started = performance.now();
  const paint = () => {
    if (o.signal.aborted) return;
    const figures = shown(slots);
    if (figures.length)
      o.paint(
        def.combine(figures, state),
        slots.every((s) => s.answered),
      );
  };
  const later = throttled(paint);
  const progress = () => {
    if (total > 0 && !o.signal.aborted) o.progress.set(reached(slots), total);
  };
  const onEvent = (i: number, e: RunEvent) => {
    if (o.signal.aborted) return;
    if (e.type === 'start') slots[i] = { ...slots[i], params: e.params as CompareParams, frames: [] };
    else slots[i].frames.push(e);
    progress();
    later();
  };
  const onAnswer = (i: number, value: unknown) => {
    Object.assign(slots[i], { answered: true, answer: value });
    progress();
    later();
  };
  const tick = () =>
    o.note(
      slots.filter((s) => s.answered).length,
      slots.length,
      (performance.now() - started) / 1000,
      outcome.where === 'browser',
    );
  const timer = window.setInterval(tick, 250);
  progress();
  try {
    outcome.where = await runAll(requests, {
      origin: o.origin,
      signal: o.signal,
      onEvent,
      onAnswer,
      local: o.local,
      onBrowser: (why) => {
        outcome.where = 'browser';
        outcome.why = why;
      },
    });
    later.cancel();
    paint();
    return outcome;
  } finally {
    later.cancel();
    clearInterval(timer);
  }
}
