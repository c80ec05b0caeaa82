/**
 * Widget state ↔ URL, like TensorFlow Playground's state.ts: one declarative table per widget, every control's
 * value lives in the query string (shareable), and `<key>_hide=1` hides that control (for embeds).
 * Kept free of the engine and of zod so the first-load bundle stays small; the API validates again.
 */
import { DEFAULT_TEST_FRACTION } from '../../../src/data/user-rules.ts';
import { ACTIVATIONS, INIT_IDS, PLANAR_DATASETS, USER_DATASET_PATTERN } from '../../../src/params/ids.ts';

export type StateField =
  /** `also`: values outside the list that are accepted too, a full-match pattern (the race's `user:<id>` data). */
  | { kind: 'enum'; values: readonly string[]; default: string; also?: string }
  | { kind: 'list'; values: readonly string[]; default: readonly string[]; max: number }
  | { kind: 'int'; min: number; max: number; default: number; log?: boolean }
  /** `log`: a slider over log10 of the value (learning rates span decades); `step`: the slider's granularity. */
  | { kind: 'num'; min: number; max: number; default: number; log?: boolean; step?: number }
  | { kind: 'bool'; default: boolean }
  /** Whole numbers in [min, max], comma-separated, at most `maxItems`; the default, empty, means "not given". */
  | { kind: 'ints'; min: number; max: number; maxItems: number; default: readonly number[] };
/**
 * `when`: the control applies (and shows) only while another control's value is written `value` ('' for empty), or
 * matches (or does not match) a full-match pattern.
 */
export type Applies = { key: string; value: string } | { key: string; pattern: string; matches: boolean };
export type StateTable = Record<string, StateField & { when?: Applies }>;
export type StateValue = string | number | boolean | readonly string[] | readonly number[];
type ValueOf<F> = F extends { kind: 'int' | 'num' }
  ? number
  : F extends { kind: 'bool' }
    ? boolean
    : F extends { kind: 'list' }
      ? readonly string[]
      : F extends { kind: 'ints' }
        ? readonly number[]
        : string;
export type State<T extends StateTable> = { [K in keyof T]: ValueOf<T[K]> };

/**
 * The engine's default learning rate of each optimizer (src/params/trial.ts DEFAULT_LR, which this bundle does not
 * import: that module brings the validation library along). A test checks the two agree.
 */
export const OPTIMIZER_LR = { sgd: 0.1, momentum: 0.01, adam: 0.001 } as const;

const SAMPLEABLE = INIT_IDS.filter((id) => id !== 'lsuv' && id !== 'fixup');
const MLP_INITS = INIT_IDS.filter((id) => id !== 'fixup');

const DENSE = { key: 'layer', value: 'dense' };
const BUILTIN_DATA = { key: 'dataset', pattern: USER_DATASET_PATTERN, matches: false };
const USER_DATA = { key: 'dataset', pattern: USER_DATASET_PATTERN, matches: true };
/** depth × width apply while no layer sizes are given. */
const UNIFORM = { key: 'widths', value: '' };
const CONV = { key: 'layer', value: 'conv2d' };

export const SAMPLER_STATE = {
  init: { kind: 'enum', values: SAMPLEABLE, default: 'he_normal' },
  layer: { kind: 'enum', values: ['dense', 'conv2d'], default: 'dense' },
  fanIn: { kind: 'int', min: 1, max: 1024, default: 256, log: true, when: DENSE },
  fanOut: { kind: 'int', min: 1, max: 1024, default: 256, log: true, when: DENSE },
  inChannels: { kind: 'int', min: 1, max: 512, default: 64, log: true, when: CONV },
  outChannels: { kind: 'int', min: 1, max: 512, default: 64, log: true, when: CONV },
  kernelSize: { kind: 'int', min: 1, max: 7, default: 3, when: CONV },
  activation: { kind: 'enum', values: ACTIVATIONS, default: 'relu' },
  gain: { kind: 'enum', values: ['default', 'auto'], default: 'default' },
  truncated: { kind: 'bool', default: false },
  seed: { kind: 'int', min: 0, max: 99999, default: 1 },
} as const satisfies StateTable;

export const SIGNAL_STATE = {
  inits: {
    kind: 'list',
    values: MLP_INITS,
    default: ['he_normal', 'glorot_normal', 'pytorch_default', 'random_normal'],
    max: 6,
  },
  activation: { kind: 'enum', values: ACTIVATIONS, default: 'relu' },
  depth: { kind: 'int', min: 1, max: 64, default: 30 },
  width: { kind: 'int', min: 8, max: 256, default: 64, log: true },
  seed: { kind: 'int', min: 0, max: 99999, default: 1 },
} as const satisfies StateTable;

const RACE_DEPTH_MAX = 32;
const RACE_WIDTH_MAX = 128;

export const RACE_STATE = {
  inits: {
    kind: 'list',
    values: MLP_INITS,
    default: ['he_normal', 'glorot_uniform', 'pytorch_default', 'random_normal'],
    max: 6,
  },
  // A server copy of a reader's CSV (POST /api/v1/datasets) too, so a shared link can name it.
  dataset: { kind: 'enum', values: PLANAR_DATASETS, default: 'circles', also: USER_DATASET_PATTERN },
  // The built-in sets' jitter: a reader's CSV has none to set.
  noise: { kind: 'num', min: 0, max: 0.5, default: 0.1, step: 0.05, when: BUILTIN_DATA },
  // A reader's CSV is split into training and test rows (seeded); the built-in sets have their own test sets.
  testFraction: {
    kind: 'num',
    min: 0.05,
    max: 0.5,
    default: DEFAULT_TEST_FRACTION,
    step: 0.05,
    when: USER_DATA,
  },
  activation: { kind: 'enum', values: ACTIVATIONS, default: 'relu' },
  depth: { kind: 'int', min: 1, max: RACE_DEPTH_MAX, default: 8, when: UNIFORM },
  width: { kind: 'int', min: 4, max: RACE_WIDTH_MAX, default: 32, log: true, when: UNIFORM },
  // One entry per hidden layer, in place of depth × width, within the same bounds; a single unit is allowed, since a
  // bottleneck is a shape worth racing.
  widths: { kind: 'ints', min: 1, max: RACE_WIDTH_MAX, maxItems: RACE_DEPTH_MAX, default: [] },
  optimizer: { kind: 'enum', values: ['sgd', 'momentum', 'adam'], default: 'sgd' },
  // TF Playground's range (1e-5 … 10) less its bottom decade, where nothing moves within 1000 steps.
  lr: { kind: 'num', min: 1e-4, max: 10, default: OPTIMIZER_LR.sgd, log: true },
  // Up to the whole training set (512 examples, the API's default trainSize): full-batch descent at the top.
  batchSize: { kind: 'int', min: 1, max: 512, default: 64 },
  steps: { kind: 'int', min: 50, max: 1000, default: 300 },
  seed: { kind: 'int', min: 0, max: 99999, default: 1 },
} as const satisfies StateTable;

/**
 * When the reader switches optimizer and the learning rate is still the old optimizer's default, it becomes the new
 * one's (SGD's 0.1 would make Adam diverge at once); a rate the reader chose is kept.
 */
export function followOptimizer(prev: Record<string, StateValue>, next: Record<string, StateValue>) {
  const before = OPTIMIZER_LR[prev.optimizer as keyof typeof OPTIMIZER_LR];
  const after = OPTIMIZER_LR[next.optimizer as keyof typeof OPTIMIZER_LR];
  return prev.optimizer !== next.optimizer && prev.lr === before && after ? { ...next, lr: after } : next;
}

export const SWEEP_STATE = {
  inits: { kind: 'list', values: MLP_INITS, default: ['he_normal', 'glorot_normal', 'pytorch_default'], max: 4 },
  activation: { kind: 'enum', values: ACTIVATIONS, default: 'relu' },
  width: { kind: 'int', min: 8, max: 64, default: 32, log: true },
  seed: { kind: 'int', min: 0, max: 99999, default: 1 },
} as const satisfies StateTable;
/** Depths of the sweep (He et al. 2015 compare 22 and 30 layers; the sweep brackets them). */
export const SWEEP_DEPTHS = [2, 5, 10, 20, 30] as const;
/**
 * How every depth of the sweep trains. §3.5 says the sweep shows He et al.'s Fig. 3 at small scale: at depth 30 He
 * trains while Glorot's scale (and PyTorch's smaller one) does not. test/site/widget-claims.test.ts holds the baked figure to
 * a rule written before these settings were tried: He's final train loss ≤ ½ ln 2, Glorot normal's and PyTorch's
 * ≥ 0.9 ln 2. Why these:
 * - SGD with momentum 0.9 at lr 0.01 is He et al.'s own optimiser, and one under which a vanishing signal means no
 *   learning: Glorot's scale shrinks ReLU activations 2^15-fold by depth 30. Adam rescales that away (on spiral at
 *   lr 0.001, seed 0's Glorot normal net trained, to 0.049).
 * - circles, not spiral: at depth 30 He needs thousands of steps on spiral (plain SGD, 200 steps: 0.62), beyond the
 *   work cap. On circles He is under ½ ln 2 by step 100 on seeds 0–5.
 * - 200 steps: Glorot normal escapes chance eventually (seed 0 by step 300, at 0.15), so the budget stops before;
 *   at 200 steps every seed 0–5 keeps Glorot normal at 0.687–0.695 and PyTorch's default at 0.691–0.693.
 */
export const SWEEP_RUN = { dataset: 'circles', optimizer: 'momentum', lr: 0.01, steps: 200 } as const;

/**
 * The race of inits beside itself with a normalisation layer after each hidden linear map (batch, layer norm).
 * It shows Ioffe & Szegedy's (2015) point: batch norm lets a deep plain ReLU net train from inits badly scaled for it. Why these defaults: 20 layers of 32 on the circles, SGD at lr 0.1 for 300 steps, are the smallest
 * setting probed where, on seed 1, N(0, 0.01²) and Glorot normal stall at chance (ln 2) without a norm layer and both
 * train with batch norm (layer norm, measured beside it, does not rescue them here); He normal trains in all three.
 * Each panel costs about 1e10 FLOPs (a fifth of the API's cap) and takes a few seconds.
 */
export const NORM_STATE = {
  inits: {
    kind: 'list',
    values: MLP_INITS,
    default: ['random_normal', 'glorot_normal', 'he_normal'],
    max: 3,
  },
  // The costliest corner (3 inits, lsuv among them, 30 × 48, 400 steps, batch norm) is 4.1e10 FLOPs, under the cap.
  depth: { kind: 'int', min: 2, max: 30, default: 20 },
  width: { kind: 'int', min: 8, max: 48, default: 32, log: true },
  lr: { kind: 'num', min: 1e-3, max: 1, default: OPTIMIZER_LR.sgd, log: true },
  steps: { kind: 'int', min: 50, max: 400, default: 300 },
  seed: { kind: 'int', min: 0, max: 99999, default: 1 },
} as const satisfies StateTable;
/** The engine's `norm` values, one panel each; `none` is the engine's default and never sent. */
export const NORM_VARIANTS = ['none', 'batch', 'layer'] as const;
/** How every panel trains: plain SGD at batch 64 (norm=batch needs 2 rows at least) on the two circles. */
export const NORM_RUN = { dataset: 'circles', optimizer: 'sgd', batchSize: 64 } as const;

/**
 * One residual MLP raced against itself with each scheme for scaling its branches. Why these defaults: 50 blocks (the
 * depth of de2020 and fixup2019) of width 32 on the circles, He normal, SGD at lr 0.1 for 200 steps: on seed 1 plain
 * branches diverge at the first step, GPT-2's 1/√(2L) at the second, while SkipInit and ReZero (the same model without
 * norm layers) train. About 1e10 FLOPs per scheme.
 */
export const RESIDUAL_STATE = {
  init: { kind: 'enum', values: MLP_INITS, default: 'he_normal' },
  // The costliest corner (64 blocks of 48, 300 steps) is 4.6e10 FLOPs per scheme, under the cap.
  blocks: { kind: 'int', min: 2, max: 64, default: 50 },
  width: { kind: 'int', min: 8, max: 48, default: 32, log: true },
  lr: { kind: 'num', min: 1e-3, max: 1, default: OPTIMIZER_LR.sgd, log: true },
  steps: { kind: 'int', min: 50, max: 300, default: 200 },
  seed: { kind: 'int', min: 0, max: 99999, default: 1 },
} as const satisfies StateTable;
/** The engine's `residualScale` values, one curve each; `none` is the engine's default and never sent. */
export const RESIDUAL_VARIANTS = ['none', 'depth', 'skipinit', 'rezero'] as const;
export const RESIDUAL_RUN = { model: 'residual', dataset: 'circles', optimizer: 'sgd', batchSize: 64 } as const;

/**
 * Width transfer: the settings of the engine's yang2022 experiment a reader may change (width-transfer.ts). Its
 * learning-rate grid and model are the experiment's own; steps stop at 300, where a width-512 run still fits within
 * the API's work cap (4.6e10 FLOPs; 3.1e10 at the default 200). The default is the experiment's, so its figure is the bake's.
 */
export const WIDTH_STATE = {
  maxWidth: { kind: 'enum', values: ['128', '256', '512'], default: '512' },
  steps: { kind: 'int', min: 50, max: 300, default: 200 },
  seed: { kind: 'int', min: 0, max: 99999, default: 1 },
} as const satisfies StateTable;

/** Constant and zero inits against a random one: the hidden units of a constant-init layer never differ. */
export const SYMMETRY_STATE = {
  inits: {
    kind: 'list',
    values: ['constant', 'zeros', 'he_normal', 'glorot_normal'],
    default: ['constant', 'zeros', 'he_normal'],
    max: 4,
  },
  activation: { kind: 'enum', values: ['tanh', 'relu', 'sigmoid', 'linear'], default: 'tanh' },
  value: { kind: 'num', min: -1, max: 1, default: 0.1 },
  steps: { kind: 'int', min: 20, max: 500, default: 200 },
  seed: { kind: 'int', min: 0, max: 99999, default: 1 },
} as const satisfies StateTable;

export const PHASE_STATE = {
  activation: { kind: 'enum', values: ['tanh', 'relu', 'selu', 'sigmoid', 'gelu', 'linear'], default: 'tanh' },
} as const satisfies StateTable;

export function defaults<T extends StateTable>(table: T): State<T> {
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(table)) out[k] = f.default;
  return out as State<T>;
}

/** Every value is its field's default (the state the baked figure shows). */
export function isDefaultState(table: StateTable, state: Record<string, StateValue>): boolean {
  return Object.entries(table).every(([k, f]) => formatValue(f.default) === formatValue(state[k]));
}

/** Read a widget's state from a query string; invalid or absent values fall back to the default. */
export function readState<T extends StateTable>(table: T, query: URLSearchParams, prefix = ''): State<T> {
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(table)) out[k] = parseValue(f, query.get(prefix + k));
  return out as State<T>;
}

export function parseValue(f: StateField, raw: string | null): StateValue {
  if (raw === null) return f.default;
  switch (f.kind) {
    case 'enum':
      return f.values.includes(raw) || (f.also && new RegExp(f.also).test(raw)) ? raw : f.default;
    case 'list': {
      const items = [...new Set(raw.split(',').filter((v) => f.values.includes(v)))].slice(0, f.max);
      return items.length ? items : f.default;
    }
    case 'int': {
      const n = Number(raw);
      return Number.isInteger(n) && n >= f.min && n <= f.max ? n : f.default;
    }
    case 'num': {
      const n = Number(raw);
      return Number.isFinite(n) && n >= f.min && n <= f.max ? n : f.default;
    }
    case 'bool':
      return raw === '1' || raw === 'true';
    case 'ints': {
      const read = readInts(f, raw);
      return 'problem' in read ? f.default : read.values;
    }
  }
}

type IntsField = Extract<StateField, { kind: 'ints' }>;
/** Why a typed list of whole numbers is refused: the entry that is not one in range, or too many entries. */
export type IntsProblem = { entry: string } | { count: number };

/** A comma-separated list of whole numbers for an `ints` field (spaces allowed; an empty text is the empty list). */
export function readInts(f: IntsField, raw: string): { values: number[] } | { problem: IntsProblem } {
  const text = raw.trim();
  if (text === '') return { values: [] };
  const entries = text.split(',').map((e) => e.trim());
  const bad = entries.find((e) => !/^\d+$/.test(e) || Number(e) < f.min || Number(e) > f.max);
  if (bad !== undefined) return { problem: { entry: bad } };
  if (entries.length > f.maxItems) return { problem: { count: entries.length } };
  return { values: entries.map(Number) };
}

export function formatValue(v: StateValue): string {
  if (Array.isArray(v)) return v.join(',');
  if (typeof v === 'boolean') return v ? '1' : '0';
  return String(v);
}

/** Write the non-default values into `query` (defaults are omitted so URLs stay short). */
export function writeState<T extends StateTable>(table: T, state: State<T>, query: URLSearchParams, prefix = ''): void {
  for (const [k, f] of Object.entries(table)) {
    const v = formatValue((state as Record<string, StateValue>)[k]);
    if (v === formatValue(f.default)) query.delete(prefix + k);
    else query.set(prefix + k, v);
  }
}

/** Controls that do not apply to this state (their `when` is not met): hidden, and left out of its requests. */
export function inapplicableKeys(table: StateTable, state: Record<string, StateValue>): Set<string> {
  return new Set(
    Object.keys(table).filter((k) => {
      const when = table[k].when;
      if (!when) return false;
      const v = formatValue(state[when.key]);
      return 'value' in when ? v !== when.value : new RegExp(when.pattern).test(v) !== when.matches;
    }),
  );
}

/** Controls hidden by `<key>_hide=1` (embeds show just the figure, or a few controls). */
export function hiddenKeys(table: StateTable, query: URLSearchParams, prefix = ''): Set<string> {
  const all = query.get(`${prefix}controls_hide`) === '1';
  return new Set(Object.keys(table).filter((k) => all || query.get(`${prefix}${k}_hide`) === '1'));
}

/** A camelCase state key as an attribute or CLI flag (`batchSize` → `batch-size`). */
export const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
