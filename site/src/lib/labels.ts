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
  gainPytorch: { zh: 'PyTorch 的 calculate_gain', en: "PyTorch's calculate_gain" },
  gainSecondMoment: { zh: '二阶矩增益 1/√E[φ(z)²]（引擎）', en: 'second-moment gain 1/√E[φ(z)²] (engine)' },
  gainGeluChoice: { zh: '无（initlab 取 √2）', en: 'none (initlab uses √2)' },
  gainNone: { zh: '无', en: 'none' },
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
    zh: '六个论文论断的复现：本站构建时的实测判定',
    en: 'Six published results, re-run when this page was built',
  },
  expsExperiment: { zh: '实验', en: 'experiment' },
  expsPaper: { zh: '论文', en: 'paper' },
  expsVerdict: { zh: '判定', en: 'verdict' },
  expsChecks: { zh: '子论断（成立的种子数）', en: 'sub-claims (seeds held)' },
  expsNotBaked: { zh: '实验结果尚未预计算。', en: 'The experiments have not been baked.' },
  expNotBaked: { zh: '实验 {name} 尚未预计算。', en: 'Experiment {name} has not been baked.' },
  expClaim: { zh: '论文论断', en: 'The paper' },
  expSetup: { zh: '设置', en: 'Setup' },
  expNumbers: { zh: '判定数字', en: 'Deciding numbers' },
  expCriterion: { zh: '判据', en: 'criterion' },
  expRule: { zh: '阈值', en: 'rule' },
  expSeed: { zh: '种子', en: 'seed' },
  expOnce: { zh: '整个网格', en: 'whole grid' },
  expWhy: { zh: '为什么不成立', en: 'Why it does not hold here' },
  expRerun: { zh: '重新运行', en: 'Re-run' },
  expHistory: { zh: '自首次运行以来改动过的设置（{n} 项）', en: 'Settings changed since the first run ({n})' },
  expHistoryDate: { zh: '日期', en: 'date' },
  expHistorySetting: { zh: '设置', en: 'setting' },
  expHistoryChange: { zh: '原值 → 新值', en: 'from → to' },
  expHistoryWhy: { zh: '原因', en: 'why' },
  expPasses: { zh: '通过', en: 'passes' },
  expFails: { zh: '未通过', en: 'fails' },
  codeExamples: { zh: '代码示例', en: 'Code examples' },
  codeAssumes: { zh: '约定', en: 'assumes' },
  decisionArchitecture: { zh: '结构', en: 'architecture' },
  decisionChoice: { zh: '初始化', en: 'initialise with' },
  decisionWhy: { zh: '原因', en: 'why' },
  decisionTrial: { zh: '试验', en: 'trial' },
  decisionRerun: { zh: '重新运行（API）', en: 're-run (API)' },
  decisionWatch: { zh: '在竞赛中观看', en: 'watch in the race' },
  decisionCode: { zh: '各框架中的选择', en: 'the choices in each framework' },
  codeHe: { zh: 'He 正态（Keras 风格截断，已校正标准差）', en: 'He normal (Keras-style truncated, std corrected)' },
  codeTorch: { zh: 'PyTorch nn.Linear 的默认值', en: "PyTorch nn.Linear's default" },
  curlSample: { zh: '采样 He 正态权重并与公式比较', en: 'sample He-normal weights and compare with the formula' },
  curlCompare: { zh: '在同一数据、同一种子上比较两种初始化', en: 'race two initialisers on the same data and seed' },
} as const;

/** The reproductions' setup lines and static figures (lib/experiments.ts, lib/experiment-figures.ts). */
const EXPERIMENTS = {
  bylinePair: { zh: '{a} 与 {b}', en: '{a} & {b}' },
  bylineMany: { zh: '{a} 等', en: '{a} et al.' },
  mustBeYes: { zh: '须为“是”', en: 'must be yes' },
  listSep: { zh: '、', en: ', ' },
  partSep: { zh: '；', en: '; ' },
  residualMlp: { zh: '残差 MLP', en: 'residual MLP' },
  atInitOnly: { zh: '只看初始化', en: 'at initialisation only' },
  stepsTimesBatch: { zh: '{steps} 步 × 批大小 {batch}', en: '{steps} steps × batch {batch}' },
  nSeeds: { zh: '{n} 个种子', en: '{n} seeds' },
  depthsList: { zh: '深度 {list}', en: 'depths {list}' },
  depthsFastestLr: { zh: '深度 {depths}，学习率 {lrs} 取最快', en: 'depths {depths}, fastest of lr {lrs}' },
  initBlocks: { zh: '初始化时 {list} 个残差块', en: 'at init {list} blocks' },
  initsList: { zh: '初始化 {list}', en: 'inits {list}' },
  figBackGradStd: { zh: '反向传播梯度标准差', en: 'back-prop. gradient std' },
  figStandard: { zh: '标准', en: 'standard' },
  figTanhTitle: { zh: 'tanh 网络初始化时各隐藏层的标准差', en: 'tanh net at initialisation: std per hidden layer' },
  figTanhDesc: {
    zh: '第 1 到 {layers} 个隐藏层的激活与反向传播梯度标准差（对数坐标），标准 U(±1/√n) 初始化对比 Glorot 均匀初始化（种子 {seed}）。',
    en: 'Activation and back-propagated gradient standard deviation of hidden layers 1 to {layers}, log scale, standard U(±1/√n) init against Glorot uniform (seed {seed}).',
  },
  figHiddenLayer: { zh: '隐藏层', en: 'hidden layer' },
  figLayerN: { zh: '第 {n} 层', en: 'layer {n}' },
  figSigmoidTitle: {
    zh: 'sigmoid 网络、标准初始化：训练中的平均激活',
    en: 'sigmoid net, standard init: mean activation in training',
  },
  figSigmoidDesc: {
    zh: '各隐藏层的平均激活随 SGD 训练步的变化（种子 {seed}）；饱和即平均激活接近 0。',
    en: 'Mean activation of each hidden layer against SGD step (seed {seed}); saturation is a mean near 0.',
  },
  figMeanAct: { zh: '平均激活', en: 'mean activation' },
  figHeTitle: { zh: '{depth} 层 ReLU：训练损失', en: '{depth} ReLU layers: train loss' },
  figHeDesc: {
    zh: '{depth} 层 ReLU 网络的训练损失随训练步变化，√(1/n) 对比 He 初始化，种子 {seed}；叉号表示发散。',
    en: 'Train loss against SGD-with-momentum step for the {depth}-layer ReLU net, √(1/n) against He init, seed {seed}; a cross marks divergence.',
  },
  figSaxeTitle: { zh: '深层线性网络：达到损失阈值的步数', en: 'Deep linear nets: steps to the loss criterion' },
  figOrthogonal: { zh: '正交', en: 'orthogonal' },
  figScaledGaussian: { zh: '缩放高斯', en: 'scaled Gaussian' },
  figSaxeDesc: {
    zh: '在学习率网格上取最少的、把训练损失降到 {loss} 所需步数，按隐藏层数，种子 {seed}。',
    en: 'Fewest steps to train loss {loss} over the learning-rate grid, per number of hidden layers, seed {seed}.',
  },
  figSaxeNote: {
    zh: '缺失的点表示在本次运行内始终未达到阈值。',
    en: 'A missing point never reached the criterion within the run.',
  },
  figHiddenLayers: { zh: '隐藏层数', en: 'hidden layers' },
  figSteps: { zh: '步数', en: 'steps' },
  figLsuvTitle: { zh: '深层 ReLU 网络：各初始化的训练损失', en: 'Deep ReLU net: train loss by initialisation' },
  figLsuvDesc: {
    zh: '{inits} 的训练损失随训练步变化，种子 {seed}。',
    en: 'Train loss against step for {inits}, seed {seed}.',
  },
  figFixupOutTitle: { zh: '初始化时的输出标准差（He）', en: 'Output std at initialisation (He)' },
  figFixupOutDesc: {
    zh: '初始化时输出（logits）标准差随残差块数的变化（对数坐标），He 初始化。',
    en: 'Standard deviation of the logits at initialisation against the number of residual blocks, log scale, He init.',
  },
  figFixupOutNote: {
    zh: 'Fixup 的输出在每个深度都恰好为 0，在对数坐标上没有点。',
    en: "Fixup's output is exactly 0 at every depth: no point on a log scale.",
  },
  figResidualBlocks: { zh: '残差块数', en: 'residual blocks' },
  figFixupLossTitle: { zh: '无归一化时的训练损失', en: 'Train loss without normalisation' },
  figFixupLossDesc: {
    zh: '训练损失随 SGD 训练步变化，He 对比 Fixup，种子 {seed}；叉号表示发散。',
    en: 'Train loss against SGD step, He against Fixup, seed {seed}; a cross marks divergence.',
  },
  figDeTitle: { zh: '深层残差 MLP：有无 SkipInit 与批归一化', en: 'Deep residual MLP: SkipInit and batch norm' },
  figDeDesc: {
    zh: '训练损失随 SGD 训练步变化：He 分支与 SkipInit，各自有无批归一化，种子 {seed}；叉号表示发散。',
    en: 'Train loss against SGD step: He branches and SkipInit, each without and with batch norm, seed {seed}; a cross marks divergence.',
  },
  deVariants: { zh: '对比 {list}', en: 'races {list}' },
  figIoffeTitle: { zh: '{depth} 层 ReLU MLP，{norm}', en: '{depth}-layer ReLU MLP, {norm}' },
  figIoffeDesc: {
    zh: '训练损失随 SGD 训练步变化：从 N(0, 0.01²)、N(0, 1) 与 Glorot 初始化出发，{norm}，种子 {seed}；叉号表示发散。',
    en: 'Train loss against SGD step from N(0, 0.01²), N(0, 1) and Glorot inits, {norm}, seed {seed}; a cross marks divergence.',
  },
  figIoffeBatchNote: {
    zh: '损失在评估模式下记录：第 0 步时批归一化用的是初始的运行平均（均值 0、方差 1），所以 N(0, 1) 的第一个点与没有归一化时一样大，此后随运行平均追上而下降。',
    en: 'Losses are logged in evaluation mode: at step 0 batch norm uses its initial running averages (mean 0, variance 1), so N(0, 1)’s first point is as large as without normalisation, and falls as the averages catch up.',
  },
  ioffeVaries: { zh: '归一化：{list}', en: 'normalisation: {list}' },
  figYangTitle: { zh: '学习率对宽度的迁移：{param}', en: 'Learning rate across widths: {param}' },
  figYangDesc: {
    zh: '固定训练步数后的最终训练损失随 log₂ 学习率变化，每个宽度一条曲线，{param}，种子 {seed}；各宽度的最佳学习率：{best}。',
    en: 'Final train loss after a fixed budget against log₂ of the learning rate, one curve per width, {param}, seed {seed}; best rate per width: {best}.',
  },
  figYangNote: {
    zh: '发散的学习率没有点（曲线在那里中断）。',
    en: 'A learning rate at which the run diverged has no point (the curve breaks there).',
  },
  yangVaries: {
    zh: '宽度 {widths} × 学习率 η = 2^{lo} … 2^{hi}，{params}',
    en: 'widths {widths} × learning rates η = 2^{lo} … 2^{hi}, {params}',
  },
  figSchoenholzDesc: {
    zh: 'σ_w²（列）× 深度（行）网格：实心格达到了损失阈值，粗框格为理论预测可训练（深度 ≤ 6 ξ_c），虚线为 6 ξ_c。',
    en: 'Grid of σ_w² (columns) by depth (rows): filled cells reached the loss criterion, outlined cells are predicted trainable (depth ≤ 6 ξ_c), the dashed curve is 6 ξ_c.',
  },
} as const;

export type SiteKey = keyof typeof SITE | keyof typeof EXPERIMENTS;
/** Every page and figure string, for `t` and for the tests that hold both languages to each other. */
export const SITE_LABELS: Record<SiteKey, { zh: string; en: string }> = { ...SITE, ...EXPERIMENTS };

export const t = (key: SiteKey | LabelKey, lang: Lang, vars?: Vars): string =>
  key in SITE_LABELS ? fill(SITE_LABELS[key as SiteKey][lang], vars) : label(key as LabelKey, lang, vars);
