import { Random } from '../core/random';

/**
 * Seeded mini-batch sampling without replacement within an epoch: the training indices are shuffled
 * with the training seed, cut into batches, and reshuffled when they run out. A batch never mixes two
 * epochs, so every point is seen once per epoch. A batch size >= the training set gives the full set.
 */
export class BatchSampler {
  private readonly rng: Random;
  private readonly order: Int32Array;
  private position: number;

  constructor(
    private readonly count: number,
    readonly batchSize: number,
    seed: number,
  ) {
    if (count < 1) throw new Error('cannot sample batches from an empty training set');
    this.rng = new Random(seed);
    this.order = Int32Array.from({ length: count }, (_, i) => i);
    this.position = count; // forces a shuffle on the first call
  }

  /** Indices of the next batch (a fresh array; length min(batchSize, count)). */
  next(): Int32Array {
    const size = Math.min(this.batchSize, this.count);
    if (size === this.count) return this.order.slice().sort();
    if (this.position + size > this.count) {
      this.rng.shuffle(this.order);
      this.position = 0;
    }
    const batch = this.order.slice(this.position, this.position + size);
    this.position += size;
    return batch;
  }
}
