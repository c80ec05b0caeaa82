/** The controls' values in the page: written from the state, read back from a reader's change (controls.ts renders them). */
import { logPosition, logValue } from './controls.ts';
import { formatValue, parseValue, type StateTable, type StateValue } from './state.ts';

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
    else if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) el.value = String(v);
    showValue(el, v);
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
