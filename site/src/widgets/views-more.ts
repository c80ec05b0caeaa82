/** Figures of the symmetry and phase-diagram widgets (see views.ts for the others). */
import type { CompareResult, TrialResult } from '../../../src/result.ts';
import { esc, fmt, heatmap, legend, lineChart } from './charts.ts';
import { type Lang, label } from './labels.ts';
import { table } from './views.ts';

/** Std over all weights of a hidden layer after the first: exactly 0 while all its units are identical. */
function spreadSeries(t: TrialResult, layer: number) {
  const l = t.layers[layer];
  return {
    xs: [0, ...l.checkpoints.map((c) => c.step)],
    ys: [l.atInit.weightStd, ...l.checkpoints.map((c) => c.weightStd)],
  };
}

export function symmetryView(c: CompareResult, lang: Lang): string {
  const names = c.trials.map((t) => t.params.init);
  const spread = lineChart(
    c.trials.map((t) => ({ label: t.params.init, ...spreadSeries(t, 1) })),
    {
      xLabel: label('step', lang),
      yLabel: label('spread', lang),
      title: label('spread', lang),
    },
  );
  const loss = lineChart(
    c.trials.map((t) => ({ label: t.params.init, xs: t.steps, ys: t.trainLoss })),
    { logY: true, xLabel: label('step', lang), yLabel: label('trainLoss', lang), title: label('trainLoss', lang) },
  );
  const rows = c.trials.map((t) => {
    const s = spreadSeries(t, 1);
    return [t.params.init, s.ys[0] ?? '—', s.ys.at(-1) ?? '—', t.final.trainLoss ?? '—'];
  });
  return `${legend(names)}<div class="chart-row"><figure>${spread}<figcaption>${esc(label('spread', lang))}</figcaption></figure><figure>${loss}<figcaption>${esc(label('trainLoss', lang))}</figcaption></figure></div>${table(
    [
      label('init', lang),
      `${label('spread', lang)} (0)`,
      `${label('spread', lang)} (${c.params.steps})`,
      label('finalLoss', lang),
    ],
    rows,
  )}`;
}

export interface TheoryResult {
  activation: string;
  sigmaW2: number[];
  sigmaB2: number[];
  xiC: (number | null)[][];
  xiCInfinite: boolean[][];
  phase: (string | null)[][];
  criticalLine: { sigmaB2: number; sigmaW2: number | null }[];
}

/** ξ_c spans orders of magnitude (it diverges on the critical line): shade by log, saturating at 200 layers. */
const XI_CAP = 200;

export function phaseView(r: TheoryResult, lang: Lang): string {
  const values = r.xiC.map((row, j) => row.map((v, i) => (r.xiCInfinite[j][i] ? Number.POSITIVE_INFINITY : v)));
  const line = r.criticalLine
    .filter((p): p is { sigmaB2: number; sigmaW2: number } => p.sigmaW2 !== null)
    .map((p) => ({ x: p.sigmaW2, y: p.sigmaB2 }));
  const map = heatmap(r.sigmaW2, r.sigmaB2, values, {
    title: `${label('phaseTitle', lang)} (${r.activation})`,
    xLabel: 'σ_w²',
    yLabel: 'σ_b²',
    shade: (v) => (v === null ? 0 : Math.min(1, Math.log1p(v) / Math.log1p(XI_CAP))),
    describe: (v) => (v === null ? '—' : v === Number.POSITIVE_INFINITY ? 'ξ_c = ∞' : `ξ_c = ${fmt(v)}`),
    line,
  });
  const note =
    lang === 'zh'
      ? `颜色越深，相关深度 ξ_c 越大（对数刻度，${XI_CAP} 层以上饱和）；虚线为 χ₁ = 1 的有序/混沌分界线。`
      : `Darker means a longer correlation depth ξ_c (log scale, saturating above ${XI_CAP} layers); the dashed line is χ₁ = 1, the order/chaos boundary.`;
  const rows = r.criticalLine
    .filter((_, i) => i % 5 === 0)
    .map((p) => [fmt(p.sigmaB2), p.sigmaW2 === null ? '—' : p.sigmaW2]);
  return `<figure>${map}<figcaption>${esc(note)}</figcaption></figure>${table(['σ_b²', lang === 'zh' ? '临界 σ_w²' : 'critical σ_w²'], rows)}`;
}
