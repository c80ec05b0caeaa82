/**
 * Optimizers in PyTorch's form. The loss gradient handed to backprop is pre-multiplied by `gradScale`, so that the
 * learning rate of SGD and momentum is folded into the one small logits tensor instead of into every weight update:
 * - sgd:      p ← p − lr·g                              (g arrives as lr·g)
 * - momentum: v ← 0.9·v + g; p ← p − lr·v               (v kept as lr·v, the same for a constant lr)
 * - adam:     m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
 *             p ← p − (lr/(1−β₁ᵗ)) · m / (√v/√(1−β₂ᵗ) + ε),  β = (0.9, 0.999), ε = 1e-8
 */
import { tf } from '../backend.ts';
import type { OptimizerId } from '../params/index.ts';

export interface Optimizer {
  /** Factor applied to ∂loss/∂logits before backprop. */
  gradScale: number;
  /** New parameters from old ones and gradients (same order); does not dispose its inputs. Call inside tidy. */
  step(params: tf.Tensor[], grads: tf.Tensor[]): tf.Tensor[];
  /** Tensors the optimizer holds across steps. */
  dispose(): void;
}

const MOMENTUM = 0.9;
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;

/** Swap a kept state tensor for a new one (the new one escapes the caller's tidy). */
function replace(state: tf.Tensor[], i: number, next: tf.Tensor): tf.Tensor {
  state[i]?.dispose();
  state[i] = tf.keep(next);
  return next;
}

export function makeOptimizer(id: OptimizerId, lr: number): Optimizer {
  if (id === 'sgd') return { gradScale: lr, step: (p, g) => p.map((x, i) => tf.sub(x, g[i])), dispose() {} };
  if (id === 'momentum') {
    const velocity: tf.Tensor[] = [];
    return {
      gradScale: lr,
      step: (p, g) =>
        p.map((x, i) => {
          const v = velocity[i] ? tf.add(tf.mul(velocity[i], MOMENTUM), g[i]) : tf.clone(g[i]);
          return tf.sub(x, replace(velocity, i, v));
        }),
      dispose() {
        for (const t of velocity) t.dispose();
      },
    };
  }
  const m: tf.Tensor[] = [];
  const v: tf.Tensor[] = [];
  let t = 0;
  return {
    gradScale: 1,
    step(p, g) {
      t++;
      const stepSize = tf.scalar(lr / (1 - BETA1 ** t));
      const invSqrtBc2 = tf.scalar(1 / Math.sqrt(1 - BETA2 ** t));
      return p.map((x, i) => {
        const mi = replace(m, i, m[i] ? tf.add(tf.mul(m[i], BETA1), tf.mul(g[i], 1 - BETA1)) : tf.mul(g[i], 1 - BETA1));
        const g2 = tf.mul(tf.square(g[i]), 1 - BETA2);
        const vi = replace(v, i, v[i] ? tf.add(tf.mul(v[i], BETA2), g2) : g2);
        const denom = tf.add(tf.mul(tf.sqrt(vi), invSqrtBc2), EPS);
        return tf.sub(x, tf.mul(stepSize, tf.div(mi, denom)));
      });
    },
    dispose() {
      for (const s of [...m, ...v]) s.dispose();
    },
  };
}
