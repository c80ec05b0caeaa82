/** Heat map over a (x, y) grid (the phase diagram's ξ_c map), on the shared axes of charts.ts. */
import { linearAxis } from '../../../src/plot/index.ts';
import { axisMarkup, esc, fmt, PAD, slotWidth, svgOpen } from './charts.ts';

export interface HeatmapOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** A value → 0..1 opacity of one hue (sequential, colour-blind safe). */
  shade: (v: number | null) => number;
  describe: (v: number | null) => string;
  line?: readonly { x: number; y: number }[];
  /** Labelled points drawn over the map (e.g. measurements at a few grid values). */
  marks?: readonly { x: number; y: number; text: string; title: string }[];
}

export function heatmap(
  xs: readonly number[],
  ys: readonly number[],
  values: readonly (readonly (number | null)[])[],
  o: HeatmapOptions,
): string {
  const W = slotWidth(o.title, 480);
  const H = 320;
  const cw = (W - PAD.l - PAD.r) / xs.length;
  const ch = (H - PAD.t - PAD.b) / Math.max(1, ys.length);
  // Cell centres sit on the grid values, so the line's and the ticks' coordinates map onto the same axis.
  const x = linearAxis(xs[0], xs[xs.length - 1], [PAD.l + cw / 2, W - PAD.r - cw / 2], { nice: false });
  const y = linearAxis(ys[0], ys[ys.length - 1], [H - PAD.b - ch / 2, PAD.t + ch / 2], { nice: false });
  const cells = values
    .flatMap((row, j) =>
      row.map((v, i) => {
        const cx = PAD.l + i * cw;
        const cy = H - PAD.b - (j + 1) * ch;
        return `<rect x="${cx.toFixed(1)}" y="${cy.toFixed(1)}" width="${(cw + 0.5).toFixed(1)}" height="${(ch + 0.5).toFixed(1)}" fill="var(--c1)" fill-opacity="${(0.06 + 0.94 * o.shade(v)).toFixed(2)}"><title>σw²=${fmt(xs[i])}, σb²=${fmt(ys[j])}: ${esc(o.describe(v))}</title></rect>`;
      }),
    )
    .join('');
  const line = o.line?.length
    ? `<polyline points="${o.line.map((p) => `${x.map(p.x).toFixed(1)},${y.map(p.y).toFixed(1)}`).join(' ')}" fill="none" stroke="var(--c2)" stroke-width="3" stroke-dasharray="6 3"/>`
    : '';
  const marks = (o.marks ?? [])
    .map((m) => {
      const [mx, my] = [x.map(m.x).toFixed(1), y.map(m.y)];
      return `<g class="mark"><circle cx="${mx}" cy="${my.toFixed(1)}" r="5" fill="var(--bg)" stroke="var(--fg)" stroke-width="2"/><text x="${mx}" y="${(my - 9).toFixed(1)}" text-anchor="middle" fill="var(--fg)" font-size="12">${esc(m.text)}</text><title>${esc(m.title)}</title></g>`;
    })
    .join('');
  const axes = axisMarkup(x, y, { w: W, h: H, ...PAD }, { x: o.xLabel, y: o.yLabel }, false);
  return `${svgOpen(W, H, o.title, 'chart', true)}${cells}${line}${marks}${axes}</svg>`;
}
