import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/node';
import { bceLoss, hingeLoss, hkrLoss, krLoss, makeLoss, tauBceLoss } from './losses';

const value = (s: tf.Scalar) => s.dataSync()[0];
const f = () => tf.tensor1d([2, -1, 0.5, -3]);
const y = () => tf.tensor1d([1, -1, -1, 1]);

describe('losses on hand-computed cases', () => {
  beforeAll(() => useNodeBackend('cpu'));

  it('kr = mean over y=-1 of f minus mean over y=+1 of f', () => {
    // y=-1: f = -1, 0.5 -> mean -0.25; y=+1: f = 2, -3 -> mean -0.5; kr = -0.25 - (-0.5) = 0.25
    expect(value(krLoss(f(), y()))).toBeCloseTo(0.25, 6);
  });

  it('kr has no term on a single-class batch', () => {
    expect(Math.abs(value(krLoss(tf.tensor1d([1, 2, 3]), tf.tensor1d([1, 1, 1]))))).toBe(0);
    expect(Math.abs(value(krLoss(tf.tensor1d([1, 2]), tf.tensor1d([-1, -1]))))).toBe(0);
  });

  it('hinge = mean relu(m - y f) with the full margin m', () => {
    // y f = 2, 1, -0.5, -3; m = 1: relu(-1, 0, 1.5, 4) -> mean 5.5 / 4
    expect(value(hingeLoss(f(), y(), 1))).toBeCloseTo(5.5 / 4, 6);
    // m = 0: relu(-2, -1, 0.5, 3) -> 3.5 / 4
    expect(value(hingeLoss(f(), y(), 0))).toBeCloseTo(3.5 / 4, 6);
  });

  it('hkr = alpha hinge + kr', () => {
    expect(value(hkrLoss(f(), y(), 10, 1))).toBeCloseTo(10 * (5.5 / 4) + 0.25, 5);
    expect(value(hkrLoss(f(), y(), 0, 1))).toBeCloseTo(0.25, 6);
  });

  it('tau-bce = mean softplus(-tau y f) / tau', () => {
    const yf = [2, 1, -0.5, -3];
    for (const tau of [0.5, 1, 10]) {
      const expected = yf.reduce((s, m) => s + Math.log1p(Math.exp(-tau * m)), 0) / 4 / tau;
      expect(value(tauBceLoss(f(), y(), tau))).toBeCloseTo(expected, 5);
    }
  });

  it('bce is tau-bce at tau = 1', () => {
    expect(value(bceLoss(f(), y()))).toBeCloseTo(value(tauBceLoss(f(), y(), 1)), 7);
  });

  it('tau-bce approaches mean max(0, -y f) as tau grows', () => {
    const target = (0 + 0 + 0.5 + 3) / 4;
    const gaps = [1, 10, 100, 1000].map((tau) => Math.abs(value(tauBceLoss(f(), y(), tau)) - target));
    expect(gaps[1]).toBeLessThan(gaps[0]);
    for (let i = 2; i < gaps.length; i++) expect(gaps[i]).toBeLessThanOrEqual(gaps[i - 1]);
    expect(gaps[3]).toBeLessThan(1e-3);
  });

  it('tau-bce stays finite for huge margins (stable softplus)', () => {
    const loss = value(tauBceLoss(tf.tensor1d([1e4, -1e4]), tf.tensor1d([-1, -1]), 1000));
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeCloseTo(1e4 / 2, 0);
  });

  it('makeLoss binds the configured hyper-parameters', () => {
    const loss = makeLoss({ name: 'hkr', tau: 1, alpha: 2, margin: 0 });
    expect(value(loss(f(), y()))).toBeCloseTo(2 * (3.5 / 4) + 0.25, 5);
  });
});
