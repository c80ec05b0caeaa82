/** The code panels' shape, and the frameworks every code panel set shows, in one order. */
export interface CodeTab {
  id: string;
  label: string;
  codeLang: string;
  code: string;
}

export const FRAMEWORK_LABELS = { tfjs: 'TF.js', keras: 'Keras 3', pytorch: 'PyTorch', jax: 'JAX' } as const;
export type Framework = keyof typeof FRAMEWORK_LABELS;
export const FRAMEWORKS = Object.keys(FRAMEWORK_LABELS) as Framework[];

/** A framework's line-comment marker and the language its panel is highlighted as. */
export const commentOf = (fw: Framework) => (fw === 'tfjs' ? '//' : '#');
export const codeLangOf = (fw: Framework) => (fw === 'tfjs' ? 'js' : 'python');
