/** Defines every widget element (the standalone embed bundle's entry, and the site's lazy chunk). */
import { WIDGETS } from './defs.ts';
import { defineWidget } from './element.ts';

for (const def of Object.values(WIDGETS)) defineWidget(def);
