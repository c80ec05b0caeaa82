/**
 * Controls for a state table, as markup. Rendered at build time (so the widget's layout is final before any script
 * runs: no layout shift on hydration) and by the custom element when it is used outside the site.
 */
import { esc } from './charts.ts';
import { inapplicableKeys, type StateField, type StateTable, type StateValue } from './state.ts';

export const CONTROL_LABELS: Record<string, { zh: string; en: string }> = {
  init: { zh: '初始化', en: 'initialiser' },
  inits: { zh: '初始化方法', en: 'initialisers' },
  fanIn: { zh: '扇入（fan-in）', en: 'fan-in' },
  fanOut: { zh: '扇出（fan-out）', en: 'fan-out' },
  activation: { zh: '激活函数', en: 'activation' },
  gain: { zh: '增益', en: 'gain' },
  truncated: { zh: '截断正态（Keras 风格）', en: 'truncated normal (Keras style)' },
  seed: { zh: '随机种子', en: 'seed' },
  depth: { zh: '深度', en: 'depth' },
  width: { zh: '宽度', en: 'width' },
  dataset: { zh: '数据集', en: 'dataset' },
  optimizer: { zh: '优化器', en: 'optimizer' },
  steps: { zh: '训练步数', en: 'steps' },
  layer: { zh: '层类型', en: 'layer' },
  inChannels: { zh: '输入通道数 c_in', en: 'input channels c_in' },
  outChannels: { zh: '输出通道数 c_out', en: 'output channels c_out' },
  kernelSize: { zh: '卷积核大小 k', en: 'kernel size k' },
  lr: { zh: '学习率', en: 'learning rate' },
  batchSize: { zh: '批大小', en: 'batch size' },
  noise: { zh: '数据噪声', en: 'noise' },
  widths: { zh: '各层宽度（可选）', en: 'layer sizes (optional)' },
  testFraction: { zh: '测试集比例', en: 'test fraction' },
  blocks: { zh: '残差块数', en: 'residual blocks' },
  maxWidth: { zh: '最大宽度（从 64 起逐次加倍）', en: 'widths up to (64, doubling)' },
};

/** What an `ints` control shows while empty: an example, and what empty means. */
const INTS_HINT = { zh: '如 64,32,16；留空则为深度 × 宽度', en: 'e.g. 64,32,16; empty: depth × width' };

/** A log-scale slider moves in tenths of a decade. */
export const LOG_STEP = 0.1;
/** The slider position of a value on a log-scale slider. */
export const logPosition = (v: number) => Number(Math.log10(v).toFixed(2));
/** The value at a log-scale slider position, to two significant digits (URLs stay short, 0.1 stays 0.1). */
export const logValue = (position: number) => Number((10 ** position).toPrecision(2));

/** Where a refused entry is said, beside its control (form.ts `sayProblem`). */
const message = (id: string, key: string) =>
  `<p class="ctl-msg" id="${id}-msg" role="alert" data-msg-for="${key}"></p>`;

function control(id: string, key: string, f: StateField, v: StateValue, text: string, lang: 'zh' | 'en'): string {
  const name = `data-key="${key}"`;
  switch (f.kind) {
    case 'enum':
      return `<label for="${id}">${esc(text)}</label><select id="${id}" ${name}>${f.values
        .map((o) => `<option value="${o}"${o === v ? ' selected' : ''}>${o}</option>`)
        .join('')}</select>`;
    case 'list': {
      const chosen = v as readonly string[];
      return `<fieldset ${name} aria-describedby="${id}-msg"><legend>${esc(text)}</legend>${f.values
        .map(
          (o) =>
            `<label class="chip"><input type="checkbox" value="${o}"${chosen.includes(o) ? ' checked' : ''}>${o}</label>`,
        )
        .join('')}</fieldset>${message(id, key)}`;
    }
    case 'num':
    case 'int': {
      // Wide integer ranges (fans, seeds) are typed, not dragged.
      if (f.kind === 'int' && (f.log || f.max - f.min > 1000))
        return `<label for="${id}">${esc(text)}</label><input type="number" id="${id}" ${name} min="${f.min}" max="${f.max}" step="1" value="${v}" aria-describedby="${id}-msg">${message(id, key)}`;
      const head = `<label for="${id}">${esc(text)} <output for="${id}">${v}</output></label><input type="range" id="${id}" ${name}`;
      if (f.kind === 'num' && f.log)
        return `${head} data-log min="${logPosition(f.min)}" max="${logPosition(f.max)}" step="${LOG_STEP}" value="${logPosition(v as number)}" aria-valuetext="${v}">`;
      const step = f.kind === 'int' ? 1 : (f.step ?? 'any');
      return `${head} min="${f.min}" max="${f.max}" step="${step}" value="${v}">`;
    }
    case 'bool':
      return `<label class="check"><input type="checkbox" id="${id}" ${name}${v ? ' checked' : ''}>${esc(text)}</label>`;
    case 'ints':
      // Typed, so a refused entry is said beside it (form.ts) and the state keeps its last good value.
      return `<label for="${id}">${esc(text)}</label><input type="text" id="${id}" ${name} inputmode="numeric" autocomplete="off" spellcheck="false" placeholder="${esc(INTS_HINT[lang])}" value="${(v as readonly number[]).join(',')}" aria-describedby="${id}-msg">${message(id, key)}`;
  }
}

export function controlsHtml(
  table: StateTable,
  state: Record<string, StateValue>,
  lang: 'zh' | 'en',
  idPrefix: string,
  hidden: ReadonlySet<string> = new Set(),
): string {
  const off = inapplicableKeys(table, state);
  return Object.entries(table)
    .map(([k, f]) => {
      const text = CONTROL_LABELS[k]?.[lang] ?? k;
      const cls = f.kind === 'list' ? 'ctl ctl-wide' : 'ctl';
      return `<div class="${cls}"${hidden.has(k) || off.has(k) ? ' hidden' : ''}>${control(`${idPrefix}-${k}`, k, f, state[k], text, lang)}</div>`;
    })
    .join('');
}
