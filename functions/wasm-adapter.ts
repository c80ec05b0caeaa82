/**
 * tfjs-backend-wasm in workerd. workerd forbids compiling wasm from bytes at runtime and tfjs 4.22 cannot take a
 * precompiled module (tfjs#8157), so: wrangler bundles the SIMD binary as a `WebAssembly.Module`; tfjs is told to
 * fetch a sentinel path through the platform fetch (answered here with an empty body, never the network); and when tfjs
 * then hands `WebAssembly.instantiate` those bytes, the bundled module is instantiated instead.
 */
import simdModule from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm';
import { type EngineInfo, initBackend, tf } from '../src/index.ts';

const SENTINEL = 'https://initlab.invalid/wasm/';

type PlatformFetch = (path: string, init?: RequestInit) => Promise<Response>;

/** A fetch that answers the sentinel path itself (the bytes are never used) and passes anything else on. */
function sentinelFetch(next: PlatformFetch): PlatformFetch {
  return (path, init) =>
    path.startsWith(SENTINEL) ? Promise.resolve(new Response(new Uint8Array(0))) : next(path, init);
}

function installPlatform(): void {
  const env = tf.env();
  if (env.platform) {
    // workerd defines WorkerGlobalScope, so tfjs has already picked its browser platform: wrap only its fetch.
    const platform = env.platform as { fetch: PlatformFetch };
    platform.fetch = sentinelFetch(platform.fetch.bind(platform));
  } else {
    env.setPlatform('workerd', {
      fetch: sentinelFetch((path, init) => fetch(path, init)),
      now: () => performance.now(),
      encode: (text: string) => new TextEncoder().encode(text),
      decode: (bytes: Uint8Array, encoding: string) => new TextDecoder(encoding).decode(bytes),
      isTypedArray: (a: unknown): a is Float32Array | Int32Array | Uint8Array | Uint8ClampedArray =>
        a instanceof Float32Array ||
        a instanceof Int32Array ||
        a instanceof Uint8Array ||
        a instanceof Uint8ClampedArray,
    });
  }

  const original = WebAssembly.instantiate.bind(WebAssembly) as (
    source: BufferSource | WebAssembly.Module,
    imports?: WebAssembly.Imports,
  ) => Promise<unknown>;
  const patched = async (source: BufferSource | WebAssembly.Module, imports?: WebAssembly.Imports) => {
    if (source instanceof WebAssembly.Module) return original(source, imports);
    // The only bytes tfjs ever hands over are the sentinel's: answer with the bundled module, in the
    // `{ module, instance }` shape that instantiate-from-bytes resolves to.
    const instance = (await original(simdModule, imports)) as WebAssembly.Instance;
    return { module: simdModule, instance };
  };
  (WebAssembly as { instantiate: unknown }).instantiate = patched;
}

/** Initialise the engine's wasm backend in this isolate (once; later calls share the same promise). */
export function initWorkerdBackend(): Promise<EngineInfo> {
  return initBackend({ wasmBase: SENTINEL, beforeInit: installPlatform });
}
