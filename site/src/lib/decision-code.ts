/**
 * The decision table's advice as code, per framework: the initialisers through the engine's own code generator (the
 * one the widgets' "equivalent code" uses), then the normalisation layers, zero-initialised residual branches and μP,
 * which no initialiser call expresses.
 */
import { CODE_CONVENTIONS, equivalentCode, type InitId } from '../../../src/index.ts';
import type { Lang } from '../widgets/labels.ts';
import { type CodeTab, codeLangOf, commentOf, FRAMEWORK_LABELS, FRAMEWORKS, type Framework } from './tabs.ts';

type Text = Record<Lang, string>;

const FANS = { fanIn: 256, fanOut: 256 };

const INIT_LINES: { init: InitId; title: Text }[] = [
  {
    init: 'he_normal',
    title: { en: 'ReLU family, plain net: He (Kaiming) normal', zh: 'ReLU 一族、普通网络：He（Kaiming）正态' },
  },
  {
    init: 'glorot_uniform',
    title: { en: 'tanh / sigmoid / linear: Glorot uniform', zh: 'tanh / sigmoid / 线性：Glorot 均匀' },
  },
  { init: 'lecun_normal', title: { en: 'SELU: LeCun normal', zh: 'SELU：LeCun 正态' } },
  { init: 'orthogonal', title: { en: 'very deep linear or recurrent: orthogonal', zh: '极深线性或循环：正交' } },
];

/** The parts of the table that are layers and optimisers, not initialisers: one topic, its code in each framework. */
const EXTRA: { title: Text; code: Record<Framework, string> }[] = [
  {
    title: {
      en: 'a norm layer before each activation (γ = 1, β = 0 by default)',
      zh: '每个激活前一个归一化层（默认 γ = 1、β = 0）',
    },
    code: {
      pytorch:
        'block = nn.Sequential(nn.Linear(256, 256), nn.LayerNorm(256), nn.ReLU())  # or nn.BatchNorm1d(256), momentum=0.1',
      keras:
        'keras.Sequential([keras.layers.Dense(256), keras.layers.LayerNormalization(), keras.layers.ReLU()])\n# BatchNormalization(momentum=0.9) is PyTorch’s momentum=0.1: Keras weights the old average',
      jax: 'import flax.linen as fnn\nfnn.LayerNorm()  # or fnn.BatchNorm(use_running_average=not train, momentum=0.9)',
      tfjs: "tf.layers.layerNormalization();  // or tf.layers.batchNormalization({momentum: 0.9}), PyTorch's momentum=0.1",
    },
  },
  {
    title: {
      en: 'residual branch with batch norm: its last γ starts at 0',
      zh: '带批归一化的残差分支：最后一个 γ 从 0 开始',
    },
    code: {
      pytorch: 'nn.init.zeros_(branch[-1].weight)  # branch[-1] is the branch’s last nn.BatchNorm1d',
      keras: "keras.layers.BatchNormalization(gamma_initializer='zeros')  # the branch's last layer",
      jax: 'fnn.BatchNorm(use_running_average=not train, scale_init=jax.nn.initializers.zeros)',
      tfjs: "tf.layers.batchNormalization({gammaInitializer: 'zeros'});",
    },
  },
  {
    title: { en: 'residual branch without normalisation: SkipInit', zh: '没有归一化的残差分支：SkipInit' },
    code: {
      pytorch: 'import torch\nself.alpha = nn.Parameter(torch.zeros(()))  # forward: x + self.alpha * self.branch(x)',
      keras: "self.alpha = self.add_weight(shape=(), initializer='zeros')  # call: x + self.alpha * self.branch(x)",
      jax: "alpha = self.param('alpha', jax.nn.initializers.zeros, ())  # x + alpha * branch(x)",
      tfjs: '// a custom layer with one trainable scalar weight, initialised to 0: x + alpha * branch(x)',
    },
  },
  {
    title: { en: 'μP', zh: 'μP' },
    code: {
      pytorch: [
        '# the mup package (pip install mup); in Net the output layer nn.Linear(width, 10) becomes MuReadout(width, 10)',
        'from mup import MuReadout, MuSGD, set_base_shapes',
        'model = Net(width=512)',
        'set_base_shapes(model, Net(width=64), delta=Net(width=128))',
        '# re-run any custom init after set_base_shapes, with mup.init’s functions',
        'opt = MuSGD(model.parameters(), lr=lr)  # MuAdam for Adam',
      ].join('\n'),
      keras:
        '# no μP package is maintained for Keras: scale each layer’s init and learning rate by Table 3 of Yang et al. 2022',
      jax: '# third-party ports of mup exist for Haiku (haiku-mup) and Flax (flax-mup); or scale by Table 3 of Yang et al. 2022',
      tfjs: '// no μP package for TF.js: scale each layer’s init and learning rate by Table 3 of Yang et al. 2022',
    },
  },
];

/** One tab per framework, in the frameworks' usual order. */
export function decisionCodeTabs(lang: Lang): CodeTab[] {
  const inits = INIT_LINES.map((l) => ({ title: l.title, code: equivalentCode(l.init, {}, FANS) }));
  return FRAMEWORKS.map((fw) => {
    const c = commentOf(fw);
    const lines = [`${c} ${CODE_CONVENTIONS[fw]}`, `${c} fan_in = fan_out = 256`];
    for (const l of inits) lines.push(`${c} ${l.title[lang]}`, l.code[fw]);
    for (const e of EXTRA) lines.push(`${c} ${e.title[lang]}`, e.code[fw]);
    return { id: fw, label: FRAMEWORK_LABELS[fw], codeLang: codeLangOf(fw), code: lines.join('\n') };
  });
}
