/** @file The optimizers (Optax's aliases, same defaults): sgd, adam, adamw, rmsprop, adagrad, lion — each a chain of building blocks. */
import { type GradientTransformation, type ScalarOrSchedule, namedChain, identity, boolOption, numberOption } from "./base.js";
import { scaleByAdam, scaleByRms, scaleByStddev, scaleByRss, scaleByLion, scaleByLearningRate, trace, addDecayedWeights, type Mask } from "./transforms.js";

/**
 * Stochastic gradient descent, with optional (Nesterov) momentum (Optax's `sgd`):
 * chain(trace({ decay: momentum, nesterov }), scaleByLearningRate(learningRate)).
 * @example const opt = optim.sgd(0.1, { momentum: 0.9, nesterov: true }); let state = opt.init(params);
 */
export function sgd(learningRate: ScalarOrSchedule, opts: { momentum?: number; nesterov?: boolean } = {}): GradientTransformation {
  const nesterov = boolOption("optim.sgd", "nesterov", opts.nesterov ?? false);
  if (opts.momentum === undefined) {
    if (nesterov) throw new RangeError("optim.sgd: nesterov needs a momentum (e.g. { momentum: 0.9, nesterov: true })");
    return namedChain("optim.sgd", [identity(), scaleByLearningRate(learningRate)]);
  }
  numberOption("optim.sgd", "momentum", opts.momentum, 0);
  return namedChain("optim.sgd", [trace({ decay: opts.momentum, nesterov }), scaleByLearningRate(learningRate)]);
}

/**
 * Adam (Kingma & Ba) with Optax's defaults b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0 (Optax's `adam`):
 * chain(scaleByAdam(opts), scaleByLearningRate(learningRate)). `nesterov: true` gives NAdam.
 * @example const opt = optim.adam(1e-3); const [updates, state2] = opt.update(grads, opt.init(params));
 */
export function adam(learningRate: ScalarOrSchedule, opts: { b1?: number; b2?: number; eps?: number; epsRoot?: number; nesterov?: boolean } = {}): GradientTransformation {
  return namedChain("optim.adam", [scaleByAdam(opts), scaleByLearningRate(learningRate)]);
}

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter; Optax's `adamw`, weightDecay default 1e-4):
 * chain(scaleByAdam, addDecayedWeights(weightDecay, mask), scaleByLearningRate(learningRate)), so the decay
 * is scaled by the learning rate: p ← p − lr·(adam(g) + weightDecay·p).
 * NB: PyTorch's AdamW defaults to weight_decay = 0.01; the formula is the same.
 * @example optim.adamw(1e-3, { weightDecay: 1e-2, mask: (p) => ({ w: true, b: false }) })
 */
export function adamw(learningRate: ScalarOrSchedule, opts: { b1?: number; b2?: number; eps?: number; epsRoot?: number; weightDecay?: number; mask?: Mask; nesterov?: boolean } = {}): GradientTransformation {
  const { weightDecay = 1e-4, mask, ...adamOpts } = opts;
  return namedChain("optim.adamw", [scaleByAdam(adamOpts), addDecayedWeights(weightDecay, mask), scaleByLearningRate(learningRate)]);
}

/**
 * RMSprop (Optax's `rmsprop`: decay 0.9, eps 1e-8 inside the square root, initialScale 0): the updates
 * are scaled by scaleByRms (scaleByStddev when `centered`), then by −learningRate, then by momentum
 * (`trace`) when `momentum` is given.
 * NB: PyTorch's RMSprop puts eps outside the square root and defaults to alpha (decay) 0.99.
 * @example optim.rmsprop(1e-2, { centered: true, momentum: 0.9 })
 */
export function rmsprop(learningRate: ScalarOrSchedule, opts: { decay?: number; eps?: number; initialScale?: number; centered?: boolean; momentum?: number; nesterov?: boolean } = {}): GradientTransformation {
  const { centered = false, momentum, nesterov = false, ...rms } = opts;
  boolOption("optim.rmsprop", "centered", centered), boolOption("optim.rmsprop", "nesterov", nesterov);
  if (nesterov && momentum === undefined) throw new RangeError("optim.rmsprop: nesterov needs a momentum (e.g. { momentum: 0.9, nesterov: true })");
  return namedChain("optim.rmsprop", [
    centered ? scaleByStddev(rms) : scaleByRms(rms),
    scaleByLearningRate(learningRate),
    momentum === undefined ? identity() : trace({ decay: momentum, nesterov }),
  ]);
}

/**
 * Adagrad (Optax's `adagrad`: initialAccumulatorValue 0.1, eps 1e-7 inside the square root):
 * chain(scaleByRss(opts), scaleByLearningRate(learningRate)).
 * NB: PyTorch's Adagrad starts the accumulator at 0 and adds eps (1e-10) outside the square root.
 * @example optim.adagrad(0.1)
 */
export function adagrad(learningRate: ScalarOrSchedule, opts: { initialAccumulatorValue?: number; eps?: number } = {}): GradientTransformation {
  return namedChain("optim.adagrad", [scaleByRss(opts), scaleByLearningRate(learningRate)]);
}

/**
 * Lion (Chen et al. 2023; Optax's `lion`: b1 0.9, b2 0.99, weightDecay 1e-3):
 * chain(scaleByLion, addDecayedWeights(weightDecay, mask), scaleByLearningRate(learningRate)).
 * @example optim.lion(1e-4, { weightDecay: 1e-2 })
 */
export function lion(learningRate: ScalarOrSchedule, opts: { b1?: number; b2?: number; weightDecay?: number; mask?: Mask } = {}): GradientTransformation {
  const { weightDecay = 1e-3, mask, ...lionOpts } = opts;
  return namedChain("optim.lion", [scaleByLion(lionOpts), addDecayedWeights(weightDecay, mask), scaleByLearningRate(learningRate)]);
}
