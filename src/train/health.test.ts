import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import { atChance, boundExploding, healthMessage, lipschitzBoundEstimate, lossRising, majorityFraction, type HealthSample } from './health';

/** Snapshots every 50 steps from `start`, with these losses and a fixed accuracy. */
function series(losses: number[], accuracy = 0.9, start = 0): HealthSample[] {
  return losses.map((loss, i) => ({ step: start + 50 * i, loss, trainAccuracy: accuracy }));
}

describe('loss rising', () => {
  it('flags a loss that shot up and stays up (sgd at lr 10: 0.07 to 7.1)', () => {
    const history = series([0.069, 0.06, 0.055, 0.05, 0.05, 0.3, 2, 5, 7, 7.1, 7.0, 7.2, 7.1, 7.1, 7.0]);
    const found = lossRising(history);
    expect(found).not.toBeNull();
    expect(found!.best.loss).toBeCloseTo(0.055, 6);
    expect(found!.now.loss).toBeGreaterThan(7);
    expect(found!.now.step).toBe(700);
  });

  it('flags a slow steady climb', () => {
    expect(lossRising(series(Array.from({ length: 30 }, (_, i) => 0.5 * 1.06 ** i)))).not.toBeNull();
  });

  it('leaves a falling loss, a noisy plateau and a single spike alone', () => {
    expect(lossRising(series(Array.from({ length: 30 }, (_, i) => 0.7 * 0.95 ** i)))).toBeNull();
    expect(lossRising(series(Array.from({ length: 30 }, (_, i) => 0.2 * (1 + 0.3 * Math.sin(i * 2.1)))))).toBeNull();
    const spike = Array.from({ length: 30 }, (_, i) => 0.2 - i * 0.001);
    spike[25] = 50;
    expect(lossRising(series(spike))).toBeNull();
  });

  it('reads negative losses (KR) by the size of their best value', () => {
    const up = [...Array(10).fill(-0.5), ...Array(10).fill(-0.1)];
    expect(lossRising(series(up))).not.toBeNull();
    const wobble = [...Array(10).fill(-0.5), ...Array(10).fill(-0.4)];
    expect(lossRising(series(wobble))).toBeNull();
  });

  it('needs enough snapshots, and leaves non-finite losses to the divergence check', () => {
    expect(lossRising(series([0.1, 5, 5, 5, 5, 5, 5]))).toBeNull();
    const nan = series([0.05, 0.05, 0.05, 0.05, 0.05, 7, 7, 7, 7, 7, 7, 7, 7, NaN]);
    expect(lossRising(nan)).toBeNull();
  });
});

describe('accuracy at chance', () => {
  it('is the larger class, not 50%', () => {
    expect(majorityFraction(Float32Array.of(1, -1, 1, 1))).toBe(0.75);
    expect(majorityFraction(Float32Array.of(-1, -1))).toBe(1);
  });

  it('flags 51% after 1000 steps on balanced classes, not before, and not a model that learns', () => {
    expect(atChance(series(Array(10).fill(7), 0.51, 1000), 0.5)?.step).toBe(1450);
    expect(atChance(series(Array(10).fill(7), 0.51, 100), 0.5)).toBeNull();
    expect(atChance(series(Array(10).fill(0.1), 0.8, 1000), 0.5)).toBeNull();
    // 90% on 90/10 classes is what a constant answer gets.
    expect(atChance(series(Array(10).fill(0.3), 0.9, 2000), 0.9)).not.toBeNull();
  });
});

describe('bound exploding', () => {
  it('flags a standard net past 1e6 or not finite, never a Lipschitz net', () => {
    expect(boundExploding('standard', 2e6)).toBe(true);
    expect(boundExploding('standard', Infinity)).toBe(true);
    expect(boundExploding('standard', NaN)).toBe(true);
    expect(boundExploding('standard', 40)).toBe(false);
    expect(boundExploding('lipschitz', 1e9)).toBe(false);
  });
});

describe('the messages', () => {
  const sgd = { ...DEFAULT_CONFIG, model: { ...DEFAULT_CONFIG.model, kind: 'standard' as const }, train: { ...DEFAULT_CONFIG.train, optimizer: 'sgd' as const, lr: 10 } };

  it('say what was seen, with numbers, and what to try from the current settings', () => {
    const rising = healthMessage({ kind: 'loss-rising', best: { step: 100, loss: 0.055, trainAccuracy: 0.9 }, now: { step: 700, loss: 7.1, trainAccuracy: 0.5 } }, sgd);
    expect(rising).toBe(
      'The training loss has risen from 0.055 (step 100) to 7.1 (step 700) and stays up: training is going the wrong way. ' +
        'Try a smaller learning rate (now 10, sgd): a live change goes on from the current weights; or press Reset.',
    );
    const chance = healthMessage({ kind: 'at-chance', now: { step: 3000, loss: 7, trainAccuracy: 0.51 }, majority: 0.5 }, sgd);
    expect(chance).toMatch(/^After 3000 steps the train accuracy is 51%, no better than always answering the larger class \(50%\)/);
    const kr = { ...sgd, loss: { ...sgd.loss, name: 'kr' as const }, train: { ...sgd.train, lr: 1 } };
    const bound = healthMessage({ kind: 'bound-exploding', step: 400, bound: 3.2e9, loss: -5e20 }, kr);
    expect(bound).toMatch(/Lipschitz bound is at least 3\.2e\+9 \(past 1\.0e\+6\).*KR loss \(-5\.0e\+20\) has no lower bound/);
  });
});

describe('the bound estimate', () => {
  it('is the product of the layers spectral norms (from below), times the output scale', () => {
    // diag(3, 1) and [[2], [0]]: norms 3 and 2.
    const layers = [
      { kernel: Float32Array.of(3, 0, 0, 1), inputs: 2, outputs: 2 },
      { kernel: Float32Array.of(2, 0), inputs: 2, outputs: 1 },
    ];
    const estimate = lipschitzBoundEstimate(layers, -0.5);
    expect(estimate).toBeLessThanOrEqual(3 * 2 * 0.5 * (1 + 1e-12));
    expect(estimate).toBeGreaterThan(3 * 2 * 0.5 * 0.999);
    expect(lipschitzBoundEstimate([{ kernel: Float32Array.of(NaN, 1), inputs: 1, outputs: 2 }], 1)).toBeNaN();
    expect(lipschitzBoundEstimate([{ kernel: Float32Array.of(0, 0), inputs: 1, outputs: 2 }], 1)).toBe(0);
  });
});
