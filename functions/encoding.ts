/**
 * Results go out gzip-encoded to clients that accept it, from a copy encoded once per result and kept beside the LRU:
 * a repeat then moves about a third of the bytes and costs no compression. Left to the runtime, every response would
 * be compressed anew (or, through a local proxy such as wrangler dev's, sent at full size); bytes, not work, are most
 * of what a hit of a 40 KB result costs.
 */
import { LruCache } from './cache.ts';

const encoded = new LruCache<Uint8Array>(256, 4 * 1024 * 1024, (bytes) => bytes.byteLength);
/** Encodings under way: the many waiters of one computation share one (they all answer at once). */
const encoding = new Map<string, Promise<Uint8Array>>();

/** Whether an Accept-Encoding header takes gzip (listed, or `*`, with q > 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header
    .toLowerCase()
    .split(',')
    .some((part) => {
      const [coding, ...params] = part.split(';').map((s) => s.trim());
      const q = params.find((p) => p.startsWith('q='));
      return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
    });
}

/**
 * The gzip encoding of the result stored under `key` (`body`), encoded on first use. `waitUntil` keeps the encoding
 * going for the requests sharing it if the one that started it goes away.
 */
export function gzipped(
  key: string,
  body: string,
  waitUntil: (promise: Promise<unknown>) => void,
): Promise<Uint8Array> {
  const known = encoded.get(key);
  if (known) return Promise.resolve(known);
  let pending = encoding.get(key);
  if (!pending) {
    pending = encode(body).then((bytes) => {
      encoded.set(key, bytes);
      return bytes;
    });
    encoding.set(key, pending);
    waitUntil(pending.finally(() => encoding.delete(key)).catch(() => undefined));
  }
  return pending;
}

async function encode(body: string): Promise<Uint8Array> {
  const stream = new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
