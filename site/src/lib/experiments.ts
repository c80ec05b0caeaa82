/**
 * The paper reproductions as the article prints them: every number comes from the baked experiment results
 * (site/src/baked/experiments.json); this module only chooses words, formats numbers and points at their source.
 * Free of Astro and of `import.meta.glob`, so the tests format numbers exactly as the page does.
 */

// The list itself from the module that declares it: the facade would pull the whole engine into the page build.
import { EXPERIMENT_NAMES } from '../../../src/experiments/types.ts';
import type { Evidence, ExperimentName, ExperimentResult } from '../../../src/index.ts';
import { formatNumber } from '../../../src/plot/index.ts';
import type { Lang } from '../widgets/labels.ts';
import { valueName } from '../widgets/variants.ts';
import { ZH_CLAIMS, ZH_WHERE, zhLabel, zhStatement } from './experiments-zh.ts';
import { t } from './labels.ts';
import { zhVerdict } from './verdict-zh.ts';

export type BakedExperiment = Omit<ExperimentResult, 'timing'>;
export type BakedExperiments = Partial<Record<ExperimentName, BakedExperiment>>;
export { EXPERIMENT_NAMES, type ExperimentName };

/** The bibliography entry of each reproduced paper. */
export const EXPERIMENT_REFERENCE: Record<ExperimentName, string> = {
  glorot2010: 'glorot2010',
  he2015: 'he2015',
  saxe2013: 'saxe2013',
  schoenholz2017: 'schoenholz2017',
  lsuv2015: 'mishkin2015',
  fixup2019: 'zhang2019',
  de2020: 'de2020',
  ioffe2015: 'ioffe2015',
  yang2022: 'yang2022',
};

/** "Glorot & Bengio", "He et al.": the paper's authors as a short byline. */
export function byline(authors: string, lang: Lang): string {
  const surnames = authors.split(',').map((a) => a.trim().split(' ').at(-1) as string);
  if (surnames.length === 1) return surnames[0];
  if (surnames.length === 2) return t('bylinePair', lang, { a: surnames[0], b: surnames[1] });
  return t('bylineMany', lang, { a: surnames[0] });
}

export const apiPath = (name: ExperimentName) => `/api/v1/experiments/${name}`;
export const cliCommand = (name: ExperimentName) => `initlab experiment ${name}`;

const OP: Record<Evidence['op'], string> = { '<=': '≤', '>=': '≥', '<': '<', '>': '>' };
/** A measured number for prose and tables: the engine's one number format (3 significant figures, powers of ten
 * outside 0.001 … 100 000), the same digits in both languages. */
export const formatMeasured = (v: number, _lang: Lang): string => formatNumber(v);

/** A yes/no observation is stored as 1/0 against "≥ 1"; it reads as yes/no, not as a number. */
export const isFlag = (e: Evidence) => e.op === '>=' && e.threshold === 1 && (e.value === 0 || e.value === 1);

const WORDS = {
  en: { yes: 'yes', no: 'no', none: 'n/a', holds: 'holds', fails: 'does not hold' },
  zh: { yes: '是', no: '否', none: '无', holds: '成立', fails: '不成立' },
} as const;

/** What a missing value means, under any table that shows one. */
export const NO_VALUE_NOTE = {
  en: 'n/a: no value — the run never reached its criterion, or diverged before it; the rule says whether that passes.',
  zh: '无：没有数值——该运行始终未达到判据，或在此之前已经发散；是否算通过由判据规定。',
} as const;

export const verdictWord = (holds: boolean, lang: Lang) => WORDS[lang][holds ? 'holds' : 'fails'];

/**
 * A measured value as printed. `null` is a run that never reached its criterion or diverged before it (the rule
 * decides whether that passes), so it reads "n/a" (explained under the table), never a dash.
 */
export function formatEvidenceValue(e: Evidence, lang: Lang): string {
  if (e.value === null) return WORDS[lang].none;
  if (isFlag(e)) return WORDS[lang][e.value === 1 ? 'yes' : 'no'];
  return formatMeasured(e.value, lang);
}

export function formatRule(e: Evidence, lang: Lang): string {
  return isFlag(e) ? t('mustBeYes', lang) : `${OP[e.op]} ${formatMeasured(e.threshold, lang)}`;
}

export const claimOf = (r: BakedExperiment, lang: Lang) => (lang === 'zh' ? ZH_CLAIMS[r.name] : r.claim);
/** Where in the paper the result is, in the reader's language. */
export const whereOf = (r: BakedExperiment, lang: Lang) => (lang === 'zh' ? ZH_WHERE[r.name] : r.paper.where);

/** An engine string in the reader's language; `null` when Chinese has no rendering of it yet (shown in English). */
export const checkStatement = (statement: string, lang: Lang) =>
  lang === 'zh' ? (zhStatement(statement) ?? null) : statement;
export const evidenceLabel = (label: string, lang: Lang) => (lang === 'zh' ? (zhLabel(label) ?? null) : label);

/**
 * Why the claim does not hold here: the engine's own verdict sentence (its numbers are the engine's), in Chinese where
 * every sentence of it has a rendering; `lang` says which language the text is in.
 */
export function reasonOf(r: BakedExperiment, lang: Lang): { text: string; lang: Lang } | null {
  if (r.holds) return null;
  const zh = lang === 'zh' ? zhVerdict(r) : undefined;
  return zh === undefined ? { text: r.verdict, lang: 'en' } : { text: zh, lang: 'zh' };
}

type Params = Record<string, unknown>;
const str = (v: unknown) => (v === undefined || v === null ? '?' : String(v));
const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : str(v));

/** One training run's settings in one line: model, data, optimiser, budget. */
function runLine(p: Params | undefined, lang: Lang, swept: { width?: string; lr?: string } = {}): string {
  if (!p) return '';
  const model = p.model === 'residual' ? t('residualMlp', lang) : 'MLP';
  const steps = Number(p.steps) === 0 ? t('atInitOnly', lang) : null;
  const optimiser = `${str(p.optimizer)} lr ${swept.lr ?? str(p.lr)}`;
  const budget = steps ?? t('stepsTimesBatch', lang, { steps: str(p.steps), batch: str(p.batchSize) });
  const shape = `${str(p.depth)}×${swept.width ?? str(p.width)}`;
  return `${model} ${shape} ${str(p.activation)} · ${str(p.dataset)} · ${optimiser} · ${budget}`;
}

const seedCount = (s: Params, lang: Lang) => {
  const n = Array.isArray(s.seedList) ? s.seedList.length : s.seeds;
  return n === undefined ? null : t('nSeeds', lang, { n: str(n) });
};

/** What each experiment varies around its base run, in the reader's language. */
const VARIES: Record<ExperimentName, (s: Params, lang: Lang) => string[]> = {
  glorot2010: (s, lang) => [
    [runLine(s.tanhRun as Params, lang), runLine(s.sigmoidRun as Params, lang)].join(t('partSep', lang)),
  ],
  he2015: (s, lang) => [t('depthsList', lang, { list: list(s.depths) }), runLine(s.run as Params, lang)],
  saxe2013: (s, lang) => [
    t('depthsFastestLr', lang, { depths: list(s.depths), lrs: list(s.learningRates) }),
    runLine(s.run as Params, lang),
  ],
  schoenholz2017: (s, lang) => [
    `σ_w² ${list(s.sigmaW2)} × ${t('depthWord', lang)} ${list(s.depths)}, σ_b² ${str(s.sigmaB2)}`,
    runLine(s.cell as Params, lang),
  ],
  lsuv2015: (s, lang) => [runLine(s.run as Params, lang)],
  fixup2019: (s, lang) => [t('initBlocks', lang, { list: list(s.initDepths) }), runLine(s.trainRun as Params, lang)],
  de2020: (s, lang) => [
    t('deVariants', lang, {
      list: (s.variants as { label: string }[] | undefined)?.map((v) => v.label).join(t('listSep', lang)) ?? '?',
    }),
    runLine(s.run as Params, lang),
  ],
  ioffe2015: (s, lang) => [
    t('ioffeVaries', lang, {
      list: (s.norms as string[] | undefined)?.map((n) => valueName('norm', n, lang)).join(t('listSep', lang)) ?? '?',
    }),
    runLine(s.run as Params, lang),
  ],
  yang2022: (s, lang) => {
    const lrs = (s.log2LearningRates as number[] | undefined) ?? [];
    const params = (s.parametrizations as string[] | undefined) ?? [];
    return [
      t('yangVaries', lang, {
        widths: `w = ${list(s.widths)}`,
        lo: str(lrs[0]),
        hi: str(lrs.at(-1)),
        params: params.map((p) => t(p === 'mup' ? 'paramMup' : 'paramSp', lang)).join(t('listSep', lang)),
      }),
      // The run's width and rate are the swept ones just listed, not the first run's.
      runLine(s.run as Params, lang, { width: 'w', lr: 'η' }),
    ];
  },
};

/** The experiment's setup in one line: initialisers, what it varies, the base run, the number of seeds. */
export function setupLine(r: BakedExperiment, lang: Lang): string {
  const s = r.setup as Params;
  const base = (s.run ?? s.trainRun ?? s.tanhRun ?? s.cell) as Params | undefined;
  // An experiment whose inits carry their own settings (N(0, 0.01²) and N(0, 1) are both random_normal) names them.
  const labelled =
    Array.isArray(s.inits) && s.inits.every((i) => typeof (i as { label?: unknown })?.label === 'string');
  const named = labelled ? (s.inits as { label: string }[]).map((i) => i.label) : undefined;
  const parts = [
    t('initsList', lang, { list: list(named ?? base?.inits) }),
    ...VARIES[r.name](s, lang),
    seedCount(s, lang),
  ];
  return parts.filter((p): p is string => Boolean(p)).join(' · ');
}

/** `experiments.NAME.checks.C.evidence.S.items.I.value`: the path a printed number carries back to the bake. */
export const evidencePath = (name: ExperimentName, check: number, seed: number, item: number) =>
  `experiments.${name}.checks.${check}.evidence.${seed}.items.${item}.value`;
