/// <reference types="vite/client" />
/**
 * The measured side of the phase diagram: the Schoenholz et al. (2017) grid (tanh nets, σ_w² × depth at σ_b² = 0.05,
 * trained on MNIST), baked from the engine's experiment at build time and re-measured by the API on request.
 * The baked entry is picked out of the bake's experiments file by name, so the widget bundle carries only that entry,
 * and the widget still builds (without the overlay) when the bake could not produce it.
 */

/** The measured side of the phase diagram: the Schoenholz et al. (2017) grid, as the engine's experiment returns it. */
export interface TrainabilitySeries {
  sigmaW2: number[];
  depths: number[];
  sigmaB2: number;
  trainable: boolean[][];
  predicted: boolean[][];
  sixXiC: (number | null)[];
  /** While a measurement is assembled: which cells have their run (absent: all). */
  measured?: boolean[][];
}

export interface Trainability {
  series: TrainabilitySeries;
  /** The experiment's settings that shape the figure (steps, width, seed). */
  settings: { steps: number; width: number; seed: number };
  /** `partial`: a measurement still being assembled. */
  source: 'baked' | 'live' | 'partial';
}

interface ExperimentLike {
  series?: TrainabilitySeries;
  setup?: { steps?: number; width?: number; seed?: number };
}

export const EXPERIMENT = 'schoenholz2017';

export function fromExperiment(e: ExperimentLike | undefined, source: Trainability['source']): Trainability | null {
  const s = e?.series;
  if (!s?.sigmaW2 || !s.depths || !s.trainable || !s.predicted || !s.sixXiC) return null;
  const setup = e?.setup ?? {};
  return {
    series: s,
    settings: { steps: setup.steps ?? 0, width: setup.width ?? 0, seed: setup.seed ?? 0 },
    source,
  };
}

const baked = import.meta.glob<ExperimentLike>('../baked/experiments.json', { eager: true, import: 'schoenholz2017' });
export const BAKED_TRAINABILITY = fromExperiment(Object.values(baked)[0], 'baked');

/**
 * Experiment settings from an attribute or URL value like "steps:50,width:16" (what the reader or a test asks the
 * API to run instead of the defaults); unknown names are passed on and refused by the API with a clear message.
 */
export function parseSettings(text: string | null): Record<string, string> {
  if (!text) return {};
  return Object.fromEntries(
    text
      .split(',')
      .map((pair) => pair.split(':').map((s) => s.trim()))
      .filter((kv) => kv.length === 2 && kv[0] && kv[1]),
  );
}

/**
 * Answers that say "later" with a Retry-After: 503, the API assembles a long experiment over several requests, caching
 * as it goes; 429, it limits how many uncached runs one client may start per minute (the grid has 32). Either way the
 * next request continues from the cache.
 */
const RETRIED = new Set([429, 503]);
const MAX_ATTEMPTS = 120;

/** Run (or read from the API's cache) the experiment; `onRetry` reports each wait (attempt, seconds). */
export async function fetchTrainability(
  origin: string,
  settings: Record<string, string>,
  onRetry: (attempt: number, seconds: number) => void,
): Promise<Trainability> {
  const query = new URLSearchParams(settings).toString();
  const url = `${origin.replace(/\/$/, '')}/api/v1/experiments/${EXPERIMENT}${query ? `?${query}` : ''}`;
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url);
    const body = (await res.json().catch(() => null)) as (ExperimentLike & { detail?: string }) | null;
    if (res.ok) {
      const t = fromExperiment(body ?? undefined, 'live');
      if (!t) throw new Error('the experiment answered without its grid');
      return t;
    }
    const wait = Number(res.headers.get('Retry-After') ?? Number.NaN);
    if (!RETRIED.has(res.status) || !Number.isFinite(wait) || attempt >= MAX_ATTEMPTS)
      throw new Error(body?.detail ?? `HTTP ${res.status}`);
    onRetry(attempt, wait);
    await new Promise((r) => setTimeout(r, wait * 1000));
  }
}
