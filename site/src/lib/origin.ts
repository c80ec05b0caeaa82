/** Code snippets are built with the local dev origin; show readers the origin they are actually on. */
export const BUILD_ORIGIN = 'http://localhost:8787';

export function localiseOrigin(root: ParentNode): void {
  if (location.origin === BUILD_ORIGIN) return;
  for (const span of root.querySelectorAll('pre span'))
    if (span.childElementCount === 0 && span.textContent?.includes(BUILD_ORIGIN))
      span.textContent = span.textContent.replaceAll(BUILD_ORIGIN, location.origin);
}
