/**
 * A float64 reference of the training engine's models and losses, written independently of it in plain JS, for
 * finite-difference gradient checks.
 */
import type { Activation } from '../../src/params/index.ts';
import type { HostParams, ModelSpec } from '../../src/train/model.ts';

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** erf by its Taylor series: exact to ~1e-13 for the |x| < 4 the tiny test nets produce. */
export function erf(x: number): number {
  if (Math.abs(x) > 5) return Math.sign(x);
  let term = x;
  let sum = x;
  for (let n = 1; n < 120; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

export function activate(act: Activation, z: number, slope: number): number {
  switch (act) {
    case 'linear':
      return z;
    case 'relu':
      return Math.max(z, 0);
    case 'leaky_relu':
      return z > 0 ? z : slope * z;
    case 'tanh':
      return Math.tanh(z);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
    case 'selu':
      return z > 0 ? SELU_SCALE * z : SELU_SCALE * SELU_ALPHA * (Math.exp(z) - 1);
    case 'gelu':
      return 0.5 * z * (1 + erf(z / Math.SQRT2));
  }
}

/** Float64 parameters, mutable for finite differences. */
export interface RefParams {
  w: number[][];
  b: number[][];
  shift: number[][];
  scale: number[];
  gamma: number[][];
  beta: number[][];
}

export function toRef(h: HostParams): RefParams {
  return {
    w: h.w.map((a) => Array.from(a)),
    b: h.b.map((a) => Array.from(a)),
    shift: h.shift.map((r) => [...r]),
    scale: [...h.scale],
    gamma: h.gamma.map((a) => Array.from(a)),
    beta: h.beta.map((a) => Array.from(a)),
  };
}

function linear(x: number[][], w: number[], b: number[], fanOut: number): number[][] {
  return x.map((row) =>
    Array.from({ length: fanOut }, (_, j) => {
      let z = b[j];
      for (let i = 0; i < row.length; i++) z += row[i] * w[i * fanOut + j];
      return z;
    }),
  );
}

const EPS = 1e-5;

/** (v − mean)/√(biased variance + ε) of one vector. */
function standardise(v: number[]): number[] {
  const mean = v.reduce((s, a) => s + a, 0) / v.length;
  const variance = v.reduce((s, a) => s + (a - mean) ** 2, 0) / v.length;
  return v.map((a) => (a - mean) / Math.sqrt(variance + EPS));
}

/** Training-mode normalisation by the textbook definitions: each unit over the rows (batch), each row (layer). */
export function refNorm(kind: 'batch' | 'layer', z: number[][], gamma: number[], beta: number[]): number[][] {
  const units = gamma.length;
  let n: number[][];
  if (kind === 'layer') n = z.map(standardise);
  else {
    const columns = Array.from({ length: units }, (_, j) => standardise(z.map((r) => r[j])));
    n = z.map((_, i) => columns.map((col) => col[i]));
  }
  return n.map((r) => r.map((v, j) => gamma[j] * v + beta[j]));
}

export function refForward(spec: ModelSpec, p: RefParams, x: number[][]): number[][] {
  const layers = [...spec.stem, ...spec.blocks.flat(), spec.head];
  let k = 0;
  const apply = (h: number[][]) => {
    const l = layers[k];
    let z = linear(h, p.w[k], p.b[k], l.fanOut);
    if (spec.norm && k < layers.length - 1) z = refNorm(spec.norm, z, p.gamma[k], p.beta[k]);
    const out = z.map((r) => r.map((v) => activate(l.act, v, spec.negativeSlope)));
    k++;
    return out;
  };
  let h = x;
  for (let i = 0; i < spec.stem.length; i++) h = apply(h);
  spec.blocks.forEach((branch, bi) => {
    let u = h;
    branch.forEach((_, j) => {
      u = apply(spec.fixup ? u.map((r) => r.map((v) => v + p.shift[bi][j])) : u);
    });
    const s = spec.branchMultiplier ? p.scale[bi] : 1;
    h = h.map((r, i) => r.map((v, j) => v + s * u[i][j]));
  });
  return apply(h);
}

/** The losses by their textbook formulas (no log-sum-exp tricks needed at these magnitudes). */
export function refLoss(kind: 'binary' | 'multiclass' | 'mse', z: number[][], y: number[][]): number {
  const rows = z.length;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    if (kind === 'binary') {
      const p = 1 / (1 + Math.exp(-z[i][0]));
      total -= y[i][0] * Math.log(p) + (1 - y[i][0]) * Math.log(1 - p);
    } else if (kind === 'multiclass') {
      const e = z[i].map(Math.exp);
      const sum = e.reduce((a, b) => a + b, 0);
      total -= z[i].reduce((s, _, j) => s + y[i][j] * Math.log(e[j] / sum), 0);
    } else {
      total += z[i].reduce((s, v, j) => s + (v - y[i][j]) ** 2, 0) / z[i].length;
    }
  }
  return total / rows;
}
