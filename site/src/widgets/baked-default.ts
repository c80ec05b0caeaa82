/** A widget's baked default: where it lives beside the bundle, and showing it once however many callers ask. */

/** A widget's baked default beside the bundle (/_astro/ or /widgets/ → /baked/), wherever the page is. */
const BAKED_BASE = new URL(/* @vite-ignore */ '../baked/', import.meta.url).href;
export const bakedUrl = (name: string) => `${BAKED_BASE}${name}.json`;

export interface BakedHost {
  /** The file's URL (the element's `baked-src`), or null when it has none. */
  src(): string | null;
  show(result: unknown, announce: boolean): void;
  /** The complete result on show now. */
  shown(): unknown;
  /** A control changed, a run started or a figure was drawn while the file loaded: the default no longer belongs. */
  superseded(): boolean;
}

export class BakedDefault {
  private value: unknown = null;
  private showing: Promise<void> | null = null;

  constructor(private readonly host: BakedHost) {}

  /**
   * Show the baked default; `announce` false for a re-layout, which is no new result. Callers that ask while one is
   * under way (a re-layout, the timeline, the export buttons can all ask at once) join it: a second showing finishing
   * late would replace whatever the reader had scrubbed to since the first.
   */
  async show(announce = true): Promise<void> {
    while (this.showing) {
      await this.showing;
      if (this.value !== null && this.host.shown() === this.value) return;
    }
    this.showing = this.load(announce).finally(() => {
      this.showing = null;
    });
    return this.showing;
  }

  private async load(announce: boolean): Promise<void> {
    const src = this.host.src();
    if (!src) return;
    this.value ??= await fetch(src).then((r) =>
      r.ok ? r.json() : Promise.reject(new Error(`${src}: HTTP ${r.status}`)),
    );
    if (!announce && this.host.superseded()) return;
    this.host.show(this.value, announce);
  }
}
