import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAttackEvaluations, type AttackResult } from '../analysis/attack';
import { analyseBoundary } from '../analysis/boundary';
import { gridPoints, type Grid } from '../analysis/grid';
import { useNodeBackend } from '../backend/node';
import type { ExperimentConfig } from '../core/config';
import { generateDataset } from '../data/split';
import { lipschitzBoundOf, readNetWeights } from '../lip/export';
import { randomPoints, SMALL_LIPSCHITZ, SMALL_STANDARD } from '../testing/support';
import { attackModel } from './attack';
import { measureModel } from './report';
import { runExperiment } from './run';
import { Trainer } from './trainer';

/**
 * The attack on trained models: sound against the certificate (flip distance >= |f| / L_bound), close to
 * the true distance to the learned boundary, deterministic, within its budget, and leak-free.
 */

/** Float32 rounding of f (about 1e-6 here): distance >= (|f| - F_ERROR) / L_bound for every flip point. */
const F_ERROR = 1e-5;

async function trained(config: ExperimentConfig, steps: number): Promise<Trainer> {
  const cfg = { ...config, train: { ...config.train, steps } };
  const trainer = new Trainer(cfg, generateDataset(cfg.data), { checkTolerance: true });
  await trainer.runSteps(steps);
  return trainer;
}

interface Attacked {
  trainer: Trainer;
  xy: Float32Array;
  results: AttackResult[];
  bound: number;
  tensorsBefore: number;
  tensorsAfter: number;
}

/** Attacks 120 points uniform in the dataset's domain (not only the data: every part of the plane). */
async function attack(trainer: Trainer): Promise<Attacked> {
  const xy = randomPoints(21, 120, trainer.dataset.domain);
  await trainer.predict(xy); // builds the cached inference weights before counting tensors
  const bound = lipschitzBoundOf(await readNetWeights(trainer.model), trainer.model.outputScale);
  const tensorsBefore = tf.memory().numTensors;
  const results = await attackModel(trainer.model, xy, trainer.dataset.domain);
  return { trainer, xy, results, bound, tensorsBefore, tensorsAfter: tf.memory().numTensors };
}

function expectSound({ results, bound }: Attacked): void {
  for (const [k, r] of results.entries()) {
    if (!r.flipped) continue;
    expect(r.distance!, `point ${k}: distance >= radius`).toBeGreaterThanOrEqual((Math.abs(r.f) - F_ERROR) / bound);
  }
}

describe('the attack on a trained 1-Lipschitz net', () => {
  let run: Attacked;
  beforeAll(async () => {
    await useNodeBackend('wasm');
    run = await attack(await trained(SMALL_LIPSCHITZ, 150));
  });
  afterAll(() => run.trainer.dispose());

  it('never flips a point closer than its certified radius |f| / L_bound', () => {
    expect(run.bound).toBeCloseTo(1, 4);
    expect(run.results.filter((r) => r.flipped).length).toBeGreaterThanOrEqual(110);
    expectSound(run);
  });

  it('finds the learned boundary: its distance is the grid-measured distance to it, within a cell', async () => {
    const { trainer, xy, results, bound } = run;
    const grid: Grid = { domain: trainer.dataset.domain, cols: 401, rows: 401 };
    const f = Float32Array.from(results, (r) => r.f);
    const boundary = analyseBoundary({ gridValues: await trainer.predict(gridPoints(grid)), grid, xy, f, lipschitzBound: bound });
    const slack = boundary.tolerance; // the extracted boundary is within a cell diagonal of the true one
    const excess: number[] = [];
    results.forEach((r, k) => {
      if (!r.flipped) return;
      expect(r.distance!, `point ${k}`).toBeGreaterThanOrEqual(boundary.distances[k] - slack);
      excess.push(r.distance! - boundary.distances[k]);
    });
    excess.sort((a, b) => a - b);
    expect(excess[Math.floor(0.9 * excess.length)], '90% of points within a cell of the nearest boundary point').toBeLessThanOrEqual(slack);
  });

  it('reports f(x) as the model computes it, stays in budget and in the domain, and leaks no tensor', async () => {
    const { trainer, xy, results } = run;
    expect(Float32Array.from(results, (r) => r.f)).toEqual(await trainer.predict(xy));
    const { xMin, xMax, yMin, yMax } = trainer.dataset.domain;
    for (const r of results) {
      expect(r.evaluations).toBeLessThanOrEqual(maxAttackEvaluations());
      for (const [x, y] of [...r.path, ...(r.flipPoint ? [r.flipPoint] : [])]) {
        expect(x >= xMin && x <= xMax && y >= yMin && y <= yMax).toBe(true);
      }
    }
    expect(run.tensorsAfter).toBe(run.tensorsBefore);
  });

  it('is deterministic', async () => {
    expect(await attackModel(run.trainer.model, run.xy, run.trainer.dataset.domain)).toEqual(run.results);
  });
});

describe('the attack on a trained standard net', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('is sound against its (loose) certificate too: L_bound is an upper bound of its Lipschitz constant', async () => {
    const run = await attack(await trained({ ...SMALL_STANDARD, loss: { ...SMALL_STANDARD.loss, name: 'bce' } }, 150));
    expect(run.bound).toBeGreaterThan(1.5);
    expect(run.results.filter((r) => r.flipped).length).toBeGreaterThanOrEqual(100);
    expectSound(run);
    expect(run.tensorsAfter).toBe(run.tensorsBefore);
    run.trainer.dispose();
  });
});

describe('the attack in the report', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('runs only when asked: live snapshots measure without it', async () => {
    const trainer = await trained(SMALL_LIPSCHITZ, 20);
    expect((await measureModel(trainer, 21)).attack).toBeUndefined();
    const measured = await measureModel(trainer, 21, { attack: true });
    const testCount = trainer.dataset.test.labels.length;
    expect(measured.attack!.indices).toEqual(Int32Array.from({ length: testCount }, (_, k) => k)); // all of 50 test points
    expect(measured.attack!.results.map((r) => r.f)).toEqual(Array.from(measured.fTest));
    trainer.dispose();
  });

  it("is in the runner's metrics: sound, over at most 200 sampled test points", async () => {
    const config: ExperimentConfig = { ...SMALL_LIPSCHITZ, data: { ...SMALL_LIPSCHITZ.data, n: 1000 }, train: { ...SMALL_LIPSCHITZ.train, steps: 100 } };
    const result = await runExperiment(config);
    const { attack } = result;
    expect(attack).not.toBeNull();
    expect(attack!.points).toBeLessThanOrEqual(200);
    expect(attack!.points).toBeGreaterThanOrEqual(Math.floor(200 * result.testAccuracy) - 20); // the correctly classified part of the sample
    expect(attack!.fractionFlipped).toBeGreaterThan(0.9);
    expect(attack!.minRatio).toBeGreaterThanOrEqual(1 - 1e-3);
    expect(attack!.medianRatio).toBeGreaterThanOrEqual(attack!.minRatio);
    expect(attack!.meanDistance).toBeGreaterThan(0);
    expect(attack!.precision).toBeGreaterThan(0);
  });
});
