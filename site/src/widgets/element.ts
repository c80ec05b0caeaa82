/**
 * One custom element class for every widget. It upgrades the markup the build rendered (controls + baked figure),
 * or renders its own when used on another site. State lives in the URL (article/embeds) or in attributes
 * (`<initlab-race inits="he_normal,glorot_uniform" depth="30" batch-size="16">`). What differs between widgets comes
 * from their definitions (defs.ts); where a run computes, from engine-client.ts; a run itself, from live.ts.
 */
import { renderActions } from './actions.ts';
import { BakedDefault, bakedUrl } from './baked-default.ts';
import { withSlotWidths } from './charts.ts';
import type { WidgetDef } from './defs.ts';
import { remembered } from './engine-client.ts';
import type { MeasureEvent } from './experiment-browser.ts';
import { measureSlots, misfit, watchWidth } from './fit.ts';
import {
  controlOf,
  controlProblem,
  readControl,
  sayProblem,
  settingsQuery,
  showApplicable,
  showRefusedQuery,
  showValue,
  syncControls,
} from './form.ts';
import type { WidgetHost } from './host.ts';
import { type Lang, label } from './labels.ts';
import { runLive } from './live.ts';
import { runExperimentLive } from './live-experiment.ts';
import { morph } from './morph.ts';
import { type DataOwner, OwnData } from './own-data.ts';
import { Warmer } from './prefetch.ts';
import { Progress } from './progress.ts';
import { attachReadout } from './readout.ts';
import { type Badge, StatusBadge, widgetHtml } from './shell.ts';
import { defaults, hiddenKeys, isDefaultState, readState, type StateValue, writeState } from './state.ts';
import { Timeline } from './timeline.ts';
import { measureInWorker } from './worker-client.ts';

type AnyState = Record<string, StateValue>;

export function defineWidget(def: WidgetDef): void {
  const tag = `initlab-${def.name}`;
  if (customElements.get(tag)) return;
  customElements.define(
    tag,
    class extends WidgetElement {
      protected readonly def = def;
    },
  );
}

/** The element every widget shares; `def` is the widget's own definition. */
abstract class WidgetElement extends HTMLElement implements WidgetHost, DataOwner {
  protected abstract readonly def: WidgetDef;
  private state: AnyState = {};
  /** Controls the embed's query hides (`<key>_hide=1`); they stay hidden whatever the state. */
  private embedHidden: Set<string> = new Set();
  /** The complete result on show (null while a run fills the figure in). */
  private result: unknown = null;
  private abort: AbortController | null = null;
  /** The prefetch of neighbouring states while the reader is at the controls (prefetch.ts). */
  private readonly warming = new Warmer(
    () => this.def,
    () => this.api,
  );
  uiLang: Lang = 'en';
  /** What the reader added to the figure on request (the phase diagram's live trainability), kept across runs. */
  private extra: Record<string, unknown> = {};
  private progressBar = new Progress(null);
  private timeline: Timeline | null = null;
  /** Each fitted chart's slot width (fit.ts), and the figure last drawn, to draw again when the widths change. */
  private widths: Map<string, number> | null = null;
  private drawn: unknown = null;
  private resize: ResizeObserver | null = null;
  private readonly bakedDefault = new BakedDefault({
    src: () => this.getAttribute('baked-src'),
    show: (result, announce) => this.show(result, true, announce),
    shown: () => this.result,
    superseded: () => Boolean(this.drawn || !this.isDefault() || this.abort),
  });
  /** The reader's own CSV (the race): the picker, and the file while it is trained on in the browser. */
  private own: OwnData | null = null;
  private badge = new StatusBadge(this);

  private get keyPrefix(): string {
    return this.getAttribute('prefix') ?? '';
  }
  /** URL state only where the page opts in (article, embed pages); a bare custom element uses attributes. */
  private get urlState(): boolean {
    return this.hasAttribute('url-state');
  }
  get api(): string {
    return this.getAttribute('api') ?? '';
  }

  connectedCallback(): void {
    this.uiLang = (this.getAttribute('lang') ?? document.documentElement.lang).startsWith('zh') ? 'zh' : 'en';
    const query = settingsQuery(this, this.def.table, this.keyPrefix, this.urlState);
    this.state = readState(this.def.table, query, this.keyPrefix) as AnyState;
    // Embed pages are built in English; `?lang=zh` re-renders the widget in Chinese.
    const wanted = query.get('lang');
    const relabel = (wanted === 'zh' || wanted === 'en') && wanted !== this.uiLang;
    if (relabel) this.uiLang = wanted as Lang;
    const hidden = hiddenKeys(this.def.table, query, this.keyPrefix);
    this.embedHidden = hidden;
    // On another site nothing was built into the element: it renders itself, and its baked default comes from the
    // bundle's own origin (served with CORS), so the default shows at once there too instead of being computed.
    const bare = !this.querySelector('.w-controls');
    if (bare && !this.hasAttribute('baked-src')) this.setAttribute('baked-src', bakedUrl(this.def.name));
    if (relabel || bare) this.innerHTML = widgetHtml(this.def, this.state, this.uiLang, hidden);
    else for (const k of hidden) controlOf(this, k)?.setAttribute('hidden', '');
    syncControls(this, this.state);
    showRefusedQuery(this, this.def.table, query, this.keyPrefix, this.uiLang);
    this.showApplicable();
    this.bind();
    this.own = OwnData.mount(this, this, this.def.userData);
    this.own?.follow(this.state.dataset);
    this.classList.add('hydrated');
    const fig = this.querySelector('.w-figure');
    if (fig) this.resize = watchWidth(fig, () => this.relayout());
    if (this.isDefault() && this.hasAttribute('baked-src')) {
      this.badge.set('baked');
      if (relabel || bare) void this.showBakedOrRun();
    } else void this.run();
  }

  /** The baked default drawn where the build did not draw it; if its file cannot be had, the default is run. */
  private async showBakedOrRun(): Promise<void> {
    try {
      await this.showBaked();
    } catch {
      this.removeAttribute('baked-src');
      await this.run();
    }
  }

  disconnectedCallback(): void {
    this.abort?.abort();
    this.warming.stop();
    this.timeline?.pause();
    this.resize?.disconnect();
  }

  /** Draw the charts again at their slots' widths, when those changed (the build drew them at a default width). */
  private relayout(): void {
    const fig = this.querySelector('.w-figure');
    if (!fig) return;
    const widths = measureSlots(fig);
    if (!misfit(fig, widths)) return;
    this.widths = widths;
    if (this.drawn) this.draw(this.drawn);
    // The build's figure: its numbers are in the baked file, fetched only now that the figure needs them again.
    else if (this.isDefault() && this.hasAttribute('baked-src') && !this.abort) void this.showBaked(false);
  }

  setting(name: string): string | null {
    const query = new URLSearchParams(this.urlState ? location.search : '');
    return query.get(`${this.keyPrefix}${name}`) ?? this.getAttribute(name);
  }

  progress(now: number | null, max = 0): void {
    if (now === null) this.progressBar.hide();
    else this.progressBar.set(now, max);
  }

  measureInWorker(name: string, settings: Record<string, string>, onEvent: (e: MeasureEvent) => void) {
    return measureInWorker(name, settings, this.api, onEvent);
  }

  mark(name: string, value: string): void {
    this.dataset[name] = value;
  }

  async addToFigure(extra: Record<string, unknown>): Promise<void> {
    this.extra = { ...this.extra, ...extra };
    if (!this.result) await this.showBaked();
    else this.show(this.result);
  }

  /** The baked default is on show (or due): the default state, on the built-in data. */
  private isDefault(): boolean {
    return !this.own?.local && isDefaultState(this.def.table, this.state);
  }

  /** Show the controls that apply to the run's state (with the reader's file, its own), unless embed-hidden. */
  private showApplicable(): void {
    showApplicable(this, this.def.table, this.runState(), this.embedHidden);
  }

  private bind(): void {
    const form = this.querySelector('form.w-controls');
    form?.addEventListener('submit', (e) => e.preventDefault());
    let timer = 0;
    form?.addEventListener('input', (e) => {
      const el = (e.target as HTMLElement).closest<HTMLElement>('[data-key]');
      if (!el) return;
      // A refused entry is said beside its control; the state, the URL and the figure stay as they were.
      const problem = controlProblem(this.def.table, el, this.uiLang);
      sayProblem(el, problem);
      if (problem) return;
      const next = { ...this.state, [el.dataset.key!]: readControl(this.def.table, el) };
      // A data set picked from the select: the reader's file is left for it.
      if (el.dataset.key === 'dataset') this.own?.drop();
      const adjusted = this.def.adjust?.(this.state, next) ?? next;
      this.state = adjusted;
      if (adjusted !== next) syncControls(this, this.state);
      else showValue(el, this.state[el.dataset.key!]);
      this.showApplicable();
      this.writeUrl();
      // The run in flight is for a state that is gone: stop it now, not once the next one starts.
      this.abort?.abort();
      clearTimeout(timer);
      // An answer already on the page shows at once; otherwise wait for a dragging hand to rest before asking.
      const local = Boolean(this.own?.local);
      if (this.def.requests(this.runState()).every((r) => remembered(r, local))) void this.run();
      else timer = window.setTimeout(() => void this.run(), 120);
    });
    form?.addEventListener('focusin', () => this.warming.start(this.state));
    form?.addEventListener('pointerdown', () => this.warming.start(this.state));
    this.progressBar = new Progress(this.querySelector<HTMLElement>('[role=progressbar]'));
    this.bindTimeline();
    const bar = this.querySelector('.w-actions');
    if (bar) this.bindActions(bar);
    const fig = this.querySelector<HTMLElement>('.w-figure');
    if (fig) attachReadout(fig);
  }

  private bindTimeline(): void {
    const root = this.querySelector<HTMLElement>('.w-timeline');
    const t = this.def.timeline;
    if (!root || !t) return;
    this.timeline = new Timeline(root, this.uiLang, {
      ready: async () => {
        if (!this.result && this.isDefault() && !this.abort) await this.showBaked();
        return this.result ? t.steps(this.result as never) : null;
      },
      seek: (i, steps) => {
        if (!this.result) return;
        this.draw(i === steps.length - 1 ? this.result : t.at(this.result as never, steps[i]));
      },
    });
  }

  private bindActions(bar: Element): void {
    renderActions(bar, this.def, {
      lang: this.uiLang,
      result: async () => {
        if (!this.result && this.isDefault()) await this.showBaked();
        return this.result;
      },
      shareUrl: () => this.shareUrl(),
      reset: () => {
        this.own?.drop();
        this.state = defaults(this.def.table) as AnyState;
        syncControls(this, this.state);
        this.showApplicable();
        this.writeUrl();
        void this.run();
      },
      code: () =>
        this.def.code?.(this.runState(), this.api || location.origin, this.own?.runCsv()) ?? Promise.resolve(''),
    });
    this.def.mount?.(this, bar);
  }

  shareUrl(): string {
    const u = new URL(location.href);
    writeState(this.def.table, this.state as never, u.searchParams, this.keyPrefix);
    return u.href;
  }

  currentDataset(): StateValue {
    return this.state.dataset;
  }
  get defaultDataset(): StateValue {
    return this.def.table.dataset?.default as StateValue;
  }

  setDataset(dataset: StateValue): void {
    this.state = { ...this.state, dataset };
    syncControls(this, this.state);
    this.showApplicable();
    this.writeUrl();
    void this.run();
  }

  /** The state a run is for: the reader's file in place of the state's dataset while it is on. */
  private runState(): AnyState {
    return this.own?.runState(this.state) ?? this.state;
  }

  private writeUrl(): void {
    this.own?.follow(this.state.dataset);
    if (!this.urlState) return;
    const u = new URL(location.href);
    writeState(this.def.table, this.state as never, u.searchParams, this.keyPrefix);
    history.replaceState(history.state, '', u);
    this.dispatchEvent(new CustomEvent('initlab:state', { bubbles: true, detail: this.state }));
  }

  private async run(): Promise<void> {
    this.abort?.abort();
    this.timeline?.disable();
    if (this.isDefault() && this.hasAttribute('baked-src')) {
      this.idle('baked');
      await this.showBaked();
      return;
    }
    // A batch larger than the reader's file has training rows: refused beside the picker, before any run.
    if (this.own?.refused(this.state)) return this.idle(this.badge.last);
    const abort = new AbortController();
    this.abort = abort;
    this.result = null;
    this.badge.set('running');
    this.setAttribute('aria-busy', 'true');
    // An experiment's figure is assembled from many runs (live-experiment.ts); every other figure from its requests.
    const live = this.def.experiment ? runExperimentLive : runLive;
    const running = live(this.def, this.runState(), {
      local: this.own?.runCsv(),
      origin: this.api,
      signal: abort.signal,
      progress: this.progressBar,
      paint: (figure, complete) => this.show(figure, complete),
      note: (done, of, secs, browser) => {
        const place = browser ? `${label('browser', this.uiLang)} · ` : '';
        this.badge.set('running', `${place}${of > 1 ? `${done}/${of} · ` : ''}${secs.toFixed(1)} s`);
      },
      waiting: (secs) => this.badge.set('running', label('apiWait', this.uiLang, { secs })),
    });
    // Only now: a prefetch of the very state asked for keeps its computation for this run to join.
    this.warming.stop();
    try {
      const { where, why } = await running;
      if (abort.signal.aborted) return;
      const note = why ? label(why.answered ? 'apiBusy' : 'apiDown', this.uiLang) : '';
      this.badge.set(where, note);
      if (where === 'live' && this.contains(document.activeElement)) this.warming.start(this.state);
    } catch (err) {
      if (abort.signal.aborted) return;
      // A link to a file the server does not hold: said beside the picker, and the built-in data run instead.
      if (this.own?.unknown(err, this.state.dataset)) return;
      this.badge.set('live', `${label('failed', this.uiLang)}${(err as Error).message}`);
      this.dataset.status = 'error';
    } finally {
      if (this.abort === abort) {
        this.removeAttribute('aria-busy');
        this.progressBar.hide();
      }
    }
  }

  /** No run for this state: the figure on show stays (or the baked one comes), with its badge. */
  private idle(badge: Badge): void {
    this.abort = null;
    this.warming.stop();
    this.progressBar.hide();
    this.removeAttribute('aria-busy');
    this.badge.set(badge);
    // The figure on show is still a whole run: its timeline works again.
    if (this.result && this.def.timeline) this.timeline?.reset(this.def.timeline.steps(this.result as never));
  }

  private showBaked(announce = true): Promise<void> {
    return this.bakedDefault.show(announce);
  }

  private draw(figure: unknown): void {
    const fig = this.querySelector('.w-figure');
    if (!fig) return;
    const tip = fig.querySelector('.readout');
    tip?.remove();
    this.drawn = figure;
    const view = () => this.def.view({ ...(figure as object), ...this.extra } as never, this.uiLang);
    morph(fig, withSlotWidths(this.widths ?? measureSlots(fig), view));
    if (tip) fig.append(tip);
  }

  private show(result: unknown, complete = true, announce = true): void {
    this.draw(result);
    if (complete) {
      this.result = result;
      if (this.def.timeline) this.timeline?.reset(this.def.timeline.steps(result as never));
    }
    // For pages and tests that follow the widget (e.g. measuring how fast a control change shows).
    if (announce)
      this.dispatchEvent(new CustomEvent('initlab:result', { bubbles: true, detail: { state: this.state, complete } }));
  }
}
