/**
 * Hover readout for line charts: the values of every series at the step nearest the pointer. Delegated on the figure
 * container, so it keeps working after live re-renders. (Keyboard and screen-reader users get the same numbers in
 * the table under each chart.)
 */
import { esc, fmt } from './charts.ts';

interface Points {
  x0: number;
  x1: number;
  w: number;
  l: number;
  r: number;
  s: [string, number[], (number | null)[]][];
}

function nearest(xs: number[], x: number): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i] - x) < Math.abs(xs[best] - x)) best = i;
  return best;
}

export function attachReadout(container: HTMLElement): void {
  const tip = document.createElement('div');
  tip.className = 'readout';
  tip.hidden = true;
  container.style.position = 'relative';
  container.append(tip);
  // Keyed by the attribute's text too: a redraw (a live frame, a re-layout) keeps the element and changes the points.
  const cache = new WeakMap<Element, { text: string; points: Points }>();
  container.addEventListener('pointermove', (e) => {
    const svg = (e.target as Element).closest?.('svg[data-points]');
    if (!svg) {
      tip.hidden = true;
      return;
    }
    const text = svg.getAttribute('data-points') ?? '';
    let p = cache.get(svg)?.points;
    if (!p || cache.get(svg)?.text !== text) {
      p = JSON.parse(text) as Points;
      cache.set(svg, { text, points: p });
    }
    const box = svg.getBoundingClientRect();
    const scale = box.width / p.w;
    const x = p.x0 + ((e.clientX - box.left) / scale - p.l) / ((p.w - p.l - p.r) / (p.x1 - p.x0));
    const rows = p.s.map(([label, xs, ys]) => {
      const i = nearest(xs, x);
      return `<div><span>${esc(label)}</span> ${xs[i]}: <b>${ys[i] === null ? '—' : fmt(ys[i] as number)}</b></div>`;
    });
    tip.innerHTML = rows.join('');
    tip.hidden = false;
    const host = container.getBoundingClientRect();
    tip.style.left = `${Math.min(e.clientX - host.left + 12, host.width - 180)}px`;
    tip.style.top = `${e.clientY - host.top + 12}px`;
  });
  container.addEventListener('pointerleave', () => {
    tip.hidden = true;
  });
}
