/** The controls' values in the page: written from the state, read back from a reader's change (controls.ts renders them). */
import { logPosition, logValue } from './controls.ts';
import { type Lang, label } from './labels.ts';
import {
  formatValue,
  inapplicableKeys,
  kebab,
  parseValue,
  readInts,
  type StateTable,
  type StateValue,
} from './state.ts';

/** The value's text beside its control, and for a log-scale slider what assistive technology reads out. */
export function showValue(el: HTMLElement, v: StateValue): void {
  const out = el.closest('.ctl')?.querySelector('output');
  if (out) out.textContent = formatValue(v);
  if (el.hasAttribute('data-log')) el.setAttribute('aria-valuetext', formatValue(v));
}

export function syncControls(root: Element, state: Record<string, StateValue>): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-key]')) {
    const v = state[el.dataset.key!];
    if (el instanceof HTMLFieldSetElement)
      for (const box of el.querySelectorAll('input')) box.checked = (v as string[]).includes(box.value);
    else if (el instanceof HTMLInputElement && el.type === 'checkbox') el.checked = Boolean(v);
    else if (el instanceof HTMLInputElement && el.hasAttribute('data-log')) el.value = String(logPosition(v as number));
    else if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) el.value = formatValue(v);
    showValue(el, v);
    sayProblem(el, null);
    el.removeAttribute('disabled');
  }
}

export function readControl(table: StateTable, el: HTMLElement): StateValue {
  const f = table[el.dataset.key!];
  if (el instanceof HTMLFieldSetElement) {
    const picked = [...el.querySelectorAll('input')].filter((b) => b.checked).map((b) => b.value);
    return parseValue(f, picked.join(',') || null);
  }
  if (el instanceof HTMLInputElement && el.type === 'checkbox') return el.checked;
  if (el instanceof HTMLInputElement && el.hasAttribute('data-log'))
    return parseValue(f, String(logValue(Number(el.value))));
  return parseValue(f, (el as HTMLInputElement).value);
}

/**
 * Why the reader's entry is refused, in their language, or null: a typed number that is not a whole number in range,
 * a list with nothing picked (the state would fall back to its default without a word), or a typed list of sizes.
 */
export function controlProblem(table: StateTable, el: HTMLElement, lang: Lang): string | null {
  const f = table[el.dataset.key!];
  if (f?.kind === 'list' && el instanceof HTMLFieldSetElement)
    return el.querySelector('input:checked') ? null : label('listEmpty', lang);
  if (f?.kind === 'int' && el instanceof HTMLInputElement && el.type === 'number') {
    const n = Number(el.value);
    const ok = el.value.trim() !== '' && Number.isInteger(n) && n >= f.min && n <= f.max;
    return ok ? null : label('numberEntry', lang, { entry: el.value, min: f.min, max: f.max });
  }
  if (f?.kind !== 'ints' || !(el instanceof HTMLInputElement)) return null;
  const read = readInts(f, el.value);
  if (!('problem' in read)) return null;
  const p = read.problem;
  return 'entry' in p
    ? label('intsEntry', lang, { entry: p.entry, min: f.min, max: f.max })
    : label('intsCount', lang, { count: p.count, maxItems: f.maxItems });
}

/** The refusal beside a control (its `.ctl-msg`), or none; the control is marked invalid while it shows. */
export function sayProblem(el: HTMLElement, message: string | null): void {
  const msg = el.closest('.ctl')?.querySelector('.ctl-msg');
  if (!msg) return;
  msg.textContent = message ?? '';
  el.toggleAttribute('aria-invalid', Boolean(message));
}

/**
 * A typed value the query (a shared link, an element's attribute) gave but the table refuses: the state took the
 * default, and the control shows what was given with the reason beside it, not a silent substitute.
 */
export function showRefusedQuery(root: Element, table: StateTable, query: URLSearchParams, prefix: string, lang: Lang) {
  for (const [k, f] of Object.entries(table)) {
    const raw = query.get(prefix + k);
    const el = root.querySelector<HTMLInputElement>(`input[data-key="${k}"]`);
    if (raw === null || !el || !(el.type === 'number' || el.type === 'text')) continue;
    if (f.kind === 'ints' ? !('problem' in readInts(f, raw)) : formatValue(parseValue(f, raw)) === raw) continue;
    el.value = raw;
    // A number input empties itself of text that is no number: the message quotes what the link gave.
    const typed = f.kind === 'int' && el.type === 'number' && f;
    sayProblem(
      el,
      typed
        ? label('numberEntry', lang, { entry: raw, min: typed.min, max: typed.max })
        : controlProblem(table, el, lang),
    );
  }
}

/**
 * A widget's settings as one query: the page's URL (where it keeps URL state) under `prefix`, and the element's
 * attributes (`batch-size="16"`) for whatever the URL does not say.
 */
export function settingsQuery(el: Element, table: StateTable, prefix: string, urlState: boolean): URLSearchParams {
  const query = new URLSearchParams(urlState ? location.search : '');
  for (const k of Object.keys(table)) {
    const attr = el.getAttribute(kebab(k));
    if (attr !== null && !query.has(prefix + k)) query.set(prefix + k, attr);
  }
  return query;
}

/** The control's cell (`.ctl`): what hides and shows. */
export function controlOf(root: Element, key: string): HTMLElement | null {
  return root.querySelector<HTMLElement>(`[data-key="${key}"]`)?.closest('.ctl') ?? null;
}

/** Show the controls that apply to `state` (a convolution's channels, a dense layer's fans), unless embed-hidden. */
export function showApplicable(
  root: Element,
  table: StateTable,
  state: Record<string, StateValue>,
  embedHidden: ReadonlySet<string>,
): void {
  const off = inapplicableKeys(table, state);
  for (const [k, f] of Object.entries(table))
    if (f.when) controlOf(root, k)?.toggleAttribute('hidden', off.has(k) || embedHidden.has(k));
}
