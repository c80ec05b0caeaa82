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
import type { OptimizerId } from '../params/index.ts';
import { type Buf, dispose, keep, scalar } from './buffers.ts';
import { add, Constants, div, mul, type Scalar, sub, unary } from './kernels.ts';

export interface Optimizer {
  /** Factor applied to ∂loss/∂logits before backprop. */
  gradScale: number;
  /** Starts a step (Adam's bias corrections advance here). */
  begin(): void;
  /**
   * Parameter i's new value (i in `paramList` order) from its old value and its gradient. Takes over the gradient:
   * disposes it, or keeps it as state. Leaves the old value alone. Call inside tidy.
   */
  update(i: number, p: Buf, g: Buf): Buf;
  /** Tensors the optimizer holds across steps. */
  dispose(): void;
}

/** One whole step: new parameters from old ones and gradients (same order). Call inside tidy. */
export function stepAll(o: Optimizer, params: Buf[], grads: Buf[]): Buf[] {
  o.begin();
  return params.map((p, i) => o.update(i, p, grads[i]));
}

const MOMENTUM = 0.9;
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;

/** Per-parameter state tensors that outlive a step's tidy. */
class State {
  private readonly tensors: Buf[] = [];

  get(i: number): Buf | undefined {
    return this.tensors[i];
  }

  /** Replace slot i (the new tensor escapes the caller's tidy); returns it. */
  set(i: number, next: Buf): Buf {
    this.tensors[i]?.dispose();
    this.tensors[i] = keep(next);
    return next;
  }

  /** β·slot + g, or g itself on the first step (kept as the state); `g` is consumed either way. */
  accumulate(i: number, beta: Scalar, g: Buf): Buf {
    const old = this.get(i);
    if (!old) return this.set(i, g);
    const next = add(mul(old, beta), g);
    g.dispose();
    return this.set(i, next);
  }

  dispose(): void {
    for (const t of this.tensors) t?.dispose();
  }
}

/**
 * Parameter i's learning rate is lr·factors[i] (a parametrisation's per-layer rates; 1 where none is given). A factor
 * of 1 adds no kernel, so the standard parametrisation runs exactly the ops it always has.
 */
type LrFactors = readonly number[] | undefined;

function scaled(t: Buf, factor: number, c: Constants): Buf {
  return factor === 1 ? t : mul(t, c.get(factor));
}

function sgd(lr: number, factors: LrFactors): Optimizer {
  const c = new Constants();
  return {
    gradScale: lr,
    begin() {},
    update(i, p, g) {
      const next = sub(p, scaled(g, factors?.[i] ?? 1, c));
      g.dispose();
      return next;
    },
    dispose() {
      c.dispose();
    },
  };
}

/** The velocity is kept as lr·v (see the top), so a constant per-parameter factor can scale what it accumulates. */
function momentum(lr: number, factors: LrFactors): Optimizer {
  const c = new Constants();
  const velocity = new State();
  return {
    gradScale: lr,
    begin() {},
    update: (i, p, g) => {
      const factor = factors?.[i] ?? 1;
      const step = factor === 1 ? g : scaled(g, factor, c);
      if (step !== g) g.dispose();
      return sub(p, velocity.accumulate(i, c.get(MOMENTUM), step));
    },
    dispose() {
      velocity.dispose();
      c.dispose();
    },
  };
}

function adam(lr: number, factors: LrFactors): Optimizer {
  const c = new Constants();
  const first = new State();
  const second = new State();
  let t = 0;
  /** This step's a and b (see the top of the file). */
  let scales: [Scalar, Scalar] | null = null;
  return {
    gradScale: 1,
    begin() {
      t++;
      const stepScale = (lr * (1 - BETA1)) / (1 - BETA1 ** t);
      if (scales) dispose(scales);
      scales = [
        keep(scalar(Math.sqrt(1 - BETA2) / Math.sqrt(1 - BETA2 ** t) / stepScale)),
        keep(scalar(EPS / stepScale)),
      ];
    },
    update(i, p, g) {
      const [a, b] = scales!;
      const g2 = unary('Square', g);
      const m = first.accumulate(i, c.get(BETA1), g);
      const v = second.accumulate(i, c.get(BETA2), g2);
      return sub(p, scaled(div(m, add(mul(unary('Sqrt', v), a), b)), factors?.[i] ?? 1, c));
    },
    dispose() {
      first.dispose();
      second.dispose();
      if (scales) dispose(scales);
      c.dispose();
    },
  };
}

/** `factors`: per-parameter learning-rate factors in `paramList` order (parametrization.ts). */
export function makeOptimizer(id: OptimizerId, lr: number, factors?: readonly number[]): Optimizer {
  if (id === 'sgd') return sgd(lr, factors);
  if (id === 'momentum') return momentum(lr, factors);
  return adam(lr, factors);
}
