/**
 * Tiny SVG chart builders that return markup strings, so the build (static, no-JS figure) and the browser (live
 * re-render) draw identical figures. Colours are CSS variables of the Okabe–Ito palette (colour-blind safe); series are
 * also told apart by dash pattern so they survive greyscale printing.
 */
export interface Series {
  label: string;
  xs: readonly number[];
  ys: readonly (number | null)[];
  /** Marker drawn at the last point, e.g. divergence. */
  endMark?: 'x';
}
export interface LineChartOptions {
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
}

export const SERIES_COLOURS = ['--c1', '--c2', '--c3', '--c4', '--c5', '--c6', '--c7', '--c8'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4', '4 4', '3 6'];
const PAD = { l: 56, r: 12, t: 12, b: 40 };

export const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}

function ticks(lo: number, hi: number, n = 5): number[] {
  if (hi <= lo) return [lo];
  const step0 = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export function lineChart(series: readonly Series[], o: LineChartOptions): string {
  const W = o.width ?? 480;
  const H = o.height ?? 280;
  const tf = (y: number) => (o.logY ? Math.log10(y) : y);
  const ys = o.yCover ?? series.flatMap((s) => s.ys);
  const finite = ys.filter((y): y is number => y !== null && Number.isFinite(tf(y)));
  const xsAll = o.xSpan ?? series.flatMap((s) => s.xs);
  const x0 = xsAll.length ? Math.min(...xsAll) : 0;
  const x1 = Math.max(...xsAll, x0 + 1);
  let y0 = finite.length ? Math.min(...finite.map(tf)) : 0;
  let y1 = finite.length ? Math.max(...finite.map(tf)) : 1;
  if (y1 - y0 < 1e-9) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  if (!o.logY) y0 = Math.min(0, y0);
  const sx = (x: number) => PAD.l + ((x - x0) / (x1 - x0)) * (W - PAD.l - PAD.r);
  const sy = (y: number) => H - PAD.b - ((tf(y) - y0) / (y1 - y0)) * (H - PAD.t - PAD.b);
  const yt = o.logY ? ticks(Math.floor(y0), Math.ceil(y1)).filter((v) => Number.isInteger(v)) : ticks(y0, y1);
  const grid = yt
    .map((v) => {
      const y = o.logY ? H - PAD.b - ((v - y0) / (y1 - y0)) * (H - PAD.t - PAD.b) : sy(v);
      if (y < PAD.t - 1 || y > H - PAD.b + 1) return '';
      return `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" class="grid"/><text x="${PAD.l - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end">${o.logY ? `1e${v}` : fmt(v)}</text>`;
    })
    .join('');
  // A label at the right edge ends there instead of being cut off by the frame.
  const xt = ticks(x0, x1)
    .map((v) => {
      const x = sx(v);
      const anchor = x > W - PAD.r - 16 ? 'end' : 'middle';
      return `<text x="${x.toFixed(1)}" y="${H - PAD.b + 16}" text-anchor="${anchor}">${fmt(v)}</text>`;
    })
    .join('');
  const paths = series
    .map((s, i) => {
      let d = '';
      let pen = false;
      let last: [number, number] | null = null;
      s.xs.forEach((x, j) => {
        const y = s.ys[j];
        if (y === null || !Number.isFinite(tf(y))) {
          pen = false;
          return;
        }
        last = [sx(x), sy(y)];
        d += `${pen ? 'L' : 'M'}${last[0].toFixed(1)},${last[1].toFixed(1)}`;
        pen = true;
      });
      const colour = `var(${SERIES_COLOURS[i % SERIES_COLOURS.length]})`;
      const dash = DASHES[i % DASHES.length];
      const end = last as [number, number] | null;
      const mark =
        s.endMark && end
          ? `<path d="M${end[0] - 5},${end[1] - 5}l10,10m0,-10l-10,10" stroke="${colour}" stroke-width="2.5"/>`
          : '';
      return `<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}><title>${esc(s.label)}</title></path>${mark}`;
    })
    .join('');
  // The series travel with the figure so a hover readout can show exact values without re-fetching anything.
  const points = esc(JSON.stringify({ x0, x1, w: W, l: PAD.l, r: PAD.r, s: series.map((s) => [s.label, s.xs, s.ys]) }));
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(o.title)}" class="chart" data-points="${points}"><g class="axis">${grid}${xt}<line x1="${PAD.l}" x2="${PAD.l}" y1="${PAD.t}" y2="${H - PAD.b}"/><line x1="${PAD.l}" x2="${W - PAD.r}" y1="${H - PAD.b}" y2="${H - PAD.b}"/><text x="${(PAD.l + W - PAD.r) / 2}" y="${H - 6}" text-anchor="middle">${esc(o.xLabel)}</text><text transform="translate(14 ${(PAD.t + H - PAD.b) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text></g>${paths}</svg>`;
}

export function legend(labels: readonly string[]): string {
  return `<ul class="legend">${labels
    .map(
      (l, i) =>
        `<li><svg width="28" height="10" aria-hidden="true"><line x1="0" x2="28" y1="5" y2="5" stroke="var(${SERIES_COLOURS[i % SERIES_COLOURS.length]})" stroke-width="2.5"${DASHES[i % DASHES.length] ? ` stroke-dasharray="${DASHES[i % DASHES.length]}"` : ''}/></svg>${esc(l)}</li>`,
    )
    .join('')}</ul>`;
}

export function histogram(edges: readonly number[], counts: readonly number[], title: string, colour = '--c1'): string {
  const W = 320;
  const H = 140;
  const max = Math.max(1, ...counts);
  const n = counts.length;
  const bw = (W - 20) / Math.max(1, n);
  const bars = counts
    .map((c, i) => {
      const h = (c / max) * (H - 30);
      return `<rect x="${(10 + i * bw).toFixed(1)}" y="${(H - 20 - h).toFixed(1)}" width="${Math.max(0.5, bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="var(${colour})"><title>[${fmt(edges[i])}, ${fmt(edges[i + 1])}): ${c}</title></rect>`;
    })
    .join('');
  const lo = edges[0];
  const hi = edges[edges.length - 1];
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}" class="chart hist">${bars}<g class="axis"><line x1="10" x2="${W - 10}" y1="${H - 20}" y2="${H - 20}"/><text x="10" y="${H - 5}">${lo === undefined ? '' : fmt(lo)}</text><text x="${W - 10}" y="${H - 5}" text-anchor="end">${hi === undefined ? '' : fmt(hi)}</text></g></svg>`;
}

/** Heat map over a (x, y) grid; `shade` maps a value to 0..1 opacity of one hue (sequential, colour-blind safe). */
export function heatmap(
  xs: readonly number[],
  ys: readonly number[],
  values: readonly (readonly (number | null)[])[],
  o: {
    title: string;
    xLabel: string;
    yLabel: string;
    shade: (v: number | null) => number;
    describe: (v: number | null) => string;
    line?: readonly { x: number; y: number }[];
    /** Labelled points drawn over the map (e.g. measurements at a few grid values). */
    marks?: readonly { x: number; y: number; text: string; title: string }[];
  },
): string {
  const W = 480;
  const H = 320;
  const cw = (W - PAD.l - PAD.r) / xs.length;
  const ch = (H - PAD.t - PAD.b) / Math.max(1, ys.length);
  const span = (a: readonly number[]) => a[a.length - 1] - a[0] || 1;
  // Cell centres sit on the grid values, so the line's coordinates map onto the same axis.
  const px = (x: number) => PAD.l + cw / 2 + ((x - xs[0]) / span(xs)) * (W - PAD.l - PAD.r - cw);
  const py = (y: number) => H - PAD.b - ch / 2 - ((y - ys[0]) / span(ys)) * (H - PAD.t - PAD.b - ch);
  const cells = values
    .flatMap((row, j) =>
      row.map((v, i) => {
        const x = PAD.l + i * cw;
        const y = H - PAD.b - (j + 1) * ch;
        return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(cw + 0.5).toFixed(1)}" height="${(ch + 0.5).toFixed(1)}" fill="var(--c1)" fill-opacity="${(0.06 + 0.94 * o.shade(v)).toFixed(2)}"><title>σw²=${fmt(xs[i])}, σb²=${fmt(ys[j])}: ${esc(o.describe(v))}</title></rect>`;
      }),
    )
    .join('');
  const line = o.line?.length
    ? `<polyline points="${o.line.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}" fill="none" stroke="var(--c2)" stroke-width="3" stroke-dasharray="6 3"/>`
    : '';
  const marks = (o.marks ?? [])
    .map(
      (m) =>
        `<g class="mark"><circle cx="${px(m.x).toFixed(1)}" cy="${py(m.y).toFixed(1)}" r="5" fill="var(--bg)" stroke="var(--fg)" stroke-width="2"/><text x="${px(m.x).toFixed(1)}" y="${(py(m.y) - 9).toFixed(1)}" text-anchor="middle" fill="var(--fg)" font-size="12">${esc(m.text)}</text><title>${esc(m.title)}</title></g>`,
    )
    .join('');
  const xt = ticks(xs[0], xs[xs.length - 1])
    .map((v) => `<text x="${px(v).toFixed(1)}" y="${H - PAD.b + 16}" text-anchor="middle">${fmt(v)}</text>`)
    .join('');
  const yt = ticks(ys[0], ys[ys.length - 1])
    .map((v) => `<text x="${PAD.l - 6}" y="${(py(v) + 4).toFixed(1)}" text-anchor="end">${fmt(v)}</text>`)
    .join('');
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(o.title)}" class="chart">${cells}${line}${marks}<g class="axis">${xt}${yt}<text x="${(PAD.l + W - PAD.r) / 2}" y="${H - 6}" text-anchor="middle">${esc(o.xLabel)}</text><text transform="translate(14 ${(PAD.t + H - PAD.b) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text></g></svg>`;
}
