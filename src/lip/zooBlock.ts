import type * as tf from '@tensorflow/tfjs';
import type { ActivationName } from '../core/config';
import type { Random } from '../core/random';
import type { ResidualBlock, ResidualEffective } from './residualBlock';
import { ResidualLayer, type ResidualLayerName, type ResidualLayerSettings } from './zoo/residual';

/**
 * A residual layer of the zoo (zoo/residual.ts) as the Mlp's residual block, with the bound its theorem
 * gives from its read-back weights.
 */
class ZooResidualBlock implements ResidualBlock {
  constructor(private readonly layer: ResidualLayer) {}

  get width(): number {
    return this.layer.width;
  }

  get hidden(): number {
    return this.layer.hidden;
  }

  effective(): ResidualEffective {
    return this.layer.effective();
  }

  trainableVariables(): tf.Variable[] {
    return this.layer.trainableVariables();
  }

  refreshPowerVector(): void {
    this.layer.refreshPowerVector();
  }

  /** The block's bound from its read-back weights (zoo/residualBound.ts: about 1 for sll and cpl, sound). */
  readBound(): Promise<number> {
    return this.layer.readBound();
  }

  dispose(): void {
    this.layer.dispose();
  }
}

export function zooBlock(kind: ResidualLayerName, width: number, activation: ActivationName, rng: Random, settings: ResidualLayerSettings): ResidualBlock {
  return new ZooResidualBlock(new ResidualLayer(kind, width, activation, rng, settings));
}
