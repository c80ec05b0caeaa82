/**
 * Redraws a figure by changing only what differs from the markup already shown. A live run redraws several times a
 * second; rebuilding the whole figure would re-decode every boundary image and lay out every chart each time, and
 * stall the page. Elements whose markup is unchanged (a boundary between checkpoints, the axes) stay as they are.
 */
function morphNode(shown: Node, next: Node): void {
  if (shown.isEqualNode(next)) return;
  if (shown.nodeType === Node.TEXT_NODE && next.nodeType === Node.TEXT_NODE) {
    (shown as Text).data = (next as Text).data;
    return;
  }
  if (!(shown instanceof Element) || !(next instanceof Element) || shown.tagName !== next.tagName) {
    shown.parentNode?.replaceChild(next, shown);
    return;
  }
  for (const a of [...shown.attributes]) if (!next.hasAttribute(a.name)) shown.removeAttribute(a.name);
  for (const a of [...next.attributes]) if (shown.getAttribute(a.name) !== a.value) shown.setAttribute(a.name, a.value);
  morphChildren(shown, next);
}

function morphChildren(shown: Node, next: Node): void {
  const have = [...shown.childNodes];
  const want = [...next.childNodes];
  if (have.length !== want.length) {
    (shown as Element).replaceChildren(...want);
    return;
  }
  for (let i = 0; i < have.length; i++) morphNode(have[i], want[i]);
}

/** Make `container`'s content the markup `html`. */
export function morph(container: Element, html: string): void {
  const template = document.createElement('template');
  template.innerHTML = html;
  morphChildren(container, template.content);
}
