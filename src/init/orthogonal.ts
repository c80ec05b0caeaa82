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
    const ck = k * m;
    let norm2 = 0;
    for (let i = k; i < m; i++) norm2 += a[ck + i] * a[ck + i];
    const norm = Math.sqrt(norm2);
    // Reflect x onto −sign(x_k)·‖x‖·e_k: no cancellation in v_k = x_k − alpha.
    const alpha = a[ck + k] >= 0 ? -norm : norm;
    diagSigns[k] = alpha < 0 ? -1 : 1;
    const v = reflectors.subarray(ck, ck + m);
    v[k] = a[ck + k] - alpha;
    for (let i = k + 1; i < m; i++) v[i] = a[ck + i];
    norms2[k] = norm2 - a[ck + k] * a[ck + k] + v[k] * v[k];
    for (let j = k + 1; j < n; j++) reflect(a, j * m, v, k, m, norms2[k]);
  }
  // Accumulate Q = H_0 ⋯ H_{n−1} · I[:, :n] backwards: H_k only touches rows ≥ k, where columns < k of the
  // partial product are still zero, so only columns ≥ k need the reflection.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = reflectors.subarray(k * m, k * m + m);
    for (let j = k; j < n; j++) reflect(q, j * m, v, k, m, norms2[k]);
  }
  for (let j = 0; j < n; j++) if (diagSigns[j] < 0) for (let i = 0; i < m; i++) q[j * m + i] = -q[j * m + i];
  return q;
}

/** x ← (I − 2vvᵀ/vᵀv)·x on rows from..m−1 of the column starting at `offset`. */
function reflect(x: Float64Array, offset: number, v: Float64Array, from: number, m: number, vNorm2: number): void {
  if (vNorm2 === 0) return;
  const f = (2 * dot(v, 0, x, offset, from, m)) / vNorm2;
  for (let i = from; i < m; i++) x[offset + i] -= f * v[i];
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
  let worst = 0;
  for (let a = 0; a < count; a++)
    for (let b = a; b < count; b++) {
      const gram = dot(vecs, a * len, vecs, b * len, 0, len);
      worst = Math.max(worst, Math.abs(gram - (a === b ? target : 0)));
    }
  return worst;
}
