/** Targets from class labels: one 0/1 column for binary sets, one-hot rows for more classes. */
export function classTargets(labels: Int32Array, classes: number): Float32Array {
  if (classes === 2) return Float32Array.from(labels);
  const out = new Float32Array(labels.length * classes);
  labels.forEach((label, i) => {
    out[i * classes + label] = 1;
  });
  return out;
}

/** Output columns of a classification set: 1 for binary (sigmoid), else one per class (softmax). */
export function outputDimOf(classes: number): number {
  return classes === 2 ? 1 : classes;
}
