/**
 * Read access to the build-time bake (site/scripts/bake.ts). Files that the bake could not produce (an engine part
 * not available) are simply absent; `bakedValue` then returns undefined and the page shows a dash, never a typed number.
 */
import { formatNumber as formatShared } from '../../../src/plot/index.ts';

const files = import.meta.glob<unknown>('../baked/*.json', { eager: true, import: 'default' });

export function bakedFile<T>(name: string): T | undefined {
  return files[`../baked/${name}.json`] as T | undefined;
}

/** `race.trials.0.final.testLoss` style path into one baked file (the first segment names the file); a negative
 * index counts from the end of an array (`checkpoints.-1` is the last checkpoint). */
export function bakedValue(path: string): unknown {
  const [file, ...rest] = path.split('.');
  let v: unknown = bakedFile(file);
  for (const k of rest) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Array.isArray(v) && /^-\d+$/.test(k) ? v.at(Number(k)) : (v as Record<string, unknown>)[k];
  }
  return v;
}

/** A baked number for prose: the engine's one number format with `sig` significant figures (the same digits in zh
 * and en, never a "0" for a value that is not zero); undefined for a missing or non-finite value. */
export function formatNumber(v: unknown, sig: number, _lang: 'zh' | 'en'): string | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  return formatShared(v, { sig });
}
