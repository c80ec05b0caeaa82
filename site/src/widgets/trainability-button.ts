/**
 * The measured counterpart of the phase diagram is a paper-sized experiment (a grid of deep tanh nets on MNIST):
 * baked into the figure, and re-measured only on request. Its training runs on the API (which caches every run); the
 * reader's Web Worker streams them one by one and fills the grid in as each cell's run ends, with a progress bar over
 * all their steps. Where no worker runs, the API's experiment route assembles it instead (the grid then appears
 * whole). `experiment="steps:50,width:16"` (or `?phase.experiment=…`) asks for other settings.
 */
import type { WidgetHost } from './host.ts';
import { label } from './labels.ts';
import { WorkerGone } from './run-types.ts';
import { EXPERIMENT, fetchTrainability, fromExperiment, parseSettings, type Trainability } from './trainability.ts';

async function measure(host: WidgetHost, settings: Record<string, string>, say: (text: string) => void) {
  const lang = host.uiLang;
  try {
    let waits = 0;
    const result = await host.measureInWorker(EXPERIMENT, settings, (e) => {
      if (e.type === 'progress') host.progress(e.now, e.max);
      else if (e.type === 'wait')
        say(`${label('measuring', lang)} ${label('continuing', lang, { secs: e.seconds, n: ++waits })}`);
      else {
        const partial = fromExperiment(e as never, 'partial');
        if (partial) void host.addToFigure({ trainability: partial });
      }
    });
    const t = fromExperiment(result as never, 'live');
    if (!t) throw new Error('the experiment answered without its grid');
    return t;
  } catch (err) {
    if (!(err instanceof WorkerGone)) throw err;
    return fetchTrainability(host.api, settings, (n, secs) =>
      say(`${label('measuring', lang)} ${label('continuing', lang, { secs, n })}`),
    );
  } finally {
    host.progress(null);
  }
}

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
      const t: Trainability = await measure(host, settings, (text) => {
        out.textContent = text;
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
