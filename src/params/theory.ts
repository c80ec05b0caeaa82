/** Parameters of the mean-field grid (`initlab theory`, `GET /api/v1/theory`). */
import { type FieldError, type FieldTable, parseTable } from './fields.ts';
import { ACTIVATIONS, type Activation } from './ids.ts';
import { MODEL_FIELDS, type Normalised } from './trial.ts';

export const THEORY_FIELDS = {
  activation: { kind: 'enum', values: ACTIVATIONS, default: 'tanh', doc: 'activation φ' },
  negativeSlope: MODEL_FIELDS.negativeSlope,
  sigmaW2Min: { kind: 'num', min: 0.01, max: 10, default: 0.5, doc: 'smallest σ_w² of the grid' },
  sigmaW2Max: { kind: 'num', min: 0.01, max: 10, default: 4, doc: 'largest σ_w² of the grid' },
  sigmaW2Steps: { kind: 'int', min: 2, max: 100, default: 36, doc: 'σ_w² grid points' },
  sigmaB2Min: { kind: 'num', min: 0, max: 4, default: 0, doc: 'smallest σ_b²' },
  sigmaB2Max: { kind: 'num', min: 0, max: 4, default: 0.2, doc: 'largest σ_b²' },
  sigmaB2Steps: { kind: 'int', min: 1, max: 100, default: 21, doc: 'σ_b² grid points' },
} as const satisfies FieldTable;

export interface TheoryParams {
  activation: Activation;
  negativeSlope: number;
  sigmaW2Min: number;
  sigmaW2Max: number;
  sigmaW2Steps: number;
  sigmaB2Min: number;
  sigmaB2Max: number;
  sigmaB2Steps: number;
}

export function normaliseTheoryParams(input: unknown, coerce = false): Normalised<TheoryParams> {
  const parsed = parseTable(THEORY_FIELDS, input, coerce);
  if (!parsed.ok) return parsed;
  const p = parsed.data as unknown as TheoryParams;
  const errors: FieldError[] = [];
  if (p.sigmaW2Max < p.sigmaW2Min) errors.push({ path: 'sigmaW2Max', message: 'sigmaW2Max must be ≥ sigmaW2Min' });
  if (p.sigmaB2Max < p.sigmaB2Min) errors.push({ path: 'sigmaB2Max', message: 'sigmaB2Max must be ≥ sigmaB2Min' });
  return errors.length ? { ok: false, errors } : { ok: true, params: p };
}
