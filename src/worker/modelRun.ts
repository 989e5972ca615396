/**
 * One model of a run inside the training worker: its Trainer and current settings, whether it diverged,
 * the copy of its last finite weights (what a live fix of a diverged model goes back to, and what the run
 * is rebuilt from on another backend), and its health (train/health.ts): each finding said once a run.
 */
import type { ExperimentConfig } from '../core/config';
import { readEffectiveWeights } from '../lip/export';
import { isFiniteCheckpoint, readCheckpoint } from '../train/checkpoint';
import {
  atChance,
  boundExploding,
  healthMessage,
  lipschitzBoundEstimate,
  lossRising,
  majorityFraction,
  type HealthKind,
  type HealthSample,
} from '../train/health';
import type { Checkpoint, Evaluation, Trainer } from '../train/trainer';

/** Snapshots kept for the detectors; older ones are thinned (every other one) beyond this. */
const MAX_HEALTH_SAMPLES = 2000;
/**
 * A checkpoint is kept at every finite snapshot of a net of at most SMALL_NET parameters (a copy of
 * 400 KB at most, well under a millisecond); a bigger net's take at most about 1/CHECKPOINT_SHARE of the
 * time between them.
 */
const SMALL_NET = 100_000;
const CHECKPOINT_SHARE = 20;

/** A checkpoint whose |loss| is this many times the first one (at least 1) is not kept for recovery. */
const EXPLODED_LOSS_FACTOR = 1e6;

export class ModelRun {
  diverged = false;
  /** The last weights read back while finite; the model's first are always read (step 0). */
  checkpoint: Checkpoint | null = null;
  private checkpointCostMs = 0;
  private checkpointAtMs = -Infinity;
  private health: HealthSample[] = [];
  private readonly warned = new Set<HealthKind>();
  private readonly majority: number;
  /** This model's step time since the last metrics (`takeMsPerStep`), and the last figure taken. */
  private stepMs = 0;
  private stepCount = 0;
  private lastMsPerStep = NaN;
  /** |loss| at the first evaluation, the scale of an exploded loss (`EXPLODED_LOSS_FACTOR`). */
  private firstLoss: number | null = null;
  private totalStepMs = 0;
  private totalSteps = 0;

  constructor(
    readonly id: string,
    /** The model's settings, live changes (loss, learning rate) included. */
    public config: ExperimentConfig,
    public trainer: Trainer,
  ) {
    this.majority = majorityFraction(trainer.dataset.train.labels);
  }

  /** Adds the time `k` steps of this model took (measured around the call that runs them). */
  recordSteps(ms: number, k: number): void {
    this.stepMs += ms;
    this.stepCount += k;
    this.totalStepMs += ms;
    this.totalSteps += k;
  }

  /** Mean ms per step over the whole run (NaN before any step): the report's `msPerStep`. */
  get meanMsPerStep(): number {
    return this.totalSteps > 0 ? this.totalStepMs / this.totalSteps : NaN;
  }

  /** Mean ms per step since the last call (the previous figure when no step ran meanwhile). */
  takeMsPerStep(): number {
    if (this.stepCount > 0) this.lastMsPerStep = this.stepMs / this.stepCount;
    this.stepMs = 0;
    this.stepCount = 0;
    return this.lastMsPerStep;
  }

  /**
   * After a metrics snapshot of this model: keeps a checkpoint when one is due (the loss finite, the
   * weights finite) and runs the detectors. Returns the notices to post (each kind once a run), without
   * the model's name (the page adds it in a comparison).
   */
  async observe(evaluation: Evaluation): Promise<string[]> {
    if (!Number.isFinite(evaluation.loss) || this.diverged) return [];
    const notices: string[] = [];
    const sample = { step: evaluation.step, loss: evaluation.loss, trainAccuracy: evaluation.trainAccuracy };
    if (this.health.at(-1)?.step !== sample.step) this.health.push(sample);
    if (this.health.length > MAX_HEALTH_SAMPLES) this.health = this.health.filter((_, i, all) => i === 0 || i % 2 === 1 || i >= all.length / 2);

    const now = performance.now();
    const small = this.trainer.model.trainableVariables().reduce((n, v) => n + v.size, 0) <= SMALL_NET;
    const due = small || now - this.checkpointAtMs >= CHECKPOINT_SHARE * this.checkpointCostMs;
    if (this.checkpoint === null || due) {
      const checkpoint = await readCheckpoint(this.trainer);
      // Weights on their way to overflow (the loss already 1e6 times its first value) are finite but not a
      // place to recover to: a lower learning rate would diverge again from there. The earlier ones stay.
      this.firstLoss ??= Math.abs(evaluation.loss);
      const sane = Math.abs(evaluation.loss) <= EXPLODED_LOSS_FACTOR * Math.max(1, this.firstLoss);
      if (isFiniteCheckpoint(checkpoint) && (sane || this.checkpoint === null)) this.checkpoint = checkpoint;
      // A standard net's bound is read at the same pace (a Lipschitz net's is L by construction).
      if (this.config.model.kind === 'standard' && !this.warned.has('bound-exploding')) {
        const bound = lipschitzBoundEstimate(await readEffectiveWeights(this.trainer.model), this.trainer.model.outputScale);
        if (boundExploding('standard', bound)) {
          notices.push(this.warn('bound-exploding', healthMessage({ kind: 'bound-exploding', step: sample.step, bound, loss: sample.loss }, this.config)));
        }
      }
      this.checkpointAtMs = performance.now();
      this.checkpointCostMs = this.checkpointAtMs - now;
    }

    const rising = this.warned.has('loss-rising') ? null : lossRising(this.health);
    if (rising) notices.push(this.warn('loss-rising', healthMessage({ kind: 'loss-rising', ...rising }, this.config)));
    const chance = this.warned.has('at-chance') ? null : atChance(this.health, this.majority);
    if (chance) notices.push(this.warn('at-chance', healthMessage({ kind: 'at-chance', now: chance, majority: this.majority }, this.config)));
    return notices;
  }

  /**
   * Puts `trainer` in place of the current one (disposed), at the checkpoint's weights and step when
   * there is one; snapshots after that step are forgotten.
   */
  replaceTrainer(trainer: Trainer): void {
    if (this.checkpoint) trainer.restore(this.checkpoint);
    try {
      this.trainer.dispose();
    } catch {
      // Its backend is gone (an aborted module): nothing to free there.
    }
    this.trainer = trainer;
    this.health = this.health.filter((s) => s.step <= trainer.step);
  }

  private warn(kind: HealthKind, message: string): string {
    this.warned.add(kind);
    return message;
  }
}
