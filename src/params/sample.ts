/** Parameters of `initlab sample` / `GET /api/v1/initializers/:id/sample`. */
import { type FieldTable, parseTable } from './fields.ts';
import { ACTIVATIONS, type Activation, INIT_IDS, type InitId } from './ids.ts';
import { MODEL_FIELDS, type Normalised } from './trial.ts';

export const SAMPLE_FIELDS = {
  init: { kind: 'enum', values: INIT_IDS, default: 'he_normal', doc: 'weight initializer id' },
  fanIn: { kind: 'int', min: 1, max: 4096, default: 256, doc: 'inputs of the layer (rows of W)' },
  fanOut: { kind: 'int', min: 1, max: 4096, default: 256, doc: 'outputs of the layer (columns of W)' },
  activation: { kind: 'enum', values: ACTIVATIONS, default: 'relu', doc: 'activation, for gain=auto' },
  negativeSlope: MODEL_FIELDS.negativeSlope,
  gain: MODEL_FIELDS.gain,
  truncated: MODEL_FIELDS.truncated,
  std: MODEL_FIELDS.std,
  limit: MODEL_FIELDS.limit,
  value: MODEL_FIELDS.value,
  bins: { kind: 'int', min: 4, max: 200, default: 40, doc: 'histogram bins' },
  seed: MODEL_FIELDS.seed,
} as const satisfies FieldTable;

export interface SampleParams {
  init: InitId;
  fanIn: number;
  fanOut: number;
  activation: Activation;
  negativeSlope: number;
  gain: 'default' | 'auto' | number;
  truncated: boolean;
  std: number;
  limit: number;
  value: number;
  bins: number;
  seed: number;
}

/** fan_in × fan_out is capped so one sample stays a few MB. */
export const MAX_SAMPLE_WEIGHTS = 1 << 20;

export function normaliseSampleParams(input: unknown, coerce = false): Normalised<SampleParams> {
  const parsed = parseTable(SAMPLE_FIELDS, input, coerce);
  if (!parsed.ok) return parsed;
  const p = parsed.data as unknown as SampleParams;
  if (p.init === 'lsuv' || p.init === 'fixup')
    return {
      ok: false,
      errors: [
        {
          path: 'init',
          message: `${p.init} depends on the model and data; sample its base init instead (orthogonal / he_normal)`,
        },
      ],
    };
  if (p.fanIn * p.fanOut > MAX_SAMPLE_WEIGHTS)
    return { ok: false, errors: [{ path: 'fanOut', message: `fanIn × fanOut must be at most ${MAX_SAMPLE_WEIGHTS}` }] };
  return { ok: true, params: p };
}
