/**
 * Synthetic data to render the plots before any training exists (PlotDemo, preview.html): a known field
 * with its boundary, true distance and gradient norm, two rings of points, and a fake training history.
 *
 * The field is f(x, y) = 0.55 (q - 1) + 0.125 sin(2x) with q = sqrt(x^2 + (y / 0.8)^2): an ellipse-like
 * boundary with a wobble. |grad f| <= 0.55 / 0.8 + 0.25 < 0.94, so f is 1-Lipschitz and the certificate
 * |f| / 1 is sound but not tight (tightness < 1), which makes every view show something.
 */
import { gradientHistogram } from '../analysis/gradientHistogram';
import { contour } from '../analysis/contour';
import { distancesToSegments } from '../analysis/distance';
import { gridPoints, type Grid } from '../analysis/grid';
import { modelNumbers, type ModelMeasurements } from '../analysis/modelNumbers';
import { Random } from '../core/random';
import type { Domain } from '../core/geometry';
import type { DatasetSnapshot, FieldSnapshot } from '../worker/protocol';
import { FIELD_GRID_NODES, type HistoryPoint } from '../core/view';

const DEMO_DOMAIN: Domain = { xMin: -2.5, xMax: 2.5, yMin: -2.5, yMax: 2.5 };

/** The demo field and its analytic gradient. */
function demoF(x: number, y: number): number {
  return 0.55 * (Math.hypot(x, y / 0.8) - 1) + 0.125 * Math.sin(2 * x);
}

function demoGradientNorm(x: number, y: number): number {
  const q = Math.hypot(x, y / 0.8) || 1e-12;
  const gx = (0.55 * x) / q + 0.25 * Math.cos(2 * x);
  const gy = (0.55 * y) / (0.64 * q);
  return Math.hypot(gx, gy);
}

/** The signed distance to the unit circle: a perfectly tight certificate (tightness 1, |grad f| = 1). */
const circleF = (x: number, y: number) => Math.hypot(x, y) - 1;
const circleGradientNorm = () => 1;

/** n points of class `label` at radius uniform in [r0, r1] (in the ellipse's coordinates), seeded. */
function ring(rng: Random, n: number, r0: number, r1: number, label: number, xy: number[], labels: number[]): void {
  for (let k = 0; k < n; k++) {
    const angle = rng.uniform(0, 2 * Math.PI);
    const r = rng.uniform(r0, r1);
    xy.push(r * Math.cos(angle), 0.8 * r * Math.sin(angle));
    labels.push(label);
  }
}

/** Two rings of points: class -1 inside the boundary, class +1 outside; 3/4 train, 1/4 test. */
function demoDataset(seed: number): DatasetSnapshot {
  const rng = new Random(seed);
  const make = (n: number) => {
    const xy: number[] = [];
    const labels: number[] = [];
    ring(rng, n, 0.0, 0.75, -1, xy, labels);
    ring(rng, n, 1.3, 2.4, 1, xy, labels);
    return { xy: Float32Array.from(xy), labels: Float32Array.from(labels) };
  };
  const train = make(90);
  const test = make(30);
  return { trainXy: train.xy, trainLabels: train.labels, testXy: test.xy, testLabels: test.labels, domain: DEMO_DOMAIN };
}

function evaluateAt(xy: Float32Array, fn: (x: number, y: number) => number): Float32Array {
  return Float32Array.from({ length: xy.length / 2 }, (_, k) => fn(xy[2 * k], xy[2 * k + 1]));
}

/**
 * A synthetic FieldSnapshot on a gridNodes x gridNodes grid (with gradient norm, true distance, boundary,
 * certified curve and MCR all computed from the known f above) and its DatasetSnapshot. With
 * `shape: 'circle'`, f is instead the exact signed distance |x| - 1 to the unit circle, whose certified
 * radius circles touch the boundary: a visual check of the plot's geometry.
 */
export function makeDemoField(
  gridNodes = FIELD_GRID_NODES,
  seed = 1,
  shape: 'wobbly' | 'circle' = 'wobbly',
): { field: FieldSnapshot; dataset: DatasetSnapshot } {
  const [fn, gradFn] = shape === 'circle' ? [circleF, circleGradientNorm] : [demoF, demoGradientNorm];
  const grid: Grid = { domain: DEMO_DOMAIN, cols: gridNodes, rows: gridNodes };
  const nodes = gridPoints(grid);
  const f = evaluateAt(nodes, fn);
  const boundary = contour(f, grid, 0);
  const dataset = demoDataset(seed);
  const fTrain = evaluateAt(dataset.trainXy, fn);
  const fTest = evaluateAt(dataset.testXy, fn);
  const eps = Array.from({ length: 41 }, (_, m) => (1.5 * m) / 40);
  const gradientNorm = evaluateAt(nodes, gradFn);
  const measured: ModelMeasurements = {
    lipschitzBound: 1, // the analytic bound of both demo fields (see the header)
    evaluatedOn: 'test',
    fTrain,
    fTest,
    grid,
    gridXy: nodes,
    gradientGrid: gradientNorm,
    gradientData: Float32Array.from([...evaluateAt(dataset.trainXy, gradFn), ...evaluateAt(dataset.testXy, gradFn)]),
  };
  const numbers = modelNumbers(measured, { train: dataset.trainLabels, test: dataset.testLabels }, eps);
  const field: FieldSnapshot = {
    step: 1000,
    gridNodes,
    domain: DEMO_DOMAIN,
    f,
    gradientNorm,
    distance: distancesToSegments(boundary, nodes),
    boundary,
    lipschitzBound: numbers.lipschitzBound,
    lipschitzEmpirical: numbers.lipschitzEmpirical,
    fTrain,
    fTest,
    certified: { eps, accuracy: numbers.certifiedAccuracy, on: numbers.evaluatedOn },
    paperAxis: { eps, accuracy: numbers.certifiedAccuracy },
    mcr: numbers.mcr,
    gradientOnData: gradientHistogram(measured.gradientData, 1),
  };
  return { field, dataset };
}

/** A plausible training history of `steps` steps (smooth decay plus seeded noise), one entry every 10 steps. */
export function makeDemoHistory(steps = 2000, seed = 2): HistoryPoint[] {
  const rng = new Random(seed);
  const out: HistoryPoint[] = [];
  for (let step = 0; step <= steps; step += 10) {
    const t = step / steps;
    const noise = () => (rng.next() - 0.5) * 0.02;
    out.push({
      step,
      loss: 0.7 * Math.exp(-4 * t) + 0.12 + noise(),
      testLoss: 0.7 * Math.exp(-4 * t) + 0.16 + noise(),
      trainAccuracy: Math.min(1, 0.5 + 0.48 * (1 - Math.exp(-6 * t)) + noise()),
      testAccuracy: Math.min(1, 0.5 + 0.45 * (1 - Math.exp(-6 * t)) + noise()),
    });
  }
  return out;
}
