/** A widget's baked default figure as static markup: the build renders it with the view code the browser runs. */
import { WIDGETS } from '../widgets/defs.ts';
import type { Lang } from '../widgets/labels.ts';
import { bakedFile } from './baked.ts';

/** '' when the widget is unknown or its default was not baked (the page then says it is computed live). */
export function bakedFigure(name: string, lang: Lang): string {
  const def = WIDGETS[name];
  const baked = def ? bakedFile<unknown>(name) : undefined;
  return def && baked ? def.view(baked as never, lang) : '';
}
