/**
 * Decision-boundary panels of the training race: one small map per initializer, the trained model's P(class 1) as a
 * smoothed image behind the training points. The image is a tiny PNG built here as a data URI (uncompressed deflate:
 * 32×32 pixels are ~4 KB), so the build's static figure and the browser's live one are the same markup and need no
 * canvas. Classes are told apart by hue (Okabe–Ito blue / orange) and by marker shape (dot / square).
 */
import type { DecisionBoundary, TrialResult } from '../../../src/result.ts';
import { esc, fmt } from './charts.ts';
import { type Lang, label } from './labels.ts';

/** RGB of class 0 (orange) and class 1 (blue): a colour-blind-safe pair that reads on light and dark backgrounds. */
const CLASS_RGB = [
  [230, 159, 0],
  [0, 114, 178],
] as const;
/** How a class's points and key entry are drawn: its colour, and the line cap that makes a dot or a square marker. */
function classStyle(cls: number): { colour: string; cap: 'round' | 'square' } {
  const [r, g, b] = CLASS_RGB[cls];
  return { colour: `rgb(${r} ${g} ${b})`, cap: cls === 1 ? 'round' : 'square' };
}
/** Opacity of a fully confident cell: strong enough to read, light enough for the points on top. */
const MAX_ALPHA = 0.55;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const x of bytes) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const u32 = (v: number) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];

function chunk(type: string, data: Uint8Array): number[] {
  const body = new Uint8Array(4 + data.length);
  body.set([...type].map((c) => c.charCodeAt(0)));
  body.set(data, 4);
  return [...u32(data.length), ...body, ...u32(crc32(body))];
}

/** zlib stream of stored (uncompressed) deflate blocks: no compressor needed, and the images are tiny. */
function zlibStored(raw: Uint8Array): Uint8Array {
  const out: number[] = [0x78, 0x01];
  for (let pos = 0; pos < raw.length || pos === 0; pos += 65535) {
    const len = Math.min(65535, raw.length - pos);
    const final = pos + len >= raw.length ? 1 : 0;
    out.push(final, len & 255, len >>> 8, ~len & 255, (~len >>> 8) & 255, ...raw.subarray(pos, pos + len));
    if (final) break;
  }
  out.push(...u32(adler32(raw)));
  return Uint8Array.from(out);
}

/** An RGBA image (rows top to bottom) as a PNG data URI. */
export function pngDataUri(width: number, height: number, rgba: Uint8Array): string {
  const raw = new Uint8Array(height * (1 + 4 * width));
  for (let r = 0; r < height; r++) raw.set(rgba.subarray(r * 4 * width, (r + 1) * 4 * width), r * (1 + 4 * width) + 1);
  const header = Uint8Array.from([...u32(width), ...u32(height), 8, 6, 0, 0, 0]);
  const bytes = [
    137,
    80,
    78,
    71,
    13,
    10,
    26,
    10,
    ...chunk('IHDR', header),
    ...chunk('IDAT', zlibStored(raw)),
    ...chunk('IEND', new Uint8Array(0)),
  ];
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `data:image/png;base64,${btoa(bin)}`;
}

/**
 * Each cell coloured by the more likely class, its opacity by how sure the model is: 0 at p = 0.5, rising as the
 * square root of |2p − 1| so that a model still near chance shows which way it leans.
 */
export function boundaryPixels(b: DecisionBoundary): Uint8Array {
  const n = b.resolution;
  const px = new Uint8Array(n * n * 4);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const p = b.p[j * n + i];
      const rgb = CLASS_RGB[p >= 0.5 ? 1 : 0];
      const k = 4 * ((n - 1 - j) * n + i); // image rows run top-down, grid rows bottom-up
      px.set([...rgb, Math.round(255 * MAX_ALPHA * Math.sqrt(Math.abs(2 * p - 1)))], k);
    }
  return px;
}

const SIZE = 200;
const INSET = 4;

function pointsPath(b: DecisionBoundary, cls: number): string {
  const sx = (x: number) => INSET + ((x - b.xMin) / (b.xMax - b.xMin)) * (SIZE - 2 * INSET);
  const sy = (y: number) => SIZE - INSET - ((y - b.yMin) / (b.yMax - b.yMin)) * (SIZE - 2 * INSET);
  return b.points.label
    .map((l, k) => (l === cls ? `M${sx(b.points.x[k]).toFixed(1)} ${sy(b.points.y[k]).toFixed(1)}h0` : ''))
    .join('');
}

/** A zero-length path segment drawn with a round or square cap is a dot or a square marker. */
function markers(b: DecisionBoundary): string {
  return [0, 1]
    .map((cls) => {
      const d = pointsPath(b, cls);
      const { colour, cap } = classStyle(cls);
      return `<path d="${d}" stroke="var(--bg)" stroke-width="6" stroke-linecap="${cap}"/><path d="${d}" stroke="${colour}" stroke-width="3.6" stroke-linecap="${cap}"/>`;
    })
    .join('');
}

function panel(t: TrialResult, lang: Lang): string {
  const name = t.params.init;
  const b = t.boundary;
  const acc = t.final.testAccuracy;
  const caption = `${name}${acc === null ? '' : ` · ${label('accShort', lang)} ${fmt(acc)}`}`;
  if (!b) {
    const why = t.diverged ? label('diverged', lang) : label('noBoundary', lang);
    return `<figure><svg viewBox="0 0 ${SIZE} ${SIZE}" role="img" aria-label="${esc(`${name}: ${why}`)}" class="chart boundary"><rect x="0.5" y="0.5" width="${SIZE - 1}" height="${SIZE - 1}" fill="none" stroke="var(--rule)"/><text x="${SIZE / 2}" y="${SIZE / 2}" text-anchor="middle" fill="var(--muted)">${esc(why)}</text></svg><figcaption>${esc(caption)}</figcaption></figure>`;
  }
  const aria = `${label('boundaryOf', lang)} ${name}`;
  const img = pngDataUri(b.resolution, b.resolution, boundaryPixels(b));
  return `<figure><svg viewBox="0 0 ${SIZE} ${SIZE}" role="img" aria-label="${esc(aria)}" class="chart boundary"><image href="${img}" x="${INSET}" y="${INSET}" width="${SIZE - 2 * INSET}" height="${SIZE - 2 * INSET}" preserveAspectRatio="none"/>${markers(b)}<rect x="0.5" y="0.5" width="${SIZE - 1}" height="${SIZE - 1}" fill="none" stroke="var(--rule)"/></svg><figcaption>${esc(caption)}</figcaption></figure>`;
}

/** The key: which colour and marker is which class, and what the shading means. */
function boundaryKey(lang: Lang): string {
  const swatch = (cls: number) => {
    const { colour, cap } = classStyle(cls);
    return `<svg width="14" height="14" aria-hidden="true"><path d="M7 7h0" stroke="${colour}" stroke-width="8" stroke-linecap="${cap}"/></svg>`;
  };
  return `<ul class="legend"><li>${swatch(0)}${esc(label('class0', lang))}</li><li>${swatch(1)}${esc(label('class1', lang))}</li><li>${esc(label('boundaryShade', lang))}</li></ul>`;
}

/** Every trial's boundary side by side, or nothing when the data set has none (no trial carries one). */
export function boundaryPanels(trials: readonly TrialResult[], lang: Lang): string {
  if (!trials.some((t) => t.boundary)) return '';
  return `<p class="small"><strong>${esc(label('boundaryTitle', lang))}</strong></p>${boundaryKey(lang)}<div class="hist-row">${trials.map((t) => panel(t, lang)).join('')}</div>`;
}
