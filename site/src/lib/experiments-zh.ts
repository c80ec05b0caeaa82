/**
 * Chinese for the experiments' English strings. Claims and explanations are written per paper; the engine's check
 * statements and evidence labels are matched by pattern, and every number in them is carried over from the engine's
 * own text, never retyped. A string no pattern matches is shown in English (and a test lists it).
 */
import type { ExperimentName } from '../../../src/index.ts';

/** What each paper showed. */
export const ZH_CLAIMS: Record<ExperimentName, string> = {
  glorot2010:
    '使用“标准”初始化 U(±1/√n) 时，深层 tanh 网络的激活逐层缩小、反向传播梯度在各层之间变化；归一化（Glorot）初始化让两者在各层大致保持不变；使用 sigmoid 与标准初始化时，最顶层隐藏层在训练早期就饱和。',
  he2015:
    '以标准差 √(1/n)（论文中的“Xavier”）初始化的 30 层 ReLU 网络停滞不前，而 He 初始化（√(2/n)）能收敛；22 层时两者都能收敛，且 He 更快。',
  saxe2013:
    '在深层线性网络中，达到训练损失阈值所需的步数：随机正交初始化几乎不随深度变化，缩放高斯初始化则随深度增长。',
  schoenholz2017:
    '随机 tanh 网络只在深度不超过约 6 ξ_c（平均场相关深度尺度）时可训练，因此可训练区域紧贴 ξ_c 发散的有序/混沌边界；远离临界点时，深层网络无法训练。',
  lsuv2015:
    'LSUV 之后每层输出方差都在 1 ± 0.1 之内，且用 LSUV 初始化的深而窄的网络，训练速度至少与标准的 He 或 Glorot 方案一样快。',
  fixup2019:
    '在没有归一化的残差网络中，He 初始化使输出方差随深度增长、在标准学习率下训练不稳定；Fixup（初始化时输出为零）在同一学习率下可以训练。',
  ioffe2015:
    '加上批归一化后，深层 ReLU 网络能从尺度很差的初始权重——N(0, 0.01²)、N(0, 1)、Glorot——出发完成训练，而没有归一化的同一网络会停滞或发散。',
  yang2022:
    '在标准参数化下，让 MLP 训练得最好的学习率会随宽度移动；在 μP 下它保持不动，而且更宽的网络在这个学习率上训练得更好。',
  de2020:
    '没有归一化的深层残差网络，若每个分支末端乘上一个初值为 0 的可学习标量（SkipInit）就能训练，而同一网络用普通 He 分支会失败；加上批归一化后两者都能训练。',
};

/** Where in each paper the reproduced result is (the engine's `paper.where`). */
export const ZH_WHERE: Record<ExperimentName, string> = {
  glorot2010: '图 2、6 和 7',
  he2015: '第 2.2 节，图 2 和 3',
  saxe2013: '第 3 节，图 6A，学习时间随深度的变化',
  schoenholz2017: '第 5 节，图 5，可训练深度随 σ_w² 的变化及 6 ξ_c 曲线',
  lsuv2015: '算法 1；第 4 节，FitNets 在 MNIST/CIFAR 上与其他初始化的训练速度比较',
  fixup2019: '第 2–3 节，初始化时残差网络的输出方差；第 4 节，不用归一化的训练',
  de2020: '第 4 节，SkipInit——不用归一化训练深层残差网络',
  ioffe2015: '第 3.3 节，批归一化允许更大的学习率——BN(aW·u) = BN(W·u)',
  yang2022: '图 3，用 SGD 训练的 MLP 在各宽度下训练损失随学习率的变化，SP 与 μP；表 3',
};

type Rule = [RegExp, string];

const STATEMENTS: Rule[] = [
  [
    /^With tanh and the standard init, activation std shrinks layer by layer and back-propagated gradient std changes across layers\.$/,
    '使用 tanh 与标准初始化时，激活标准差逐层缩小，反向传播梯度标准差在各层之间变化。',
  ],
  [
    /^With tanh and Glorot init, activation and back-propagated gradient std stay close across layers\.$/,
    '使用 tanh 与 Glorot 初始化时，激活与反向传播梯度的标准差在各层之间保持接近。',
  ],
  [
    /^With sigmoid and the standard init, the top hidden layer saturates \(mean activation → 0\) early in training\.$/,
    '使用 sigmoid 与标准初始化时，最顶层隐藏层在训练早期饱和（平均激活 → 0）。',
  ],
  [/^At (\d+) layers, √\(1\/n\) stalls while He converges\.$/, '$1 层时，√(1/n) 停滞，而 He 收敛。'],
  [/^At (\d+) layers both converge and He is faster\.$/, '$1 层时两者都收敛，且 He 更快。'],
  [
    /^With orthogonal init, time to criterion stays nearly flat with depth\.$/,
    '正交初始化下，达到阈值所需的步数几乎不随深度变化。',
  ],
  [
    /^With scaled Gaussian init, time to criterion grows with depth\.$/,
    '缩放高斯初始化下，达到阈值所需的步数随深度增长。',
  ],
  [/^Trainability follows depth ≤ (\d+) ξ_c\.$/, '可训练性服从 深度 ≤ $1 ξ_c。'],
  [
    /^Nets near the order\/chaos boundary train at every depth of the grid\.$/,
    '靠近有序/混沌边界的网络在网格的每个深度上都可训练。',
  ],
  [/^Far from criticality the deepest nets fail\.$/, '远离临界点时，最深的网络无法训练。'],
  [/^After LSUV every layer’s output variance is (.+)\.$/, 'LSUV 之后每层的输出方差都在 $1 之内。'],
  [
    /^A (\d+)-layer net trains at least about as fast with LSUV as with the better of He and Glorot\.$/,
    '$1 层网络用 LSUV 初始化，训练至少与 He、Glorot 中较好者大致一样快。',
  ],
  [
    /^At init, the output variance grows with depth under He and is zero under Fixup\.$/,
    '初始化时，He 下输出方差随深度增长，Fixup 下输出为零。',
  ],
  [
    /^At (\d+) blocks and SGD lr ([\d.]+), He fails and Fixup trains\.$/,
    '$1 个残差块、SGD 学习率 $2 时，He 训练失败而 Fixup 可以训练。',
  ],
  [
    /^At (\d+) blocks and SGD lr ([\d.]+) without normalisation, plain He branches fail and SkipInit trains\.$/,
    '$1 个残差块、SGD 学习率 $2、没有归一化时，普通 He 分支训练失败而 SkipInit 可以训练。',
  ],
  [
    /^With batch norm, plain He branches and SkipInit both train\.$/,
    '加上批归一化后，普通 He 分支与 SkipInit 都能训练。',
  ],
  [
    /^At (\d+) layers and SGD lr ([\d.]+) without normalisation, the net stalls or diverges from each init\.$/,
    '$1 层、SGD 学习率 $2、没有归一化时，网络从每种初始化出发都停滞或发散。',
  ],
  [/^With batch norm, the same net trains from each init\.$/, '加上批归一化后，同一网络从每种初始化出发都能训练。'],
  [/^Under SP, the best learning rate moves across widths ([\d, ]+)\.$/, '在 SP 下，最佳学习率随宽度 $1 移动。'],
  [
    /^Under μP, it stays within one grid step, inside the grid\.$/,
    '在 μP 下，它保持在一个网格步之内，且位于网格内部。',
  ],
  [/^Under μP, the widest net trains better at its best rate\.$/, '在 μP 下，最宽的网络在其最佳学习率上训练得更好。'],
];

const WHO: Record<string, string> = { standard: '标准初始化', glorot: 'Glorot', sigmoid: 'sigmoid' };

const LABELS: Rule[] = [
  [/^standard: activation std decreases at every hidden layer$/, '标准初始化：激活标准差在每个隐藏层都下降'],
  [/^standard: activation std, top \/ bottom hidden layer$/, '标准初始化：激活标准差，最顶层 / 最底层隐藏层'],
  [
    /^(standard|glorot): back-propagated gradient std, max \/ min over hidden layers$/,
    '{$1}：反向传播梯度标准差，各隐藏层最大 / 最小',
  ],
  [/^glorot: activation std, max \/ min over hidden layers$/, 'Glorot：激活标准差，各隐藏层最大 / 最小'],
  [
    /^sigmoid: lowest mean activation of the top hidden layer in the first half of training$/,
    'sigmoid：训练前半程最顶层隐藏层的最低平均激活',
  ],
  [
    /^sigmoid: at that checkpoint the top hidden layer has the lowest mean of all hidden layers$/,
    'sigmoid：该检查点上最顶层隐藏层的平均激活是所有隐藏层中最低的',
  ],
  [/^(\d+) layers, √\(1\/n\): final train loss$/, '$1 层，√(1/n)：最终训练损失'],
  [/^(\d+) layers, (He|√\(1\/n\)): steps to train loss ≤ ln\(10\)\/2$/, '$1 层，$2：训练损失降到 ln(10)/2 所需步数'],
  [/^(\d+) layers: He's steps to ln\(10\)\/2 minus √\(1\/n\)'s$/, '$1 层：He 达到 ln(10)/2 的步数减去 √(1/n) 的步数'],
  [/^orthogonal: steps to criterion, (\d+) \/ (\d+) hidden layers$/, '正交：达到阈值的步数，$1 层与 $2 层之比'],
  [
    /^scaled Gaussian: steps to criterion, (\d+) \/ (\d+) hidden layers$/,
    '缩放高斯：达到阈值的步数，$1 层与 $2 层之比',
  ],
  [/^fraction of grid cells where observed = predicted trainability$/, '实测与预测可训练性一致的网格格子比例'],
  [
    /^critical σ_w² \(χ₁ = 1\) inside the grid, from the theory module$/,
    '理论模块给出的、位于网格内的临界 σ_w²（χ₁ = 1）',
  ],
  [/^critical σ_w² \(χ₁ = 1\) from the theory module$/, '理论模块给出的临界 σ_w²（χ₁ = 1）'],
  [/^σ_w² = ([\d.]+) trains at depth (\d+)$/, 'σ_w² = $1 在深度 $2 可训练'],
  [/^σ_w² = ([\d.]+) fails at depth (\d+)$/, 'σ_w² = $1 在深度 $2 训练失败'],
  [/^largest \|output variance − 1\| over all layers after LSUV$/, 'LSUV 后各层 |输出方差 − 1| 的最大值'],
  [
    /^LSUV mean train loss over the run \/ the better of He and Glorot$/,
    'LSUV 全程平均训练损失 / He 与 Glorot 中较好者',
  ],
  [/^He: output std increases with every depth of (.+) blocks$/, 'He：输出标准差在 $1 个残差块上逐级增大'],
  [/^He: output std at (\d+) blocks \/ at (\d+)$/, 'He：$1 个残差块与 $2 个残差块的输出标准差之比'],
  [/^Fixup: largest output std over those depths$/, 'Fixup：这些深度上输出标准差的最大值'],
  [/^He: final train loss \(diverged counts as failed\)$/, 'He：最终训练损失（发散计为失败）'],
  [/^Fixup: did not diverge$/, 'Fixup：未发散'],
  [/^Fixup: final train loss$/, 'Fixup：最终训练损失'],
  [/^He branches: final train loss \(diverged counts as failed\)$/, 'He 分支：最终训练损失（发散计为失败）'],
  [/^He branches \+ batch norm: did not diverge$/, 'He 分支 + 批归一化：未发散'],
  [/^He branches \+ batch norm: final train loss$/, 'He 分支 + 批归一化：最终训练损失'],
  [/^SkipInit \+ batch norm: did not diverge$/, 'SkipInit + 批归一化：未发散'],
  [/^SkipInit \+ batch norm: final train loss$/, 'SkipInit + 批归一化：最终训练损失'],
  [/^SkipInit: did not diverge$/, 'SkipInit：未发散'],
  [/^SkipInit: final train loss$/, 'SkipInit：最终训练损失'],
  [
    /^(N\(0, 0\.01²\)|N\(0, 1\)|Glorot normal): final train loss \(diverged counts as failed\)$/,
    '$1：最终训练损失（发散计为失败）',
  ],
  [/^(N\(0, 0\.01²\)|N\(0, 1\)|Glorot normal) \+ batch norm: did not diverge$/, '$1 + 批归一化：未发散'],
  [/^(N\(0, 0\.01²\)|N\(0, 1\)|Glorot normal) \+ batch norm: final train loss$/, '$1 + 批归一化：最终训练损失'],
  [/^SP: grid steps the best learning rate moves across the widths$/, 'SP：各宽度最佳学习率跨越的网格步数'],
  [/^μP: grid steps the best learning rate moves across the widths$/, 'μP：各宽度最佳学习率跨越的网格步数'],
  [
    /^μP: widths whose best rate lies inside the grid \(not at its ends\)$/,
    'μP：最佳学习率位于网格内部（不在两端）的宽度个数',
  ],
  [
    /^μP: best final train loss at the narrowest width minus at the widest$/,
    'μP：最窄宽度的最佳最终训练损失减去最宽宽度的',
  ],
];

function translate(rules: readonly Rule[], text: string): string | undefined {
  for (const [re, zh] of rules)
    if (re.test(text)) return text.replace(re, zh).replace(/\{(\w+)\}/g, (_, w) => WHO[w] ?? w);
  return undefined;
}

export const zhStatement = (text: string) => translate(STATEMENTS, text);
export const zhLabel = (text: string) => translate(LABELS, text);
