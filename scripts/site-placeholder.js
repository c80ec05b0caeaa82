/**
 * wrangler refuses to start when `[assets] directory` is missing. Until the site has been built, stand in a one-page
 * placeholder so the API can run on its own; a real `site/dist` is never touched.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SITE_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'site', 'dist');

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>initlab</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>initlab</h1><p>The site has not been built yet. The API is live: see <a href="/api/docs">/api/docs</a>.</p>
</body></html>
`;

/** Returns true when it had to create the placeholder. */
export function ensureSiteDist() {
  if (existsSync(join(SITE_DIST, 'index.html'))) return false;
  mkdirSync(SITE_DIST, { recursive: true });
  writeFileSync(join(SITE_DIST, 'index.html'), PLACEHOLDER);
  return true;
}
