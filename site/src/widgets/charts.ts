/**
 * Tiny SVG chart builders that return markup strings, so the build (static, no-JS figure) and the browser (live
 * re-render) draw identical figures. Scales, ticks, paths and numbers come from the engine's shared plot module
 * (src/plot, on d3), the same as the API's compare.svg. Colours are CSS variables of the Okabe–Ito palette
 * (colour-blind safe); series are also told apart by dash pattern so they survive greyscale printing.
 *
 * A chart is drawn at its slot's pixel width (see `withSlotWidths`), so its text is its CSS size on every screen
 * instead of a viewBox scaled down on a phone; its height is fixed, so a re-layout never moves the page.
 */
import { type Axis, formatNumber, linearAxis, linePath, logAxis } from '../../../src/plot/index.ts';

export interface Series {
  label: string;
  xs: readonly number[];
  ys: readonly (number | null)[];
  /** Marker drawn at the last point, e.g. divergence. */
  endMark?: 'x';
}
export interface LineChartOptions {
  /** The width to draw at when the page has not measured the chart's slot (the build, a first paint). */
  width?: number;
  height?: number;
  logY?: boolean;
  xLabel: string;
  yLabel: string;
  title: string;
  /** The x axis's span, when it is not the data's (a run still training spans all its steps). */
  xSpan?: readonly [number, number];
  /** Values the y axis must cover instead of the series' own (a scrubbed run keeps its whole run's axis). */
  yCover?: readonly (number | null)[];
  /** False for a figure no script re-lays out (the build's static figures): it scales with its viewBox instead. */
  fit?: boolean;
}

export const SERIES_COLOURS = ['--c1', '--c2', '--c3', '--c4', '--c5', '--c6', '--c7', '--c8'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4', '4 4', '3 6'];
export const PAD = { l: 58, r: 14, t: 12, b: 40 };

export const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The shared number format (significant figures, never a false zero), for tables and titles. */
export const fmt = (v: number): string => formatNumber(v);

let slotWidths: ReadonlyMap<string, number> | null = null;

/**
 * Render `draw` with measured chart widths (by chart title), as the widget element does after measuring each chart's
 * container. A scope rather than a parameter: the views are pure functions of (result, lang), shared with the build,
 * and only the charts inside them need the widths.
 */
export function withSlotWidths<T>(widths: ReadonlyMap<string, number> | null, draw: () => T): T {
  const outer = slotWidths;
  slotWidths = widths;
  try {
    return draw();
  } finally {
    slotWidths = outer;
  }
}

/** The width to draw the chart titled `title` at: its slot's measured width, or the fallback. */
export function slotWidth(title: string, fallback: number): number {
  const w = slotWidths?.get(title);
  return w !== undefined && w >= 120 ? Math.round(w) : fallback;
}

/** The root <svg> of a chart: pixel width and height (a fitted chart) or a viewBox that scales (a static one). */
export function svgOpen(w: number, h: number, title: string, cls: string, fit: boolean, extra = ''): string {
  const size = fit ? ` width="${w}" height="${h}" data-fit="${esc(title)}"` : '';
  return `<svg viewBox="0 0 ${w} ${h}"${size} role="img" aria-label="${esc(title)}" class="${cls}"${extra}>`;
}

const f1 = (v: number) => v.toFixed(1);

/** Tick labels (and grid lines on y) of both axes, and the two axis titles. */
export function axisMarkup(
  x: Axis,
  y: Axis,
  box: { w: number; h: number; l: number; r: number; t: number; b: number },
  labels: { x: string; y: string },
  grid = true,
): string {
  const { w, h, l, r, t, b } = box;
  const yt = y.ticks
    .map((v) => {
      const py = f1(y.map(v));
      const line = grid ? `<line x1="${l}" x2="${w - r}" y1="${py}" y2="${py}" class="grid"/>` : '';
      return `${line}<text class="tick" data-axis="y" x="${l - 6}" y="${f1(y.map(v) + 4)}" text-anchor="end">${esc(y.label(v))}</text>`;
    })
    .join('');
  // A label at the right edge ends there instead of being cut off by the frame.
  const xt = x.ticks
    .map((v) => {
      const px = x.map(v);
      const anchor = px > w - r - 16 ? 'end' : 'middle';
      return `<text class="tick" data-axis="x" x="${f1(px)}" y="${h - b + 16}" text-anchor="${anchor}">${esc(x.label(v))}</text>`;
    })
    .join('');
  const xTitle = labels.x && `<text x="${(l + w - r) / 2}" y="${h - 6}" text-anchor="middle">${esc(labels.x)}</text>`;
  const yTitle =
    labels.y &&
    `<text transform="translate(14 ${(t + h - b) / 2}) rotate(-90)" text-anchor="middle">${esc(labels.y)}</text>`;
  const titles = xTitle + yTitle;
  return `<g class="axis">${yt}${xt}<line x1="${l}" x2="${l}" y1="${t}" y2="${h - b}"/><line x1="${l}" x2="${w - r}" y1="${h - b}" y2="${h - b}"/>${titles}</g>`;
}

/** About one tick per `px` pixels of axis, never fewer than three. */
const tickCount = (len: number, px: number) => Math.max(3, Math.floor(len / px));

function yAxisOf(series: readonly Series[], o: LineChartOptions, range: [number, number]): Axis {
  const ys = (o.yCover ?? series.flatMap((s) => s.ys)).filter(
    (y): y is number => y !== null && Number.isFinite(y) && (!o.logY || y > 0),
  );
  const count = tickCount(range[0] - range[1], 40);
  const lo = ys.length ? Math.min(...ys) : o.logY ? 0.1 : 0;
  const hi = ys.length ? Math.max(...ys) : 1;
  return o.logY ? logAxis(lo, hi, range, { count: count + 2 }) : linearAxis(Math.min(0, lo), hi, range, { count });
}

function seriesPath(s: Series, i: number, x: Axis, y: Axis): string {
  const colour = `var(${SERIES_COLOURS[i % SERIES_COLOURS.length]})`;
  const dash = DASHES[i % DASHES.length];
  const ok = (v: number | null) => v !== null && Number.isFinite(v) && (!y.log || v > 0);
  let j = s.xs.length - 1;
  while (j >= 0 && !ok(s.ys[j])) j--;
  const mark =
    s.endMark && j >= 0
      ? `<path d="M${f1(x.map(s.xs[j]) - 5)},${f1(y.map(s.ys[j] as number) - 5)}l10,10m0,-10l-10,10" stroke="${colour}" stroke-width="2.5"/>`
      : '';
  return `<path d="${linePath(s.xs, s.ys, x, y)}" fill="none" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}><title>${esc(s.label)}</title></path>${mark}`;
}

export function lineChart(series: readonly Series[], o: LineChartOptions): string {
  const fit = o.fit !== false;
  const W = fit ? slotWidth(o.title, o.width ?? 480) : (o.width ?? 480);
  const H = o.height ?? 280;
  const xsAll = o.xSpan ?? series.flatMap((s) => s.xs);
  const x0 = xsAll.length ? Math.min(...xsAll) : 0;
  const x1 = Math.max(...xsAll, x0 + 1);
  const x = linearAxis(x0, x1, [PAD.l, W - PAD.r], { nice: false, count: tickCount(W - PAD.l - PAD.r, 70) });
  const y = yAxisOf(series, o, [H - PAD.b, PAD.t]);
  const axes = axisMarkup(x, y, { w: W, h: H, ...PAD }, { x: o.xLabel, y: o.yLabel });
  const paths = series.map((s, i) => seriesPath(s, i, x, y)).join('');
  // The series travel with the figure so a hover readout can show exact values without re-fetching anything.
  const points = esc(JSON.stringify({ x0, x1, w: W, l: PAD.l, r: PAD.r, s: series.map((s) => [s.label, s.xs, s.ys]) }));
  return `${svgOpen(W, H, o.title, 'chart', fit, ` data-points="${points}"`)}${axes}${paths}</svg>`;
}

export function legend(labels: readonly string[]): string {
  return `<ul class="legend">${labels
    .map(
      (l, i) =>
        `<li><svg width="28" height="10" aria-hidden="true"><line x1="0" x2="28" y1="5" y2="5" stroke="var(${SERIES_COLOURS[i % SERIES_COLOURS.length]})" stroke-width="2.5"${DASHES[i % DASHES.length] ? ` stroke-dasharray="${DASHES[i % DASHES.length]}"` : ''}/></svg>${esc(l)}</li>`,
    )
    .join('')}</ul>`;
}

const HIST_PAD = { l: 40, r: 10, t: 8, b: 22 };

/** Bars of a histogram over its edges, with a value axis below and a count axis on the left. */
export function histogram(edges: readonly number[], counts: readonly number[], title: string, colour = '--c1'): string {
  const W = slotWidth(title, 320);
  const H = 150;
  const p = HIST_PAD;
  const lo = edges[0] ?? 0;
  const hi = edges[edges.length - 1] ?? 1;
  const x = linearAxis(lo, hi, [p.l, W - p.r], { nice: false, count: tickCount(W - p.l - p.r, 60) });
  const y = linearAxis(0, Math.max(1, ...counts), [H - p.b, p.t], { count: 3 });
  const bars = counts
    .map((c, i) => {
      const x0 = x.map(edges[i]);
      const top = y.map(c);
      return `<rect x="${f1(x0)}" y="${f1(top)}" width="${f1(Math.max(0.5, x.map(edges[i + 1]) - x0 - 1))}" height="${f1(H - p.b - top)}" fill="var(${colour})"><title>[${fmt(edges[i])}, ${fmt(edges[i + 1])}): ${c}</title></rect>`;
    })
    .join('');
  const axes = axisMarkup(x, y, { w: W, h: H, ...p }, { x: '', y: '' }, false);
  return `${svgOpen(W, H, title, 'chart hist', true)}${bars}${axes}</svg>`;
}
