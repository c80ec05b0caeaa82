/** The shared number formatter: significant figures, powers of ten at the extremes, never a false zero. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber, parseFormatted } from '../../src/index.ts';

describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [1, '1'],
    [140, '140'],
    [12000, '12000'],
    [0.5, '0.5'],
    [Math.LN2, '0.693'],
    [1.41, '1.41'],
    [Math.SQRT2, '1.41'],
    [-0.012345, '-0.0123'],
    [1234.56, '1235'],
    [0.001, '0.001'],
    [0.00099996, '10⁻³'],
    [3.4e-39, '3.4 × 10⁻³⁹'],
    [1e-5, '10⁻⁵'],
    [-2.5e-7, '-2.5 × 10⁻⁷'],
    [123456, '1.23 × 10⁵'],
    [1e8, '10⁸'],
  ])('%s → %s', (v, text) => {
    expect(formatNumber(v)).toBe(text);
  });

  it('takes significant figures, not decimals, and a compact form for ticks', () => {
    expect(formatNumber(0.0123456, { sig: 2 })).toBe('0.012');
    expect(formatNumber(3.4567e-39, { sig: 4 })).toBe('3.457 × 10⁻³⁹');
    expect(formatNumber(2e-4, { compact: true })).toBe('2×10⁻⁴');
  });

  it('prints no value that is not zero as zero, and reads back within its printed figures', () => {
    // Below 1e300: rounding 1.5e308 to one figure overflows to Infinity, and no measured value comes near it.
    const nonZero = fc.double({ noNaN: true, min: -1e300, max: 1e300 }).filter((v) => v !== 0);
    fc.assert(
      fc.property(nonZero, fc.integer({ min: 1, max: 6 }), (v, sig) => {
        const text = formatNumber(v, { sig });
        const parsed = parseFormatted(text);
        expect(parsed, text).not.toBeNull();
        expect(parsed?.value).not.toBe(0);
        const tolerance = Math.abs(v) * 10 ** (1 - Math.min(sig, parsed?.sig ?? sig)) * 0.5 + Number.MIN_VALUE;
        expect(Math.abs((parsed?.value ?? 0) - v)).toBeLessThanOrEqual(tolerance * (1 + 1e-9));
      }),
      { numRuns: 2000 },
    );
  });

  it('prints non-finite values as symbols, never as a number', () => {
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatNumber(undefined as unknown as number)).toBe('—');
    expect(parseFormatted('—')).toBeNull();
  });
});
