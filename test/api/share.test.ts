/**
 * The worker's share-image rewrite for embed pages (real workerd, real HTMLRewriter): a race state in the query
 * points og:image and twitter:image at the API chart of that state; anything else passes through byte for byte.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import app from '../../functions/index.ts';
import { shareImageUrl, withShareImage } from '../../functions/share.ts';
import { RACE_STATE } from '../../site/src/widgets/state.ts';
import { ORIGIN } from './helpers.ts';

const PAGE = `<!doctype html><html><head><title>race</title>
<meta property="og:url" content="${ORIGIN}/embed/race/">
<meta property="og:image" content="${ORIGIN}/og/embed-race.png">
<meta property="og:image:type" content="image/png">
<meta name="twitter:image" content="${ORIGIN}/og/embed-race.png">
</head><body><p>og:image stays in the text</p></body></html>`;

const html = (body = PAGE) => new Response(body, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
const content = (page: string, key: string) =>
  new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(page)?.[1]?.replace(/&amp;/g, '&');

/** The worker entry with an assets binding that answers every request with `res` and records what it was asked. */
async function viaWorker(path: string, res: () => Response): Promise<{ res: Response; asked: string[] }> {
  const asked: string[] = [];
  const ASSETS = {
    fetch: async (req: Request) => {
      asked.push(req.url);
      return res();
    },
  };
  const out = await app.fetch(new Request(ORIGIN + path), { ...env, ASSETS });
  return { res: out, asked };
}

describe('shareImageUrl', () => {
  it('maps a race state to the compare chart of the same request, with the race defaults filled in', () => {
    const url = shareImageUrl(new URL(`${ORIGIN}/embed/race/?depth=30&inits=he_normal,lecun_normal&lang=zh`));
    expect(url).not.toBeNull();
    const chart = new URL(url ?? '');
    expect(chart.origin + chart.pathname).toBe(`${ORIGIN}/api/v1/charts/compare.svg`);
    expect(chart.searchParams.get('depth')).toBe('30');
    expect(chart.searchParams.get('inits')).toBe('he_normal,lecun_normal');
    expect(chart.searchParams.get('width')).toBe(String(RACE_STATE.width.default));
    expect(chart.searchParams.get('dataset')).toBe(RACE_STATE.dataset.default);
    expect(chart.searchParams.get('chartWidth')).toBe('1200');
    expect(chart.searchParams.has('lang')).toBe(false);
  });

  it('is null without a race state or off the race page', () => {
    expect(shareImageUrl(new URL(`${ORIGIN}/embed/race/`))).toBeNull();
    expect(shareImageUrl(new URL(`${ORIGIN}/embed/race/?lang=zh&controls_hide=1`))).toBeNull();
    expect(shareImageUrl(new URL(`${ORIGIN}/embed/sampler/?depth=3`))).toBeNull();
    expect(shareImageUrl(new URL(`${ORIGIN}/embed/?depth=3`))).toBeNull();
  });
});

describe('withShareImage', () => {
  it('replaces the image tags and og:url, and nothing else', async () => {
    const out = await withShareImage(
      html(),
      'https://x.test/chart.svg?a=1&b=2',
      'https://x.test/embed/race/?a=1',
    ).text();
    expect(content(out, 'og:image')).toBe('https://x.test/chart.svg?a=1&b=2');
    expect(content(out, 'twitter:image')).toBe('https://x.test/chart.svg?a=1&b=2');
    expect(content(out, 'og:image:type')).toBe('image/svg+xml');
    expect(content(out, 'og:url')).toBe('https://x.test/embed/race/?a=1');
    expect(out).toContain('<p>og:image stays in the text</p>');
  });

  it('passes errors and non-HTML answers through untouched', async () => {
    const missing = new Response('nope', { status: 404, headers: { 'Content-Type': 'text/html' } });
    expect(withShareImage(missing, 'x', 'y')).toBe(missing);
    const json = new Response('{}', { headers: { 'Content-Type': 'application/json' } });
    expect(withShareImage(json, 'x', 'y')).toBe(json);
  });
});

describe('GET /embed/*', () => {
  it('serves the asset and rewrites its share image when the query holds a race state', async () => {
    const { res, asked } = await viaWorker('/embed/race/?depth=12', html);
    expect(asked).toEqual([`${ORIGIN}/embed/race/?depth=12`]);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(content(page, 'og:image')).toMatch(/\/api\/v1\/charts\/compare\.svg\?.*depth=12/);
    expect(content(page, 'og:image')).toBe(content(page, 'twitter:image'));
  });

  it('serves the asset unchanged without a state', async () => {
    const { res } = await viaWorker('/embed/race/', html);
    expect(await res.text()).toBe(PAGE);
  });
});
