/**
 * Build-time bake: runs the engine in Node and writes the JSON the article and widgets read (site/src/baked/).
 * Every measured number on the site comes from here, never from the text.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_VERSION, TFJS_VERSION } from '../../src/index.ts';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'baked');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'engine.json'), JSON.stringify({ version: ENGINE_VERSION, tfjs: TFJS_VERSION }));
