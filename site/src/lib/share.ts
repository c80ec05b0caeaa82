/**
 * The share cards: one per page (/zh/, /en/, /, /embed/, each /embed/<widget>/), each a 1200×630 PNG rendered at
 * build time from that page's default figure, under /og/<card>.png.
 */
import { WIDGETS } from '../widgets/defs.ts';
import { type Lang, label } from '../widgets/labels.ts';
import { t } from './labels.ts';

export { CARD_HEIGHT, CARD_WIDTH } from './card-size.ts';

export type Card = {
  title: string;
  lang: Lang;
  /** The widget whose baked default figure fills the card. */
  widget: string;
};

/** The articles and the landing pages show the race: the measurement the article is built around. */
function pageCards(): Record<string, Card> {
  return {
    zh: { title: t('cardArticle', 'zh'), lang: 'zh', widget: 'race' },
    en: { title: t('cardArticle', 'en'), lang: 'en', widget: 'race' },
    index: { title: t('cardArticle', 'en'), lang: 'en', widget: 'race' },
    embed: { title: t('cardEmbed', 'en'), lang: 'en', widget: 'race' },
  };
}

export function cards(): Record<string, Card> {
  const out = pageCards();
  for (const [name, def] of Object.entries(WIDGETS))
    out[`embed-${name}`] = { title: label(def.title, 'en'), lang: 'en', widget: name };
  return out;
}

export const cardPath = (card: string) => `/og/${card}.png`;
