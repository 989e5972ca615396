/**
 * The points every script checks itself on, and the playground's f there (the model file's own forward
 * pass, core/mlpJson.ts), so a script that prints a small difference computes the playground's f.
 */
import { forwardMlpJson, type MlpJson } from '../core/mlpJson';

/** Spread over the usual domain [-2, 2]^2 (before the data's scale), off the axes so no unit sits at a tie. */
const UNIT_POINTS: readonly [number, number][] = [
  [0.013, -0.021],
  [1.1, 0.47],
  [-0.93, -0.51],
  [0.52, -1.07],
  [-0.76, 1.24],
  [1.53, -1.46],
  [1.91, 1.87],
  [-1.98, 0.96],
  [0.31, 0.68],
];

export interface CheckPoints {
  points: [number, number][];
  /** f of the model file at each point, in float64. */
  f: number[];
}

/** The check points times `scale` (the data's scale, so they lie where the data does) and f there. */
export function checkPoints(mlp: MlpJson, scale = 1): CheckPoints {
  const points = UNIT_POINTS.map(([x, y]): [number, number] => [x * scale, y * scale]);
  return { points, f: points.map(([x, y]) => forwardMlpJson(mlp, x, y)) };
}
