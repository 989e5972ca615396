import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/config';
import { addMark, describeLiveChange } from './liveChanges';

const withLoss = (loss: Partial<ExperimentConfig['loss']>, lr = DEFAULT_CONFIG.train.lr): ExperimentConfig => ({
  ...DEFAULT_CONFIG,
  loss: { ...DEFAULT_CONFIG.loss, ...loss },
  train: { ...DEFAULT_CONFIG.train, lr },
});

describe('describeLiveChange', () => {
  it('names the parameter that changed, with its new value', () => {
    expect(describeLiveChange(withLoss({ tau: 10 }), withLoss({ tau: 0.5 }))).toBe('τ = 0.5');
    expect(describeLiveChange(withLoss({}), withLoss({}, 0.001))).toBe('lr = 0.001');
    expect(describeLiveChange(withLoss({ name: 'hkr', alpha: 10 }), withLoss({ name: 'hkr', alpha: 2 }))).toBe('α = 2');
  });

  it('gives a new loss with the parameters it uses', () => {
    expect(describeLiveChange(withLoss({ name: 'tau-bce' }), withLoss({ name: 'hkr', alpha: 10, margin: 0.29 }))).toBe('loss: HKR, α = 10, m = 0.29');
    expect(describeLiveChange(withLoss({ name: 'hkr' }), withLoss({ name: 'kr' }))).toBe('loss: KR');
  });

  it('ignores parameters the loss does not use, and says nothing when nothing live changed', () => {
    expect(describeLiveChange(withLoss({ name: 'tau-bce', alpha: 10 }), withLoss({ name: 'tau-bce', alpha: 3 }))).toBeNull();
    expect(describeLiveChange(withLoss({}), withLoss({}))).toBeNull();
  });
});

describe('addMark', () => {
  it('appends, merges changes at the same step, and skips step 0', () => {
    let marks = addMark([], 0, 'τ = 5');
    expect(marks).toEqual([]);
    marks = addMark(marks, 120, 'τ = 5');
    marks = addMark(marks, 120, 'τ = 2');
    marks = addMark(marks, 300, 'lr = 0.001');
    expect(marks).toEqual([
      { step: 120, label: 'τ = 2' },
      { step: 300, label: 'lr = 0.001' },
    ]);
  });
});
