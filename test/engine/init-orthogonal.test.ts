import { describe, expect, it } from 'vitest';
import { orthogonalityError, orthonormalColumns, sampleOrthogonal, sampleWeights } from '../../src/init/index.ts';
import { Rng } from '../../src/rng.ts';

const SHAPES: [string, number, number][] = [
  ['tall', 64, 16],
  ['tall', 256, 32],
  ['tall', 8, 1],
  ['square', 64, 64],
  ['square', 128, 128],
  ['square', 1, 1],
  ['wide', 16, 64],
  ['wide', 32, 256],
  ['wide', 1, 8],
];

/** max |WᵀW − g²I| (tall) or |WWᵀ − g²I| (wide), computed naïvely here, independent of the engine's helper. */
function gramError(w: Float32Array, fanIn: number, fanOut: number, gain: number): number {
  const tall = fanIn >= fanOut;
  const k = tall ? fanOut : fanIn;
  const at = (r: number, c: number) => w[r * fanOut + c];
  let worst = 0;
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) {
      let s = 0;
      if (tall) for (let i = 0; i < fanIn; i++) s += at(i, a) * at(i, b);
      else for (let j = 0; j < fanOut; j++) s += at(a, j) * at(b, j);
      worst = Math.max(worst, Math.abs(s - (a === b ? gain * gain : 0)));
    }
  return worst;
}

describe('orthogonal', () => {
  for (const gain of [1, 5 / 3, 2.5])
    it.each(SHAPES)(`%s [%i, %i], gain ${gain.toFixed(3)}: semi-orthogonal × gain within 1e-5`, (_, fanIn, fanOut) => {
      const w = sampleWeights('orthogonal', fanIn, fanOut, { gain }, new Rng(fanIn * 1000 + fanOut));
      const tolerance = 1e-5 * gain * gain;
      expect(gramError(w, fanIn, fanOut, gain)).toBeLessThan(tolerance);
      expect(orthogonalityError(w, fanIn, fanOut, gain)).toBeLessThan(tolerance);
      // The engine's check agrees with the naïve one (both float64 over the same float32 weights).
      expect(orthogonalityError(w, fanIn, fanOut, gain)).toBeCloseTo(gramError(w, fanIn, fanOut, gain), 12);
    });

  it("gain 'auto' uses the activation's gain (tanh: 5/3)", () => {
    const w = sampleWeights('orthogonal', 32, 32, { gain: 'auto', activation: 'tanh' }, new Rng(1));
    expect(gramError(w, 32, 32, 5 / 3)).toBeLessThan(1e-5);
    expect(gramError(w, 32, 32, 1)).toBeGreaterThan(1);
  });

  it('orthogonalityError detects a matrix that is not orthogonal', () => {
    const w = sampleWeights('orthogonal', 16, 16, {}, new Rng(2));
    w[5] += 0.01;
    expect(orthogonalityError(w, 16, 16, 1)).toBeGreaterThan(1e-3);
  });

  it('is deterministic per seed', () => {
    expect(sampleOrthogonal(40, 24, 1, new Rng(3))).toEqual(sampleOrthogonal(40, 24, 1, new Rng(3)));
    expect(sampleOrthogonal(40, 24, 1, new Rng(3))).not.toEqual(sampleOrthogonal(40, 24, 1, new Rng(4)));
  });
});

describe('orthonormalColumns (Householder QR)', () => {
  it.each([
    [12, 12],
    [30, 7],
    [5, 1],
  ])('A (%i×%i) = QR with R upper triangular and a positive diagonal', (m, n) => {
    const rng = new Rng(m * 31 + n);
    const a = Float64Array.from({ length: m * n }, () => rng.normal());
    const q = orthonormalColumns(a.slice(), m, n);
    // R = QᵀA (column-major: element (i, j) at j*m + i).
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let r = 0;
        for (let k = 0; k < m; k++) r += q[i * m + k] * a[j * m + k];
        if (i > j) expect(Math.abs(r)).toBeLessThan(1e-12);
        if (i === j) expect(r).toBeGreaterThan(0);
      }
    // QR reproduces A: project A's columns on Q and compare.
    for (let j = 0; j < n; j++)
      for (let k = 0; k < m; k++) {
        let back = 0;
        for (let i = 0; i < n; i++) {
          let r = 0;
          for (let t = 0; t < m; t++) r += q[i * m + t] * a[j * m + t];
          back += q[i * m + k] * r;
        }
        expect(back).toBeCloseTo(a[j * m + k], 10);
      }
  });

  it('rejects m < n', () => {
    expect(() => orthonormalColumns(new Float64Array(6), 2, 3)).toThrow(/m ≥ n/);
  });

  it('is sign-corrected: W[0][0] has mean 0 over seeds, as for a Haar-distributed matrix', () => {
    // Without the diag(R) correction, Householder's Q has Q₀₀ = −|a₀₀|/‖a₀‖ < 0 for every draw.
    const draws = 400;
    const size = 8;
    let sum = 0;
    for (let s = 0; s < draws; s++) sum += sampleOrthogonal(size, size, 1, new Rng(1000 + s))[0];
    // Each entry of a Haar orthogonal matrix has mean 0 and variance 1/size.
    expect(Math.abs(sum / draws)).toBeLessThan(5 * Math.sqrt(1 / size / draws));
  });
});
