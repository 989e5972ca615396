/**
 * The playground's losses, optimizers and layer settings in the conventions of deel-torchlip and deel-lip
 * (docs/math.md, README "Conventions"). Pure data: class names, arguments and the notes the scripts carry
 * as comments, so the translation is tested on numbers, not on text.
 *
 * The playground (src/lip/losses.ts):  hinge = mean relu(m - y f)   (full margin m)
 *                                      kr    = mean_{y=-1} f - mean_{y=+1} f
 *                                      hkr   = alpha hinge + kr
 *                                      tau-bce = mean softplus(-tau y f) / tau;  bce = tau-bce with tau = 1
 * Both libraries write the hinge as relu(min_margin / 2 - y f), so min_margin = 2 m. deel-lip's HKR is
 * kr + alpha hinge, ours exactly. deel-torchlip's HKRLoss takes alpha' in [0, 1] and computes
 * alpha' hinge + (1 - alpha') kr: with alpha' = alpha / (1 + alpha) it is ours divided by (1 + alpha).
 */
import type { LossConfig, ModelConfig, OptimizerName, TrainConfig } from '../core/config';

export type Library = 'torchlip' | 'deel-lip';

/** A loss object of a library, and how it relates to the playground's loss. */
export interface LibraryLoss {
  className: string;
  /** Keyword arguments, in order. */
  args: [string, number][];
  /** The library's loss is `scale` times the playground's: the same minimiser, SGD's step times `scale`. */
  scale: number;
  /** What the library computes and how the constants were translated, for the script's comments. */
  notes: string[];
}

const ONE_CLASS_NOTE =
  'A batch of one class: the playground skips the KR term (0), the library keeps -mean f; only tiny batches or one-class data meet it.';

/** The library's loss class and arguments for the playground's loss configuration. */
export function libraryLoss(library: Library, loss: LossConfig): LibraryLoss {
  const torchlip = library === 'torchlip';
  const names = torchlip
    ? { hinge: 'HingeMarginLoss', hkr: 'HKRLoss', tau: 'TauBCEWithLogitsLoss' }
    : { hinge: 'HingeMargin', hkr: 'HKR', tau: 'TauBinaryCrossentropy' };
  const m = loss.margin;
  switch (loss.name) {
    case 'kr':
      return {
        className: names.hkr,
        args: [['alpha', 0]],
        scale: 1,
        notes: [`${names.hkr} with alpha = 0 is the negated KR estimate, mean_{y=-1} f - mean_{y=+1} f: the playground's kr.`, ONE_CLASS_NOTE],
      };
    case 'hinge':
      return {
        className: names.hinge,
        args: [['min_margin', 2 * m]],
        scale: 1,
        notes: [`${names.hinge} is mean relu(min_margin / 2 - y f): min_margin = 2 m = 2 x ${m}.`],
      };
    case 'hkr': {
      const alpha = loss.alpha;
      if (torchlip) {
        return {
          className: names.hkr,
          args: [
            ['alpha', alpha / (1 + alpha)],
            ['min_margin', 2 * m],
          ],
          scale: 1 / (1 + alpha),
          notes: [
            "HKRLoss is alpha' hinge + (1 - alpha') KR with alpha' in [0, 1] and hinge relu(min_margin / 2 - y f):",
            `alpha' = alpha / (1 + alpha) = ${alpha} / ${1 + alpha}, min_margin = 2 m = 2 x ${m}.`,
            `It equals the playground's alpha hinge + kr divided by 1 + alpha = ${1 + alpha}.`,
            ONE_CLASS_NOTE,
          ],
        };
      }
      return {
        className: names.hkr,
        args: [
          ['alpha', alpha],
          ['min_margin', 2 * m],
        ],
        scale: 1,
        notes: [`HKR is KR + alpha hinge with hinge relu(min_margin / 2 - y f): alpha = ${alpha}, min_margin = 2 m = 2 x ${m}.`, ONE_CLASS_NOTE],
      };
    }
    case 'tau-bce':
    case 'bce': {
      const tau = loss.name === 'bce' ? 1 : loss.tau;
      return {
        className: names.tau,
        args: [['tau', tau]],
        scale: 1,
        notes: [
          `${names.tau} is mean softplus(-tau y f) / tau (labels +-1 or 0/1), the playground's ${loss.name}${loss.name === 'bce' ? ' (tau = 1)' : ''}.`,
        ],
      };
    }
  }
}

/**
 * The learning rate that makes the library's steps the playground's: SGD's step is proportional to the
 * loss, so lr / scale; Adam's is invariant to a constant factor on the loss (up to its epsilon), so lr.
 */
export function libraryLearningRate(train: Pick<TrainConfig, 'optimizer' | 'lr'>, scale: number): number {
  return train.optimizer === 'sgd' ? train.lr / scale : train.lr;
}

/** Adam's constants in the playground (src/train/optimizers.ts), the same on every backend. */
export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

export function optimizerNote(name: OptimizerName): string {
  return name === 'adam'
    ? `Adam with beta1 = ${ADAM.beta1}, beta2 = ${ADAM.beta2}, epsilon = ${ADAM.epsilon} (the playground's, on every backend).`
    : 'Plain gradient descent (no momentum), as the playground.';
}

/** A tolerance as the libraries take it: they stop when the change is below it and refuse 0. */
const TINY_EPS = 1e-12;
const asEps = (tolerance: number) => (tolerance > 0 ? tolerance : TINY_EPS);

/** deel-lip refuses beta_bjorck outside ]0, 0.5]. */
const DEEL_LIP_MAX_BETA = 0.5;

/** Arguments of the library's spectral (Björck) dense layer for the playground's settings, and what differs. */
export function spectralLayerArgs(library: Library, model: Pick<ModelConfig, 'bjorck' | 'power'>): { args: [string, number | null][]; notes: string[] } {
  const { bjorck, power } = model;
  const notes: string[] = [];
  if (power.tolerance <= 0 || bjorck.tolerance <= 0) {
    notes.push(`A tolerance of 0 (always run every iteration) is written ${TINY_EPS}: the libraries refuse 0.`);
  }
  if (bjorck.gradientIterations > 0) {
    notes.push(
      `The playground differentiates exactly through the last ${bjorck.gradientIterations === 1 ? 'Björck iteration' : `${bjorck.gradientIterations} Björck iterations`} only, and on wasm and cpu holds sigma constant and starts Björck with a scaled schedule (the same polar factor, fewer iterations); the library differentiates through all of them and through sigma (the same forward pass).`,
    );
  }
  if (library === 'torchlip') {
    if (bjorck.iterations !== 15 || bjorck.beta !== 0.5 || power.iterations !== 10) {
      notes.push(
        `SpectralLinear takes only the tolerances: Björck runs at most 15 iterations with beta 0.5 (the playground: ${bjorck.iterations}, beta ${bjorck.beta}); power iteration at most 10 (here ${power.iterations}).`,
      );
    }
    return {
      args: [
        ['eps_spectral', asEps(power.tolerance)],
        ['eps_bjorck', asEps(bjorck.tolerance)],
      ],
      notes,
    };
  }
  const beta = Math.min(bjorck.beta, DEEL_LIP_MAX_BETA);
  if (beta !== bjorck.beta) notes.push(`deel-lip takes beta_bjorck in ]0, 0.5]: the playground's ${bjorck.beta} is written 0.5.`);
  if (bjorck.iterations === 0) notes.push('No Björck iterations in the playground: eps_bjorck=None, deel-lip\'s way to skip Björck (layers at most 1-Lipschitz).');
  return {
    args: [
      ['eps_spectral', asEps(power.tolerance)],
      ['eps_bjorck', bjorck.iterations === 0 ? null : asEps(bjorck.tolerance)],
      ['beta_bjorck', beta],
      ['maxiter_spectral', power.iterations],
      ['maxiter_bjorck', Math.max(1, bjorck.iterations)],
    ],
    notes,
  };
}
