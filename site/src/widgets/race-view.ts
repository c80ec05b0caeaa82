/**
 * The training race's figure: loss and accuracy curves, a decision boundary per init, and the table. It draws a
 * finished run, a run still training (the curves grow across an axis that already spans every step) and a finished
 * run scrubbed back to a step (the axes stay the whole run's, so playing it back does not rescale them).
 */
import { PLANAR_DATASETS } from '../../../src/params/ids.ts';
import type { TrialResult } from '../../../src/result.ts';
import { boundaryPanels } from './boundary.ts';
import { esc, fmt, legend, lineChart } from './charts.ts';
import { type Lang, label } from './labels.ts';
import type { CompareFigure, Moment } from './snapshot.ts';
import { table } from './views.ts';

function stepsCell(t: TrialResult, lang: Lang, m: Moment | undefined): string | number {
  if (t.diverged) return `<strong>${label('diverged', lang)}</strong> @ ${t.divergedAtStep}`;
  if (t.final.stepsToTarget !== null) return t.final.stepsToTarget;
  return m && m.step < m.steps ? (m.live ? '…' : label('notYet', lang)) : label('notReached', lang);
}

/** The axes of a moment: all the run's steps, and (when scrubbing) the whole run's values. */
function axes(m: Moment | undefined, pick: (t: TrialResult) => readonly (number | null)[]) {
  if (!m) return {};
  return { xSpan: [0, m.steps] as const, yCover: m.whole?.trials.flatMap(pick) };
}

export function raceView(c: CompareFigure, lang: Lang): string {
  const m = c.moment;
  const names = c.trials.map((t) => t.params.init);
  const loss = lineChart(
    c.trials.map((t) => ({
      label: t.params.init,
      xs: t.steps,
      ys: t.trainLoss,
      endMark: t.diverged ? 'x' : undefined,
    })),
    {
      logY: true,
      xLabel: label('step', lang),
      yLabel: label('trainLoss', lang),
      title: label('trainLoss', lang),
      ...axes(m, (t) => t.trainLoss),
    },
  );
  const acc = lineChart(
    c.trials.map((t) => ({ label: t.params.init, xs: t.steps, ys: t.testAccuracy })),
    {
      xLabel: label('step', lang),
      yLabel: label('testAcc', lang),
      title: label('testAcc', lang),
      ...axes(m, (t) => t.testAccuracy),
    },
  );
  const rows = c.trials.map((t) => [
    t.params.init,
    t.final.trainLoss ?? '—',
    t.final.testAccuracy ?? '—',
    stepsCell(t, lang, m),
  ]);
  // Only a 2-D data set has a plane to draw a boundary on (a reader's CSV, like mnist, carries none).
  const boundaries = PLANAR_DATASETS.includes(String(c.params.dataset))
    ? boundaryPanels(c.trials, lang, m !== undefined)
    : '';
  const lossHead = m && m.step < m.steps ? label('lossAtStep', lang, { step: m.step }) : label('finalLoss', lang);
  return `${legend(names)}<div class="chart-row"><figure>${loss}<figcaption>${esc(label('trainLoss', lang))}</figcaption></figure><figure>${acc}<figcaption>${esc(label('testAcc', lang))}</figcaption></figure></div>${boundaries}${table(
    [
      label('init', lang),
      lossHead,
      label('testAcc', lang),
      `${label('stepsToTarget', lang)} (≤ ${fmt(c.params.targetLoss)})`,
    ],
    rows,
  )}`;
}
