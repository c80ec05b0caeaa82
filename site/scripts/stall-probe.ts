/**
 * The page's responsiveness during a live race, measured in the page: the largest delay of a 20 ms interval timer
 * from the first control change until the complete result (Chromium's long-task observer has missed multi-second
 * stalls here). Starts from the race's baked default and changes it to 3 inits, depth 12, width 64, 600 steps.
 * Shared by the site test (the Web Worker keeps stalls under 50 ms) and `npm run bench:site` (worker vs main thread).
 * A string, not a function: tsx's helpers would not exist inside the page.
 */
export const RACE_STALL_PROBE = `() => new Promise((resolve) => {
  const el = document.querySelector('initlab-race');
  const t0 = performance.now();
  let last = t0;
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 20);
    last = now;
  }, 20);
  el.addEventListener('initlab:result', (e) => {
    if (!e.detail.complete) return;
    clearInterval(timer);
    resolve({ worst, ms: performance.now() - t0 });
  });
  const set = (key, value) => {
    const c = el.querySelector('[data-key=' + key + ']');
    c.value = String(value);
    c.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const off = el.querySelector('[data-key=inits] input[value=random_normal]');
  off.checked = false;
  off.dispatchEvent(new Event('input', { bubbles: true }));
  set('depth', 12);
  set('width', 64);
  set('steps', 600);
})`;

export interface StallProbe {
  /** The largest timer delay, ms. */
  worst: number;
  /** From the first change to the complete result, ms. */
  ms: number;
}
