/**
 * A share card as one SVG: the site's name, the page's title and the page's default figure (its legend and up to two
 * of its charts), with the widgets' CSS variables and classes resolved to the light palette, because a rasteriser
 * has no page stylesheet to inherit them from.
 */
import widgetsCss from '../styles/widgets.css?raw';
import { CARD_HEIGHT, CARD_WIDTH, type Card } from './share.ts';

/** The card's margin, and the title's size and place: what the title's lines must fit between. */
export const PAD = 48;
export const TITLE_SIZE = 40;
export const TITLE_BASELINE = 118;
export const TITLE_LEADING = 50;
/** A title line's room, in em of the title's size: the card's width less both margins. */
const TITLE_EM = (CARD_WIDTH - 2 * PAD) / TITLE_SIZE;
const FONTS = "'DejaVu Sans', 'Noto Sans CJK SC', 'Liberation Sans', sans-serif";

/** `--name: light-dark(#light, #dark)` (or a plain value) → the light value. */
export function lightPalette(css: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of css.matchAll(/--([\w-]+):\s*(?:light-dark\(\s*([^,]+?)\s*,[^)]*\)|([^;]+?))\s*;/g))
    out[m[1]] ??= m[2] ?? m[3];
  return out;
}

const PALETTE = lightPalette(widgetsCss);
const resolveVars = (svg: string) => svg.replace(/var\(--([\w-]+)\)/g, (m, name: string) => PALETTE[name] ?? m);

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Every element `<tag …>…</tag>` at top level of `html` whose opening tag matches `open`, nesting counted. */
export function elements(html: string, tag: string, open: RegExp): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}\\b[^>]*>|</${tag}>`, 'g');
  let depth = 0;
  let start = -1;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[0].startsWith('</')) {
      depth--;
      if (depth === 0 && start >= 0) out.push(html.slice(start, m.index + m[0].length));
      if (depth === 0) start = -1;
    } else {
      if (depth === 0 && open.test(m[0])) start = m.index;
      depth++;
    }
  }
  return out;
}

/**
 * A text's width in em of the bold title face, estimated: CJK characters are square; Latin letters of DejaVu Sans Bold
 * average about 0.6 em (capitals and wide letters more, i, l and the space less).
 */
const emWidth = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 1 : 0.6), 0);

/** Wraps by words (or by characters for text without spaces, as Chinese) to lines of about `maxEm` em. */
export function wrap(text: string, maxEm: number): string[] {
  const units = text.includes(' ') ? text.split(' ') : [...text];
  const sep = text.includes(' ') ? ' ' : '';
  const lines: string[] = [];
  let line = '';
  for (const u of units) {
    const next = line ? line + sep + u : u;
    if (line && emWidth(next) > maxEm) {
      lines.push(line);
      line = u;
    } else line = next;
  }
  return line ? [...lines, line] : lines;
}

/** The first legend's items (`<li><svg swatch/>label</li>`) as one row of swatches and labels, as many as fit. */
function legendRow(figure: string, y: number): { svg: string; height: number } {
  // The first legend names the curves; later ones (the decision boundaries' classes) describe other panels.
  const first = /<ul class="legend">([\s\S]*?)<\/ul>/.exec(figure)?.[1] ?? '';
  const items = [...first.matchAll(/<li>(<svg\b[\s\S]*?<\/svg>)([^<]*)<\/li>/g)];
  if (!items.length) return { svg: '', height: 0 };
  const size = 20;
  let x = PAD;
  const parts: string[] = [];
  for (const [, swatch, name] of items) {
    const next = x + 36 + emWidth(name) * size + 28;
    if (next - 28 > CARD_WIDTH - PAD) break;
    parts.push(swatch.replace(/^<svg\b/, `<svg x="${x}" y="${y - 12}"`));
    parts.push(`<text x="${x + 36}" y="${y}" font-size="${size}" fill="${PALETTE.fg}">${name}</text>`);
    x = next;
  }
  return { svg: parts.join(''), height: 40 };
}

/** Up to two of the figure's charts, side by side in the box, each keeping its aspect ratio. */
function chartsIn(figure: string, box: { x: number; y: number; w: number; h: number }): string {
  const charts = elements(figure, 'svg', /class="[^"]*\b(chart|hist)\b/).slice(0, 2);
  const gap = 24;
  const w = (box.w - gap * (charts.length - 1)) / charts.length;
  // The chart's own size and placement give way to the slot's (a duplicate attribute would not parse).
  const place = (open: string, i: number) =>
    open
      .replace(/\s(?:x|y|width|height|style)="[^"]*"/g, '')
      .replace(
        /^<svg\b/,
        `<svg x="${box.x + i * (w + gap)}" y="${box.y}" width="${w}" height="${box.h}" font-size="14"`,
      );
  return charts.map((c, i) => c.replace(/^<svg\b[^>]*>/, (open) => place(open, i))).join('');
}

const STYLE = `text{font-family:${FONTS}}.axis text{fill:${PALETTE.muted}}.axis line,.grid{stroke:${PALETTE.rule}}.hist{font-size:16px}`;

export function cardSvg(card: Card, figure: string): string {
  const lines = wrap(card.title, TITLE_EM).slice(0, 2);
  const y = (i: number) => TITLE_BASELINE + i * TITLE_LEADING;
  const title = lines
    .map((l, i) => `<text x="${PAD}" y="${y(i)}" font-size="${TITLE_SIZE}" font-weight="bold">${esc(l)}</text>`)
    .join('');
  const top = y(lines.length - 1) + 44;
  const legend = legendRow(figure, top + 10);
  const box = { x: PAD, y: top + legend.height, w: CARD_WIDTH - 2 * PAD, h: CARD_HEIGHT - top - legend.height - 24 };
  const body = resolveVars(legend.svg + chartsIn(figure, box));
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}" color="${PALETTE.fg}" fill="${PALETTE.fg}"><style>${STYLE}</style><rect width="100%" height="100%" fill="${PALETTE.bg}"/><rect width="100%" height="8" fill="${PALETTE.accent}"/><text x="${PAD}" y="62" font-size="26" fill="${PALETTE.accent}" font-weight="bold">initlab</text>${title}${body}</svg>`;
}
