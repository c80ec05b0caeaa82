/**
 * Widgets that set one compare beside itself with a single model field changed — the normalisation (`norm`), the
 * residual branches' scaling (`residualScale`): one request per value (requests.ts `acrossValues`), answers folded
 * into one figure, drawn as a panel per value (the norm race) or as one curve per value (the residual race). Every
 * panel shares one step axis and one loss axis, so what differs between them is the field alone.
 */
import type { TrialResult } from '../../../src/result.ts';
import { esc, legend, lineChart, type Series } from './charts.ts';
import { type LabelKey, type Lang, label } from './labels.ts';
import type { CompareFigure } from './snapshot.ts';
import { table, toCsv } from './views.ts';

export interface VariantsResult {
  /** The engine field that differs, and its value in each compare (the default, e.g. `none`, included). */
  field: string;
  values: string[];
  /** In `values` order; missing while a compare has not started, a compare so far (`moment`) while it runs. */
  compares: (CompareFigure | undefined)[];
}

/** The answers so far, each under the value its request set. */
export function combineVariants(field: string, values: readonly string[], answers: unknown[]): VariantsResult {
  return { field, values: [...values], compares: values.map((_, i) => answers[i] as CompareFigure | undefined) };
}

/** One row per logged step of every init of every value. */
export function variantsCsv(r: VariantsResult): string {
  return toCsv(
    r.compares.flatMap((c, i) =>
      (c?.trials ?? []).flatMap((t) =>
        t.steps.map((step, k) => ({
          [r.field]: r.values[i],
          init: t.params.init,
          step,
          trainLoss: t.trainLoss[k],
          testLoss: t.testLoss[k],
          testAccuracy: t.testAccuracy[k],
          diverged: String(t.diverged && t.divergedAtStep === step),
        })),
      ),
    ),
  );
}

/** The name a reader sees for each value of a field (labels.ts keys). */
const VALUE_LABELS: Record<string, Record<string, LabelKey>> = {
  norm: { none: 'normNone', batch: 'normBatch', layer: 'normLayer' },
  residualScale: { none: 'scaleNone', depth: 'scaleDepth', skipinit: 'scaleSkipinit', rezero: 'scaleRezero' },
};
export const valueName = (field: string, value: string, lang: Lang) => {
  const key = VALUE_LABELS[field]?.[value];
  return key ? label(key, lang) : value;
};

const running = (c: CompareFigure | undefined) => !c || c.moment?.live === true;

/** A final train loss for a table: '…' until its compare has finished, the step where it diverged, or the value. */
function finalCell(t: TrialResult | undefined, c: CompareFigure | undefined, lang: Lang): string | number {
  if (!t || running(c)) return '…';
  if (t.diverged) return `<strong>${esc(label('diverged', lang))}</strong> @ ${t.divergedAtStep}`;
  return t.final.trainLoss ?? '—';
}

function lossSeries(t: TrialResult, name: string): Series {
  return { label: name, xs: t.steps, ys: t.trainLoss, endMark: t.diverged ? 'x' : undefined };
}

/** Axes every chart of the figure shares: all the steps, and every loss of every compare. */
function sharedAxes(r: VariantsResult) {
  const done = r.compares.filter((c): c is CompareFigure => Boolean(c));
  const steps = done[0]?.params.steps ?? 0;
  return { xSpan: [0, Math.max(1, steps)] as const, yCover: done.flatMap((c) => c.trials.flatMap((t) => t.trainLoss)) };
}

/** A chart per value (the inits' curves in each), the inits' legend above, and a table of final losses. */
export function panelsView(r: VariantsResult, lang: Lang): string {
  const inits = r.compares.find(Boolean)?.params.inits ?? [];
  const axes = sharedAxes(r);
  const panels = r.values.map((v, i) => {
    const name = valueName(r.field, v, lang);
    const title = `${label('trainLoss', lang)}: ${name}`;
    const series = (r.compares[i]?.trials ?? []).map((t) => lossSeries(t, t.params.init));
    const chart = lineChart(series, {
      logY: true,
      xLabel: label('step', lang),
      yLabel: label('trainLoss', lang),
      title,
      ...axes,
    });
    return `<figure>${chart}<figcaption>${esc(name)}</figcaption></figure>`;
  });
  const rows = inits.map((init) => [
    init,
    ...r.compares.map((c) =>
      finalCell(
        c?.trials.find((t) => t.params.init === init),
        c,
        lang,
      ),
    ),
  ]);
  const head = [
    label('init', lang),
    ...r.values.map((v) => `${label('finalLoss', lang)}: ${valueName(r.field, v, lang)}`),
  ];
  return `${legend(inits)}<div class="chart-row">${panels.join('')}</div>${table(head, rows)}`;
}

/** Whether two finished runs trained to the same numbers (ReZero and SkipInit without norm layers do). */
const sameRun = (a: TrialResult | undefined, b: TrialResult | undefined) =>
  Boolean(a && b && a.trainLoss.length && JSON.stringify(a.trainLoss) === JSON.stringify(b.trainLoss));

/** One chart, a curve per value (each compare has one init), and per value its loss at init and at the end. */
export function curvesView(r: VariantsResult, lang: Lang): string {
  const names = r.values.map((v) => valueName(r.field, v, lang));
  const trials = r.compares.map((c) => c?.trials[0]);
  const series = trials.flatMap((t, i) => (t ? [lossSeries(t, names[i])] : []));
  const title = label('trainLoss', lang);
  const chart = lineChart(series, { logY: true, xLabel: label('step', lang), yLabel: title, title, ...sharedAxes(r) });
  const rows = r.values.map((_, i) => [
    names[i],
    trials[i]?.trainLoss[0] ?? '…',
    finalCell(trials[i], r.compares[i], lang),
    running(r.compares[i]) ? '…' : (trials[i]?.final.testAccuracy ?? '—'),
  ]);
  const init = r.compares.find(Boolean)?.params.inits[0] ?? '';
  const head = [label('scaling', lang), label('initialLoss', lang), label('finalLoss', lang), label('testAcc', lang)];
  const twins = r.values
    .map((v, i) => ({ v, i }))
    .filter(({ i }) => i > 0 && !running(r.compares[i]) && sameRun(trials[i], trials[i - 1]));
  const note = twins
    .map(({ i }) => `<p class="muted small">${esc(label('sameCurves', lang, { a: names[i - 1], b: names[i] }))}</p>`)
    .join('');
  return `<p class="muted small">${esc(label('residualOf', lang, { init }))}</p>${legend(names)}<figure>${chart}</figure>${note}${table(head, rows)}`;
}
