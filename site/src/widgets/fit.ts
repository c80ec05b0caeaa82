/**
 * Charts drawn at their container's pixel width (charts.ts `slotWidth`): measure each fitted chart's slot, and watch
 * the figure for a change of width (a rotated phone, a resized window) so the widget can draw them again. Redrawing
 * rather than scaling a viewBox keeps axis text at its CSS size (≥ 11 px) on a phone; heights are fixed, so nothing
 * below a chart moves when it is redrawn.
 */

/** The content width of each fitted chart's slot (its parent), by the chart's title. */
export function measureSlots(fig: Element): Map<string, number> {
  const widths = new Map<string, number>();
  for (const svg of fig.querySelectorAll<SVGSVGElement>('svg[data-fit]')) {
    const slot = svg.parentElement;
    const key = svg.dataset.fit;
    if (!slot || key === undefined) continue;
    const style = getComputedStyle(slot);
    const w = slot.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
    if (w > 0) widths.set(key, Math.floor(w));
  }
  return widths;
}

/** Whether any fitted chart is drawn at a width other than its slot's (by more than a pixel of rounding). */
export function misfit(fig: Element, widths: ReadonlyMap<string, number>): boolean {
  return [...fig.querySelectorAll<SVGSVGElement>('svg[data-fit]')].some((svg) => {
    const want = widths.get(svg.dataset.fit ?? '');
    return want !== undefined && want >= 120 && Math.abs(Number(svg.getAttribute('width')) - want) > 1;
  });
}

/** Call `relayout` once per frame at most while the figure's width changes (not its height: redraws keep that). */
export function watchWidth(fig: Element, relayout: () => void): ResizeObserver {
  let width = -1;
  let frame = 0;
  const observer = new ResizeObserver((entries) => {
    const w = Math.round(entries[0].contentRect.width);
    if (w === width) return;
    width = w;
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(relayout);
  });
  observer.observe(fig);
  return observer;
}
