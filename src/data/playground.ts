/**
 * The 2-D classification sets of TensorFlow Playground (`src/dataset.ts`), driven by the engine's seeded PRNG.
 * Playground's noise slider runs from 0 to 50%; our `noise` runs from 0 to 1, so Playground's `noise` = ours / 2.
 * Playground labels +1 / −1 become classes 1 / 0.
 *
 * One deliberate difference: Playground places spiral points on an even grid along each arm, which would make a train
 * and a test set of equal size coincide exactly at zero noise; here the position along the arm is drawn uniformly,
 * which has the same distribution as the grid in the limit, so train and test are genuinely distinct draws.
 */
import type { Rng } from '../rng.ts';

export type Playground2dId = 'spiral' | 'circles' | 'xor' | 'gauss';

export interface Points2d {
  /** row-major [n, 2] */
  xy: Float64Array;
  labels: Int32Array;
}

type Generator = (rng: Rng, n: number, playgroundNoise: number) => Points2d;

/** Radius of the circles set; the decision boundary is the circle of radius CIRCLE_RADIUS / 2. */
export const CIRCLE_RADIUS = 5;
/** Half-width of the xor square, and the gap Playground leaves around the axes. */
export const XOR_HALF_WIDTH = 5;
const XOR_PADDING = 0.3;
/** Centres of the two gauss blobs are (±GAUSS_CENTRE, ±GAUSS_CENTRE). */
export const GAUSS_CENTRE = 2;

/** Collects labelled points; `half(n, k)` splits n as evenly as possible into two classes. */
class PointSink {
  readonly xy: Float64Array;
  readonly labels: Int32Array;
  private count = 0;
  constructor(n: number) {
    this.xy = new Float64Array(2 * n);
    this.labels = new Int32Array(n);
  }
  push(x: number, y: number, label: number): void {
    this.xy[2 * this.count] = x;
    this.xy[2 * this.count + 1] = y;
    this.labels[this.count++] = label;
  }
  done(): Points2d {
    return { xy: this.xy, labels: this.labels };
  }
}

/** Examples of class `label` when n is split into two classes (class 1 gets the odd one out). */
function classCount(n: number, label: number): number {
  return label === 1 ? Math.ceil(n / 2) : Math.floor(n / 2);
}

const spiral: Generator = (rng, n, noise) => {
  const sink = new PointSink(n);
  for (const [label, deltaT] of [
    [1, 0],
    [0, Math.PI],
  ]) {
    for (let i = 0; i < classCount(n, label); i++) {
      const u = rng.uniform();
      const r = u * 5;
      const t = 1.75 * u * 2 * Math.PI + deltaT;
      const x = r * Math.sin(t) + rng.uniformIn(-1, 1) * noise;
      const y = r * Math.cos(t) + rng.uniformIn(-1, 1) * noise;
      sink.push(x, y, label);
    }
  }
  return sink.done();
};

/** Class 1 inside radius R/2, class 0 in the ring [0.7R, R]; noise flips labels by jittering the point it is judged at. */
const circles: Generator = (rng, n, noise) => {
  const sink = new PointSink(n);
  const R = CIRCLE_RADIUS;
  for (const [label, rMin, rMax] of [
    [1, 0, R * 0.5],
    [0, R * 0.7, R],
  ]) {
    for (let i = 0; i < classCount(n, label); i++) {
      const r = rng.uniformIn(rMin, rMax);
      const angle = rng.uniformIn(0, 2 * Math.PI);
      const x = r * Math.sin(angle);
      const y = r * Math.cos(angle);
      const jx = x + rng.uniformIn(-R, R) * noise;
      const jy = y + rng.uniformIn(-R, R) * noise;
      sink.push(x, y, Math.hypot(jx, jy) < R * 0.5 ? 1 : 0);
    }
  }
  return sink.done();
};

const xor: Generator = (rng, n, noise) => {
  const sink = new PointSink(n);
  const H = XOR_HALF_WIDTH;
  for (let i = 0; i < n; i++) {
    let x = rng.uniformIn(-H, H);
    x += x > 0 ? XOR_PADDING : -XOR_PADDING;
    let y = rng.uniformIn(-H, H);
    y += y > 0 ? XOR_PADDING : -XOR_PADDING;
    const jx = x + rng.uniformIn(-H, H) * noise;
    const jy = y + rng.uniformIn(-H, H) * noise;
    sink.push(x, y, jx * jy >= 0 ? 1 : 0);
  }
  return sink.done();
};

/** Two isotropic Gaussians; noise widens them (variance 0.5 at no noise to 4 at Playground's 50%). */
const gauss: Generator = (rng, n, noise) => {
  const sink = new PointSink(n);
  const sd = Math.sqrt(0.5 + (4 - 0.5) * (noise / 0.5));
  for (const [label, c] of [
    [1, GAUSS_CENTRE],
    [0, -GAUSS_CENTRE],
  ]) {
    for (let i = 0; i < classCount(n, label); i++) sink.push(c + sd * rng.normal(), c + sd * rng.normal(), label);
  }
  return sink.done();
};

const GENERATORS: Record<Playground2dId, Generator> = { spiral, circles, xor, gauss };

/** Playground's noise scale for our 0..1 `noise`. */
export function playgroundNoise(noise: number): number {
  return noise / 2;
}

/** n labelled points of one set, in random order (generation is grouped by class). */
export function playgroundPoints(id: Playground2dId, rng: Rng, n: number, noise: number): Points2d {
  const grouped = GENERATORS[id](rng, n, playgroundNoise(noise));
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  rng.shuffle(order);
  const out = new PointSink(n);
  for (const i of order) out.push(grouped.xy[2 * i], grouped.xy[2 * i + 1], grouped.labels[i]);
  return out.done();
}
