/** The papers (and, for library defaults, the documentation) behind each initializer. */
import type { Reference } from './spec.ts';

export const RUMELHART_1986: Reference = {
  authors: 'David E. Rumelhart, Geoffrey E. Hinton, Ronald J. Williams',
  title: 'Learning representations by back-propagating errors',
  year: 1986,
  url: 'https://doi.org/10.1038/323533a0',
};

export const KRIZHEVSKY_2012: Reference = {
  authors: 'Alex Krizhevsky, Ilya Sutskever, Geoffrey E. Hinton',
  title: 'ImageNet Classification with Deep Convolutional Neural Networks',
  year: 2012,
  url: 'https://papers.nips.cc/paper/2012/hash/c399862d3b9d6b76c8436e924a68c45b-Abstract.html',
};

export const KERAS_RANDOM_UNIFORM: Reference = {
  authors: 'François Chollet and the Keras team',
  title: 'Keras initializers: RandomUniform (default U(−0.05, 0.05))',
  year: 2015,
  url: 'https://keras.io/api/layers/initializers/#randomuniform-class',
};

export const GLOROT_2010: Reference = {
  authors: 'Xavier Glorot, Yoshua Bengio',
  title: 'Understanding the difficulty of training deep feedforward neural networks',
  year: 2010,
  url: 'https://proceedings.mlr.press/v9/glorot10a.html',
};

export const HE_2015: Reference = {
  authors: 'Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun',
  title: 'Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification',
  year: 2015,
  url: 'https://arxiv.org/abs/1502.01852',
};

export const LECUN_1998: Reference = {
  authors: 'Yann LeCun, Léon Bottou, Genevieve B. Orr, Klaus-Robert Müller',
  title: 'Efficient BackProp',
  year: 1998,
  url: 'https://doi.org/10.1007/3-540-49430-8_2',
};

export const SAXE_2013: Reference = {
  authors: 'Andrew M. Saxe, James L. McClelland, Surya Ganguli',
  title: 'Exact solutions to the nonlinear dynamics of learning in deep linear neural networks',
  year: 2013,
  url: 'https://arxiv.org/abs/1312.6120',
};

export const PYTORCH_LINEAR: Reference = {
  authors: 'PyTorch contributors',
  title: 'torch.nn.Linear: weights and biases ~ U(−1/√in_features, 1/√in_features)',
  year: 2016,
  url: 'https://pytorch.org/docs/stable/generated/torch.nn.Linear.html',
};

export const MISHKIN_2015: Reference = {
  authors: 'Dmytro Mishkin, Jiri Matas',
  title: 'All you need is a good init',
  year: 2015,
  url: 'https://arxiv.org/abs/1511.06422',
};

export const ZHANG_2019: Reference = {
  authors: 'Hongyi Zhang, Yann N. Dauphin, Tengyu Ma',
  title: 'Fixup Initialization: Residual Learning Without Normalization',
  year: 2019,
  url: 'https://arxiv.org/abs/1901.09321',
};

export const RADFORD_2019: Reference = {
  authors: 'Alec Radford, Jeffrey Wu, Rewon Child, David Luan, Dario Amodei, Ilya Sutskever',
  title: 'Language Models are Unsupervised Multitask Learners (GPT-2), §2.3',
  year: 2019,
  url: 'https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf',
};

export const DE_2020: Reference = {
  authors: 'Soham De, Samuel L. Smith',
  title: 'Batch Normalization Biases Residual Blocks Towards the Identity Function in Deep Networks (SkipInit)',
  year: 2020,
  url: 'https://arxiv.org/abs/2002.10444',
};

export const BACHLECHNER_2020: Reference = {
  authors: 'Thomas Bachlechner, Bodhisattwa Prasad Majumder, Huanru Henry Mao, Garrison W. Cottrell, Julian McAuley',
  title: 'ReZero is All You Need: Fast Convergence at Large Depth',
  year: 2020,
  url: 'https://arxiv.org/abs/2003.04887',
};

export const YANG_2022: Reference = {
  authors:
    'Greg Yang, Edward J. Hu, Igor Babuschkin, Szymon Sidor, Xiaodong Liu, David Farhi, Nick Ryder, Jakub Pachocki, Weizhu Chen, Jianfeng Gao',
  title: 'Tensor Programs V: Tuning Large Neural Networks via Zero-Shot Hyperparameter Transfer (μP), Table 3',
  year: 2022,
  url: 'https://arxiv.org/abs/2203.03466',
};

export const JACOT_2018: Reference = {
  authors: 'Arthur Jacot, Franck Gabriel, Clément Hongler',
  title: 'Neural Tangent Kernel: Convergence and Generalization in Neural Networks',
  year: 2018,
  url: 'https://arxiv.org/abs/1806.07572',
};
