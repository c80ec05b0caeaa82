/** Disk cache for the bake, keyed by engine version + job name + canonical params, so rebuilds are quick. */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the bake writes the JSON the article and widgets read. */
export const BAKED_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'baked');

export function cached<T>(dir: string, engineVersion: string, name: string, params: unknown, run: () => Promise<T>) {
  const key = createHash('sha256')
    .update(JSON.stringify([engineVersion, name, params]))
    .digest('hex')
    .slice(0, 24);
  const file = join(dir, engineVersion, `${name}-${key}.json`);
  try {
    return Promise.resolve(JSON.parse(readFileSync(file, 'utf8')) as T);
  } catch {
    return run().then((value) => {
      mkdirSync(join(dir, engineVersion), { recursive: true });
      writeFileSync(file, JSON.stringify(value));
      return value;
    });
  }
}

/** Drop the caches of other engine builds, so the folder holds one engine's results, not every build's. */
export function pruneOtherEngines(dir: string, engineKey: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (name !== engineKey) rmSync(join(dir, name), { recursive: true, force: true });
}
