/**
 * One compact static figure per reproduction, drawn at build time from the experiment's baked `series` with the
 * site's own SVG chart builders (Okabe–Ito colours plus dash patterns, theme-aware). No client script: each SVG
 * carries a <title> and a <desc> saying what it shows.
 */
import { esc, legend, lineChart, type Series } from '../widgets/charts.ts';
import type { Lang } from '../widgets/labels.ts';
import type { TrainabilitySeries } from '../widgets/trainability.ts';
import { trainabilityView } from '../widgets/views-more.ts';
import type { BakedExperiment, ExperimentName } from './experiments.ts';

interface Curve {
  steps: number[];
  trainLoss: (number | null)[];
  divergedAtStep?: number | null;
}

const t = (lang: Lang, en: string, zh: string) => (lang === 'zh' ? zh : en);

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
    label: `${who}${t(lang, ': ', '：')}${what}`,
    xs: layers,
    ys,
  });
  const [act, grad] = [t(lang, 'activation std', '激活标准差'), t(lang, 'back-prop. gradient std', '反传梯度标准差')];
  const standard = t(lang, 'standard', '标准');
  const atInit = chart(
    [
      std(standard, act, tanh.standard.actStd),
      std('Glorot', act, tanh.glorot.actStd),
      std(standard, grad, tanh.standard.backGradStd),
      std('Glorot', grad, tanh.glorot.backGradStd),
    ],
    {
      title: t(lang, 'tanh net at initialisation: std per hidden layer', 'tanh 网络初始化时各隐藏层的标准差'),
      desc: t(
        lang,
        `Activation and back-propagated gradient standard deviation of hidden layers 1 to ${layers.length}, log scale, standard U(±1/√n) init against Glorot uniform (seed ${String(s.seriesSeed)}).`,
        `第 1 到 ${layers.length} 个隐藏层的激活与反传梯度标准差（对数坐标），标准 U(±1/√n) 初始化对比 Glorot 均匀初始化（种子 ${String(s.seriesSeed)}）。`,
      ),
      x: t(lang, 'hidden layer', '隐藏层'),
      y: 'std',
      logY: true,
    },
  );
  const training = s.sigmoidTraining as { steps: number[]; layers: { index: number; actMean: (number | null)[] }[] };
  const sigmoid = chart(
    training.layers.map((l) => ({
      label: t(lang, `layer ${l.index + 1}`, `第 ${l.index + 1} 层`),
      xs: training.steps,
      ys: l.actMean,
    })),
    {
      title: t(
        lang,
        'sigmoid net, standard init: mean activation in training',
        'sigmoid 网络、标准初始化：训练中的平均激活',
      ),
      desc: t(
        lang,
        `Mean activation of each hidden layer against SGD step (seed ${String(s.seriesSeed)}); saturation is a mean near 0.`,
        `各隐藏层的平均激活随 SGD 步数的变化（种子 ${String(s.seriesSeed)}）；饱和即平均激活接近 0。`,
      ),
      x: t(lang, 'step', '步数'),
      y: t(lang, 'mean activation', '平均激活'),
    },
  );
  return row(atInit, sigmoid);
};

const he: Draw = (s, lang, setup) => {
  const seeds = s.seeds as number[];
  const [shallow, deep] = [...(setup.depths as number[])].sort((a, b) => a - b);
  const panel = (key: 'depth30' | 'depth22', depth: number) => {
    const run = (s[key] as Record<'xavier' | 'he', Curve>[])[0];
    const title = t(lang, `${depth} ReLU layers: train loss`, `${depth} 层 ReLU：训练损失`);
    return chart([lossSeries('√(1/n)', run.xavier), lossSeries('He', run.he)], {
      title,
      desc: t(
        lang,
        `Train loss against SGD-with-momentum step for the ${depth}-layer ReLU net, √(1/n) against He init, seed ${seeds[0]}; a cross marks divergence.`,
        `${depth} 层 ReLU 网络的训练损失随步数变化，√(1/n) 对比 He 初始化，种子 ${seeds[0]}；叉号表示发散。`,
      ),
      x: t(lang, 'step', '步数'),
      y: t(lang, 'train loss', '训练损失'),
    });
  };
  return row(panel('depth30', deep), panel('depth22', shallow));
};

const saxe: Draw = (s, lang) => {
  const depths = s.depths as number[];
  const run = (s.stepsToCriterion as { seed: number; orthogonal: (number | null)[]; gaussian: (number | null)[] }[])[0];
  const title = t(lang, 'Deep linear nets: steps to the loss criterion', '深层线性网络：达到损失阈值的步数');
  return `${chart(
    [
      { label: t(lang, 'orthogonal', '正交'), xs: depths, ys: run.orthogonal },
      { label: t(lang, 'scaled Gaussian', '缩放高斯'), xs: depths, ys: run.gaussian },
    ],
    {
      title,
      desc: t(
        lang,
        `Fewest steps to train loss ${String(s.criterionLoss)} over the learning-rate grid, per number of hidden layers, seed ${run.seed}.`,
        `在学习率网格上取最少的、把训练损失降到 ${String(s.criterionLoss)} 所需步数，按隐藏层数，种子 ${run.seed}。`,
      ),
      note: t(
        lang,
        'A missing point never reached the criterion within the run.',
        '缺失的点表示在本次运行内始终未达到阈值。',
      ),
      x: t(lang, 'hidden layers', '隐藏层数'),
      y: t(lang, 'steps', '步数'),
    },
  )}`;
};

const lsuv: Draw = (s, lang) => {
  const training = s.training as Record<string, Curve>;
  const title = t(lang, 'Deep ReLU net: train loss by initialisation', '深层 ReLU 网络：各初始化的训练损失');
  return `${chart(
    Object.entries(training).map(([init, c]) => lossSeries(init, c)),
    {
      title,
      desc: t(
        lang,
        `Train loss against step for ${Object.keys(training).join(', ')}, seed ${String(s.seed)}.`,
        `${Object.keys(training).join('、')} 的训练损失随步数变化，种子 ${String(s.seed)}。`,
      ),
      x: t(lang, 'step', '步数'),
      y: t(lang, 'train loss', '训练损失'),
    },
  )}`;
};

const fixup: Draw = (s, lang) => {
  const byDepth = s.outputStdByDepth as { depths: number[]; he: (number | null)[]; fixup: (number | null)[] };
  const training = s.training as Record<'he' | 'fixup', Curve>;
  const outputs = chart([{ label: 'He', xs: byDepth.depths, ys: byDepth.he }], {
    title: t(lang, 'Output std at initialisation (He)', '初始化时的输出标准差（He）'),
    desc: t(
      lang,
      'Standard deviation of the logits at initialisation against the number of residual blocks, log scale, He init.',
      '初始化时输出（logits）标准差随残差块数的变化（对数坐标），He 初始化。',
    ),
    note: t(
      lang,
      "Fixup's output is exactly 0 at every depth: no point on a log scale.",
      'Fixup 的输出在每个深度都恰好为 0，在对数坐标上没有点。',
    ),
    x: t(lang, 'residual blocks', '残差块数'),
    y: 'std',
    logY: true,
  });
  const loss = chart([lossSeries('He', training.he), lossSeries('Fixup', training.fixup)], {
    title: t(lang, 'Train loss without normalisation', '无归一化时的训练损失'),
    desc: t(
      lang,
      `Train loss against SGD step, He against Fixup, seed ${String(s.seed)}; a cross marks divergence.`,
      `训练损失随 SGD 步数变化，He 对比 Fixup，种子 ${String(s.seed)}；叉号表示发散。`,
    ),
    x: t(lang, 'step', '步数'),
    y: t(lang, 'train loss', '训练损失'),
  });
  return row(outputs, loss);
};

const schoenholz: Draw = (s, lang) => {
  const view = trainabilityView(s as unknown as TrainabilitySeries, lang, { fit: false, width: STATIC_WIDTH });
  return describeSvg(
    view,
    t(lang, 'Measured trainability and 6 ξ_c', '实测可训练性与 6 ξ_c'),
    t(
      lang,
      'Grid of σ_w² (columns) by depth (rows): filled cells reached the loss criterion, outlined cells are predicted trainable (depth ≤ 6 ξ_c), the dashed curve is 6 ξ_c.',
      'σ_w²（列）× 深度（行）网格：实心格达到了损失阈值，粗框格为理论预测可训练（深度 ≤ 6 ξ_c），虚线为 6 ξ_c。',
    ),
  );
};

const DRAW: Record<ExperimentName, Draw> = {
  glorot2010: glorot,
  he2015: he,
  saxe2013: saxe,
  schoenholz2017: schoenholz,
  lsuv2015: lsuv,
  fixup2019: fixup,
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
