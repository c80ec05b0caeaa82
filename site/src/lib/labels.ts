/**
 * Page chrome and article components' strings, in both languages, beside the widgets' own table
 * (widgets/labels.ts). `t` reads either; `{name}` in a string is filled from `vars`.
 */
import { fill, type LabelKey, type Lang, label, type Vars } from '../widgets/labels.ts';

const SITE = {
  htmlLang: { zh: 'zh-CN', en: 'en' },
  ogLocale: { zh: 'zh_CN', en: 'en_US' },
  otherLang: { zh: 'en', en: 'zh' },
  otherLangName: { zh: 'English', en: '中文' },
  skip: { zh: '跳到正文', en: 'Skip to content' },
  siteNav: { zh: '站点', en: 'Site' },
  embedNav: { zh: '嵌入', en: 'Embed' },
  theme: { zh: '切换深色/浅色', en: 'Toggle dark/light' },
  contents: { zh: '目录', en: 'Contents' },
  cardArticle: {
    zh: '神经网络权重初始化：讲清楚，并且量出来',
    en: 'Weight initialisation, explained and measured',
  },
  cardEmbed: { zh: '嵌入 initlab 的组件', en: 'Embed the initlab widgets' },
  computedLive: { zh: '此图将在交互后实时计算。', en: 'This figure is computed live once the widget loads.' },
  widgetMissing: { zh: '该组件尚在开发中。', en: 'This widget is not available yet.' },
  notReached: { zh: '未达到', en: 'not reached' },
  measuredAtBuild: { zh: '由引擎在构建时测得', en: 'measured by the engine at build time' },
  initlabMeasured: { zh: 'initlab 实测', en: 'initlab measured' },
  tfjsOverFormula: { zh: 'TF.js / 公式', en: 'TF.js / formula' },
  same: { zh: '相同', en: 'same' },
  engineValue: { zh: '数值（引擎）', en: 'value (engine)' },
  correction: { zh: '勘误 {n}', en: 'Correction {n}' },
  engineNote: {
    zh: '文中所有实测数字都由 {where} 在构建本页时计算得出；每个图表都可以在页面中用其他设置重新运行。',
    en: 'Every measured number on this page was computed by {where} when the page was built; every figure can be re-run with other settings in the page.',
  },
  colon: { zh: '：', en: ': ' },
  openParen: { zh: '（', en: ' (' },
  closeParen: { zh: '）', en: ')' },
  seedsSuffix: { zh: ' 个种子', en: ' seeds' },
  inSeeds: { zh: '（{count} 个种子）', en: ' ({count} seeds)' },
  notMeasuredYet: { zh: '尚未测得', en: 'not measured yet' },
  expsCaption: {
    zh: '六个论文结论的复现：本站构建时的实测结论',
    en: 'Six published results, re-run when this page was built',
  },
  expsExperiment: { zh: '实验', en: 'experiment' },
  expsPaper: { zh: '论文', en: 'paper' },
  expsVerdict: { zh: '结论', en: 'verdict' },
  expsChecks: { zh: '子结论（成立的种子数）', en: 'sub-claims (seeds held)' },
  expsNotBaked: { zh: '实验结果尚未烘焙。', en: 'The experiments have not been baked.' },
  expNotBaked: { zh: '实验 {name} 尚未烘焙。', en: 'Experiment {name} has not been baked.' },
  expClaim: { zh: '论文结论', en: 'The paper' },
  expSetup: { zh: '设置', en: 'Setup' },
  expNumbers: { zh: '判定数字', en: 'Deciding numbers' },
  expCriterion: { zh: '判据', en: 'criterion' },
  expRule: { zh: '阈值', en: 'rule' },
  expSeed: { zh: '种子', en: 'seed' },
  expOnce: { zh: '整个网格', en: 'whole grid' },
  expWhy: { zh: '为什么不成立', en: 'Why it does not hold here' },
  expRerun: { zh: '重新运行', en: 'Re-run' },
  expPasses: { zh: '通过', en: 'passes' },
  expFails: { zh: '未通过', en: 'fails' },
  codeExamples: { zh: '代码示例', en: 'Code examples' },
  codeAssumes: { zh: '约定', en: 'assumes' },
  codeHe: { zh: 'He 正态（Keras 风格截断，已校正标准差）', en: 'He normal (Keras-style truncated, std corrected)' },
  codeTorch: { zh: 'PyTorch nn.Linear 的默认值', en: "PyTorch nn.Linear's default" },
  curlSample: { zh: '采样 He 正态权重并与公式比较', en: 'sample He-normal weights and compare with the formula' },
  curlCompare: { zh: '在同一数据、同一种子上比较两种初始化', en: 'race two initializers on the same data and seed' },
} as const;

export type SiteKey = keyof typeof SITE;

export const t = (key: SiteKey | LabelKey, lang: Lang, vars?: Vars): string =>
  key in SITE ? fill(SITE[key as SiteKey][lang], vars) : label(key as LabelKey, lang, vars);
