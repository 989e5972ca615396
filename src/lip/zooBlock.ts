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

/**
 * CPL's step 2 / sigma^2 uses the power iteration's sigma: an estimate that lags behind fast training makes
 * the block's bound max(1, c sigma^2 - 1) exceed 1 (1.17 on the snowflake zoo with the nets' default 10
 * iterations at tolerance 1e-3; 1.02 with these). Its own power iteration therefore runs tighter.
 */
const CPL_POWER = { iterations: 50, tolerance: 1e-6 };

export function zooBlock(kind: ResidualLayerName, width: number, activation: ActivationName, rng: Random, settings: ResidualLayerSettings): ResidualBlock {
  const power =
    kind === 'cpl'
      ? { iterations: Math.max(settings.power.iterations, CPL_POWER.iterations), tolerance: Math.min(settings.power.tolerance, CPL_POWER.tolerance) }
      : settings.power;
  return new ZooResidualBlock(new ResidualLayer(kind, width, activation, rng, { ...settings, power }));
}
