/**
 * Rasterises a share card at build time with resvg (a native prebuilt from npm; nothing of it reaches a page or the
 * worker). Text needs font files: the system's fonts are loaded (DejaVu and Noto CJK on Debian, CI installs the
 * latter), so the Chinese cards render their titles too.
 */
import { Resvg } from '@resvg/resvg-js';
import { CARD_WIDTH } from './share.ts';

export function svgToPng(svg: string): Uint8Array<ArrayBuffer> {
  const r = new Resvg(svg, {
    fitTo: { mode: 'width', value: CARD_WIDTH },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return new Uint8Array(r.render().asPng());
}
