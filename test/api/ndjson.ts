/** Reading the API's NDJSON streams line by line as they arrive; shared by the workerd pool tests and the e2e tests. */
import type { z } from 'zod';

export const NDJSON_HEADERS = { Accept: 'application/x-ndjson' };

export class LineReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private ended = false;
  /** Every line read so far. */
  readonly lines: string[] = [];

  constructor(res: Response) {
    if (!res.body) throw new Error('response has no body');
    this.reader = res.body.getReader();
  }

  /** The next complete line, or null at the end of the stream. */
  async next(): Promise<string | null> {
    for (;;) {
      const nl = this.buffer.indexOf('\n');
      if (nl >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        this.lines.push(line);
        return line;
      }
      if (this.ended) {
        if (!this.buffer) return null;
        const last = this.buffer;
        this.buffer = '';
        this.lines.push(last);
        return last;
      }
      const { value, done } = await this.reader.read();
      if (done) this.ended = true;
      else this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** Reads until a line satisfies `pred` (returned parsed), or throws at the end of the stream. */
  async until(pred: (line: { type: string; [k: string]: unknown }) => boolean): Promise<Record<string, unknown>> {
    for (;;) {
      const line = await this.next();
      if (line === null) throw new Error(`stream ended before the awaited line; read ${this.lines.length}`);
      const parsed = JSON.parse(line);
      if (pred(parsed)) return parsed;
    }
  }

  /** Reads to the end; every line. */
  async rest(): Promise<string[]> {
    while ((await this.next()) !== null);
    return this.lines;
  }

  /** Goes away, as a client closing the connection does. */
  cancel(): Promise<void> {
    return this.reader.cancel();
  }
}

/** Parses and validates every line against the route's line schema; returns them parsed. */
export function parseLines<S extends z.ZodType>(lines: string[], schema: S): z.infer<S>[] {
  return lines.map((line, i) => {
    const parsed = schema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`line ${i} fails the stream schema: ${parsed.error.message.slice(0, 800)}`);
    return parsed.data;
  });
}

/** The `{"type":"result","result":<body>}` line's body, sliced out as bytes (it embeds the plain body verbatim). */
export function embeddedBody(resultLine: string): string {
  const prefix = '{"type":"result","result":';
  if (!resultLine.startsWith(prefix) || !resultLine.endsWith('}')) throw new Error('not a result line');
  return resultLine.slice(prefix.length, -1);
}

/** A result without its `timing` (the one part of a result that differs between computations). */
export function withoutTiming(result: unknown): unknown {
  return JSON.parse(JSON.stringify(result), (k, v) => (k === 'timing' ? undefined : v));
}
