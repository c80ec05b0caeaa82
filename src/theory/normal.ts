/**
 * The standard normal CDF Φ to double precision (JavaScript has no erf), by W. J. Cody's rational Chebyshev
 * approximations ("Rational Chebyshev approximations for the error function", Math. Comp. 1969; the ANORM routine of
 * SPECFUN, as in R's pnorm). Used by exact GELU, x·Φ(x), inside the quadrature's inner loops, so speed matters.
 */

const A = [2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356, 0.06568233791820745];
const B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726, 6848.190450536283,
  11602.65143764735, 9842.714838383978, 1.0765576773720192e-8,
];
const D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097, 34900.95272114598,
  38912.00328609327, 19685.429676859992,
];
const P = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934, 0.000029112874951168793,
  0.023073441764940174,
];
const Q = [1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 0.00007297515550839662];
/** 1/√(2π). */
export const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_32 = Math.sqrt(32);

/** e^{−y²/2}·r, with y² split so that the exponent is exact (Cody's trick against cancellation in the tails). */
function gaussianTail(y: number, r: number): number {
  const ySplit = Math.trunc(y * 16) / 16;
  const del = (y - ySplit) * (y + ySplit);
  return Math.exp(-0.5 * ySplit * ySplit) * Math.exp(-0.5 * del) * r;
}

/** Φ(x) = P(Z ≤ x). */
export function normalCdf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.66291) {
    const x2 = x * x;
    let num = A[4] * x2;
    let den = x2;
    for (let i = 0; i < 3; i++) {
      num = (num + A[i]) * x2;
      den = (den + B[i]) * x2;
    }
    return 0.5 + (x * (num + A[3])) / (den + B[3]);
  }
  let tail: number;
  if (y <= SQRT_32) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    tail = gaussianTail(y, (num + C[7]) / (den + D[7]));
  } else {
    const inv2 = 1 / (x * x);
    let num = P[5] * inv2;
    let den = inv2;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * inv2;
      den = (den + Q[i]) * inv2;
    }
    const r = (inv2 * (num + P[4])) / (den + Q[4]);
    tail = gaussianTail(y, (INV_SQRT_2PI - r) / y);
  }
  return x > 0 ? 1 - tail : tail;
}

/** The standard normal density. */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}
