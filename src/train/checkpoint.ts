import type { Checkpoint, Trainer } from './trainer';

/**
 * A copy of a trainer's weights at its current step, read back from the backend: what a diverged model
 * goes back to when its learning rate or loss is changed, and what a run is rebuilt from when its backend
 * is lost (the lost backend cannot be read any more). Small nets read back in well under a millisecond.
 */
export async function readCheckpoint(trainer: Trainer): Promise<Checkpoint> {
  const step = trainer.step;
  const variables = await Promise.all(trainer.model.trainableVariables().map(async (v) => (await v.data()).slice() as Float32Array));
  return { step, variables };
}

/** Whether every weight of a checkpoint is finite (a diverged model's are not). */
export function isFiniteCheckpoint(checkpoint: Checkpoint): boolean {
  return checkpoint.variables.every((values) => values.every(Number.isFinite));
}
