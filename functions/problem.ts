/**
 * RFC 9457 problem details: every error the API returns has this shape, so clients handle one format. Bodies are
 * JSON with `nosniff`, so nothing a client sent can ever render as HTML.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FieldError, Normalised } from '../src/index.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  404: 'Not found',
  405: 'Method not allowed',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Request exceeds the work cap',
  429: 'Too many computations',
  500: 'Internal error',
  503: 'Engine unavailable',
};

/** What a client is told about a failure that is the API's own fault (the error itself goes to the log). */
export const INTERNAL_ERROR = 'an internal error occurred; it has been logged';

/** A stable, documented `type` URI per status (relative: resolved against the API's own origin). */
export function problemType(status: number): string {
  return `/api/docs#problem-${status}`;
}

export function problemBody(status: number, detail: string, errors: FieldError[] = []): Problem {
  return { type: problemType(status), title: TITLES[status] ?? 'Error', status, detail, errors };
}

/** JSON with <, > and & escaped: a message that quotes client input can never be sniffed or pasted as markup. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function problemResponse(
  status: ContentfulStatusCode,
  detail: string,
  errors: FieldError[] = [],
  headers: Record<string, string> = {},
): Response {
  return new Response(safeJson(problemBody(status, detail, errors)), {
    status,
    headers: { 'Content-Type': 'application/problem+json; charset=utf-8', ...headers },
  });
}

/** Throw from anywhere in a handler; `app.onError` turns it into the response it carries. */
export class ProblemError extends HTTPException {
  /** The body it answers with (also what a stream reports when it fails after it began). */
  readonly problem: Problem;

  constructor(
    status: ContentfulStatusCode,
    detail: string,
    errors: FieldError[] = [],
    headers: Record<string, string> = {},
  ) {
    super(status, { message: detail, res: problemResponse(status, detail, errors, headers) });
    this.problem = problemBody(status, detail, errors);
  }
}

export function badRequest(errors: FieldError[]): ProblemError {
  const names = errors.map((e) => e.path).join(', ');
  return new ProblemError(400, `invalid field(s): ${names}`, errors);
}

/** The params of a successful normalisation, or a 400 naming every bad field. */
export function validParams<P>(normalised: Normalised<P>): P {
  if (!normalised.ok) throw badRequest(normalised.errors);
  return normalised.params;
}
