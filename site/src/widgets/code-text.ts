/**
 * The "equivalent code" a widget offers for its state: each initializer in TF.js, Keras, PyTorch and JAX (from the
 * engine's code module, loaded when the reader opens the panel), and for the training widgets the optimizer, batch
 * and data settings, plus the CLI command and API URL that reproduce the run exactly.
 */
// Straight from the module, not the engine facade: the facade would pull tfjs in. This module is itself loaded
// only when the reader opens the code panel.
import { convLayerCode, equivalentCode } from '../../../src/init/code.ts';
import { type ConvShape, hiddenWidths, weightShape } from '../../../src/params/shape.ts';
import { type Query, toStrings } from './requests.ts';
import { kebab } from './state.ts';
import { isUserDataset } from './user-data.ts';

/** The state fields the initializer snippets depend on. */
const INIT_OPTIONS = ['activation', 'gain', 'truncated', 'value'] as const;

const snippet = (c: { tfjs: string; keras: string; pytorch: string; jax: string }) =>
  `TF.js:   ${c.tfjs}\nKeras:   ${c.keras}\nPyTorch: ${c.pytorch}\nJAX:     ${c.jax}`;

/** Each init's code for a dense layer of these fans, or for a convolution's kernel (its fans c_in·k², c_out·k²). */
export function initsCode(
  inits: readonly string[],
  state: Record<string, unknown>,
  layer: { fanIn: number; fanOut: number } | { conv: ConvShape },
): string {
  const options = Object.fromEntries(INIT_OPTIONS.filter((k) => k in state).map((k) => [k, state[k]]));
  const conv = 'conv' in layer ? layer.conv : null;
  const fans = conv ? weightShape({ fanIn: 0, fanOut: 0, ...conv }) : (layer as { fanIn: number; fanOut: number });
  const head = conv
    ? `# the kernel, by framework (fan_in = c_in·k² = ${fans.fanIn}, fan_out = c_out·k² = ${fans.fanOut})\n${snippet(convLayerCode(conv))}\n\n`
    : '';
  return (
    head +
    inits.map((init) => `# ${init}\n${snippet(equivalentCode(init as never, options as never, fans))}`).join('\n\n')
  );
}

/**
 * Each init's code for a request's hidden-to-hidden layers: depth × width has one shape (width → width); layer sizes
 * have one per pair of neighbours, each initialised with its own fans, and the code is written for the first.
 */
export function hiddenLayersCode(inits: readonly string[], state: Record<string, unknown>, request: Query): string {
  const sizes = hiddenWidths({
    depth: Number(request.depth),
    width: Number(request.width),
    widths: request.widths as readonly number[] | undefined,
  });
  const pairs = sizes.slice(1).map((n, i) => `${sizes[i]}→${n}`);
  const [fanIn, fanOut] = sizes.length > 1 ? [sizes[0], sizes[1]] : [sizes[0], sizes[0]];
  const head =
    new Set(pairs).size > 1
      ? `# layer sizes ${sizes.join(',')}: each hidden layer's initialiser takes its own fans (${pairs.join(', ')}); the code below is for the first, ${fanIn}→${fanOut}\n\n`
      : '';
  return head + initsCode(inits, state, { fanIn, fanOut });
}

interface Training {
  optimizer: string;
  lr: number;
  batchSize: number;
}

/** The engine's optimizers are PyTorch's (momentum 0.9 in the v ← 0.9·v + g form; Adam β = 0.9, 0.999). */
function optimizerCode({ optimizer, lr }: Training) {
  if (optimizer === 'adam')
    return {
      tfjs: `tf.train.adam(${lr})`,
      keras: `keras.optimizers.Adam(learning_rate=${lr})`,
      pytorch: `torch.optim.Adam(model.parameters(), lr=${lr})`,
      jax: `optax.adam(${lr})`,
    };
  if (optimizer === 'momentum')
    return {
      tfjs: `tf.train.momentum(${lr}, 0.9)`,
      keras: `keras.optimizers.SGD(learning_rate=${lr}, momentum=0.9)`,
      pytorch: `torch.optim.SGD(model.parameters(), lr=${lr}, momentum=0.9)`,
      jax: `optax.sgd(${lr}, momentum=0.9)`,
    };
  return {
    tfjs: `tf.train.sgd(${lr})`,
    keras: `keras.optimizers.SGD(learning_rate=${lr})`,
    pytorch: `torch.optim.SGD(model.parameters(), lr=${lr})`,
    jax: `optax.sgd(${lr})`,
  };
}

/** A word for a POSIX shell: as it is when it is plain, else single-quoted. */
const shellWord = (w: string) => (/^[\w.,:+-]+$/.test(w) ? w : `'${w.replaceAll("'", "'\\''")}'`);

/** The CLI command and API URL that reproduce a request exactly. */
function reproduction(request: Query, origin: string, target?: string): string[] {
  const q = toStrings(request);
  // A reader's CSV: the CLI reads the file itself (--data), and noise means nothing to it.
  const user = isUserDataset(q.dataset);
  const flags = Object.entries(q)
    .filter(([k]) => !user || k !== 'dataset')
    .map(([k, v]) => `--${kebab(k)} ${v}`);
  // The id is of the file with this label column: the CLI must pick the same one (its default is the last).
  if (user) flags.unshift(`--data YOUR_FILE.csv${target === undefined ? '' : ` --target ${shellWord(target)}`}`);
  return [
    `CLI:     npx initlab compare ${flags.join(' ')}`,
    `API:     ${origin.replace(/\/$/, '')}/api/v1/compare?${new URLSearchParams(q)}`,
  ];
}

/** The optimizer, batch and data every init of a compare shares, in each framework's words. */
function setupLines(t: Training, request: Query): string[] {
  const o = optimizerCode(t);
  const b = t.batchSize;
  const q = toStrings(request);
  const noise = q.noise === undefined ? '' : `, noise ${q.noise}`;
  const data = isUserDataset(q.dataset) ? `your CSV (${q.dataset})` : `${q.dataset}${noise}`;
  return [
    `# training (the same for every initialiser): ${data}, ${q.steps} steps`,
    `TF.js:   const optimizer = ${o.tfjs};  // batches of ${b}`,
    `Keras:   model.compile(optimizer=${o.keras}, loss=...); model.fit(x, y, batch_size=${b})`,
    `PyTorch: opt = ${o.pytorch}; loader = DataLoader(train, batch_size=${b}, shuffle=True)`,
    `JAX:     opt = ${o.jax}  # batches of ${b}`,
  ];
}

/** The training setup every init of a compare shares, and the exact reproduction of the request. */
export function trainingCode(t: Training, request: Query, origin: string, target?: string): string {
  const exact = ['', '# this exact run (same data, seed and result)', ...reproduction(request, origin, target)];
  return [...setupLines(t, request), ...exact].join('\n');
}

/**
 * The setup the compares of a side-by-side widget share, and each one's exact reproduction under its name, with the
 * API's SVG of its curves (one panel, for Markdown; it shares the compare's cache entry).
 */
export function variantsTrainingCode(t: Training, requests: readonly { name: string; query: Query }[], origin: string) {
  const svg = (q: Query) =>
    `SVG:     ${origin.replace(/\/$/, '')}/api/v1/charts/compare.svg?${new URLSearchParams(toStrings(q))}`;
  const runs = requests.flatMap((r) => [
    '',
    `# this exact run: ${r.name}`,
    ...reproduction(r.query, origin),
    svg(r.query),
  ]);
  return [...setupLines(t, requests[0].query), ...runs].join('\n');
}

/**
 * Where the engine's norm layer sits (after each hidden linear map, before its activation) in each framework, with
 * its settings: PyTorch's defaults (running averages with momentum 0.1, ε = 1e-5), which Keras, TF.js and Flax write
 * as momentum 0.9, the weight they give the old average.
 */
const NORM_LAYERS: Record<string, string[]> = {
  batch: [
    'TF.js:   tf.layers.batchNormalization({momentum: 0.9, epsilon: 1e-5})',
    'Keras:   keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-5)',
    'PyTorch: nn.BatchNorm1d(width)  # momentum 0.1, eps 1e-5: its defaults',
    'JAX:     flax.linen.BatchNorm(use_running_average=not train, momentum=0.9, epsilon=1e-5)',
  ],
  layer: [
    'TF.js:   tf.layers.layerNormalization({epsilon: 1e-5})',
    'Keras:   keras.layers.LayerNormalization(epsilon=1e-5)',
    'PyTorch: nn.LayerNorm(width)  # eps 1e-5: its default',
    'JAX:     flax.linen.LayerNorm(epsilon=1e-5)',
  ],
};

export function normLayersCode(): string {
  const order = '# each hidden layer: Dense/Linear → norm → activation (γ = 1, β = 0 at init)';
  return [order, '# batch norm', ...NORM_LAYERS.batch, '# layer norm', ...NORM_LAYERS.layer].join('\n');
}

/** Each residual branch scaling as PyTorch and Flax write it; `blocks` is L. */
export function residualScalesCode(blocks: number): string {
  return [
    `# a residual block: h = h + F(h), F = Linear → ReLU → Linear (${blocks} blocks)`,
    '# depth (GPT-2): the last layer of each branch drawn, then scaled',
    `PyTorch: with torch.no_grad(): branch[-1].weight.mul_(1 / math.sqrt(2 * ${blocks}))`,
    `JAX:     kernel_init=lambda k, s, d=jnp.float32: init(k, s, d) / jnp.sqrt(2 * ${blocks})  # init: the one above`,
    '# skipinit / rezero: a learnable scalar per branch, starting at 0 (rezero: and no norm layers)',
    'PyTorch: self.alpha = nn.Parameter(torch.zeros(()));  h = h + self.alpha * self.branch(h)',
    "JAX:     alpha = self.param('alpha', nn.initializers.zeros, ());  h = h + alpha * branch(h)",
  ].join('\n');
}

/**
 * μP for SGD as Tensor Programs V's Table 3 writes it and the engine runs it (src/train/parametrization.ts), relative
 * to a base width of 64 (m = width / 64), and the experiment run that reproduces the widget's figure.
 */
export function muPCode(settings: Record<string, string>, origin: string): string {
  const flags = Object.entries(settings).map(([k, v]) => `--${kebab(k)} ${v}`);
  return [
    '# μP with SGD, m = width / 64 (SP at width 64): the init std and learning rate of each layer',
    '#   input weights: std ×1, lr ×m · hidden weights: std ×1, lr ×1 · output weights: std ×1/√m, lr ×1/m',
    '#   biases: lr ×m (the output bias ×1)',
    'PyTorch: nn.init.normal_(out.weight, std=out_std / math.sqrt(m))',
    "         opt = torch.optim.SGD([{'params': [inp.weight, *hidden_biases], 'lr': lr * m},",
    "                                {'params': hidden_weights + [out.bias], 'lr': lr},",
    "                                {'params': [out.weight], 'lr': lr / m}], lr=lr)",
    'JAX:     optax.multi_transform({"in": optax.sgd(lr * m), "hidden": optax.sgd(lr), "out": optax.sgd(lr / m)}, labels)',
    '',
    '# this exact measurement (every width × learning rate, SP and μP)',
    `CLI:     npx initlab experiment yang2022 ${flags.join(' ')}`,
    `API:     ${origin.replace(/\/$/, '')}/api/v1/experiments/yang2022?${new URLSearchParams(settings)}`,
  ].join('\n');
}
