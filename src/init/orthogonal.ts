/**
 * Orthogonal initialisation (Saxe, McClelland & Ganguli 2013) the way PyTorch's `orthogonal_` does it: QR of a
 * Gaussian matrix, Q sign-corrected by diag(R) so that it is Haar-distributed, times the gain. Tall weights get
 * orthonormal columns, wide ones orthonormal rows (semi-orthogonal). Householder reflections in float64: stable and
 * deterministic, no tfjs random or linear-algebra ops.
 */
import type { Rng } from '../rng.ts';

/**
 * Thin Q of the QR factorisation of the m×n matrix `a` (m ≥ n, column-major, overwritten), with each column's sign
 * chosen so that diag(R) > 0. Returns Q column-major (m×n).
 */
export function orthonormalColumns(a: Float64Array, m: number, n: number): Float64Array {
  if (m < n) throw new RangeError(`orthonormalColumns needs m ≥ n, got ${m}×${n}`);
  const reflectors = new Float64Array(m * n);
  const norms2 = new Float64Array(n);
  const diagSigns = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    diagSigns[k] = householder(a, k, m, reflectors, norms2);
    reflectColumns(a, k + 1, n, m, reflectors, k, norms2[k]);
  }
  // Q = H_0 ⋯ H_{n−1} · I[:, :n], accumulated backwards: H_k only touches rows ≥ k, where columns < k of the
  // partial product are still zero, so only columns ≥ k need the reflection.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) reflectColumns(q, k, n, m, reflectors, k, norms2[k]);
  for (let j = 0; j < n; j++) if (diagSigns[j] < 0) for (let i = 0; i < m; i++) q[j * m + i] = -q[j * m + i];
  return q;
}

/**
 * The Householder vector v that maps column k (rows k..m−1) onto −sign(x_k)·‖x‖·e_k (no cancellation in
 * v_k = x_k − alpha); stores v and vᵀv, returns the sign of R_kk.
 */
function householder(a: Float64Array, k: number, m: number, reflectors: Float64Array, norms2: Float64Array): number {
  const ck = k * m;
  const norm2 = dot(a, ck, a, ck, k, m);
  const alpha = a[ck + k] >= 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
  const v = reflectors.subarray(ck, ck + m);
  v[k] = a[ck + k] - alpha;
  for (let i = k + 1; i < m; i++) v[i] = a[ck + i];
  norms2[k] = norm2 - a[ck + k] * a[ck + k] + v[k] * v[k];
  return alpha < 0 ? -1 : 1;
}

/**
 * Columns first..last−1 of x (column-major, m rows) ← H_k·x, with H_k = I − 2vvᵀ/vᵀv and v the k-th reflector
 * (rows k..m−1). Columns go four at a time so that each pass over v serves four of them.
 */
function reflectColumns(
  x: Float64Array,
  first: number,
  last: number,
  m: number,
  reflectors: Float64Array,
  k: number,
  vNorm2: number,
): void {
  if (vNorm2 === 0) return;
  const v = k * m;
  const scale = 2 / vNorm2;
  const d = scratch4;
  let j = first;
  for (; j + 3 < last; j += 4) {
    const o = j * m;
    dotsOfFour(reflectors, v, x, o, m, k, m, d);
    const [f0, f1, f2, f3] = [d[0] * scale, d[1] * scale, d[2] * scale, d[3] * scale];
    for (let i = k; i < m; i++) {
      const vi = reflectors[v + i];
      x[o + i] -= f0 * vi;
      x[o + m + i] -= f1 * vi;
      x[o + 2 * m + i] -= f2 * vi;
      x[o + 3 * m + i] -= f3 * vi;
    }
  }
  for (; j < last; j++) {
    const o = j * m;
    const f = dot(reflectors, v, x, o, k, m) * scale;
    for (let i = k; i < m; i++) x[o + i] -= f * reflectors[v + i];
  }
}

const scratch4 = new Float64Array(4);

/**
 * out[c] = Σ u[uOff + i]·x[xOff + c·stride + i] over i in [from, to), for the four vectors c = 0..3 of x: one load
 * of u[i] feeds four independent sums, which is what makes these loops fast in JS.
 */
function dotsOfFour(
  u: Float64Array,
  uOff: number,
  x: Float64Array,
  xOff: number,
  stride: number,
  from: number,
  to: number,
  out: Float64Array,
): void {
  const o1 = xOff + stride;
  const o2 = o1 + stride;
  const o3 = o2 + stride;
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  for (let i = from; i < to; i++) {
    const ui = u[uOff + i];
    d0 += ui * x[xOff + i];
    d1 += ui * x[o1 + i];
    d2 += ui * x[o2 + i];
    d3 += ui * x[o3 + i];
  }
  out[0] = d0;
  out[1] = d1;
  out[2] = d2;
  out[3] = d3;
}

/**
 * Σ a[aOff + i]·b[bOff + i] for i in [from, to), with four independent partial sums: the adds no longer wait on
 * each other, which makes the QR and the orthogonality check several times faster. The order is fixed, so the
 * result is still deterministic.
 */
function dot(a: Float64Array, aOff: number, b: Float64Array, bOff: number, from: number, to: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = from;
  for (; i + 3 < to; i += 4) {
    s0 += a[aOff + i] * b[bOff + i];
    s1 += a[aOff + i + 1] * b[bOff + i + 1];
    s2 += a[aOff + i + 2] * b[bOff + i + 2];
    s3 += a[aOff + i + 3] * b[bOff + i + 3];
  }
  for (; i < to; i++) s0 += a[aOff + i] * b[bOff + i];
  return s0 + s1 + (s2 + s3);
}

/**
 * A [fanIn, fanOut] row-major (semi-)orthogonal matrix times `gain`: WᵀW = g²I when fanIn ≥ fanOut, WWᵀ = g²I
 * otherwise. The Gaussian is drawn in the layout of the taller orientation, as PyTorch does.
 */
export function sampleOrthogonal(fanIn: number, fanOut: number, gain: number, rng: Rng): Float32Array {
  const tall = fanIn >= fanOut;
  const m = tall ? fanIn : fanOut;
  const n = tall ? fanOut : fanIn;
  // Draw row by row of the m×n matrix, stored column-major for the QR's contiguous column sweeps.
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[j * m + i] = rng.normal();
  const q = orthonormalColumns(a, m, n);
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < fanIn; i++)
    for (let j = 0; j < fanOut; j++) w[i * fanOut + j] = gain * (tall ? q[j * m + i] : q[i * m + j]);
  return w;
}

const GRAM_BLOCK = 32;

/**
 * max |WᵀW − g²I| for tall W (fanIn ≥ fanOut), max |WWᵀ − g²I| for wide W, accumulated in float64: how far the
 * float32 weights are from g times a semi-orthogonal matrix.
 */
export function orthogonalityError(w: Float32Array, fanIn: number, fanOut: number, gain: number): number {
  const tall = fanIn >= fanOut;
  const len = tall ? fanIn : fanOut;
  const count = tall ? fanOut : fanIn;
  // The short side's vectors (columns of tall W, rows of wide W), each contiguous.
  const vecs = new Float64Array(len * count);
  for (let i = 0; i < fanIn; i++)
    for (let j = 0; j < fanOut; j++) {
      const value = w[i * fanOut + j];
      if (tall) vecs[j * len + i] = value;
      else vecs[i * len + j] = value;
    }
  const target = gain * gain;
  const gramRow = new Float64Array(GRAM_BLOCK);
  let worst = 0;
  // Blocks of `a` vectors against each `b`, so b is read from cache once per block rather than once per a.
  for (let a0 = 0; a0 < count; a0 += GRAM_BLOCK)
    for (let b = a0; b < count; b++) {
      const aEnd = Math.min(a0 + GRAM_BLOCK, b + 1);
      dotsWith(vecs, len, a0, aEnd, b, gramRow);
      for (let a = a0; a < aEnd; a++) worst = Math.max(worst, Math.abs(gramRow[a - a0] - (a === b ? target : 0)));
    }
  return worst;
}

/** out[a − aStart] = ⟨vec_a, vec_b⟩ for a in [aStart, aEnd). */
function dotsWith(vecs: Float64Array, len: number, aStart: number, aEnd: number, b: number, out: Float64Array): void {
  const ob = b * len;
  let a = aStart;
  for (; a + 3 < aEnd; a += 4) {
    dotsOfFour(vecs, ob, vecs, a * len, len, 0, len, scratch4);
    out.set(scratch4, a - aStart);
  }
  for (; a < aEnd; a++) out[a - aStart] = dot(vecs, a * len, vecs, ob, 0, len);
}
