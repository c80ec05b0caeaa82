/**
 * Entry of the standalone custom-element bundle (initlab-widgets.js) for other sites:
 *   <script type="module" src="https://…/widgets/initlab-widgets.js"></script>
 *   <initlab-race inits="he_normal,glorot_uniform" depth="30" api="https://…"></initlab-race>
 * Styles come along, scoped to the elements so the host page's own variables and rules are untouched.
 */
import css from '../styles/widgets.css?inline';
import { WIDGETS } from './defs.ts';
import { defineWidget } from './element.ts';

const tags = Object.keys(WIDGETS).map((n) => `initlab-${n}`);
if (!document.querySelector('style[data-initlab]')) {
  const style = document.createElement('style');
  style.dataset.initlab = '';
  style.textContent = `${tags.join(',')}{display:block;font:15px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg);padding:.6rem}\n${css.replaceAll(':root', tags.join(','))}`;
  document.head.append(style);
}
for (const def of Object.values(WIDGETS)) defineWidget(def);
