/** UI strings of components and widgets, in both languages. */
export type Lang = 'zh' | 'en';

const STRINGS = {
  measuredStd: { zh: '实测标准差', en: 'measured std' },
  formulaStd: { zh: '公式标准差', en: 'formula std' },
  tfjsStd: { zh: 'TF.js 内置版本的标准差', en: 'TF.js built-in std' },
  ratio: { zh: '比值', en: 'ratio' },
  initializer: { zh: '初始化方法', en: 'initializer' },
  activation: { zh: '激活函数', en: 'activation' },
  gain: { zh: '增益 g', en: 'gain g' },
  notBaked: {
    zh: '该图尚未在构建时生成（引擎的这一部分尚不可用）。',
    en: 'This figure was not baked at build time (that part of the engine was unavailable).',
  },
  engine: { zh: '引擎', en: 'engine' },
} as const;

export type StringKey = keyof typeof STRINGS;
export function t(key: StringKey, lang: Lang): string {
  return STRINGS[key][lang];
}
