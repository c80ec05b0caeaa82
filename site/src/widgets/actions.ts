/** The actions under a widget: its data as JSON or CSV, a link to its state, reset, and the equivalent code. */
import type { WidgetDef } from './defs.ts';
import { type Lang, label } from './labels.ts';

export interface ActionsHost {
  lang: Lang;
  /** The figure's complete result (the baked default's is fetched on first use), or null while none is shown. */
  result: () => Promise<unknown>;
  shareUrl: () => string;
  reset: () => void;
  code: () => Promise<string>;
}

export function renderActions(bar: Element, def: WidgetDef, host: ActionsHost): void {
  const l = (k: Parameters<typeof label>[0]) => label(k, host.lang);
  const code = def.code
    ? `<details class="w-code"><summary>${l('code')}</summary><pre><code></code></pre></details>`
    : '';
  bar.innerHTML = `<button type="button" data-act="json">${l('json')}</button><button type="button" data-act="csv">${l('csv')}</button><button type="button" data-act="share">${l('share')}</button><button type="button" data-act="reset">${l('reset')}</button>${code}`;
  bar.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('[data-act]');
    const act = button?.dataset.act;
    if (act === 'json' || act === 'csv') void download(def, act, host);
    if (act === 'share' && button) void share(button, host);
    if (act === 'reset') host.reset();
  });
  bar.querySelector('details')?.addEventListener('toggle', async () => {
    const pre = bar.querySelector('.w-code code');
    if (pre) pre.textContent = await host.code();
  });
}

async function download(def: WidgetDef, kind: 'json' | 'csv', host: ActionsHost): Promise<void> {
  const result = await host.result();
  if (!result) return;
  const text = kind === 'json' ? JSON.stringify(result, null, 2) : def.csv(result as never);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: kind === 'json' ? 'application/json' : 'text/csv' }));
  a.download = `initlab-${def.name}.${kind}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function share(button: HTMLButtonElement, host: ActionsHost): Promise<void> {
  await navigator.clipboard?.writeText(host.shareUrl()).catch(() => undefined);
  button.textContent = label('copied', host.lang);
  setTimeout(() => {
    button.textContent = label('share', host.lang);
  }, 1500);
}
