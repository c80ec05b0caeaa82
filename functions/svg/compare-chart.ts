/**
 * The compare loss curves as a self-contained SVG for Markdown: title, axes with ticks and labels, a legend, the
 * Okabe–Ito colour-blind-safe palette (plus dash patterns past eight series) and a marker where a run diverged.
 * Colours of text and axes follow prefers-color-scheme, so the chart reads on light and dark pages.
 */
import {
  type Axis,
  type CompareResult,
  formatNumber,
  hiddenWidths,
  linearAxis,
  linePath,
  logAxis,
  type TrialResult,
} from '../../src/index.ts';
import { escapeHtml } from '../docs/render.ts';

export const METRICS = ['trainLoss', 'testLoss', 'testAccuracy'] as const;
export type Metric = (typeof METRICS)[number];

export interface ChartOptions {
  metric: Metric;
  yScale: 'log' | 'linear';
  width: number;
  height: number;
}

const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3'];
/** Average advance of a 12px system-ui character, for sizing legend columns. */
const CHAR_PX = 6.6;
const METRIC_LABEL: Record<Metric, string> = {
  trainLoss: 'training loss',
  testLoss: 'test loss',
  testAccuracy: 'test accuracy',
};

const STYLE = `text{font:12px system-ui,sans-serif;fill:#222}.t{font-size:14px;font-weight:600}.ax{stroke:#555}.grid{stroke:#ddd}
.line{fill:none;stroke-width:2;stroke-linejoin:round}.bg{fill:#fff}
@media (prefers-color-scheme:dark){text{fill:#e6e6e6}.ax{stroke:#aaa}.grid{stroke:#3a3a3a}.bg{fill:#161616}.k{stroke:#e6e6e6}}`;

function seriesOf(trial: TrialResult, metric: Metric): [number, number][] {
  const ys = trial[metric];
  const out: [number, number][] = [];
  trial.steps.forEach((s, i) => {
    const y = ys[i];
    if (y !== null && y !== undefined && Number.isFinite(y)) out.push([s, y]);
  });
  return out;
}

function legendLabel(trial: TrialResult, metric: Metric): string {
  const final = trial.final[metric];
  const finalText = final === null ? '' : `, final ${formatNumber(final)}`;
  const at = trial.divergedAtStep ?? trial.steps.at(-1) ?? 0;
  return `${trial.params.init}${finalText}${trial.diverged ? ` — diverged at step ${at}` : ''}`;
}

function yAxisFor(points: [number, number][], opts: ChartOptions, top: number, bottom: number): Axis {
  const ys = points.map(([, y]) => y);
  const lo = ys.length ? Math.min(...ys) : 0;
  const hi = ys.length ? Math.max(...ys) : 1;
  const count = Math.max(3, Math.floor((bottom - top) / 40));
  if (opts.yScale === 'log' && opts.metric !== 'testAccuracy' && lo > 0)
    return logAxis(lo, hi, [bottom, top], { count: count + 2 });
  if (opts.metric === 'testAccuracy') return linearAxis(0, 1, [bottom, top], { count });
  return linearAxis(Math.min(0, lo), hi, [bottom, top], { count });
}

function subtitle(r: CompareResult): string {
  const p = r.params;
  const shape = p.widths ? `widths ${hiddenWidths(p).join('-')}` : `depth ${p.depth} × width ${p.width}`;
  const model = p.residualScale ? `${p.model} (${p.residualScale})` : p.model;
  const norm = p.norm ? `, ${p.norm} norm` : '';
  const param = p.parametrization ? `, ${p.parametrization} from width ${p.baseWidth}` : '';
  return `${model} ${shape}, ${p.activation}${norm}${param}, ${p.dataset}, ${p.optimizer} lr ${p.lr}, batch ${p.batchSize}, seed ${p.seed}`;
}

export function renderCompareChart(result: CompareResult, opts: ChartOptions): string {
  const { width, height } = opts;
  const labels = result.trials.map((t) => legendLabel(t, opts.metric));
  // The legend flows into as many columns as fit (sized by the longest label), so the plot keeps most of the height.
  const columnPx = Math.min(width - 80, Math.max(...labels.map((l) => l.length)) * CHAR_PX + 48);
  const columns = Math.max(1, Math.floor((width - 80) / columnPx));
  const legendRows = Math.ceil(result.trials.length / columns);
  const legendH = 18 * legendRows;
  const m = { left: 64, right: 16, top: 52, bottom: 48 + legendH };
  const plotBottom = height - m.bottom;
  const all = result.trials.flatMap((t) => seriesOf(t, opts.metric));
  const maxStep = Math.max(1, ...result.trials.flatMap((t) => t.steps));
  const x = linearAxis(0, maxStep, [m.left, width - m.right], { count: Math.max(3, Math.floor(width / 90)) });
  const y = yAxisFor(all, opts, m.top, plotBottom);
  const parts: string[] = [];

  for (const t of y.ticks) {
    const py = y.map(t);
    if (py < m.top - 0.5 || py > plotBottom + 0.5) continue;
    parts.push(
      `<line class="grid" x1="${m.left}" x2="${width - m.right}" y1="${py.toFixed(1)}" y2="${py.toFixed(1)}"/>`,
    );
    parts.push(
      `<text class="tick" data-axis="y" x="${m.left - 6}" y="${(py + 4).toFixed(1)}" text-anchor="end">${y.label(t)}</text>`,
    );
  }
  for (const t of x.ticks) {
    const px = x.map(t);
    if (px > width - m.right + 0.5) continue;
    parts.push(
      `<line class="ax" x1="${px.toFixed(1)}" x2="${px.toFixed(1)}" y1="${plotBottom}" y2="${plotBottom + 5}"/>`,
    );
    parts.push(
      `<text class="tick" data-axis="x" x="${px.toFixed(1)}" y="${plotBottom + 18}" text-anchor="middle">${x.label(t)}</text>`,
    );
  }
  parts.push(`<line class="ax" x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${plotBottom}"/>`);
  parts.push(`<line class="ax" x1="${m.left}" x2="${width - m.right}" y1="${plotBottom}" y2="${plotBottom}"/>`);
  parts.push(`<text x="${(m.left + width - m.right) / 2}" y="${plotBottom + 34}" text-anchor="middle">step</text>`);
  const isLog = opts.yScale === 'log' && opts.metric !== 'testAccuracy' && all.every(([, v]) => v > 0);
  const yLabel = `${METRIC_LABEL[opts.metric]}${isLog ? ', log scale' : ''}`;
  parts.push(
    `<text transform="translate(14 ${(m.top + plotBottom) / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text>`,
  );

  result.trials.forEach((trial, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const dash = DASHES[Math.floor(i / PALETTE.length) % DASHES.length];
    const dashAttr = dash ? ` stroke-dasharray="${dash}"` : '';
    const colourClass = colour === '#000000' ? ' k' : '';
    const pts = seriesOf(trial, opts.metric);
    const d = linePath(
      pts.map(([s]) => s),
      pts.map(([, v]) => v),
      x,
      y,
    );
    if (d) parts.push(`<path class="line${colourClass}" stroke="${colour}"${dashAttr} d="${d}"/>`);
    if (trial.diverged) {
      const last = pts.at(-1);
      const at = trial.divergedAtStep ?? last?.[0] ?? 0;
      const cx = x.map(at);
      const cy = last ? y.map(last[1]) : m.top;
      parts.push(
        `<path class="${colourClass.trim()}" stroke="${colour}" stroke-width="2.5" d="M${(cx - 5).toFixed(1)} ${(cy - 5).toFixed(1)}l10 10m0 -10l-10 10"/>`,
      );
    }
    const ly = height - legendH - 6 + 18 * Math.floor(i / columns) + 12;
    const lx = m.left + columnPx * (i % columns);
    parts.push(
      `<line class="line${colourClass}" stroke="${colour}"${dashAttr} x1="${lx}" x2="${lx + 28}" y1="${ly - 4}" y2="${ly - 4}"/>`,
    );
    parts.push(`<text x="${lx + 36}" y="${ly}">${escapeHtml(labels[i])}</text>`);
  });

  const title = `${METRIC_LABEL[opts.metric][0].toUpperCase()}${METRIC_LABEL[opts.metric].slice(1)} by initializer`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="t d">
<title id="t">${escapeHtml(title)}</title><desc id="d">${escapeHtml(subtitle(result))}</desc><style>${STYLE}</style>
<rect class="bg" width="100%" height="100%"/>
<text class="t" x="${m.left}" y="20">${escapeHtml(title)}</text><text x="${m.left}" y="38">${escapeHtml(subtitle(result))}</text>
${parts.join('\n')}
</svg>`;
}
