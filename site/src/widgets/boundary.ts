/**
 * Decision-boundary panels of the training race: one small map per initializer, the trained model's P(class 1) as a
 * smoothed image behind the training points. The image is a tiny PNG built here as a data URI (uncompressed deflate:
 * 32×32 pixels are ~4 KB), so the build's static figure and the browser's live one are the same markup and need no
 * canvas. Classes are told apart by hue (Okabe–Ito blue / orange) and by marker shape (dot / square).
 */
import type { DecisionBoundary, TrialResult } from '../../../src/result.ts';
import { esc, fmt } from './charts.ts';
import { type Lang, label } from './labels.ts';
import { pngDataUri } from './png.ts';
import type { BoundaryAt } from './snapshot.ts';

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
      px[k] = rgb[0];
      px[k + 1] = rgb[1];
      px[k + 2] = rgb[2];
      px[k + 3] = Math.round(255 * MAX_ALPHA * Math.sqrt(Math.abs(2 * p - 1)));
    }
  return px;
}

/** A boundary's image, by its grid of probabilities: a running or scrubbed figure redraws the same few many times. */
const images = new WeakMap<readonly number[], string>();
function boundaryImage(b: DecisionBoundary): string {
  let img = images.get(b.p);
  if (!img) {
    img = pngDataUri(b.resolution, b.resolution, boundaryPixels(b));
    images.set(b.p, img);
  }
  return img;
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

function panel(t: TrialResult, lang: Lang, timed: boolean): string {
  const name = t.params.init;
  const b = t.boundary as BoundaryAt | null;
  const acc = t.final.testAccuracy;
  const at = b?.step === undefined ? '' : ` · ${label('atStep', lang, { step: b.step })}`;
  const caption = `${name}${acc === null ? '' : ` · ${label('accShort', lang)} ${fmt(acc)}`}${at}`;
  if (!b) {
    const why = t.diverged ? label('diverged', lang) : label(timed ? 'noBoundaryYet' : 'noBoundary', lang);
    return `<figure><svg viewBox="0 0 ${SIZE} ${SIZE}" role="img" aria-label="${esc(`${name}: ${why}`)}" class="chart boundary"><rect x="0.5" y="0.5" width="${SIZE - 1}" height="${SIZE - 1}" fill="none" stroke="var(--rule)"/><text x="${SIZE / 2}" y="${SIZE / 2}" text-anchor="middle" fill="var(--muted)">${esc(why)}</text></svg><figcaption>${esc(caption)}</figcaption></figure>`;
  }
  const aria =
    b.step === undefined
      ? `${label('boundaryOf', lang)} ${name}`
      : `${name}: ${label('boundaryAt', lang, { step: b.step })}`;
  const img = boundaryImage(b);
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

/**
 * Every trial's boundary side by side, or nothing when the data set has none (no trial carries one). `timed`: the
 * figure shows a moment of a race's run (live or scrubbed), each boundary that of its nearest checkpoint; the race's
 * data sets are all planar, so the panels are there from the run's first frame, empty until its first checkpoint
 * (the figure keeps its layout as it fills in).
 */
export function boundaryPanels(trials: readonly TrialResult[], lang: Lang, timed = false): string {
  if (!timed && !trials.some((t) => t.boundary)) return '';
  return `<p class="small"><strong>${esc(label(timed ? 'boundaryTimedTitle' : 'boundaryTitle', lang))}</strong></p>${boundaryKey(lang)}<div class="hist-row">${trials.map((t) => panel(t, lang, timed)).join('')}</div>`;
}
