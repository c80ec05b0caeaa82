import { describe, expect, it } from 'vitest';
import { calculateGain, type DEFAULT_GAINS, resolveGain, takesGain } from '../../src/init/index.ts';
import { ACTIVATIONS, INIT_IDS } from '../../src/params/index.ts';

describe('calculateGain', () => {
  // PyTorch's torch.nn.init.calculate_gain table (docs): linear/sigmoid 1, tanh 5/3, relu √2,
  // leaky_relu √(2/(1+α²)), selu 3/4; gelu is ours (√2).
  it.each([
    ['linear', 0.01, 1],
    ['sigmoid', 0.01, 1],
    ['tanh', 0.01, 5 / 3],
    ['relu', 0.01, Math.sqrt(2)],
    ['leaky_relu', 0.01, Math.sqrt(2 / (1 + 0.01 ** 2))],
    ['leaky_relu', 0.2, Math.sqrt(2 / 1.04)],
    ['leaky_relu', 0, Math.sqrt(2)],
    ['selu', 0.01, 0.75],
    ['gelu', 0.01, Math.sqrt(2)],
  ] as const)('%s (slope %s) → %s', (activation, slope, expected) => {
    expect(calculateGain(activation, slope)).toBeCloseTo(expected, 15);
  });

  it('uses the slope only for leaky_relu', () => {
    for (const a of ACTIVATIONS) if (a !== 'leaky_relu') expect(calculateGain(a, 0.5)).toBe(calculateGain(a, 0.01));
    expect(calculateGain('leaky_relu', 0.5)).not.toBe(calculateGain('leaky_relu', 0.01));
  });
});

describe('resolveGain', () => {
  it("'default' gives the papers' constants, whatever the activation", () => {
    const expected: Record<string, number> = {
      glorot_uniform: 1,
      glorot_normal: 1,
      lecun_uniform: 1,
      lecun_normal: 1,
      he_uniform: Math.SQRT2,
      he_normal: Math.SQRT2,
      orthogonal: 1,
      random_normal: 1,
      random_uniform: 1,
      // kaiming_uniform_(a=√5): √(2/(1+5))
      pytorch_default: Math.sqrt(2 / (1 + 5)),
    };
    for (const [id, g] of Object.entries(expected))
      for (const a of ACTIVATIONS)
        expect(resolveGain(id as keyof typeof DEFAULT_GAINS, 'default', a, 0.01)).toBeCloseTo(g, 15);
  });

  it("pytorch_default's gain makes its bound g·√(3/fan_in) equal to 1/√fan_in", () => {
    const g = resolveGain('pytorch_default', 'default', 'relu');
    for (const fanIn of [1, 7, 64, 784]) expect(g * Math.sqrt(3 / fanIn)).toBeCloseTo(1 / Math.sqrt(fanIn), 14);
  });

  it("'auto' replaces the constant by calculateGain(activation)", () => {
    for (const id of INIT_IDS.filter(takesGain))
      for (const a of ACTIVATIONS) expect(resolveGain(id, 'auto', a, 0.3)).toBe(calculateGain(a, 0.3));
  });

  it('uses a number as is', () => {
    for (const id of INIT_IDS.filter(takesGain)) expect(resolveGain(id, 2.5, 'tanh')).toBe(2.5);
  });

  it('reports 1 for initializers that take no gain', () => {
    for (const id of ['zeros', 'constant', 'lsuv'] as const) {
      expect(takesGain(id)).toBe(false);
      expect(resolveGain(id, 3, 'relu')).toBe(1);
      expect(resolveGain(id, 'auto', 'tanh')).toBe(1);
    }
  });
});
