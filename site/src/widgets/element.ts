/**
 * One custom element class for every widget. It upgrades the markup the build rendered (controls + baked figure),
 * or renders its own when used on another site. State lives in the URL (article/embeds) or in attributes
 * (`<initlab-race inits="he_normal,glorot_uniform" depth="30">`).
 */
import { esc } from './charts.ts';
import { controlsHtml } from './controls.ts';
import type { WidgetDef } from './defs.ts';
import { ApiRefusal, apiRunner, browserRunner, type Runner, remembered } from './engine-client.ts';
import { type Lang, label } from './labels.ts';
import { prefetch } from './prefetch.ts';
import { attachReadout } from './readout.ts';
import { defaults, formatValue, hiddenKeys, parseValue, readState, type StateValue, writeState } from './state.ts';
import { fetchTrainability, parseSettings } from './trainability.ts';

type AnyState = Record<string, StateValue>;

export function defineWidget(def: WidgetDef): void {
  const tag = `initlab-${def.name}`;
  if (customElements.get(tag)) return;
  customElements.define(
    tag,
    class extends HTMLElement {
      private state: AnyState = {};
      private result: unknown = null;
      private abort: AbortController | null = null;
      /** The running prefetch of neighbouring states, if any (see prefetch.ts). */
      private warming: AbortController | null = null;
      private uiLang: Lang = 'en';
      /** What the reader added to the figure on request (the phase diagram's live trainability), kept across runs. */
      private extra: Record<string, unknown> = {};

      private get keyPrefix(): string {
        return this.getAttribute('prefix') ?? '';
      }
      /** URL state only where the page opts in (article, embed pages); a bare custom element uses attributes. */
      private get urlState(): boolean {
        return this.hasAttribute('url-state');
      }

      connectedCallback(): void {
        this.uiLang = (this.getAttribute('lang') ?? document.documentElement.lang).startsWith('zh') ? 'zh' : 'en';
        const query = new URLSearchParams(this.urlState ? location.search : '');
        for (const k of Object.keys(def.table)) {
          const attr = this.getAttribute(k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
          if (attr !== null && !query.has(this.keyPrefix + k)) query.set(this.keyPrefix + k, attr);
        }
        this.state = readState(def.table, query, this.keyPrefix) as AnyState;
        // Embed pages are built in English; `?lang=zh` re-renders the widget in Chinese.
        const wanted = query.get('lang');
        const relabel = (wanted === 'zh' || wanted === 'en') && wanted !== this.uiLang;
        if (relabel) this.uiLang = wanted as Lang;
        if (relabel || !this.querySelector('.w-controls'))
          this.renderShell(hiddenKeys(def.table, query, this.keyPrefix));
        else
          for (const k of hiddenKeys(def.table, query, this.keyPrefix)) this.controlOf(k)?.setAttribute('hidden', '');
        this.syncControls();
        this.bind();
        this.classList.add('hydrated');
        if (this.isDefault() && this.hasAttribute('baked-src')) {
          this.setBadge('baked');
          if (relabel) void this.showBaked();
        } else void this.runLive();
      }

      disconnectedCallback(): void {
        this.abort?.abort();
        this.warming?.abort();
      }

      private get api(): Runner {
        return apiRunner(this.getAttribute('api') ?? '');
      }

      /** Whether every answer the current state needs is already on the page (prefetched or seen before). */
      private answered(): boolean {
        return def.requests(this.state).every((r) => remembered(r.kind, r.query));
      }

      /** Prefetch the states next to the current one while the reader is at the controls. */
      private warmUp(): void {
        if (!def.neighbours || this.warming) return;
        const ctl = new AbortController();
        this.warming = ctl;
        void prefetch(def, this.state, this.api, ctl.signal);
      }

      private stopWarming(): void {
        this.warming?.abort();
        this.warming = null;
      }

      private isDefault(): boolean {
        const d = defaults(def.table) as AnyState;
        return Object.keys(def.table).every((k) => formatValue(d[k]) === formatValue(this.state[k]));
      }

      private renderShell(hidden: Set<string>): void {
        const id = `${def.name}-${Math.random().toString(36).slice(2, 8)}`;
        this.innerHTML = `<form class="w-controls" aria-label="${label(def.title, this.uiLang)}">${controlsHtml(def.table, this.state, this.uiLang, id, hidden)}</form><div class="w-status" aria-live="polite"></div><div class="w-figure"></div><div class="w-actions"></div>`;
      }

      private controlOf(key: string): HTMLElement | null {
        return this.querySelector<HTMLElement>(`[data-key="${key}"]`)?.closest('.ctl') ?? null;
      }

      private syncControls(): void {
        for (const el of this.querySelectorAll<HTMLElement>('[data-key]')) {
          const v = this.state[el.dataset.key!];
          if (el instanceof HTMLFieldSetElement)
            for (const box of el.querySelectorAll('input')) box.checked = (v as string[]).includes(box.value);
          else if (el instanceof HTMLInputElement && el.type === 'checkbox') el.checked = Boolean(v);
          else if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) el.value = String(v);
          const out = el.closest('.ctl')?.querySelector('output');
          if (out) out.textContent = String(v);
          el.removeAttribute('disabled');
        }
      }

      private readControl(el: HTMLElement): StateValue {
        const f = def.table[el.dataset.key!];
        if (el instanceof HTMLFieldSetElement) {
          const picked = [...el.querySelectorAll('input')].filter((b) => b.checked).map((b) => b.value);
          return parseValue(f, picked.join(',') || null);
        }
        if (el instanceof HTMLInputElement && el.type === 'checkbox') return el.checked;
        return parseValue(f, (el as HTMLInputElement).value);
      }

      private bind(): void {
        const form = this.querySelector('form.w-controls');
        form?.addEventListener('submit', (e) => e.preventDefault());
        let timer = 0;
        form?.addEventListener('input', (e) => {
          const el = (e.target as HTMLElement).closest<HTMLElement>('[data-key]');
          if (!el) return;
          this.state = { ...this.state, [el.dataset.key!]: this.readControl(el) };
          const out = el.closest('.ctl')?.querySelector('output');
          if (out) out.textContent = formatValue(this.state[el.dataset.key!]);
          this.writeUrl();
          clearTimeout(timer);
          // An answer already on the page shows at once; otherwise wait for a dragging hand to rest before asking.
          if (this.answered()) void this.runLive();
          else timer = window.setTimeout(() => void this.runLive(), 120);
        });
        form?.addEventListener('focusin', () => this.warmUp());
        form?.addEventListener('pointerdown', () => this.warmUp());
        this.renderActions();
        const fig = this.querySelector<HTMLElement>('.w-figure');
        if (fig) attachReadout(fig);
      }

      private writeUrl(): void {
        if (!this.urlState) return;
        const u = new URL(location.href);
        writeState(def.table, this.state as never, u.searchParams, this.keyPrefix);
        history.replaceState(history.state, '', u);
        this.dispatchEvent(new CustomEvent('initlab:state', { bubbles: true, detail: this.state }));
      }

      private setBadge(kind: 'baked' | 'live' | 'browser' | 'running', note = ''): void {
        const status = this.querySelector('.w-status');
        if (!status) return;
        const text = kind === 'running' ? label('running', this.uiLang) : label(kind, this.uiLang);
        // The running timer changes four times a second: keep it out of the polite live region's announcements.
        const hidden = kind === 'running' ? ' aria-hidden="true"' : '';
        status.innerHTML = `<span class="badge badge-${kind}">${text}</span>${note ? ` <span class="note"${hidden}>${esc(note)}</span>` : ''}`;
        this.dataset.status = kind;
      }

      private async runLive(): Promise<void> {
        this.abort?.abort();
        this.stopWarming();
        if (this.isDefault() && this.hasAttribute('baked-src')) {
          this.abort = null;
          this.setBadge('baked');
          await this.showBaked();
          return;
        }
        const abort = new AbortController();
        this.abort = abort;
        const started = performance.now();
        this.setBadge('running');
        this.setAttribute('aria-busy', 'true');
        const requests = def.requests(this.state);
        const answers: unknown[] = [];
        let where: Runner['where'] = 'live';
        // Elapsed time, requests done (the sweep fills in depth by depth) and where it runs.
        const tick = window.setInterval(() => {
          const secs = `${((performance.now() - started) / 1000).toFixed(1)} s`;
          const count = requests.length > 1 ? `${answers.length}/${requests.length} · ` : '';
          const place = where === 'browser' ? `${label('browser', this.uiLang)} · ` : '';
          this.setBadge('running', `${place}${count}${secs}`);
        }, 250);
        const api = this.api;
        try {
          let runner: Runner = api;
          // All asked at once (answers the API has cached then arrive together; computations queue there anyway),
          // taken in order so the figure fills progressively. A failure is dealt with when its turn comes.
          const asked = requests.map((req) => {
            const p = api.run(req.kind, req.query);
            p.catch(() => undefined);
            return p;
          });
          for (const [i, req] of requests.entries()) {
            try {
              answers.push(await (runner === api ? asked[i] : runner.run(req.kind, req.query)));
            } catch (err) {
              if (abort.signal.aborted || err instanceof ApiRefusal || runner !== api) throw err;
              runner = browserRunner();
              where = 'browser';
              answers.push(await runner.run(req.kind, req.query));
            }
            if (abort.signal.aborted) return;
            this.show(def.combine(answers, this.state), answers.length === requests.length);
          }
          this.setBadge(where, where === 'browser' ? label('apiDown', this.uiLang) : '');
          if (where === 'live' && this.contains(document.activeElement)) this.warmUp();
        } catch (err) {
          if (abort.signal.aborted) return;
          this.setBadge('live', `${label('failed', this.uiLang)}${(err as Error).message}`);
          this.dataset.status = 'error';
        } finally {
          clearInterval(tick);
          if (this.abort === abort) this.removeAttribute('aria-busy');
        }
      }

      private async showBaked(): Promise<void> {
        const src = this.getAttribute('baked-src');
        if (src) this.show(await fetch(src).then((r) => r.json()));
      }

      private show(result: unknown, complete = true): void {
        this.result = result;
        const fig = this.querySelector('.w-figure');
        if (!fig) return;
        const tip = fig.querySelector('.readout');
        fig.innerHTML = def.view({ ...(result as object), ...this.extra } as never, this.uiLang);
        if (tip) fig.append(tip);
        // For pages and tests that follow the widget (e.g. measuring how fast a control change shows).
        this.dispatchEvent(
          new CustomEvent('initlab:result', { bubbles: true, detail: { state: this.state, complete } }),
        );
      }

      private renderActions(): void {
        const bar = this.querySelector('.w-actions');
        if (!bar) return;
        bar.innerHTML = `<button type="button" data-act="json">${label('json', this.uiLang)}</button><button type="button" data-act="csv">${label('csv', this.uiLang)}</button><button type="button" data-act="share">${label('share', this.uiLang)}</button><button type="button" data-act="reset">${label('reset', this.uiLang)}</button><details class="w-code"><summary>${label('code', this.uiLang)}</summary><pre><code></code></pre></details>`;
        bar.addEventListener('click', (e) => {
          const act = (e.target as HTMLElement).closest<HTMLElement>('[data-act]')?.dataset.act;
          if (act === 'json' || act === 'csv') void this.export(act);
          if (act === 'share') void this.share(e.target as HTMLButtonElement);
          if (act === 'reset') {
            this.state = defaults(def.table) as AnyState;
            this.syncControls();
            this.writeUrl();
            void this.runLive();
          }
        });
        bar.querySelector('details')?.addEventListener('toggle', () => void this.fillCode());
        if (def.name === 'phase') this.addTrainabilityButton(bar);
      }

      /**
       * The measured counterpart of the phase diagram is a paper-sized experiment (a grid of deep tanh nets on
       * MNIST): baked into the figure, and re-measured only on request, by the API (which caches it), never in the
       * reader's browser. `experiment="steps:50,width:16"` (or `?phase.experiment=…`) asks for other settings.
       */
      private addTrainabilityButton(bar: Element): void {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = label('measureTrainability', this.uiLang);
        const out = document.createElement('div');
        out.className = 'w-extra';
        out.setAttribute('aria-live', 'polite');
        bar.after(out);
        bar.prepend(button);
        const query = new URLSearchParams(this.urlState ? location.search : '');
        const settings = parseSettings(query.get(`${this.keyPrefix}experiment`) ?? this.getAttribute('experiment'));
        button.addEventListener('click', async () => {
          button.disabled = true;
          out.textContent = label('measuring', this.uiLang);
          try {
            const t = await fetchTrainability(this.getAttribute('api') ?? '', settings, (n, secs) => {
              out.textContent = `${label('measuring', this.uiLang)} ${label('continuing', this.uiLang)} ${secs} s (${n})`;
            });
            this.extra = { trainability: t };
            if (!this.result) await this.showBaked();
            else this.show(this.result);
            out.textContent = label('measured', this.uiLang);
            this.dataset.trainability = 'live';
          } catch (err) {
            out.textContent = `${label('failed', this.uiLang)}${(err as Error).message}`;
          } finally {
            button.disabled = false;
          }
        });
      }

      private async fillCode(): Promise<void> {
        const pre = this.querySelector('.w-code code');
        if (!pre) return;
        // Straight from the module, not the engine facade: the facade would pull tfjs into the widget chunk.
        const { equivalentCode } = await import('../../../src/init/code.ts');
        const fans =
          def.name === 'sampler'
            ? { fanIn: Number(this.state.fanIn), fanOut: Number(this.state.fanOut) }
            : { fanIn: Number(this.state.width ?? 64), fanOut: Number(this.state.width ?? 64) };
        pre.textContent = def
          .codeInits(this.state)
          .map((init) => {
            const c = equivalentCode(init as never, { activation: this.state.activation as never }, fans);
            return `# ${init}\nTF.js:   ${c.tfjs}\nKeras:   ${c.keras}\nPyTorch: ${c.pytorch}\nJAX:     ${c.jax}`;
          })
          .join('\n\n');
      }

      /** The figure's data; for the baked default it is fetched from the bake's public copy on first export. */
      private async export(kind: 'json' | 'csv'): Promise<void> {
        if (!this.result) await this.showBaked();
        if (!this.result) return;
        if (kind === 'json') this.download('json', JSON.stringify(this.result, null, 2), 'application/json');
        else this.download('csv', def.csv(this.result as never), 'text/csv');
      }

      private download(ext: string, text: string, type: string): void {
        const a = document.createElement('a');
        a.href = URL.createObjectURL(new Blob([text], { type }));
        a.download = `initlab-${def.name}.${ext}`;
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 1000);
      }

      private async share(button: HTMLButtonElement): Promise<void> {
        const u = new URL(location.href);
        writeState(def.table, this.state as never, u.searchParams, this.keyPrefix);
        await navigator.clipboard?.writeText(u.href).catch(() => undefined);
        button.textContent = label('copied', this.uiLang);
        setTimeout(() => {
          button.textContent = label('share', this.uiLang);
        }, 1500);
      }
    },
  );
}
