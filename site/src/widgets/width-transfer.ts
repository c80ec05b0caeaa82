/**
 * Width transfer (Yang et al. 2022, Tensor Programs V, Fig. 3): train loss after a fixed budget against log₂ of the
 * learning rate, a curve per width, under the standard parametrisation and under μP side by side. The measurement is
 * the engine's experiment `yang2022`: baked from its default run, re-measured run by run through the API when the
 * reader changes a setting (live-experiment.ts), each run cached by the API as the experiment's own route caches it.
 * Only the first seed's sweeps are drawn, so the widget measures one seed and equals the baked figure at seed 1.
 */
import { esc, fmt, legend, lineChart } from './charts.ts';
import { type LabelKey, type Lang, label } from './labels.ts';
import type { State, WIDTH_STATE } from './state.ts';
import { table, toCsv } from './views.ts';

export const WIDTH_EXPERIMENT = 'yang2022';
const PARAMETRIZATIONS = ['sp', 'mup'] as const;
type Parametrization = (typeof PARAMETRIZATIONS)[number];

interface Sweep {
  width: number;
  /** One per learning rate; null: diverged. */
  finalTrainLoss: (number | null)[];
  /** log₂ of the best rate, null if every rate diverged. */
  best: number | null;
}

export interface WidthFigure {
  log2LearningRates: number[];
  sweeps: Record<Parametrization, Sweep[]>;
  seed: number;
  steps: number;
  /** While a measurement is assembled: which runs are done, per parametrisation, width and rate (absent: all). */
  measured?: Record<Parametrization, boolean[][]>;
  source: 'baked' | 'live' | 'partial';
}

interface ExperimentLike {
  series?: {
    seed?: number;
    log2LearningRates?: number[];
    sweeps?: Record<Parametrization, Sweep[]>;
    /** While assembled (experiment-browser.ts): true where a value no longer waits for a run. */
    measured?: { sweeps?: Record<Parametrization, { finalTrainLoss: boolean[] }[]> };
  };
  setup?: { steps?: number };
}

/** The figure from the experiment's result (or, while it is assembled, its series so far and what is measured). */
export function widthFromExperiment(e: ExperimentLike | undefined, source: WidthFigure['source']): WidthFigure | null {
  const s = e?.series;
  if (!s?.log2LearningRates || !s.sweeps?.sp || !s.sweeps.mup) return null;
  const m = s.measured?.sweeps;
  const measured = m && {
    sp: m.sp.map((w) => w.finalTrainLoss),
    mup: m.mup.map((w) => w.finalTrainLoss),
  };
  return {
    log2LearningRates: s.log2LearningRates,
    sweeps: s.sweeps,
    seed: s.seed ?? 0,
    steps: e?.setup?.steps ?? 0,
    ...(measured ? { measured } : {}),
    source,
  };
}

/** The experiment's settings for a state: one seed (only the first is drawn), the steps, widths 64 … maxWidth. */
export function widthSettings(s: State<typeof WIDTH_STATE>): Record<string, string> {
  const doublings = Math.round(Math.log2(Number(s.maxWidth) / 64));
  return { seed: String(s.seed), seeds: '1', steps: String(s.steps), doublings: String(doublings) };
}

const NAMES: Record<Parametrization, LabelKey> = { sp: 'paramSp', mup: 'paramMup' };

/** A point still to be measured is drawn as a gap, not as the stand-in the partial analysis used for it. */
function shownLosses(f: WidthFigure, p: Parametrization, w: number): (number | null)[] {
  const done = f.measured?.[p][w];
  return f.sweeps[p][w].finalTrainLoss.map((v, i) => (done && !done[i] ? null : v));
}

function bestCell(f: WidthFigure, p: Parametrization, w: number, lang: Lang): string | number {
  if (f.measured?.[p][w].some((done) => !done)) return '…';
  const s = f.sweeps[p][w];
  if (s.best === null) return label('diverged', lang);
  const loss = s.finalTrainLoss[f.log2LearningRates.indexOf(s.best)];
  return `2<sup>${s.best}</sup> (${esc(label('lossShort', lang))} ${loss === null ? '—' : esc(fmt(loss))})`;
}

export function widthView(f: WidthFigure, lang: Lang): string {
  const widths = f.sweeps.sp.map((s) => s.width);
  const names = widths.map((w) => label('widthN', lang, { width: w }));
  const yCover = PARAMETRIZATIONS.flatMap((p) => f.sweeps[p].flatMap((s) => s.finalTrainLoss));
  const panels = PARAMETRIZATIONS.map((p) => {
    const name = label(NAMES[p], lang);
    const series = widths.map((_, w) => ({ label: names[w], xs: f.log2LearningRates, ys: shownLosses(f, p, w) }));
    const chart = lineChart(series, {
      logY: true,
      xLabel: label('log2Lr', lang),
      yLabel: label('finalLoss', lang),
      title: `${label('finalLoss', lang)}: ${name}`,
      yCover,
    });
    return `<figure>${chart}<figcaption>${esc(name)}</figcaption></figure>`;
  });
  const rows = widths.map((w, i) => [w, bestCell(f, 'sp', i, lang), bestCell(f, 'mup', i, lang)]);
  const head = [
    label('widthWord', lang),
    ...PARAMETRIZATIONS.map((p) => `${label('bestLr', lang)}: ${label(NAMES[p], lang)}`),
  ];
  const caption = label('widthCaption', lang, { source: label(f.source, lang), steps: f.steps, seed: f.seed });
  return `${legend(names)}<div class="chart-row">${panels.join('')}</div><p class="muted small" data-width-source="${f.source}">${esc(caption)}</p>${table(head, rows)}`;
}

/** One row per run: parametrisation, width, log₂ learning rate, final train loss, and whether it diverged. */
export function widthCsv(f: WidthFigure): string {
  return toCsv(
    PARAMETRIZATIONS.flatMap((p) =>
      f.sweeps[p].flatMap((s, w) =>
        f.log2LearningRates.map((log2Lr, i) => {
          const measured = f.measured?.[p][w][i] !== false;
          const loss = shownLosses(f, p, w)[i];
          return {
            parametrization: p,
            width: s.width,
            log2Lr,
            finalTrainLoss: loss,
            diverged: String(measured && loss === null),
          };
        }),
      ),
    ),
  );
}
