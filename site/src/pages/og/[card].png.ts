/** /og/<card>.png: each page's share card, rendered at build time from its default figure. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { bakedFigure } from '../../lib/figure.ts';
import { cardSvg } from '../../lib/og-card.ts';
import { svgToPng } from '../../lib/og-png.ts';
import { type Card, cards } from '../../lib/share.ts';

export const getStaticPaths = (() =>
  Object.entries(cards()).map(([card, props]) => ({ params: { card }, props }))) satisfies GetStaticPaths;

export const GET: APIRoute<Card> = ({ props }) => {
  const png = svgToPng(cardSvg(props, bakedFigure(props.widget, props.lang)));
  return new Response(png, { headers: { 'Content-Type': 'image/png' } });
};
