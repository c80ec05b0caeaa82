/**
 * Result → figure markup for each widget. Pure string functions: the build renders the baked default with them
 * (the no-JS figure) and the browser re-renders live results with the very same code.
 */
import type { CompareResult, SampleResult, TrialResult } from '../../../src/result.ts';
import { esc, fmt, histogram, legend, lineChart, SERIES_COLOURS } from './charts.ts';
import { type Lang, label } from './labels.ts';

export const table = (head: string[], rows: (string | number)[][]) =>
  `<table><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${typeof c === 'number' ? fmt(c) : c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

const FORMULAS: Record<string, (r: SampleResult) => string> = {
  glorot_uniform: (r) => `a = g·√(6/(${r.fanIn}+${r.fanOut})), σ = a/√3`,
  glorot_normal: (r) => `σ = g·√(2/(${r.fanIn}+${r.fanOut}))`,
  he_uniform: (r) => `a = g·√(3/${r.fanIn}), σ = a/√3`,
  he_normal: (r) => `σ = g·√(1/${r.fanIn})`,
  lecun_uniform: (r) => `a = g·√(3/${r.fanIn}), σ = a/√3`,
  lecun_normal: (r) => `σ = g·√(1/${r.fanIn})`,
  pytorch_default: (r) => `a = 1/√${r.fanIn}, σ = a/√3`,
  orthogonal: (r) => `σ = g/√max(${r.fanIn}, ${r.fanOut})`,
};

/** What was drawn: a dense layer's fan_in × fan_out matrix, or a convolution's kernel in PyTorch's layout. */
function drawnText(r: SampleResult, lang: Lang): string {
  const what = r.conv
    ? `[${r.conv.pytorchShape.join(', ')}] (PyTorch; Keras [${r.conv.kerasShape.join(', ')}])`
    : `${r.fanIn}×${r.fanOut}`;
  return `${what} ${label('weights', lang)}, mean ${fmt(r.mean)}`;
}

export function samplerView(r: SampleResult, lang: Lang): string {
  // The formula with every number in it: the gain substituted, and the std it comes to.
  const template = FORMULAS[r.init]?.(r);
  const formula = template && `${template.replace(/\bg([·/])/g, `${fmt(r.gain)}$1`)} = ${fmt(r.expectedStd)}`;
  const rows: (string | number)[][] = [
    [label('formula', lang), formula ? `<code>${esc(formula)}</code>` : '—', r.expectedStd],
    [label('measured', lang), esc(drawnText(r, lang)), r.std],
  ];
  const { tfjsBuiltin: tfjs, pytorchTruncNormal: torch } = r;
  if (tfjs)
    rows.push([label('tfjsBuiltin', lang), `<code>${esc(tfjs.builtin)}</code> (×${fmt(tfjs.stdRatio)})`, tfjs.std]);
  if (torch)
    rows.push([
      label('torchTrunc', lang),
      `<code>${esc(torch.call)}</code> ${esc(label('torchTruncNote', lang, { bound: fmt(torch.boundInStd), max: fmt(torch.maxAbsInStd) }))}`,
      torch.std,
    ]);
  const extra = [
    ...(tfjs ? [{ h: tfjs.histogram, name: label('tfjsBuiltin', lang), colour: '--c2' }] : []),
    ...(torch ? [{ h: torch.histogram, name: label('torchTrunc', lang), colour: '--c3' }] : []),
  ];
  const hists = [
    {
      h: r.histogram,
      name: r.init,
      fig: histogram(r.histogram.edges, r.histogram.counts, `${r.init} ${label('weights', lang)}`),
    },
    ...extra.map((e) => ({ ...e, fig: histogram(e.h.edges, e.h.counts, e.name, e.colour) })),
  ];
  return `<div class="hist-row">${hists.map((h) => `<figure>${h.fig}<figcaption>${esc(h.name)}</figcaption></figure>`).join('')}</div>${table(['', '', 'std'], rows)}`;
}

const hiddenLayers = (t: TrialResult) => t.layers.slice(0, t.params.depth);

export function signalView(c: CompareResult, lang: Lang): string {
  const names = c.trials.map((t) => t.params.init);
  const series = (pick: (l: TrialResult['layers'][number]) => number | null) =>
    c.trials.map((t) => ({
      label: t.params.init,
      xs: t.layers.map((l) => l.index + 1),
      ys: t.layers.map(pick),
    }));
  const act = lineChart(
    series((l) => l.atInit.actStd).map((s) => ({ ...s, xs: s.xs.slice(0, -1), ys: s.ys.slice(0, -1) })),
    { logY: true, xLabel: label('layer', lang), yLabel: label('actStd', lang), title: label('actStd', lang) },
  );
  const grad = lineChart(
    series((l) => l.atInit.backGradStd),
    {
      logY: true,
      xLabel: label('layer', lang),
      yLabel: label('gradStd', lang),
      title: label('gradStd', lang),
    },
  );
  const hists = c.trials
    .map((t, i) => {
      const last = hiddenLayers(t).at(-1);
      if (!last) return '';
      const h = last.atInit.actHistogram;
      return `<figure>${histogram(h.edges, h.counts, `${t.params.init}: ${label('lastHidden', lang)}`, SERIES_COLOURS[i % SERIES_COLOURS.length])}<figcaption>${esc(t.params.init)}</figcaption></figure>`;
    })
    .join('');
  const rows = c.trials.map((t) => {
    const hid = hiddenLayers(t);
    return [
      t.params.init,
      hid[0]?.atInit.actStd ?? '—',
      hid.at(-1)?.atInit.actStd ?? '—',
      hid[0]?.atInit.backGradStd ?? '—',
      hid.at(-1)?.atInit.backGradStd ?? '—',
    ];
  });
  return `${legend(names)}<div class="chart-row"><figure>${act}<figcaption>${esc(label('actStd', lang))}</figcaption></figure><figure>${grad}<figcaption>${esc(label('gradStd', lang))}</figcaption></figure></div><p class="muted small">${esc(label('lastHidden', lang))}</p><div class="hist-row">${hists}</div>${table(
    [
      label('init', lang),
      `${label('actStd', lang)} (${label('layer', lang)} 1)`,
      `${label('actStd', lang)} (${label('layer', lang)} ${c.params.depth})`,
      `${label('gradStd', lang)} (${label('layer', lang)} 1)`,
      `${label('gradStd', lang)} (${label('layer', lang)} ${c.params.depth})`,
    ],
    rows,
  )}`;
}

export interface SweepResult {
  depths: number[];
  compares: CompareResult[];
}

export function sweepView(s: SweepResult, lang: Lang): string {
  const done = s.compares.filter(Boolean);
  const inits = done[0]?.params.inits ?? [];
  const lossAt = (c: CompareResult | undefined, init: string) => {
    const t = c?.trials.find((x) => x.params.init === init);
    return t ? (t.diverged ? null : t.final.trainLoss) : null;
  };
  const series = inits.map((init) => ({
    label: init,
    xs: s.depths,
    ys: s.depths.map((_, i) => lossAt(s.compares[i], init)),
  }));
  const chart = lineChart(series, {
    logY: true,
    xLabel: label('depth', lang),
    yLabel: label('finalLoss', lang),
    title: label('sweepTitle', lang),
  });
  const rows = s.depths.map((d, i) => [d, ...inits.map((init) => lossAt(s.compares[i], init) ?? '—')]);
  return `${legend(inits)}<figure>${chart}</figure>${table([label('depth', lang), ...inits], rows)}`;
}

/** CSV of a widget's result, one row per series point; keys of the first row become the header. */
export function toCsv(rows: Record<string, string | number | null>[]): string {
  if (!rows.length) return '';
  const keys = Object.keys(rows[0]);
  const cell = (v: string | number | null) =>
    v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);
  return [keys.join(','), ...rows.map((r) => keys.map((k) => cell(r[k])).join(','))].join('\n');
}

export function compareCsv(c: CompareResult): string {
  return toCsv(
    c.trials.flatMap((t) =>
      t.steps.map((step, i) => ({
        init: t.params.init,
        step,
        trainLoss: t.trainLoss[i],
        testLoss: t.testLoss[i],
        testAccuracy: t.testAccuracy[i],
      })),
    ),
  );
}

export function layersCsv(c: CompareResult): string {
  return toCsv(
    c.trials.flatMap((t) =>
      t.layers.map((l) => ({
        init: t.params.init,
        layer: l.index + 1,
        actStd: l.atInit.actStd,
        backGradStd: l.atInit.backGradStd,
        weightGradNorm: l.atInit.gradNorm,
      })),
    ),
  );
}
