import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendReport } from '../backend/names';
import { useNodeBackend } from '../backend/node';
import { DEFAULT_FIELD_OPTIONS } from '../core/view';
import { generateDataset } from '../data/split';
import { computeFieldSnapshot } from '../train/fieldSnapshot';
import { Trainer } from '../train/trainer';
import { WorkerEngine } from './engine';
import { FieldEngine } from './fieldEngine';
import type { FieldSnapshot, FromWorker, ModelSpec } from './protocol';
import { SMALL_LIPSCHITZ, SMALL_STANDARD, until } from '../testing/support';

const small = SMALL_LIPSCHITZ;
const standard = SMALL_STANDARD;
const specs: ModelSpec[] = [
  { id: 'lipschitz', config: small },
  { id: 'standard', config: standard },
];


/** A training engine and a field engine joined in memory as the client joins the two workers. */
function makePair() {
  const fromTraining: FromWorker[] = [];
  const fromField: FromWorker[] = [];
  const report: BackendReport = { name: 'wasm', requested: 'auto', trials: [], reason: 'unit test' };
  let training: WorkerEngine | null = null;
  const field = new FieldEngine({
    postToPage: (m) => fromField.push(m),
    postAck: (ack) => training!.onFieldAck(ack),
    selectBackend: () => useNodeBackend('wasm'),
  });
  training = new WorkerEngine({
    post: (m) => fromTraining.push(m),
    selectBackend: async () => {
      await useNodeBackend('wasm');
      return report;
    },
    metricsIntervalMs: 0,
  });
  training.attachFieldSink({ post: (m) => field.handle(structuredClone(m)) });
  field.init('wasm');
  return { training, field, fromTraining, fromField };
}

const fieldsOf = (messages: FromWorker[], id: string, step: number): FieldSnapshot | undefined =>
  messages.find((m): m is Extract<FromWorker, { type: 'field' }> => m.type === 'field' && m.modelId === id && m.field.step === step)?.field;

describe('the field worker (FieldEngine) beside the training worker', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('posts the snapshots the training worker would have computed, number for number, and the training worker none', async () => {
    const steps = 12;
    const { training, field, fromTraining, fromField } = makePair();
    training.load(1, specs, false);
    training.setFieldOptions(1, { ...DEFAULT_FIELD_OPTIONS, gridNodes: 41, distance: true, intervalMs: 0 });
    training.step(1, steps);
    await until(() => specs.every(({ id }) => fieldsOf(fromField, id, steps) !== undefined));
    await training.dispose(1);
    await field.idle();
    expect(fromTraining.some((m) => m.type === 'field')).toBe(false);

    for (const { id, config } of specs) {
      const remote = fieldsOf(fromField, id, steps)!;
      const trainer = new Trainer(config, generateDataset(config.data), { checkTolerance: true });
      await trainer.runSteps(steps);
      const local = await computeFieldSnapshot(trainer, { ...DEFAULT_FIELD_OPTIONS, gridNodes: 41, distance: true, intervalMs: 0 });
      trainer.dispose();
      expect(Array.from(remote.f), id).toEqual(Array.from(local.f));
      expect(Array.from(remote.gradientNorm), id).toEqual(Array.from(local.gradientNorm));
      expect(remote.lipschitzBound, id).toBe(local.lipschitzBound);
      expect(remote.lipschitzEmpirical, id).toBe(local.lipschitzEmpirical);
      expect(remote.mcr, id).toBe(local.mcr);
      expect(remote.certified, id).toEqual(local.certified);
      expect(Array.from(remote.distance!), id).toEqual(Array.from(local.distance!));
    }
  });

  it('leaks no tensors per snapshot, and answers requests of an older run without drawing them', async () => {
    const posted: FromWorker[] = [];
    const acks: boolean[] = [];
    const field = new FieldEngine({ postToPage: (m) => posted.push(m), postAck: (a) => acks.push(a.ok), selectBackend: () => useNodeBackend('wasm') });
    field.init('wasm');
    const trainer = new Trainer(small, generateDataset(small.data), { checkTolerance: true });
    const { readModelWeights } = await import('../train/inference');
    const { datasetSnapshot } = await import('../train/fieldSnapshot');
    const weights = await readModelWeights(trainer.model);
    const options = { ...DEFAULT_FIELD_OPTIONS, gridNodes: 21 };
    field.handle({ type: 'dataset', runId: 2, modelId: 'm', dataset: datasetSnapshot(trainer) });
    field.handle({ type: 'measure', runId: 2, modelId: 'm', step: 0, weights, options, playing: false });
    await field.idle();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) field.handle({ type: 'measure', runId: 2, modelId: 'm', step: 0, weights, options, playing: false });
    await field.idle();
    expect(tf.memory().numTensors).toBe(before);
    field.handle({ type: 'measure', runId: 1, modelId: 'm', step: 0, weights, options, playing: false });
    await field.idle();
    expect(posted.filter((m) => m.type === 'field')).toHaveLength(4);
    expect(acks).toEqual([true, true, true, true, false]);
    trainer.dispose();
  });
});
