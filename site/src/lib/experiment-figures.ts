/**
 * One compact static figure per reproduction, drawn at build time from the experiment's baked `series` with the
 * site's own SVG chart builders (Okabe–Ito colours plus dash patterns, theme-aware). No client script: each SVG
 * carries a <title> and a <desc> saying what it shows.
 */
import { esc, legend, lineChart, type Series } from '../widgets/charts.ts';
import type { Lang } from '../widgets/labels.ts';
import type { TrainabilitySeries } from '../widgets/trainability.ts';
import { valueName } from '../widgets/variants.ts';
import { trainabilityView } from '../widgets/views-more.ts';
import type { BakedExperiment, ExperimentName } from './experiments.ts';
import { t } from './labels.ts';

interface Curve {
  steps: number[];
  trainLoss: (number | null)[];
  divergedAtStep?: number | null;
}

/** Width of the static figures' viewBox, in px: at most a phone's text column, so their text never shrinks. */
const STATIC_WIDTH = 340;

/** Give a chart's SVG a <title> and <desc> as its first children (the accessible name and description). */
export function describeSvg(html: string, title: string, desc: string): string {
  return html.replace(/<svg\b[^>]*>/, (open) => `${open}<title>${esc(title)}</title><desc>${esc(desc)}</desc>`);
}

interface ChartText {
  title: string;
  desc: string;
  x: string;
  y: string;
  logY?: boolean;
  /** Said under the chart too: what a reader cannot see in it (missing points, values off a log scale). */
  note?: string;
}

function chart(series: Series[], o: ChartText): string {
  // No script re-lays these out: drawn narrow (the width of a phone's column), they scale up, never down, on a page.
  const svg = lineChart(series, {
    title: o.title,
    xLabel: o.x,
    yLabel: o.y,
    logY: o.logY,
    width: STATIC_WIDTH,
    height: 240,
    fit: false,
  });
  const caption = o.note ? `${o.title}. ${o.note}` : o.title;
  return `<figure>${legend(series.map((s) => s.label))}${describeSvg(svg, o.title, o.desc)}<figcaption>${esc(caption)}</figcaption></figure>`;
}

const lossSeries = (label: string, c: Curve): Series => ({
  label,
  xs: c.steps,
  ys: c.trainLoss,
  endMark: c.divergedAtStep == null ? undefined : 'x',
});

const row = (...figures: string[]) => `<div class="chart-row">${figures.join('')}</div>`;

type Draw = (s: Record<string, unknown>, lang: Lang, setup: Record<string, unknown>) => string;

const glorot: Draw = (s, lang) => {
  const layers = s.layers as number[];
  const tanh = s.tanh as Record<'standard' | 'glorot', { actStd: number[]; backGradStd: number[] }>;
  const std = (who: string, what: string, ys: number[]): Series => ({
    label: `${who}${t('colon', lang)}${what}`,
    xs: layers,
    ys,
  });
  const [act, grad] = [t('actStd', lang), t('figBackGradStd', lang)];
  const standard = t('figStandard', lang);
  const atInit = chart(
    [
      std(standard, act, tanh.standard.actStd),
      std('Glorot', act, tanh.glorot.actStd),
      std(standard, grad, tanh.standard.backGradStd),
      std('Glorot', grad, tanh.glorot.backGradStd),
    ],
    {
      title: t('figTanhTitle', lang),
      desc: t('figTanhDesc', lang, { layers: layers.length, seed: String(s.seriesSeed) }),
      x: t('figHiddenLayer', lang),
      y: 'std',
      logY: true,
    },
  );
  const training = s.sigmoidTraining as { steps: number[]; layers: { index: number; actMean: (number | null)[] }[] };
  const sigmoid = chart(
    training.layers.map((l) => ({
      label: t('figLayerN', lang, { n: l.index + 1 }),
      xs: training.steps,
      ys: l.actMean,
    })),
    {
      title: t('figSigmoidTitle', lang),
      desc: t('figSigmoidDesc', lang, { seed: String(s.seriesSeed) }),
      x: t('step', lang),
      y: t('figMeanAct', lang),
    },
  );
  return row(atInit, sigmoid);
};

const he: Draw = (s, lang, setup) => {
  const seeds = s.seeds as number[];
  const [shallow, deep] = [...(setup.depths as number[])].sort((a, b) => a - b);
  const panel = (key: 'depth30' | 'depth22', depth: number) => {
    const run = (s[key] as Record<'xavier' | 'he', Curve>[])[0];
    const title = t('figHeTitle', lang, { depth });
    return chart([lossSeries('√(1/n)', run.xavier), lossSeries('He', run.he)], {
      title,
      desc: t('figHeDesc', lang, { depth, seed: seeds[0] }),
      x: t('step', lang),
      y: t('trainLoss', lang),
    });
  };
  return row(panel('depth30', deep), panel('depth22', shallow));
};

const saxe: Draw = (s, lang) => {
  const depths = s.depths as number[];
  const run = (s.stepsToCriterion as { seed: number; orthogonal: (number | null)[]; gaussian: (number | null)[] }[])[0];
  const title = t('figSaxeTitle', lang);
  return `${chart(
    [
      { label: t('figOrthogonal', lang), xs: depths, ys: run.orthogonal },
      { label: t('figScaledGaussian', lang), xs: depths, ys: run.gaussian },
    ],
    {
      title,
      desc: t('figSaxeDesc', lang, { loss: String(s.criterionLoss), seed: run.seed }),
      note: t('figSaxeNote', lang),
      x: t('figHiddenLayers', lang),
      y: t('figSteps', lang),
    },
  )}`;
};

const lsuv: Draw = (s, lang) => {
  const training = s.training as Record<string, Curve>;
  const title = t('figLsuvTitle', lang);
  return `${chart(
    Object.entries(training).map(([init, c]) => lossSeries(init, c)),
    {
      title,
      desc: t('figLsuvDesc', lang, { inits: Object.keys(training).join(t('listSep', lang)), seed: String(s.seed) }),
      x: t('step', lang),
      y: t('trainLoss', lang),
    },
  )}`;
};

const fixup: Draw = (s, lang) => {
  const byDepth = s.outputStdByDepth as { depths: number[]; he: (number | null)[]; fixup: (number | null)[] };
  const training = s.training as Record<'he' | 'fixup', Curve>;
  const outputs = chart([{ label: 'He', xs: byDepth.depths, ys: byDepth.he }], {
    title: t('figFixupOutTitle', lang),
    desc: t('figFixupOutDesc', lang),
    note: t('figFixupOutNote', lang),
    x: t('figResidualBlocks', lang),
    y: 'std',
    logY: true,
  });
  const loss = chart([lossSeries('He', training.he), lossSeries('Fixup', training.fixup)], {
    title: t('figFixupLossTitle', lang),
    desc: t('figFixupLossDesc', lang, { seed: String(s.seed) }),
    x: t('step', lang),
    y: t('trainLoss', lang),
  });
  return row(outputs, loss);
};

const DE_LABELS: Record<string, { en: string; zh: string }> = {
  plain: { en: 'He', zh: 'He' },
  skipinit: { en: 'SkipInit', zh: 'SkipInit' },
  plainBatchNorm: { en: 'He + BN', zh: 'He + 批归一化' },
  skipinitBatchNorm: { en: 'SkipInit + BN', zh: 'SkipInit + 批归一化' },
};

const de: Draw = (s, lang) => {
  const training = s.training as Record<string, Curve>;
  const series = Object.entries(training).map(([key, c]) => lossSeries(DE_LABELS[key]?.[lang] ?? key, c));
  return chart(series, {
    title: t('figDeTitle', lang),
    desc: t('figDeDesc', lang, { seed: String(s.seed) }),
    x: t('step', lang),
    y: t('trainLoss', lang),
  });
};

const INIT_LABELS: Record<string, string> = { small: 'N(0, 0.01²)', large: 'N(0, 1)', glorot: 'Glorot' };

const ioffe: Draw = (s, lang, setup) => {
  const depth = String((setup.run as { depth?: number } | undefined)?.depth ?? '?');
  const training = s.training as Record<'none' | 'batch' | 'layer', Record<string, Curve>>;
  const panel = (norm: 'none' | 'batch' | 'layer') =>
    chart(
      Object.entries(training[norm]).map(([key, c]) => lossSeries(INIT_LABELS[key] ?? key, c)),
      {
        title: t('figIoffeTitle', lang, { depth, norm: valueName('norm', norm, lang) }),
        desc: t('figIoffeDesc', lang, { norm: valueName('norm', norm, lang), seed: String(s.seed) }),
        x: t('step', lang),
        y: t('trainLoss', lang),
        logY: true,
        note: norm === 'batch' ? t('figIoffeBatchNote', lang) : undefined,
      },
    );
  return row(panel('none'), panel('batch'), panel('layer'));
};

/** The parametrisations' names, as the width widget shows them. */
const PARAM_LABEL = { sp: 'paramSp', mup: 'paramMup' } as const;

interface WidthSweep {
  width: number;
  finalTrainLoss: (number | null)[];
  best: number | null;
}

const yang: Draw = (s, lang) => {
  const xs = s.log2LearningRates as number[];
  const sweeps = s.sweeps as Record<'sp' | 'mup', WidthSweep[]>;
  const panel = (param: 'sp' | 'mup') =>
    chart(
      sweeps[param].map((w) => ({ label: t('widthN', lang, { width: w.width }), xs, ys: w.finalTrainLoss })),
      {
        title: t('figYangTitle', lang, { param: t(PARAM_LABEL[param], lang) }),
        desc: t('figYangDesc', lang, {
          param: t(PARAM_LABEL[param], lang),
          best: sweeps[param].map((w) => `${w.width}: ${w.best === null ? '—' : `2^${w.best}`}`).join(', '),
          seed: String(s.seed),
        }),
        note: t('figYangNote', lang),
        x: t('log2Lr', lang),
        y: t('finalLoss', lang),
        logY: true,
      },
    );
  return row(panel('sp'), panel('mup'));
};

const schoenholz: Draw = (s, lang) => {
  const view = trainabilityView(s as unknown as TrainabilitySeries, lang, { fit: false, width: STATIC_WIDTH });
  return describeSvg(view, t('trainabilityTitle', lang), t('figSchoenholzDesc', lang));
};

const DRAW: Record<ExperimentName, Draw> = {
  glorot2010: glorot,
  he2015: he,
  saxe2013: saxe,
  schoenholz2017: schoenholz,
  lsuv2015: lsuv,
  fixup2019: fixup,
  de2020: de,
  ioffe2015: ioffe,
  yang2022: yang,
};

/** The figures (HTML), or null when the series lacks what the figure needs (the table still stands). */
export function experimentFigure(r: BakedExperiment, lang: Lang): string | null {
  try {
    return DRAW[r.name](r.series, lang, r.setup);
  } catch (e) {
    console.warn(`[site] no figure for ${r.name}: ${(e as Error).message}`);
    return null;
  }
}
