import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, normaliseTheoryParams, type TheoryParams } from '../../src/params/index.ts';
import { SELU_ALPHA, SELU_LAMBDA } from '../../src/theory/activations.ts';
import { meanFieldPoint, theoryGrid } from '../../src/theory/index.ts';
import { kernelFor } from '../../src/theory/kernels.ts';
import { solveQStar } from '../../src/theory/meanfield.ts';
import { allFinite, simpsonExpectation } from './theory-helpers.ts';

function theoryParams(input: Record<string, unknown>): TheoryParams {
  const r = normaliseTheoryParams(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.params;
}

/** A grid whose σ_w² nodes avoid the critical values, so the critical line has to come from root-finding. */
const OFF_GRID = { sigmaW2Min: 0.55, sigmaW2Max: 3.95, sigmaW2Steps: 9 };

describe('criticality', () => {
  it('tanh with σ_b² = 0 is critical at σ_w² = 1', () => {
    const p = meanFieldPoint('tanh', 1, 0);
    expect(Math.abs(p.chi1! - 1)).toBeLessThan(1e-6);
    expect(p).toMatchObject({ xiC: null, xiCInfinite: true, cStar: 1 });
    expect(p.qStar!).toBeLessThan(1e-12); // the length map's fixed point is 0, reached only up to rounding
    const grid = theoryGrid(theoryParams({ activation: 'tanh', ...OFF_GRID, sigmaB2Min: 0, sigmaB2Max: 0.1 }));
    expect(grid.criticalLine[0].sigmaB2).toBe(0);
    expect(Math.abs(grid.criticalLine[0].sigmaW2! - 1)).toBeLessThan(1e-6);
  });

  it('relu is critical at σ_w² = 2 for every σ_b² (He et al. 2015)', () => {
    expect(Math.abs(meanFieldPoint('relu', 2, 0).chi1! - 1)).toBeLessThan(1e-6);
    const grid = theoryGrid(theoryParams({ activation: 'relu', ...OFF_GRID, sigmaB2Max: 0.5 }));
    for (const point of grid.criticalLine) expect(Math.abs(point.sigmaW2! - 2)).toBeLessThan(1e-6);
  });

  it('leaky relu is critical at σ_w² = 2/(1 + α²)', () => {
    for (const alpha of [0.01, 0.2, 0.5]) {
      const grid = theoryGrid(theoryParams({ activation: 'leaky_relu', negativeSlope: alpha, ...OFF_GRID }));
      expect(grid.criticalLine[3].sigmaW2).toBeCloseTo(2 / (1 + alpha * alpha), 9);
    }
  });

  it('tanh at σ_b² = 0.05 is critical near σ_w² = 1.76 (the point used by Schoenholz et al. 2017)', () => {
    const grid = theoryGrid(theoryParams({ activation: 'tanh', sigmaB2Min: 0.05, sigmaB2Max: 0.05, sigmaB2Steps: 1 }));
    const w = grid.criticalLine[0].sigmaW2!;
    expect(Math.abs(w - 1.76)).toBeLessThan(0.01);
    expect(Math.abs(meanFieldPoint('tanh', w, 0.05).chi1! - 1)).toBeLessThan(1e-9);
  });

  it('ξ_c grows without bound approaching the critical line from either side', () => {
    const b = 0.05;
    const grid = theoryGrid(theoryParams({ activation: 'tanh', sigmaB2Min: b, sigmaB2Max: b, sigmaB2Steps: 1 }));
    const critical = grid.criticalLine[0].sigmaW2!;
    for (const side of [-1, 1]) {
      const depths = [0.3, 0.03, 0.003, 3e-4].map((d) => meanFieldPoint('tanh', critical + side * d, b));
      for (const p of depths) expect(p.phase).toBe(side < 0 ? 'ordered' : 'chaotic');
      for (let k = 1; k < depths.length; k++) expect(depths[k].xiC!).toBeGreaterThan(3 * depths[k - 1].xiC!);
      expect(depths.at(-1)!.xiC!).toBeGreaterThan(1000);
    }
  });

  it('the phase follows χ₁ and ξ_c follows χ_c = χ₁ in the ordered phase', () => {
    const grid = theoryGrid(theoryParams({ activation: 'tanh' }));
    grid.phase.forEach((row, j) => {
      row.forEach((phase, i) => {
        const chi1 = grid.chi1[j][i]!;
        if (phase === 'ordered') {
          expect(chi1).toBeLessThan(1);
          expect(grid.cStar[j][i]).toBe(1);
          expect(grid.xiC[j][i]).toBeCloseTo(-1 / Math.log(chi1), 9);
        }
        if (phase === 'chaotic') {
          expect(chi1).toBeGreaterThan(1);
          expect(grid.cStar[j][i]!).toBeLessThan(1);
        }
      });
    });
  });
});

describe('fixed points', () => {
  it('q* of relu matches its closed form σ_b²/(1 − σ_w²/2), and diverges beyond σ_w² = 2', () => {
    for (const [w, b] of [
      [0.5, 0.1],
      [1.5, 0.3],
      [1.99, 0.01],
    ])
      expect(meanFieldPoint('relu', w, b).qStar).toBeCloseTo(b / (1 - w / 2), 12);
    expect(meanFieldPoint('relu', 2.5, 0.1)).toMatchObject({ qStar: null, qDiverges: true, phase: null });
  });

  it.each(['tanh', 'sigmoid', 'selu', 'gelu'] as const)('%s: q* solves q = σ_w² E[φ(√q z)²] + σ_b²', (activation) => {
    const kernel = kernelFor(activation, 0.01);
    for (const [w, b] of [
      [0.8, 0.05],
      [1.5, 0.2],
      [1.7, 0],
    ]) {
      const s = solveQStar(kernel, w, b);
      if (s.kind !== 'fixed') continue;
      const mapped = w * kernel.single(s.q).phi2 + b;
      expect(Math.abs(mapped - s.q)).toBeLessThan(1e-12 * Math.max(1, s.q));
    }
  });

  it.each(['tanh', 'sigmoid', 'selu', 'gelu'] as const)(
    '%s: the length map is increasing in q (so q ← F(q) is monotone and solveQStar brackets the right root)',
    (activation) => {
      const kernel = kernelFor(activation, 0.01);
      let previous = -1;
      for (let i = 0; i <= 300; i++) {
        const value = kernel.single(1e-6 * 10 ** (i / 30)).phi2;
        expect(value).toBeGreaterThan(previous);
        previous = value;
      }
    },
  );

  it('q* is the limit of the plain iteration q ← F(q) from a standardised input', () => {
    for (const activation of ['tanh', 'sigmoid', 'selu', 'gelu'] as const) {
      const kernel = kernelFor(activation, 0.01);
      for (const [w, b] of [
        [0.7, 0.1],
        [2.5, 0.05],
        [1.3, 0.5],
      ]) {
        let q = 1;
        for (let i = 0; i < 3000 && q < 1e9; i++) q = w * kernel.single(q).phi2 + b;
        const p = meanFieldPoint(activation, w, b);
        if (q >= 1e9) expect(p.qDiverges).toBe(true);
        else expect(p.qStar!).toBeCloseTo(q, 8);
      }
    }
  });

  it('tanh q* agrees with an independent Simpson evaluation of the length map', () => {
    const { qStar } = meanFieldPoint('tanh', 2.2, 0.1);
    const s = Math.sqrt(qStar!);
    const mapped = 2.2 * simpsonExpectation((z) => Math.tanh(s * z) ** 2) + 0.1;
    expect(mapped).toBeCloseTo(qStar!, 10);
  });

  it('selu at σ_w² = 1, σ_b² = 0 has its self-normalising fixed point q* = 1, c* = 0 (Klambauer et al. 2017)', () => {
    const p = meanFieldPoint('selu', 1, 0);
    expect(p.qStar!).toBeCloseTo(1, 6); // λ, α are rounded to double, so the fixed point is 1 to ~1e-8
    expect(Math.abs(p.cStar!)).toBeLessThan(1e-6);
    expect(SELU_LAMBDA * SELU_ALPHA).toBeCloseTo(1.7581, 4);
  });

  it('in the chaotic phase c* is a fixed point of the correlation map with χ_c < 1', () => {
    for (const [activation, w, b] of [
      ['tanh', 3, 0.1],
      ['tanh', 1.5, 0],
      ['selu', 1.2, 0.1],
    ] as const) {
      const p = meanFieldPoint(activation, w, b);
      expect(p.phase).toBe('chaotic');
      const joint = kernelFor(activation, 0.01).joint(p.qStar!, p.cStar!);
      expect((w * joint.phiphi + b) / p.qStar!).toBeCloseTo(p.cStar!, 10);
      expect(p.chiC!).toBeLessThan(1);
      expect(p.xiC).toBeCloseTo(-1 / Math.log(p.chiC!), 9);
    }
    expect(meanFieldPoint('tanh', 1.5, 0).cStar!).toBeCloseTo(0, 12); // odd φ, no bias: uncorrelated
  });
});

describe('theoryGrid', () => {
  it('has [b][w]-shaped arrays over the requested axes, with clean axis values', () => {
    const grid = theoryGrid(theoryParams({ activation: 'tanh', sigmaW2Steps: 5, sigmaB2Steps: 3 }));
    expect(grid.sigmaW2).toEqual([0.5, 1.375, 2.25, 3.125, 4]);
    expect(grid.sigmaB2).toEqual([0, 0.1, 0.2]);
    for (const key of ['qStar', 'chi1', 'cStar', 'xiC', 'xiCInfinite', 'qDiverges', 'phase'] as const) {
      expect(grid[key].length).toBe(3);
      for (const row of grid[key]) expect(row.length).toBe(5);
    }
    expect(grid.criticalLine.map((c) => c.sigmaB2)).toEqual(grid.sigmaB2);
    expect(theoryGrid(theoryParams({ sigmaW2Steps: 36 })).sigmaW2[1]).toBe(0.6);
  });

  it.each(ACTIVATIONS)('%s: every value is finite or null, on the default and on an extreme grid', (activation) => {
    for (const extra of [
      {},
      { sigmaW2Min: 0.01, sigmaW2Max: 10, sigmaW2Steps: 12, sigmaB2Min: 0, sigmaB2Max: 4, sigmaB2Steps: 4 },
    ]) {
      const grid = theoryGrid(theoryParams({ activation, negativeSlope: 0.2, ...extra }));
      expect(allFinite(grid)).toBe(true);
      const text = JSON.stringify(grid);
      expect(text).not.toMatch(/NaN|Infinity/);
      grid.xiC.forEach((row, j) => {
        row.forEach((xi, i) => {
          if (xi !== null) expect(xi).toBeGreaterThan(0);
          if (grid.xiCInfinite[j][i]) expect(xi).toBeNull();
        });
      });
    }
  });

  it('is deterministic', () => {
    const p = theoryParams({ activation: 'gelu', sigmaW2Steps: 8, sigmaB2Steps: 4 });
    expect(JSON.stringify(theoryGrid(p))).toBe(JSON.stringify(theoryGrid(p)));
  });

  it('reports no critical point where χ₁ stays below 1 over the σ_w² range', () => {
    const grid = theoryGrid(theoryParams({ activation: 'tanh', sigmaW2Min: 0.1, sigmaW2Max: 0.9, sigmaB2Steps: 2 }));
    expect(grid.criticalLine.every((c) => c.sigmaW2 === null)).toBe(true);
  });
});

describe('meanFieldPoint input', () => {
  it('refuses negative or non-finite variances, naming the argument', () => {
    expect(() => meanFieldPoint('tanh', -1, 0)).toThrow(/sigmaW2/);
    expect(() => meanFieldPoint('tanh', 1, Number.NaN)).toThrow(/sigmaB2/);
  });
});
