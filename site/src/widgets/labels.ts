/** UI strings of the widgets and of the article's data components, in both languages. */
export type Lang = 'zh' | 'en';

const L = {
  live: { zh: '实时', en: 'live' },
  baked: { zh: '预计算', en: 'baked' },
  browser: { zh: '浏览器内运行', en: 'in your browser' },
  running: { zh: '运行中…', en: 'running…' },
  reset: { zh: '恢复默认', en: 'reset' },
  share: { zh: '复制链接', en: 'copy link' },
  copied: { zh: '已复制', en: 'copied' },
  json: { zh: '下载 JSON', en: 'JSON' },
  csv: { zh: '下载 CSV', en: 'CSV' },
  code: { zh: '等价代码', en: 'equivalent code' },
  apiDown: {
    zh: '无法连接 API，改为在你的浏览器中用同一引擎（tfjs wasm）计算。',
    en: 'The API is unreachable, so this ran in your browser with the same engine (tfjs wasm).',
  },
  failed: { zh: '运行失败：', en: 'Run failed: ' },
  layer: { zh: '层', en: 'layer' },
  step: { zh: '训练步', en: 'step' },
  atStep: { zh: '第 {step} 步', en: 'step {step}' },
  lossAtStep: { zh: '训练损失（第 {step} 步）', en: 'train loss (step {step})' },
  depth: { zh: '深度（隐藏层数）', en: 'depth (hidden layers)' },
  actStd: { zh: '激活标准差', en: 'activation std' },
  gradStd: { zh: '反向传播梯度 ∂L/∂z 的标准差', en: 'back-propagated gradient std (∂L/∂z)' },
  trainLoss: { zh: '训练损失', en: 'train loss' },
  testAcc: { zh: '测试准确率', en: 'test accuracy' },
  finalLoss: { zh: '最终训练损失', en: 'final train loss' },
  stepsToTarget: { zh: '达到目标损失的步数', en: 'steps to target loss' },
  diverged: { zh: '发散', en: 'diverged' },
  notReached: { zh: '未达到', en: 'not reached' },
  init: { zh: '初始化', en: 'initialiser' },
  measured: { zh: '实测', en: 'measured' },
  formula: { zh: '公式', en: 'formula' },
  weights: { zh: '权重', en: 'weights' },
  tfjsBuiltin: { zh: 'TF.js 内置版本', en: 'TF.js built-in' },
  torchTrunc: { zh: 'PyTorch trunc_normal_', en: 'PyTorch trunc_normal_' },
  torchTruncNote: {
    zh: '（a、b = ∓2 是绝对值：截断在 ±{bound}σ 处，最大 |w| = {max}σ）',
    en: '(a, b = ∓2 are absolute: the cut is at ±{bound}σ; max |w| = {max}σ)',
  },
  samplerTitle: { zh: '采样器：权重直方图', en: 'Sampler: histogram of sampled weights' },
  signalTitle: {
    zh: '信号穿过深度：初始化时各层的激活与梯度',
    en: 'Signal through depth: per-layer activations and gradients at init',
  },
  raceTitle: { zh: '训练竞赛：同一网络、同一数据、同一种子', en: 'Training race: same net, same data, same seed' },
  sweepTitle: { zh: '深度扫描：最终损失随深度变化', en: 'Depth sweep: final loss vs depth' },
  phaseTitle: { zh: '相图：平均场相关深度 ξ_c', en: 'Phase diagram: mean-field correlation depth ξ_c' },
  symmetryTitle: {
    zh: '对称性：常数初始化下隐藏单元始终相同',
    en: 'Symmetry: constant init keeps hidden units identical',
  },
  spread: { zh: '第 2 层权重在各单元间的标准差', en: 'spread of layer-2 weights across units (std)' },
  measuredStd: { zh: '实测标准差', en: 'measured std' },
  formulaStd: { zh: '公式标准差', en: 'formula std' },
  tfjsStd: { zh: 'TF.js 内置版本的标准差', en: 'TF.js built-in std' },
  activation: { zh: '激活函数', en: 'activation' },
  gain: { zh: '增益 g', en: 'gain g' },
  notBaked: {
    zh: '该图尚未在构建时生成（引擎的这一部分尚不可用）。',
    en: 'This figure was not baked at build time (that part of the engine was unavailable).',
  },
  measureTrainability: {
    zh: '实测可训练性（Schoenholz 2017 实验）',
    en: 'measure trainability (Schoenholz 2017 experiment)',
  },
  measuring: {
    zh: '正在由 API 运行实验：首次约需数分钟，之后直接读取缓存…',
    en: 'The API is running the experiment: a few minutes the first time, cached afterwards…',
  },
  boundaryTitle: {
    zh: '训练后的决策边界（每种初始化一幅）',
    en: 'Decision boundary after training, one map per initialiser',
  },
  boundaryTimedTitle: {
    zh: '决策边界（每种初始化一幅，取最近的检查点）',
    en: 'Decision boundary at the nearest checkpoint, one map per initialiser',
  },
  boundaryAt: { zh: '第 {step} 步的决策边界与训练点', en: 'decision boundary and training points at step {step}' },
  partial: { zh: '测量中', en: 'being measured' },
  notYet: { zh: '尚未达到', en: 'not yet' },
  progress: { zh: '训练进度（步数）', en: 'training progress (steps)' },
  timeline: { zh: '时间轴：训练步', en: 'timeline: training step' },
  play: { zh: '播放', en: 'play' },
  pause: { zh: '暂停', en: 'pause' },
  apiBusy: {
    zh: 'API 暂时无法计算，改为在你的浏览器中用同一引擎（tfjs wasm，Web Worker）计算。',
    en: 'The API could not run this now, so it runs in your browser with the same engine (tfjs wasm, in a Web Worker).',
  },
  boundaryOf: { zh: '训练后的决策边界与训练点：', en: 'Decision boundary and training points after training:' },
  boundaryShade: {
    zh: '底色：模型预测的类别，颜色越深越确定',
    en: 'shading: the predicted class, deeper where the model is surer',
  },
  class0: { zh: '类别 0（方块）', en: 'class 0 (squares)' },
  class1: { zh: '类别 1（圆点）', en: 'class 1 (dots)' },
  continuing: {
    zh: '已缓存部分结果，{secs} 秒后继续（第 {n} 次）',
    en: 'part is cached; continuing in {secs} s (try {n})',
  },
  accShort: { zh: '测试准确率', en: 'test acc.' },
  noBoundary: { zh: '无决策边界', en: 'no boundary' },
  noBoundaryYet: { zh: '首个检查点后显示', en: 'after the first checkpoint' },
  lastHidden: { zh: '最后一个隐藏层的激活直方图', en: 'activation histogram of the last hidden layer' },
  stepOf: { zh: '第 {step} 步（共 {steps} 步）', en: 'step {step} of {steps}' },
  cellPending: { zh: '尚未测量', en: 'not measured yet' },
  cellTrained: { zh: '可训练', en: 'trained' },
  cellFailed: { zh: '未训练', en: 'did not train' },
  depthWord: { zh: '深度', en: 'depth' },
  criticalSigmaW2: { zh: '临界 σ_w²', en: 'critical σ_w²' },
  trainabilityTitle: { zh: '实测可训练性与 6ξ_c', en: 'Measured trainability and 6 ξ_c' },
  deepestTrained: {
    zh: 'σw²={w}, σb²={b}：实测可训练的最大深度 {depth}（6ξ_c = {six}）',
    en: 'σw²={w}, σb²={b}: deepest trained depth {depth} (6 ξ_c = {six})',
  },
  noDepth: { zh: '无', en: 'none' },
  phaseNote: {
    zh: '颜色越深，相关深度 ξ_c 越大（对数刻度，{cap} 层以上饱和）；虚线为 χ₁ = 1 的有序/混沌分界线。',
    en: 'Darker means a longer correlation depth ξ_c (log scale, saturating above {cap} layers); the dashed line is χ₁ = 1, the order/chaos boundary.',
  },
  phaseMarksNote: {
    zh: ' 圆点：σ_b² = {b} 处实测的网格，数字为训练成功的最大深度（×：均未成功），详见右图。',
    en: ' Circles: the measured grid at σ_b² = {b}, labelled with the deepest depth that trained (×: none); see the panel beside.',
  },
  trainabilityCaption: {
    zh: '实测（{source}）：Schoenholz 等（2017）图 5 的网格，tanh 网络，宽 {width}，MNIST，{steps} 步，种子 {seed}。实心格：训练损失降到 ln(10)/2 以下；粗框：理论预测可训练（深度 ≤ 6ξ_c）；虚线：6ξ_c。',
    en: 'Measured ({source}): the grid of Schoenholz et al. (2017), Fig. 5 — tanh nets of width {width} on MNIST, {steps} steps, seed {seed}. Filled: the train loss reached ln(10)/2; bold outline: predicted trainable (depth ≤ 6 ξ_c); dashed: 6 ξ_c.',
  },
  csvPick: { zh: '你自己的数据（CSV 文件）', en: 'your own data (CSV file)' },
  csvPrivacy: {
    zh: '文件在你的浏览器中读取和训练；只有当你请求可分享的链接时才会上传。也可以把文件拖放到控件上。',
    en: 'The file is read and trained on in your browser; it is uploaded only if you ask for a shareable link. You can also drop a file on the controls.',
  },
  csvTarget: { zh: '目标列', en: 'target column' },
  csvSummary: {
    zh: '{rows} 行 · {features} 个特征 · {task} · 训练 {train} 行 / 测试 {test} 行',
    en: '{rows} rows · {features} features · {task} · {train} train / {test} test rows',
  },
  csvClasses: { zh: '{classes} 个类别', en: '{classes} classes' },
  csvRegression: { zh: '回归', en: 'regression' },
  csvTooBig: {
    zh: '文件为 {size} 字节，最多接受 {max} 字节（{kib}）。',
    en: 'The file is {size} bytes; at most {max} bytes ({kib}) are accepted.',
  },
  csvNotCsv: { zh: '{name} 不是 CSV 文件（.csv，text/csv）。', en: '{name} is not a CSV file (.csv, text/csv).' },
  csvBinary: {
    zh: '该文件不是文本：请另存为 CSV（逗号分隔值）。',
    en: 'The file is not text: save it as CSV (comma-separated values).',
  },
  csvReadFailed: { zh: '无法读取该文件：', en: 'The file could not be read: ' },
  csvBatch: {
    zh: '批大小 {batch} 超过了 {train} 个训练行：请选择不超过 {train} 的值。',
    en: 'The batch size {batch} is larger than the {train} training rows: choose at most {train}.',
  },
  csvLocal: { zh: '你的 CSV（仅在本浏览器中）', en: 'your CSV (in this browser only)' },
  csvLocalOnly: {
    zh: '链接不会包含你的 CSV：它只在本浏览器中。请使用“在服务器上运行”按钮获取可分享的链接。',
    en: 'A link would not include your CSV, which stays in this browser: use "Run on the server" for a shareable link.',
  },
  csvBuiltin: { zh: '重新使用内置数据', en: 'use the built-in data again' },
  csvShare: { zh: '在服务器上运行并获取可分享的链接', en: 'Run on the server and get a shareable link' },
  csvUploading: { zh: '正在上传…', en: 'uploading…' },
  csvUploadFailed: { zh: '服务器未接受该文件：', en: 'The server did not take the file: ' },
  csvLink: { zh: '可分享的链接', en: 'shareable link' },
  intsEntry: {
    zh: '“{entry}”不是 {min} 到 {max} 之间的整数：请用逗号分隔各层的宽度（如 64,32,16）。',
    en: '"{entry}" is not a whole number from {min} to {max}: give each layer\'s size, comma-separated (e.g. 64,32,16).',
  },
  numberEntry: {
    zh: '“{entry}”不是 {min} 到 {max} 之间的整数。',
    en: '"{entry}" is not a whole number from {min} to {max}.',
  },
  listEmpty: { zh: '请至少选择一项。', en: 'Pick at least one.' },
  intsCount: {
    zh: '共 {count} 层：最多 {maxItems} 层。',
    en: '{count} layers: at most {maxItems} are allowed.',
  },
  csvUnknown: {
    zh: '服务器上没有数据集 {dataset}：改为使用内置数据。',
    en: 'The server has no dataset {dataset}: showing the built-in data instead.',
  },
  normTitle: {
    zh: '归一化：同一场竞赛，无归一化、批归一化、层归一化',
    en: 'Normalisation: one race, no norm, batch norm, layer norm',
  },
  normNone: { zh: '无归一化', en: 'no normalisation' },
  normBatch: { zh: '批归一化', en: 'batch norm' },
  normLayer: { zh: '层归一化', en: 'layer norm' },
  residualTitle: {
    zh: '残差缩放：同一残差网络的四种分支缩放',
    en: 'Residual scaling: four ways to scale the branches',
  },
  residualOf: {
    zh: '初始化：{init}；每条曲线是同一网络的一种分支缩放方式。',
    en: 'Initialiser: {init}; each curve is the same net with another way of scaling its branches.',
  },
  scaleNone: { zh: '不缩放 h + F(h)', en: 'plain h + F(h)' },
  scaleDepth: { zh: 'GPT-2 深度缩放 1/√(2L)', en: 'GPT-2 depth scaling 1/√(2L)' },
  scaleSkipinit: { zh: 'SkipInit（α 初始为 0）', en: 'SkipInit (α starts at 0)' },
  scaleRezero: { zh: 'ReZero（α 初始为 0，无归一化层）', en: 'ReZero (α starts at 0, no norm layers)' },
  scaling: { zh: '分支缩放', en: 'branch scaling' },
  initialLoss: { zh: '初始训练损失', en: 'train loss at init' },
  sameCurves: {
    zh: '{a} 与 {b} 的损失逐步相同：没有归一化层时，两者是同一个模型。',
    en: '{a} and {b} have the same loss at every step: without norm layers they are the same model.',
  },
  widthTitle: {
    zh: '宽度迁移：最佳学习率是否随宽度移动（标准参数化与 μP）',
    en: 'Width transfer: does the best learning rate move with width? (SP and μP)',
  },
  paramSp: { zh: '标准参数化（SP）', en: 'standard parametrisation (SP)' },
  paramMup: { zh: 'μP（基准宽度 64）', en: 'μP (base width 64)' },
  log2Lr: { zh: 'log₂ 学习率', en: 'log₂ learning rate' },
  bestLr: { zh: '最佳学习率', en: 'best learning rate' },
  lossShort: { zh: '损失', en: 'loss' },
  widthN: { zh: '宽度 {width}', en: 'width {width}' },
  widthWord: { zh: '宽度', en: 'width' },
  widthCaption: {
    zh: '{source}：yang2022 实验，2 个隐藏层的 ReLU MLP，MNIST，He 正态初始化，SGD，每个学习率训练 {steps} 步，种子 {seed}；曲线中断处为发散。',
    en: '{source}: the yang2022 experiment, ReLU MLPs with 2 hidden layers on MNIST, He normal, SGD, {steps} steps at each learning rate, seed {seed}; a curve breaks where a run diverged.',
  },
  apiWait: {
    zh: 'API 限制每分钟的新运行数：{secs} 秒后继续',
    en: 'the API limits new runs per minute: continuing in {secs} s',
  },
} as const;

export type LabelKey = keyof typeof L;
/** The widgets' strings, for the tests that hold both languages to each other. */
export const WIDGET_LABELS: Record<LabelKey, { zh: string; en: string }> = L;
export type Vars = Record<string, string | number>;

/** `{name}` in a string, filled from `vars` (an unknown name stays as written, so a gap shows). */
export const fill = (text: string, vars: Vars = {}): string =>
  text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));

export const label = (k: LabelKey, lang: Lang, vars?: Vars): string => fill(L[k][lang], vars);
