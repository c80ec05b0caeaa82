// Module aliases shared by the site's two client builds (astro.config.mjs and build-widgets.ts).
import { fileURLToPath } from 'node:url';

/** d3-scale's numeric scales without d3-interpolate's colour machinery (see src/lib/d3-interpolate-numbers.ts). */
export const D3_NUMBERS_ONLY = {
  'd3-interpolate': fileURLToPath(new URL('../src/lib/d3-interpolate-numbers.ts', import.meta.url)),
};
