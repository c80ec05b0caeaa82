/**
 * Share cards of embed URLs that carry a state: the static page names its default card (built from the baked
 * default), so for /embed/race/?depth=30&… the worker points og:image and twitter:image at the API's chart of that
 * very state — the same compare the widget itself will ask for, so the two share one cache entry. The chart is SVG
 * (the worker has no rasteriser); card renderers that ignore SVG images fall back to the page's title and text.
 */
import { CARD_HEIGHT, CARD_WIDTH } from '../site/src/lib/card-size.ts';
import { raceRequest, toSearch } from '../site/src/widgets/requests.ts';
import { RACE_STATE, readState } from '../site/src/widgets/state.ts';

/** The API chart for the state in an embed URL's query, or null when the page has no chart or no state. */
export function shareImageUrl(url: URL): string | null {
  if (!/^\/embed\/race\/?$/.test(url.pathname)) return null;
  if (!Object.keys(RACE_STATE).some((k) => url.searchParams.has(k))) return null;
  const query = {
    ...raceRequest(readState(RACE_STATE, url.searchParams)),
    chartWidth: CARD_WIDTH,
    chartHeight: CARD_HEIGHT,
  };
  return `${url.origin}/api/v1/charts/compare.svg?${toSearch(query)}`;
}

const setContent = (value: string) => ({
  element(e: Element) {
    e.setAttribute('content', value);
  },
});

/** The page with its share image (and og:url) replaced; anything but an HTML page passes through untouched. */
export function withShareImage(res: Response, image: string, pageUrl: string): Response {
  if (!res.ok || !res.headers.get('Content-Type')?.startsWith('text/html')) return res;
  return new HTMLRewriter()
    .on('meta[property="og:image"], meta[name="twitter:image"]', setContent(image))
    .on('meta[property="og:image:type"]', setContent('image/svg+xml'))
    .on('meta[property="og:url"]', setContent(pageUrl))
    .transform(res);
}
