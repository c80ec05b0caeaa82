/**
 * Optimizers in PyTorch's form. The loss gradient handed to backprop is pre-multiplied by `gradScale`, so that the
 * learning rate of SGD and momentum is folded into the one small logits tensor instead of into every weight update:
 * - sgd:      p ← p − lr·g                              (g arrives as lr·g)
 * - momentum: v ← 0.9·v + g; p ← p − lr·v               (v kept as lr·v, the same for a constant lr)
 * - adam:     m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
 *             p ← p − (lr/(1−β₁ᵗ)) · m / (√v/√(1−β₂ᵗ) + ε),  β = (0.9, 0.999), ε = 1e-8
 *             kept as m' = m/(1−β₁), v' = v/(1−β₂), which moves every constant factor into two per-step scalars:
 *             p ← p − m' / (√v'·a + b) with a = √(1−β₂)/√(1−β₂ᵗ) · (1−β₁ᵗ)/(lr(1−β₁)), b = ε(1−β₁ᵗ)/(lr(1−β₁))
 *             — ten kernels per parameter tensor instead of thirteen, the same update up to rounding.
 */
import { tf } from '../backend.ts';
import type { OptimizerId } from '../params/index.ts';
import { add, Constants, div, mul, sub, unary } from './kernels.ts';

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

/** Per-parameter state tensors that outlive a step's tidy. */
class State {
  private readonly tensors: tf.Tensor[] = [];

  get(i: number): tf.Tensor | undefined {
    return this.tensors[i];
  }

  /** Replace slot i (the new tensor escapes the caller's tidy); returns it. */
  set(i: number, next: tf.Tensor): tf.Tensor {
    this.tensors[i]?.dispose();
    this.tensors[i] = tf.keep(next);
    return next;
  }

  dispose(): void {
    for (const t of this.tensors) t?.dispose();
  }
}

export function makeOptimizer(id: OptimizerId, lr: number): Optimizer {
  if (id === 'sgd') return { gradScale: lr, step: (p, g) => p.map((x, i) => sub(x, g[i])), dispose() {} };
  const c = new Constants();
  if (id === 'momentum') {
    const velocity = new State();
    return {
      gradScale: lr,
      step: (p, g) =>
        p.map((x, i) => {
          const v = velocity.get(i);
          return sub(x, velocity.set(i, v ? add(mul(v, c.get(MOMENTUM)), g[i]) : g[i]));
        }),
      dispose() {
        velocity.dispose();
        c.dispose();
      },
    };
  }
  const first = new State();
  const second = new State();
  let t = 0;
  return {
    gradScale: 1,
    step(p, g) {
      t++;
      const stepScale = (lr * (1 - BETA1)) / (1 - BETA1 ** t);
      const a = tf.scalar(Math.sqrt(1 - BETA2) / Math.sqrt(1 - BETA2 ** t) / stepScale);
      const b = tf.scalar(EPS / stepScale);
      return p.map((x, i) => {
        const m0 = first.get(i);
        const m = first.set(i, m0 ? add(mul(m0, c.get(BETA1)), g[i]) : g[i]);
        const g2 = unary('Square', g[i]);
        const v0 = second.get(i);
        const v = second.set(i, v0 ? add(mul(v0, c.get(BETA2)), g2) : g2);
        return sub(x, div(m, add(mul(unary('Sqrt', v), a), b)));
      });
    },
    dispose() {
      first.dispose();
      second.dispose();
      c.dispose();
    },
  };
}
