import {
  EXPERIMENT_NAMES,
  type ExperimentName,
  type ExperimentResult,
  type ExperimentSummary,
  experimentDefinition,
  type Field,
  type FieldTable,
  flagName,
  initBackend,
  listExperiments,
  normaliseExperimentParams,
  parseTable,
  runExperiment,
} from '../../index.ts';
import { defineCommand } from '../command.ts';
import { keyValues, num, table } from '../format.ts';

type Params = { list: true } | { list: false; name: string; settings: Record<string, unknown> };

/**
 * Each experiment has its own settings table; the command accepts the union of their flags (without defaults, with
 * the widest range) and then validates against the chosen experiment's own table, which names the allowed range.
 */
function unionOfSettings(): FieldTable {
  const union: Record<string, Field> = {};
  const users: Record<string, string[]> = {};
  // The definitions' tables, not listExperiments(): that also estimates every default run, at every CLI start-up.
  for (const name of EXPERIMENT_NAMES)
    for (const [key, f] of Object.entries(experimentDefinition(name).fields)) {
      users[key] = [...(users[key] ?? []), name];
      const prev = union[key];
      const { default: _default, ...spec } = f;
      union[key] =
        prev && 'min' in prev && 'min' in spec
          ? ({ ...spec, min: Math.min(prev.min, spec.min), max: Math.max(prev.max, spec.max) } as Field)
          : (spec as Field);
    }
  for (const key of Object.keys(union))
    union[key] = { ...union[key], doc: `${union[key].doc} [${users[key].join(', ')}]` };
  return union;
}

const fields = {
  name: { kind: 'enum', values: EXPERIMENT_NAMES, doc: 'the experiment to run' },
  list: { kind: 'bool', default: false, doc: 'list the experiments, their claims and settings' },
  ...unionOfSettings(),
} satisfies FieldTable;

export default defineCommand<Params>({
  summary: 'Re-run a published result on initialisation and check its claim (or --list them)',
  fields,
  operand: { field: 'name', optional: true },
  normalise(input) {
    const { name: givenName, list, ...settings } = input;
    const flags = parseTable({ name: fields.name, list: fields.list }, { name: givenName, list }, true);
    if (!flags.ok) return flags;
    if (flags.data.list) return { ok: true, params: { list: true } };
    if (flags.data.name === undefined)
      return {
        ok: false,
        errors: [{ path: 'name', message: `name is missing: one of ${EXPERIMENT_NAMES.join(', ')}` }],
      };
    const name = flags.data.name as ExperimentName;
    const own = experimentDefinition(name).fields;
    const foreign = Object.keys(settings).filter((k) => !(k in own));
    if (foreign.length)
      return {
        ok: false,
        errors: foreign.map((k) => ({
          path: k,
          message: `${k} is not a setting of ${name}; its settings: ${Object.keys(own).map(flagName).join(', ')}`,
        })),
      };
    const n = normaliseExperimentParams(name, settings, true);
    return n.ok ? { ok: true, params: { list: false, name, settings: n.params } } : n;
  },
  async run(params, { progress }) {
    if (params.list) {
      const list = listExperiments();
      return { json: list, human: formatExperimentList(list) };
    }
    await initBackend();
    const result: ExperimentResult = await runExperiment(params.name, params.settings, {
      onProgress: (done, total, label) => progress.update(done, total, label ?? params.name),
    });
    return { json: result, human: formatExperiment(result) };
  },
  examples: [
    'initlab experiment --list',
    'initlab experiment he2015',
    'initlab experiment glorot2010 --seeds 1 --json',
  ],
});

function formatExperimentList(list: readonly ExperimentSummary[]): string {
  const rows = list.map((e) => [e.name, `${e.paper.authors.split(',')[0]} et al. ${e.paper.year}`, e.claim]);
  return `${table(['name', 'paper', 'claim'], rows)}\n\nRun \`initlab experiment NAME --help\` for the settings.`;
}

function ruleText(e: { op: string; threshold: number }): string {
  return `${e.op} ${num(e.threshold)}`;
}

function formatExperiment(r: ExperimentResult): string {
  const head = keyValues([
    ['experiment', r.name],
    ['paper', `${r.paper.authors} (${r.paper.year}), ${r.paper.title} — ${r.paper.where}`],
    ['claim', r.claim],
    ['holds', r.holds ? 'yes' : 'NO'],
    ['verdict', r.verdict],
    ['runtime', `${(r.timing.ms / 1000).toFixed(1)} s`],
  ]);
  const rows = r.checks.flatMap((c) =>
    c.evidence.flatMap((run) =>
      run.items.map((e) => [
        c.id,
        run.seed === null ? '—' : String(run.seed),
        e.label,
        num(e.value),
        ruleText(e),
        e.pass ? 'pass' : 'FAIL',
      ]),
    ),
  );
  const evidence = table(['check', 'seed', 'measured', 'value', 'rule', ''], rows, [
    'left',
    'right',
    'left',
    'right',
    'left',
    'left',
  ]);
  return [
    head,
    '',
    'Decision rule (fixed before the run):',
    ...r.criteria.map((c) => `  • ${c}`),
    ...historyLines(r.history),
    '',
    evidence,
  ].join('\n');
}

/** The default settings changed since the first run: the verdict is to be read with them. */
function historyLines(history: ExperimentResult['history']): string[] {
  if (history.length === 0) return ['', 'Default settings: unchanged since the first run.'];
  return [
    '',
    'Default settings changed since the first run (rules and thresholds never):',
    ...history.map((h) => `  • ${h.date} ${h.setting}: ${num(h.from)} → ${num(h.to)}. ${h.reason}`),
  ];
}
