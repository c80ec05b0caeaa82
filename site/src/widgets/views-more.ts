/** Figures of the symmetry and phase-diagram widgets (see views.ts for the others). */
import type { CompareResult, TrialResult } from '../../../src/result.ts';
import { esc, fmt, legend, lineChart, slotWidth, svgOpen } from './charts.ts';
import { heatmap } from './heatmap.ts';
import { type Lang, label } from './labels.ts';
import { BAKED_TRAINABILITY, type Trainability, type TrainabilitySeries } from './trainability.ts';
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

/** The theory grid, and the measured trainability to overlay (absent: the baked one; null: none). */
export type PhaseFigure = TheoryResult & { trainability?: Trainability | null };

/** The deepest depth of the grid that trained at σ_w² index i, or null when none did. */
function deepestTrained(s: TrainabilitySeries, i: number): number | null {
  const ok = s.depths.filter((_, j) => trainedCell(s, i, j));
  return ok.length ? ok[ok.length - 1] : null;
}

/** On the tanh map: a marker at each measured σ_w² (at the experiment's σ_b²) labelled with its deepest trained depth. */
function measuredMarks(t: Trainability, lang: Lang) {
  const s = t.series;
  return s.sigmaW2.map((w, i) => {
    const d = deepestTrained(s, i);
    const title = label('deepestTrained', lang, {
      w: fmt(w),
      b: fmt(s.sigmaB2),
      depth: d ?? label('noDepth', lang),
      six: s.sixXiC[i] === null ? '∞' : fmt(s.sixXiC[i]),
    });
    return { x: w, y: s.sigmaB2, text: d === null ? '×' : String(d), title };
  });
}

export function phaseView(r: PhaseFigure, lang: Lang): string {
  const measured = r.trainability === undefined ? BAKED_TRAINABILITY : r.trainability;
  // The measured grid is of tanh nets: it is marked on the tanh map only (the side panel shows it for any activation).
  const overlay = r.activation === 'tanh' ? measured : null;
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
    marks: overlay ? measuredMarks(overlay, lang) : [],
  });
  const note = label('phaseNote', lang, { cap: XI_CAP });
  const rows = r.criticalLine
    .filter((_, i) => i % 5 === 0)
    .map((p) => [fmt(p.sigmaB2), p.sigmaW2 === null ? '—' : p.sigmaW2]);
  const marksNote = overlay ? label('phaseMarksNote', lang, { b: fmt(overlay.series.sigmaB2) }) : '';
  const side = measured
    ? `<figure>${trainabilityView(measured.series, lang)}${trainabilityCaption(measured, lang)}</figure>`
    : '';
  return `<div class="chart-row"><figure>${map}<figcaption>${esc(note + marksNote)}</figcaption></figure>${side}</div>${table(['σ_b²', label('criticalSigmaW2', lang)], rows)}`;
}

function trainabilityCaption(t: Trainability, lang: Lang): string {
  const { steps, width, seed } = t.settings;
  const source = label(t.source, lang);
  const text = label('trainabilityCaption', lang, { source, width, steps, seed });
  return `<figcaption data-trainability="${t.source}">${esc(text)}</figcaption>`;
}

/** Whether cell (σ_w² i, depth j) trained; false while it is still to be measured. */
const trainedCell = (s: TrainabilitySeries, i: number, j: number) => s.trainable[i][j] && s.measured?.[i][j] !== false;

/**
 * Trainable cells (σ_w² × depth) filled, predicted-trainable cells (depth ≤ 6 ξ_c) outlined, and the 6 ξ_c curve.
 * Both axes are the grid's own values, spaced evenly (the paper's grid is not uniform in σ_w²).
 */
export function trainabilityView(s: TrainabilitySeries, lang: Lang, o: { fit?: boolean; width?: number } = {}): string {
  const title = label('trainabilityTitle', lang);
  const fit = o.fit !== false;
  const W = fit ? slotWidth(title, o.width ?? 480) : (o.width ?? 480);
  const H = 300;
  const pad = { l: 56, r: 12, t: 12, b: 44 };
  const cw = (W - pad.l - pad.r) / s.sigmaW2.length;
  const ch = (H - pad.t - pad.b) / s.depths.length;
  const cx = (i: number) => pad.l + (i + 0.5) * cw;
  const rowY = (j: number) => H - pad.b - (j + 0.5) * ch;
  /** A depth value on the row axis: linear between the grid's depths, clamped just past both ends. */
  const depthY = (d: number) => {
    const ds = s.depths;
    if (d <= ds[0]) return rowY(0) + ch / 2;
    for (let j = 1; j < ds.length; j++)
      if (d <= ds[j]) return rowY(j - 1) - ((d - ds[j - 1]) / (ds[j] - ds[j - 1])) * ch;
    return pad.t;
  };
  const cells = s.sigmaW2
    .flatMap((w, i) =>
      s.depths.map((d, j) => {
        const pending = s.measured?.[i][j] === false;
        const ok = trainedCell(s, i, j);
        const verdict = label(pending ? 'cellPending' : ok ? 'cellTrained' : 'cellFailed', lang);
        const dash = pending ? ' stroke-dasharray="3 3"' : '';
        return `<rect x="${(cx(i) - cw / 2 + 2).toFixed(1)}" y="${(rowY(j) - ch / 2 + 2).toFixed(1)}" width="${(cw - 4).toFixed(1)}" height="${(ch - 4).toFixed(1)}" fill="${ok ? 'var(--c3)' : 'none'}" stroke="${s.predicted[i][j] ? 'var(--fg)' : 'var(--rule)'}" stroke-width="${s.predicted[i][j] ? 2 : 1}"${dash}><title>${esc(`σw²=${fmt(w)}, depth ${d}: ${verdict}`)}</title></rect>`;
      }),
    )
    .join('');
  const curve = s.sixXiC
    .map((v, i) => (v === null ? null : `${cx(i).toFixed(1)},${depthY(v).toFixed(1)}`))
    .filter(Boolean)
    .join(' ');
  const xt = s.sigmaW2
    .map(
      (w, i) =>
        `<text class="tick" data-axis="x" x="${cx(i).toFixed(1)}" y="${H - pad.b + 16}" text-anchor="middle">${fmt(w)}</text>`,
    )
    .join('');
  const yt = s.depths
    .map(
      (d, j) =>
        `<text class="tick" data-axis="y" x="${pad.l - 6}" y="${(rowY(j) + 4).toFixed(1)}" text-anchor="end">${d}</text>`,
    )
    .join('');
  return `${svgOpen(W, H, title, 'chart trainability', fit)}${cells}<polyline points="${curve}" fill="none" stroke="var(--c2)" stroke-width="3" stroke-dasharray="6 3"/><g class="axis">${xt}${yt}<text x="${(pad.l + W - pad.r) / 2}" y="${H - 6}" text-anchor="middle">σ_w² (σ_b² = ${fmt(s.sigmaB2)})</text><text transform="translate(14 ${(pad.t + H - pad.b) / 2}) rotate(-90)" text-anchor="middle">${label('depthWord', lang)}</text></g></svg>`;
}
