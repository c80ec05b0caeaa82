/**
 * The engine's verdict sentence in Chinese. The head ("the claim does not hold here: each check, seeds held") is
 * written from the checks themselves, so every check id has its Chinese reason whichever of them fails; the engine's
 * note after it (why a check failed, with its measured numbers) is matched sentence by sentence and every number is
 * carried over from the English, never retyped. A note no rule matches leaves the whole verdict in English (a test
 * lists it), rather than a Chinese head with an English tail.
 */
import type { ExperimentResult } from '../../../src/index.ts';

type Rule = [RegExp, string | ((...groups: string[]) => string)];

const N = String.raw`([\d.e+−-]+|n/a)`;

/** One rule per sentence the experiments' `noteOf` and `divergenceRemark` write. */
const NOTE_SENTENCES: Rule[] = [
  [
    new RegExp(
      String.raw`^Glorot init keeps the layers far closer than the standard init \(back-propagated gradient std spread ${N}× against ${N}×\), but not within the rule's ${N}×: ((?:(?:activation|back-propagated gradient) std spread ${N}×(?: and )?)+) \(seed medians\)\.`,
    ),
    (_, glorot, standard, rule, over) =>
      `Glorot 初始化让各层比标准初始化接近得多（反向传播梯度标准差的最大/最小之比为 ${glorot}×，标准初始化为 ${standard}×），但不在判据的 ${rule}× 之内：${over
        .replace(/back-propagated gradient std spread /g, '反向传播梯度标准差之比为 ')
        .replace(/activation std spread /g, '激活标准差之比为 ')
        .replace(/ and /g, '，')}（各种子的中位数）。`,
  ],
  [
    /^On square layers it gives tanh σ_w² = 1 with zero biases, the edge of chaos, where the mean-field variance has no positive fixed point and decays slowly with depth \(q ≈ 1\/\(2l\)\), and the gradients' variance shrinks by E\[tanh′²\] < 1 per layer going down\./,
    '在方形层上它相当于零偏置 tanh 网络的 σ_w² = 1，正处于混沌边缘——平均场方差没有正的不动点，随深度缓慢衰减（q ≈ 1/(2l)），而梯度的方差每向下一层乘以 E[tanh′²] < 1。',
  ],
  [
    new RegExp(
      String.raw`^With sigmoid and the standard init the top hidden layer's mean activation fell the most \(to ${N}, the lowest of all hidden layers on (\d+)/(\d+) seeds\) but did not reach saturation \(≤ ${N}\) within the first half of (\d+) SGD steps(?: \(a longer run can be asked for: sigmoidSteps up to (\d+)\))?\.`,
    ),
    (_, low, held, total, saturated, steps, max) =>
      `使用 sigmoid 与标准初始化时，最高隐藏层的平均激活降得最多（降到 ${low}，在 ${held}/${total} 个种子上是所有隐藏层中最低的），但在 ${steps} 个 SGD 训练步的前半程内没有达到饱和（≤ ${saturated}）${max ? `（可以用 sigmoidSteps 请求更长的运行，最多 ${max}）` : ''}。`,
  ],
  [
    new RegExp(
      String.raw`^At (\d+) layers He reached ln\(10\)/2 on (\d+)/(\d+) seeds \(median step ${N}\) but √\(1/n\) only on (\d+)/(\d+) within (\d+) steps: √\(1/n\) halves the forward signal's variance at every ReLU layer \(2\^−(\d+) over the net\), so it starts from a near-constant output and learns far more slowly; whether it converges later is beyond this run's budget \(steps up to (\d+)\)\.`,
    ),
    '$1 层时 He 在 $2/$3 个种子上达到 ln(10)/2（中位数第 $4 步），而 √(1/n) 在 $7 个训练步内只在 $5/$6 个种子上达到：√(1/n) 在每个 ReLU 层把前向信号的方差减半（整个网络为 2^−$8），网络从近乎常数的输出开始，学得慢得多；它之后是否收敛，超出了本次运行的训练步预算（steps 最多可设为 $9）。',
  ],
  [
    /^Deepest depth that reached ln\(10\)\/2 within (\d+) steps, per σ_w²: ([^.]*(?:\.\d[^.]*)*)\./,
    '各 σ_w² 在 $1 个训练步内达到 ln(10)/2 的最大深度：$2。',
  ],
  [
    /^Near the critical point not every depth reached it within (\d+) steps; the trainable region widens with training time \(steps up to (\d+)\)\./,
    '在临界点附近，并非每个深度都在 $1 个训练步内达到阈值；可训练区域随训练时长而扩大（steps 最多可设为 $2）。',
  ],
  [
    /^Layer norm at the same settings \(reported, not part of the verdict\): (.+?)\.(?= Diverged during training:|$)/,
    (_, rows) => `同样设置下的层归一化（只报告，不计入判定）：${layerNormRows(rows)}。`,
  ],
  [/^Best learning rate per width: (.+)\.$/, (_, rows) => `各宽度的最佳学习率：${optimaRows(rows)}。`],
  // A label may hold a decimal point (N(0, 0.01²)): the sentence ends at a point before a space or the end.
  [/^Diverged during training: (.*?)\.(?=\s|$)/, '训练中发散：$1。'],
];

const OUTCOME: [RegExp, string][] = [
  [/ partly trained \(final train loss /g, ' 部分训练（最终训练损失 '],
  [/ trained \(final train loss /g, ' 训练成功（最终训练损失 '],
  [/ stalled \(final train loss /g, ' 停滞（最终训练损失 '],
  [/ diverged at step (\d+)/g, ' 于第 $1 步发散'],
  [/seed (\d+)/g, '种子 $1'],
  [/\)(,|;|$)/g, '）$1'],
  [/, /g, '，'],
  [/; /g, '；'],
  [/: /g, '：'],
];

/** ioffe2015's per-init, per-seed outcomes under layer norm. */
function layerNormRows(rows: string): string {
  return OUTCOME.reduce((t, [re, zh]) => t.replace(re, zh), rows).replace(/N\(0，/g, 'N(0, ');
}

/** yang2022's best rate per width: "seed 1 — SP 64: 2^-2 (loss 0.1), …; μP …. seed 2 — …". */
function optimaRows(rows: string): string {
  return rows
    .replace(/seed (\d+) — /g, '种子 $1 — ')
    .replace(/ \(loss ([^)]+)\)/g, '（损失 $1）')
    .replace(/: none/g, '：无')
    .replace(/(\d+): /g, '$1：')
    .replace(/）, /g, '），')
    .replace(/; μP /g, '；μP ')
    .replace(/\. 种子/g, '。种子');
}

/** The parts of the Deepest-depth list and of the divergence list, whose words are the engine's. */
const PHRASES: [RegExp, string][] = [
  [/: none \(6ξ_c /g, '：无（6ξ_c '],
  [/: ≤ (\d+) \(6ξ_c /g, '：≤ $1（6ξ_c '],
  [/(6ξ_c [^)]*)\)/g, '$1）'],
  [/ \((\d+) layers, seed (\d+)\) at step (\d+)/g, '（$1 层，种子 $2）于第 $3 步'],
  // de2020's runs: "(He branches + batch norm, seed 2) at step 40".
  [/\((He branches|SkipInit)( \+ batch norm)?, seed (\d+)\) at step (\d+)/g, '（$1$2，种子 $3）于第 $4 步'],
  [/（He branches/g, '（He 分支'],
  [/ \+ batch norm，种子/g, ' + 批归一化，种子'],
  // ioffe2015's runs: "(N(0, 1), batch norm, seed 2) at step 40".
  [
    / \((N\(0, [^)]*\)|Glorot normal), (no normalisation|batch norm|layer norm), seed (\d+)\) at step (\d+)/g,
    '（$1，$2，种子 $3）于第 $4 步',
  ],
  [/，no normalisation，/g, '，无归一化，'],
  [/，batch norm，/g, '，批归一化，'],
  [/，layer norm，/g, '，层归一化，'],
  [/; /g, '；'],
];

function translateNote(note: string): string | undefined {
  const out: string[] = [];
  let rest = note.trim();
  while (rest) {
    const rule = NOTE_SENTENCES.find(([re]) => re.test(rest));
    if (!rule) return undefined;
    const [re, zh] = rule;
    const match = rest.match(re) as RegExpMatchArray;
    // String.replace takes a pattern string or a function alike; TypeScript's overloads want one at a time.
    out.push(match[0].replace(re, zh as string));
    rest = rest.slice(match[0].length).trim();
  }
  return out.map((s) => PHRASES.reduce((t, [re, zh]) => t.replace(re, zh as string), s)).join('');
}

const HEAD = /^The claim (?:holds|does not hold) here: [^.]*\.\s*/;

/** The verdict in Chinese, or undefined when part of its note has no rule yet. */
export function zhVerdict(r: Pick<ExperimentResult, 'checks' | 'verdict'>): string | undefined {
  const parts = r.checks.map((c) => `${c.id} ${c.holds ? '成立' : '不成立'}（${c.held}/${c.total}）`);
  const head = `${r.checks.every((c) => c.holds) ? '论断在此成立' : '论断在此不成立'}：${parts.join('；')}。`;
  const note = r.verdict.replace(HEAD, '');
  if (!note) return head;
  const zh = translateNote(note);
  return zh === undefined ? undefined : head + zh;
}
