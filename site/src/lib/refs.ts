/** The bibliography: one entry per source the article cites. Numbers follow this order. */
export interface Reference {
  id: string;
  authors: string;
  title: string;
  venue: string;
  year: number;
  url: string;
}

export const REFERENCES: readonly Reference[] = [
  {
    id: 'lecun1998',
    authors: 'Y. LeCun, L. Bottou, G. B. Orr, K.-R. Müller',
    title: 'Efficient BackProp',
    venue: 'Neural Networks: Tricks of the Trade, LNCS 1524',
    year: 1998,
    url: 'https://doi.org/10.1007/3-540-49430-8_2',
  },
  {
    id: 'glorot2010',
    authors: 'X. Glorot, Y. Bengio',
    title: 'Understanding the difficulty of training deep feedforward neural networks',
    venue: 'AISTATS, PMLR 9',
    year: 2010,
    url: 'https://proceedings.mlr.press/v9/glorot10a.html',
  },
  {
    id: 'he2015',
    authors: 'K. He, X. Zhang, S. Ren, J. Sun',
    title: 'Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification',
    venue: 'ICCV',
    year: 2015,
    url: 'https://arxiv.org/abs/1502.01852',
  },
  {
    id: 'saxe2013',
    authors: 'A. M. Saxe, J. L. McClelland, S. Ganguli',
    title: 'Exact solutions to the nonlinear dynamics of learning in deep linear neural networks',
    venue: 'ICLR 2014 (arXiv 2013)',
    year: 2013,
    url: 'https://arxiv.org/abs/1312.6120',
  },
  {
    id: 'mishkin2015',
    authors: 'D. Mishkin, J. Matas',
    title: 'All you need is a good init',
    venue: 'ICLR 2016 (arXiv 2015)',
    year: 2015,
    url: 'https://arxiv.org/abs/1511.06422',
  },
  {
    id: 'klambauer2017',
    authors: 'G. Klambauer, T. Unterthiner, A. Mayr, S. Hochreiter',
    title: 'Self-Normalizing Neural Networks',
    venue: 'NeurIPS',
    year: 2017,
    url: 'https://arxiv.org/abs/1706.02515',
  },
  {
    id: 'poole2016',
    authors: 'B. Poole, S. Lahiri, M. Raghu, J. Sohl-Dickstein, S. Ganguli',
    title: 'Exponential expressivity in deep neural networks through transient chaos',
    venue: 'NeurIPS',
    year: 2016,
    url: 'https://arxiv.org/abs/1606.05340',
  },
  {
    id: 'schoenholz2017',
    authors: 'S. S. Schoenholz, J. Gilmer, S. Ganguli, J. Sohl-Dickstein',
    title: 'Deep Information Propagation',
    venue: 'ICLR',
    year: 2017,
    url: 'https://arxiv.org/abs/1611.01232',
  },
  {
    id: 'pennington2017',
    authors: 'J. Pennington, S. S. Schoenholz, S. Ganguli',
    title: 'Resurrecting the sigmoid in deep learning through dynamical isometry: theory and practice',
    venue: 'NeurIPS',
    year: 2017,
    url: 'https://arxiv.org/abs/1711.04735',
  },
  {
    id: 'goyal2017',
    authors: 'P. Goyal, P. Dollár, R. Girshick, P. Noordhuis, et al.',
    title: 'Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour',
    venue: 'arXiv',
    year: 2017,
    url: 'https://arxiv.org/abs/1706.02677',
  },
  {
    id: 'zhang2019',
    authors: 'H. Zhang, Y. N. Dauphin, T. Ma',
    title: 'Fixup Initialization: Residual Learning Without Normalization',
    venue: 'ICLR',
    year: 2019,
    url: 'https://arxiv.org/abs/1901.09321',
  },
  {
    id: 'bachlechner2020',
    authors: 'T. Bachlechner, B. P. Majumder, H. H. Mao, G. W. Cottrell, J. McAuley',
    title: 'ReZero is All You Need: Fast Convergence at Large Depth',
    venue: 'UAI 2021 (arXiv 2020)',
    year: 2020,
    url: 'https://arxiv.org/abs/2003.04887',
  },
  {
    id: 'yang2021',
    authors: 'G. Yang, E. J. Hu',
    title: 'Tensor Programs IV: Feature Learning in Infinite-Width Neural Networks',
    venue: 'ICML',
    year: 2021,
    url: 'https://arxiv.org/abs/2011.14522',
  },
  {
    id: 'yang2022',
    authors: 'G. Yang, E. J. Hu, I. Babuschkin, S. Sidor, X. Liu, D. Farhi, N. Ryder, J. Pachocki, W. Chen, J. Gao',
    title: 'Tensor Programs V: Tuning Large Neural Networks via Zero-Shot Hyperparameter Transfer',
    venue: 'arXiv',
    year: 2022,
    url: 'https://arxiv.org/abs/2203.03466',
  },
  {
    id: 'wang2022',
    authors: 'H. Wang, S. Ma, L. Dong, S. Huang, D. Zhang, F. Wei',
    title: 'DeepNet: Scaling Transformers to 1,000 Layers',
    venue: 'arXiv',
    year: 2022,
    url: 'https://arxiv.org/abs/2203.00555',
  },
  {
    id: 'zhu2021',
    authors: 'C. Zhu, R. Ni, Z. Xu, K. Kong, W. R. Huang, T. Goldstein',
    title: 'GradInit: Learning to Initialize Neural Networks for Stable and Efficient Training',
    venue: 'NeurIPS',
    year: 2021,
    url: 'https://arxiv.org/abs/2102.08098',
  },
  {
    id: 'tfjs8594',
    authors: 'TensorFlow.js issue tracker',
    title: 'tensorflow/tfjs#8594: normal VarianceScaling initializers lack the truncation correction',
    venue: 'GitHub',
    year: 2025,
    url: 'https://github.com/tensorflow/tfjs/issues/8594',
  },
  {
    id: 'pytorchinit',
    authors: 'PyTorch documentation',
    title: 'torch.nn.init and torch.nn.Linear',
    venue: 'pytorch.org',
    year: 2024,
    url: 'https://pytorch.org/docs/stable/nn.init.html',
  },
  {
    id: 'kerasinit',
    authors: 'Keras documentation',
    title: 'Layer weight initializers',
    venue: 'keras.io',
    year: 2024,
    url: 'https://keras.io/api/layers/initializers/',
  },
  {
    id: 'jaxinit',
    authors: 'JAX documentation',
    title: 'jax.nn.initializers',
    venue: 'jax.readthedocs.io',
    year: 2024,
    url: 'https://jax.readthedocs.io/en/latest/jax.nn.initializers.html',
  },
  {
    id: 'tf2migrate',
    authors: 'TensorFlow documentation',
    title: 'Migrate to TensorFlow 2 (tf.contrib is removed)',
    venue: 'tensorflow.org',
    year: 2019,
    url: 'https://www.tensorflow.org/guide/migrate',
  },
  {
    id: 'playground',
    authors: 'D. Smilkov, S. Carter',
    title: 'TensorFlow Playground',
    venue: 'playground.tensorflow.org',
    year: 2016,
    url: 'https://playground.tensorflow.org',
  },
];

export function referenceNumber(id: string): number {
  const i = REFERENCES.findIndex((r) => r.id === id);
  if (i < 0) throw new Error(`unknown reference id "${id}"`);
  return i + 1;
}
