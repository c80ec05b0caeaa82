/**
 * The markup around a widget's figure — status row (badge, progress) and timeline — as the build renders it into the
 * page (a fixed layout before any script runs) and as the custom element renders it on another site.
 */
import { esc } from './charts.ts';
import { type Lang, label } from './labels.ts';

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
