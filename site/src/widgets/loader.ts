/**
 * Loads the widget code only when a widget scrolls near the viewport (the article's first load carries just this).
 */
const pending = document.querySelectorAll('[data-widget]');
if (pending.length) {
  const load = () => import('./all.ts');
  if (!('IntersectionObserver' in window)) void load();
  else {
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          io.disconnect();
          void load();
        }
      },
      { rootMargin: '200px' },
    );
    for (const el of pending) io.observe(el);
  }
}
