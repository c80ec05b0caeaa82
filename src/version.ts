/**
 * Engine version: part of every result and of every cache key. Bump it whenever a change can alter any number a
 * trial returns (sampling, data, model, training loop, statistics).
 */
export const ENGINE_VERSION = '0.3.1';
/** The tfjs-core / tfjs-backend-wasm version the engine is pinned to (package.json pins it exactly). */
export const TFJS_VERSION = '4.22.0';
