/** What a widget's own hooks (defs.ts) may ask of the element that hosts it. */
import type { Lang } from './labels.ts';

export interface WidgetHost {
  readonly uiLang: Lang;
  /** The API's origin ('' for the page's own). */
  readonly api: string;
  /** A setting from the URL (pages with URL state) or else the element's attribute. */
  setting(name: string): string | null;
  /** Adds to the figure (kept across runs) and redraws it. */
  addToFigure(extra: Record<string, unknown>): Promise<void>;
  /** Marks the element (data-* attributes that pages and tests follow). */
  mark(name: string, value: string): void;
}
