/** Parameters of `initlab sample` / `GET /api/v1/initializers/:id/sample`. */
import { type FieldTable, parseTable } from './fields.ts';
import { ACTIVATIONS, type Activation, INIT_IDS, type InitId } from './ids.ts';
import { type ConvShape, weightShape } from './shape.ts';
import { MODEL_FIELDS, type Normalised } from './trial.ts';

export { type ConvShape, type WeightShape, weightShape } from './shape.ts';

const CONV_FIELDS = ['inChannels', 'outChannels', 'kernelSize'] as const;

export const SAMPLE_FIELDS = {
  init: { kind: 'enum', values: INIT_IDS, default: 'he_normal', doc: 'weight initializer id' },
  fanIn: { kind: 'int', min: 1, max: 4096, default: 256, doc: 'inputs of the layer (rows of W)' },
  fanOut: { kind: 'int', min: 1, max: 4096, default: 256, doc: 'outputs of the layer (columns of W)' },
  inChannels: {
    kind: 'int',
    min: 1,
    max: 4096,
    doc: 'a k×k convolution instead of fanIn/fanOut: input channels (fan_in = inChannels·k²)',
  },
  outChannels: { kind: 'int', min: 1, max: 4096, doc: 'convolution: output channels (fan_out = outChannels·k²)' },
  kernelSize: { kind: 'int', min: 1, max: 15, doc: 'convolution: kernel size k (square k×k kernels)' },
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

export interface SampleParams extends Partial<ConvShape> {
  init: InitId;
  /** For a convolution, derived: inChannels·k². */
  fanIn: number;
  /** For a convolution, derived: outChannels·k². */
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
  const conv = convErrors(p, input);
  if (conv.length) return { ok: false, errors: conv };
  const shape = weightShape(p);
  Object.assign(p, { fanIn: shape.fanIn, fanOut: shape.fanOut });
  if (shape.rows * shape.cols > MAX_SAMPLE_WEIGHTS) {
    const what = p.kernelSize === undefined ? 'fanIn × fanOut' : 'inChannels × outChannels × kernelSize²';
    const path = p.kernelSize === undefined ? 'fanOut' : 'outChannels';
    return { ok: false, errors: [{ path, message: `${what} must be at most ${MAX_SAMPLE_WEIGHTS}` }] };
  }
  return { ok: true, params: p };
}

/** The convolution fields come as a set, and explicit fans must agree with the ones they imply. */
function convErrors(p: SampleParams, input: unknown) {
  const given = CONV_FIELDS.filter((f) => p[f] !== undefined);
  if (given.length === 0) return [];
  if (given.length < CONV_FIELDS.length)
    return CONV_FIELDS.filter((f) => p[f] === undefined).map((path) => ({
      path,
      message: `a convolution needs inChannels, outChannels and kernelSize together (${path} is missing)`,
    }));
  const shape = weightShape(p);
  const raw = (input ?? {}) as Record<string, unknown>;
  return (['fanIn', 'fanOut'] as const)
    .filter((f) => raw[f] !== undefined && Number(raw[f]) !== shape[f])
    .map((path) => ({
      path,
      message: `give either fanIn/fanOut or inChannels/outChannels/kernelSize: the convolution's ${path} is ${shape[path]}`,
    }));
}
