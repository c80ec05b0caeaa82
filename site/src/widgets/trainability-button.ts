/**
 * The measured counterpart of the phase diagram is a paper-sized experiment (a grid of deep tanh nets on MNIST):
 * baked into the figure, and re-measured only on request, by the API (which caches it), never in the reader's
 * browser. `experiment="steps:50,width:16"` (or `?phase.experiment=…`) asks for other settings.
 */
import type { WidgetHost } from './host.ts';
import { label } from './labels.ts';
import { fetchTrainability, parseSettings } from './trainability.ts';

export function addTrainabilityButton(host: WidgetHost, bar: Element): void {
  const lang = host.uiLang;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label('measureTrainability', lang);
  const out = document.createElement('div');
  out.className = 'w-extra';
  out.setAttribute('aria-live', 'polite');
  bar.after(out);
  bar.prepend(button);
  const settings = parseSettings(host.setting('experiment'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    out.textContent = label('measuring', lang);
    try {
      const t = await fetchTrainability(host.api, settings, (n, secs) => {
        out.textContent = `${label('measuring', lang)} ${label('continuing', lang)} ${secs} s (${n})`;
      });
      await host.addToFigure({ trainability: t });
      out.textContent = label('measured', lang);
      host.mark('trainability', 'live');
    } catch (err) {
      out.textContent = `${label('failed', lang)}${(err as Error).message}`;
    } finally {
      button.disabled = false;
    }
  });
}
