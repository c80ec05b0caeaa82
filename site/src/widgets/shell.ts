/**
 * The markup around a widget's figure — status row (badge, progress) and timeline — as the build renders it into the
 * page (a fixed layout before any script runs) and as the custom element renders it on another site.
 */
import { esc } from './charts.ts';
import { controlsHtml } from './controls.ts';
import type { WidgetDef } from './defs.ts';
import { type Lang, label } from './labels.ts';
import type { StateValue } from './state.ts';

/** The badge (a polite live region) and, beside it, the progress of a running widget (hidden until one runs). */
export function statusHtml(lang: Lang, baked: boolean): string {
  const badge = baked ? `<span class="badge badge-baked">${label('baked', lang)}</span>` : '';
  return `<div class="w-statusbar"><div class="w-status" aria-live="polite">${badge}</div><div class="w-progress" role="progressbar" aria-label="${esc(label('progress', lang))}" aria-valuemin="0" aria-valuenow="0" aria-valuemax="0" hidden><span></span></div></div>`;
}

export const stepText = (lang: Lang, step: number, steps: number) => label('stepOf', lang, { step, steps });

/** Play/pause and a slider over the logged steps, at the last one (`steps`: the baked run's, if any). */
export function timelineHtml(lang: Lang, id: string, steps: readonly number[]): string {
  const last = Math.max(0, steps.length - 1);
  const step = steps[last] ?? 0;
  const off = steps.length < 2 ? ' disabled' : '';
  return `<div class="w-timeline"><button type="button" class="w-play"${off}><span aria-hidden="true">▶</span> <span class="w-play-text">${label('play', lang)}</span></button><label for="${id}-timeline">${esc(label('timeline', lang))} <output for="${id}-timeline">${step}</output></label><input type="range" id="${id}-timeline" min="0" max="${last}" step="1" value="${last}" aria-valuetext="${esc(stepText(lang, step, steps.at(-1) ?? 0))}"${off}></div>`;
}

/** The picker's markup, rendered by the build (a fixed layout before any script) and by the element elsewhere. */
export function pickerHtml(lang: Lang, id: string): string {
  const l = (k: Parameters<typeof label>[0]) => esc(label(k, lang));
  return `<div class="ctl ctl-wide w-data"><div class="w-data-row"><span class="w-data-pick"><label for="${id}-csv">${l('csvPick')}</label><input type="file" id="${id}-csv" accept=".csv,text/csv" data-csv></span><span class="w-data-target" hidden><label for="${id}-target">${l('csvTarget')}</label><select id="${id}-target" data-csv-target></select></span><output class="w-data-summary" for="${id}-csv" data-csv-summary></output></div><p class="small muted w-data-note">${l('csvPrivacy')}</p><p class="w-data-msg" role="alert" data-csv-msg></p><div class="w-data-actions" hidden><button type="button" data-csv-act="share">${l('csvShare')}</button> <button type="button" data-csv-act="builtin">${l('csvBuiltin')}</button></div><p class="w-data-link" hidden><label for="${id}-link">${l('csvLink')}</label> <input type="url" id="${id}-link" readonly data-csv-link> <button type="button" data-csv-act="copy">${l('share')}</button></p></div>`;
}

/** A whole widget as the custom element renders it where no build did: controls, status, figure, timeline, actions. */
export function widgetHtml(def: WidgetDef, state: Record<string, StateValue>, lang: Lang, hidden: Set<string>): string {
  const id = `${def.name}-${Math.random().toString(36).slice(2, 8)}`;
  const timeline = def.timeline ? timelineHtml(lang, id, []) : '';
  const data = def.userData ? pickerHtml(lang, id) : '';
  return `<form class="w-controls" aria-label="${label(def.title, lang)}">${controlsHtml(def.table, state, lang, id, hidden)}${data}</form>${statusHtml(lang, false)}<div class="w-figure"></div>${timeline}<div class="w-actions"></div>`;
}

export type Badge = 'baked' | 'live' | 'browser' | 'running';

/** The status row's badge and its note, on a widget element (whose data-status pages and tests follow). */
export class StatusBadge {
  /** The badge of the figure on show (never 'running'): what a run refused before it starts leaves there. */
  last: Badge = 'baked';

  constructor(private readonly host: HTMLElement & { uiLang: Lang }) {}

  set(kind: Badge, note = ''): void {
    const status = this.host.querySelector('.w-status');
    if (!status) return;
    // The running timer changes four times a second: keep it out of the polite live region's announcements.
    const hidden = kind === 'running' ? ' aria-hidden="true"' : '';
    const text = `<span class="badge badge-${kind}">${label(kind, this.host.uiLang)}</span>`;
    status.innerHTML = `${text}${note ? ` <span class="note"${hidden}>${esc(note)}</span>` : ''}`;
    this.host.dataset.status = kind;
    if (kind !== 'running') this.last = kind;
  }
}
