/** What a widget's own hooks (defs.ts) may ask of the element that hosts it. */
import type { MeasureEvent } from './experiment-browser.ts';
import type { Lang } from './labels.ts';

export interface WidgetHost {
  readonly uiLang: Lang;
  /** The API's origin ('' for the page's own). */
  readonly api: string;
  /** A setting from the URL (pages with URL state) or else the element's attribute. */
  setting(name: string): string | null;
  /** Adds to the figure (kept across runs) and redraws it. */
  addToFigure(extra: Record<string, unknown>): Promise<void>;
  /** Shows the progress bar at `now` of `max` steps (null: hides it). */
  progress(now: number | null, max?: number): void;
  /**
   * An experiment assembled in the engine worker from the API's runs (the hooks cannot import the worker's client:
   * the build renders their widgets, and would bundle the worker into the pages' build). Rejects with WorkerGone
   * where no worker runs.
   */
  measureInWorker(name: string, settings: Record<string, string>, onEvent: (e: MeasureEvent) => void): Promise<unknown>;
  /** Marks the element (data-* attributes that pages and tests follow). */
  mark(name: string, value: string): void;
}
