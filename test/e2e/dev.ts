/** One real `wrangler dev` per test file: started before its tests, stopped after them. */
import { afterAll, beforeAll } from 'vitest';
import { startWranglerDev, type WranglerDev } from '../../scripts/wrangler-dev.js';

/** The running server's origin, readable once the file's tests run; `vars` override wrangler.toml's [vars]. */
export function wranglerDevPerFile(vars?: Record<string, string>): { readonly url: string } {
  let dev: WranglerDev | undefined;
  beforeAll(async () => {
    dev = await startWranglerDev({ timeoutMs: 120_000, vars });
  }, 150_000);
  afterAll(async () => {
    await dev?.stop();
  });
  return {
    get url() {
      if (!dev) throw new Error('wrangler dev has not started');
      return dev.url;
    },
  };
}
