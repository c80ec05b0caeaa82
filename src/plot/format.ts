/**
 * The one number formatter of the site's prose, tables and charts and of the API's SVG charts: significant figures
 * (not fixed decimals, which print a tiny value as "0.00"), powers of ten outside 0.001 … 100 000, never a zero for
 * a value that is not zero. Locale-free on purpose: the zh and en pages print the same digits, with no grouping.
 */
import { formatLocale } from 'd3-format';

/** ASCII minus and no thousands separator, so a printed number parses back with Number(). */
const LOCALE = formatLocale({ decimal: '.', thousands: '', grouping: [3], currency: ['', ''], minus: '-' });
const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const EXP_LO = 1e-3;
const EXP_HI = 1e5;

export interface FormatOptions {
  /** Significant figures (default 3); an integer below 10⁵ keeps all its digits. */
  sig?: number;
  /** "2×10⁻³" instead of "2 × 10⁻³", for tick labels. */
  compact?: boolean;
}

const superscript = (exp: number) =>
  String(exp)
    .replace(/\d/g, (d) => SUPERSCRIPT[Number(d)])
    .replace('-', '⁻');

export function formatNumber(v: number, o: FormatOptions = {}): string {
  const sig = Number.isFinite(o.sig) ? Math.max(1, Math.round(o.sig as number)) : 3;
  // A value missing at run time (a baked path that is not there) prints the dash that marks a missing number.
  if (typeof v !== 'number' || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < EXP_LO || a >= EXP_HI) {
    const [mantissa, exp] = LOCALE.format(`.${sig - 1}~e`)(v).split('e');
    const power = `10${superscript(Number(exp))}`;
    if (mantissa === '1' || mantissa === '-1') return `${mantissa === '-1' ? '-' : ''}${power}`;
    return o.compact ? `${mantissa}×${power}` : `${mantissa} × ${power}`;
  }
  if (Number.isInteger(v)) return String(v);
  // A value with more integer digits than `sig` keeps them: 1234.5 reads "1235", not "1230".
  const digits = Math.max(sig, Math.floor(Math.log10(a)) + 1);
  return LOCALE.format(`.${digits}~r`)(v);
}

const FROM_SUPERSCRIPT: Record<string, string> = Object.fromEntries(
  [...SUPERSCRIPT].map((c, i) => [c, String(i)]).concat([['⁻', '-']]),
);

/** A number as `formatNumber` prints it, and how many significant figures it shows; null when it is not one. */
export function parseFormatted(text: string): { value: number; sig: number } | null {
  const m = /^(-?)(?:(\d+(?:\.\d+)?)\s*×\s*)?10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/.exec(text.trim());
  if (m) {
    const exp = Number([...m[3]].map((c) => FROM_SUPERSCRIPT[c]).join(''));
    const mantissa = m[2] ?? '1';
    return { value: Number(`${m[1]}${mantissa}e${exp}`), sig: significant(mantissa) };
  }
  if (!/^-?\d+(\.\d+)?$/.test(text.trim())) return null;
  return { value: Number(text), sig: significant(text.trim().replace('-', '')) };
}

function significant(digits: string): number {
  const bare = digits.replace('.', '').replace(/^0+/, '');
  return Math.max(1, bare.length);
}
