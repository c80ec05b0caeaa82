/**
 * Every schema the API documents, written once. Request schemas are derived from the engine's field tables (so the
 * OpenAPI document, the validation and the CLI share one source); response schemas mirror the engine's result types
 * and also validate cache entries read back from the Cache API and KV.
 */
import { z } from '@hono/zod-openapi';
import { COMPARE_FIELDS, type FieldTable, INIT_IDS, THEORY_FIELDS, TRIAL_FIELDS, tableSchema } from '../src/index.ts';

/**
 * The table's strict object schema with each field's default and allowed range attached as OpenAPI metadata.
 * `coerce`: query strings (numbers, booleans and lists arrive as text); without it, JSON bodies.
 */
export function requestSchema(table: FieldTable, coerce: boolean) {
  const base = tableSchema(table, coerce);
  const shape: Record<string, z.ZodType> = {};
  for (const [name, field] of Object.entries(table)) {
    const meta = field.default === undefined ? {} : { default: field.default as unknown };
    shape[name] = (base.shape[name] as z.ZodType).openapi(meta);
  }
  return base.extend(shape);
}

export const trialQuery = requestSchema(TRIAL_FIELDS, true);
export const trialBody = requestSchema(TRIAL_FIELDS, false).openapi('TrialRequest');
export const compareQuery = requestSchema(COMPARE_FIELDS, true);
export const compareBody = requestSchema(COMPARE_FIELDS, false).openapi('CompareRequest');
export const trialParamsSchema = tableSchema(TRIAL_FIELDS, false);
export const compareParamsSchema = tableSchema(COMPARE_FIELDS, false);

/** JSON numbers the engine emits where a value may be undefined (non-finite values become null). */
const maybeNumber = z.number().nullable();

export const engineInfoSchema = z
  .object({
    version: z.string(),
    tfjs: z.string(),
    backend: z.string().openapi({ example: 'wasm' }),
    simd: z.boolean(),
    threads: z.number().int(),
  })
  .openapi('EngineInfo');

export const histogramSchema = z
  .object({ edges: z.array(z.number()), counts: z.array(z.number()) })
  .openapi('Histogram');

const layerStatsShape = {
  weightStd: maybeNumber,
  actMean: maybeNumber,
  actStd: maybeNumber,
  fracDead: maybeNumber,
  fracSaturated: maybeNumber,
  gradNorm: maybeNumber,
  backGradStd: maybeNumber,
  actHistogram: histogramSchema,
  gradHistogram: histogramSchema,
};
export const layerStatsSchema = z.object(layerStatsShape).openapi('LayerStats');

export const layerRecordSchema = z
  .object({
    index: z.number().int(),
    fanIn: z.number().int(),
    fanOut: z.number().int(),
    atInit: layerStatsSchema,
    checkpoints: z.array(z.object({ step: z.number().int(), ...layerStatsShape })),
  })
  .openapi('LayerRecord');

const timingSchema = z.object({ ms: z.number() });

export const decisionBoundarySchema = z
  .object({
    xMin: z.number(),
    xMax: z.number(),
    yMin: z.number(),
    yMax: z.number(),
    resolution: z.number().int().positive(),
    p: z.array(z.number().min(0).max(1)),
    points: z.object({ x: z.array(z.number()), y: z.array(z.number()), label: z.array(z.number().int()) }),
  })
  .openapi('DecisionBoundary', {
    description:
      'P(class 1) of the trained model at the centres of a resolution × resolution grid over the training points ' +
      '(raw coordinates); p[j·resolution + i] is column i from xMin, row j from yMin. With the first training points.',
  });

export const trialResultSchema = z
  .object({
    params: trialParamsSchema,
    engine: engineInfoSchema,
    steps: z.array(z.number().int()),
    trainLoss: z.array(maybeNumber),
    testLoss: z.array(maybeNumber),
    testAccuracy: z.array(maybeNumber),
    final: z.object({
      trainLoss: maybeNumber,
      testLoss: maybeNumber,
      testAccuracy: maybeNumber,
      stepsToTarget: z.number().int().nullable(),
    }),
    diverged: z.boolean(),
    divergedAtStep: z.number().int().nullable(),
    layers: z.array(layerRecordSchema),
    boundary: decisionBoundarySchema
      .nullable()
      .describe('2-D data sets only; null for mnist, teacher, runs of 0 steps and diverged runs'),
    boundaryCheckpoints: z
      .array(decisionBoundarySchema.omit({ points: true }).extend({ step: z.number().int() }))
      .describe('The boundary at every checkpoint step where it was finite, on the grid of `boundary` (2-D sets)'),
    timing: timingSchema,
  })
  .openapi('TrialResult');

export const compareResultSchema = z
  .object({ params: compareParamsSchema, trials: z.array(trialResultSchema), timing: timingSchema })
  .openapi('CompareResult');

export const sampleResultSchema = z
  .object({
    init: z.enum(INIT_IDS),
    fanIn: z.number().int(),
    fanOut: z.number().int(),
    gain: z.number(),
    seed: z.number().int(),
    mean: z.number(),
    std: z.number(),
    min: z.number(),
    max: z.number(),
    expectedStd: z.number(),
    orthogonalityError: z.number().optional(),
    histogram: histogramSchema,
    tfjsBuiltin: z
      .object({
        builtin: z.string(),
        mean: z.number(),
        std: z.number(),
        min: z.number(),
        max: z.number(),
        stdRatio: z.number(),
        histogram: histogramSchema,
      })
      .optional()
      .describe("glorot/he/lecun normal: the same σ drawn as TF.js' built-in draws it (no truncation correction)"),
    conv: z
      .object({
        inChannels: z.number().int(),
        outChannels: z.number().int(),
        kernelSize: z.number().int(),
        pytorchShape: z.array(z.number().int()).describe('torch.nn.Conv2d weight: [c_out, c_in, k, k]'),
        kerasShape: z.array(z.number().int()).describe('Keras / TF.js / JAX HWIO kernel: [k, k, c_in, c_out]'),
      })
      .optional()
      .describe('a convolution kernel: fanIn = inChannels·k², fanOut = outChannels·k²'),
    pytorchTruncNormal: z
      .object({
        call: z.string(),
        boundInStd: z.number().describe('the cut ±2 in units of σ: 2/σ'),
        cutMass: z.number().describe('share of N(0, σ²) outside ±2, 2Φ(−2/σ)'),
        std: z.number(),
        stdRatio: z.number(),
        maxAbsInStd: z.number(),
        histogram: histogramSchema,
      })
      .optional()
      .describe("random_normal, truncated: PyTorch's trunc_normal_(w, std=σ), whose bounds a = −2, b = 2 are absolute"),
  })
  .openapi('SampleResult');

const grid = <T extends z.ZodType>(cell: T) => z.array(z.array(cell));

export const theoryResultSchema = z
  .object({
    params: tableSchema(THEORY_FIELDS, false),
    activation: z.string(),
    sigmaW2: z.array(z.number()),
    sigmaB2: z.array(z.number()),
    qStar: grid(maybeNumber),
    chi1: grid(maybeNumber),
    cStar: grid(maybeNumber),
    xiC: grid(maybeNumber),
    xiCInfinite: grid(z.boolean()),
    qDiverges: grid(z.boolean()),
    phase: grid(z.string().nullable()),
    criticalLine: z.array(z.object({ sigmaB2: z.number(), sigmaW2: z.number().nullable() })),
  })
  .openapi('TheoryGrid', {
    description:
      'Mean-field q*, χ₁, c* and correlation depth ξ_c over the (σ_w², σ_b²) grid; rows are σ_b², columns σ_w²',
  });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })),
  })
  .openapi('Problem');

export const datasetSummarySchema = z
  .object({
    id: z.string().describe('SHA-256 (hex) of the canonical data: header, label last, rows sorted'),
    dataset: z.string().describe('the value of the dataset field that trains on it: user:<id>'),
    rows: z.number().int(),
    features: z.number().int(),
    classes: z.number().int().nullable().describe('null for a regression target'),
    task: z.enum(['binary', 'multiclass', 'regression']),
    target: z.string(),
    featureNames: z.array(z.string()),
    classNames: z.array(z.string()).nullable(),
  })
  .openapi('DatasetSummary');

export const healthSchema = z
  .object({
    ok: z.boolean(),
    engine: engineInfoSchema,
    load: z
      .object({
        runs: z.number().int().describe('training runs in flight in the isolate that answered'),
        workAheadFlops: z.number().describe('their estimated FLOPs still to do'),
      })
      .describe('what a new uncached computation would share this isolate with (see 503 on trials and compare)'),
  })
  .openapi('Health');

export const trialFrameSchema = z
  .strictObject({
    init: z.enum(INIT_IDS),
    trainLoss: maybeNumber.optional().describe('logged steps only, like the three curves'),
    testLoss: maybeNumber.optional(),
    testAccuracy: maybeNumber.optional(),
    diverged: z.boolean().describe('true from the step at which this init diverged (its curves end there)'),
    layers: z
      .array(layerStatsSchema)
      .optional()
      .describe("checkpoint frames only: the result's layers[i].atInit (step 0) or its checkpoint of this step"),
    boundary: decisionBoundarySchema
      .nullable()
      .optional()
      .describe('checkpoint frames of 2-D data sets after step 0: the boundary at this step (null when not finite)'),
  })
  .openapi('TrialFrame', { description: "One init's numbers at a frame's step: exactly the values the result holds" });

export const runFrameSchema = z
  .strictObject({
    type: z.literal('frame'),
    step: z.number().int().min(0).describe('optimizer updates done'),
    steps: z.number().int().min(0).describe("the run's total steps"),
    checkpoint: z.boolean().describe('per-layer statistics (and boundaries on 2-D sets) were taken at this step'),
    trials: z
      .array(trialFrameSchema.nullable())
      .describe("one entry per init in the params' order; null for an init that recorded nothing at this step"),
  })
  .openapi('RunFrame', {
    description:
      'Sent at every logged step, checkpoint and divergence, in step order (a divergence at an unlogged step gives a ' +
      'second frame of that step)',
  });

const streamErrorSchema = problemSchema
  .omit({ type: true })
  .extend({ type: z.literal('error') })
  .openapi('StreamError', {
    description:
      'A failure after the stream began: the problem fields, with `type` naming the line (status 500: a bug)',
  });

/** One line of a result's NDJSON stream. */
function streamLineSchema(params: z.ZodType, result: z.ZodType, name: string) {
  return z
    .discriminatedUnion('type', [
      z.strictObject({ type: z.literal('start'), params, engine: engineInfoSchema }),
      runFrameSchema,
      z.strictObject({ type: z.literal('result'), result: result.describe('exactly the plain JSON response body') }),
      streamErrorSchema,
    ])
    .openapi(name, {
      description:
        'One line of application/x-ndjson: `start` first, then `frame` lines as the run trains, then `result` ' +
        '(or `error`). A cache hit sends `start` and `result` at once',
    });
}

export const trialStreamLineSchema = streamLineSchema(trialParamsSchema, trialResultSchema, 'TrialStreamLine');
export const compareStreamLineSchema = streamLineSchema(compareParamsSchema, compareResultSchema, 'CompareStreamLine');

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: every bad field is listed in `errors`',
  404: 'No such resource',
  405: 'Method not allowed on this path',
  413: 'Request body over the size cap',
  415: 'Body is not application/json',
  422: "Over the work cap: `detail` gives the cap and the request's cost",
  429: 'Too many uncached computations from this client (see Retry-After)',
  503: 'The compute engine could not start, or is busy with as much work as it takes at once (see Retry-After)',
};

/** OpenAPI response entries for problem+json errors. */
export function problemResponses(...statuses: number[]) {
  const out: Record<
    number,
    { description: string; content: { 'application/problem+json': { schema: typeof problemSchema } } }
  > = {};
  for (const s of statuses)
    out[s] = {
      description: PROBLEM_DESCRIPTIONS[s] ?? 'Error',
      content: { 'application/problem+json': { schema: problemSchema } },
    };
  return out;
}

/** The 200 + 304 pair of a cached, deterministic result. */
export function resultResponses(schema: z.ZodType, description: string) {
  return {
    200: {
      description: `${description}. Headers: ETag, X-Cache (HIT|MISS), Cache-Control immutable`,
      content: { 'application/json': { schema } },
    },
    304: { description: 'Not modified (If-None-Match matched the ETag)' },
  };
}

/** The result responses with the NDJSON form added to the 200 (Accept: application/x-ndjson). */
export function streamResponse(responses: ReturnType<typeof resultResponses>, line: z.ZodType) {
  const ok = responses[200];
  return {
    ...responses,
    200: {
      description: `${ok.description}; with Accept: application/x-ndjson, the run as an NDJSON stream (no-store)`,
      content: { ...ok.content, 'application/x-ndjson': { schema: line } },
    },
  };
}
