import type { Dataset } from '../core/geometry';
import { evaluateField, type ScalarField } from '../analysis/field';
import { modelGradientNorms, modelValuesAndGradientNorms } from './gradientNorms';
import { readNetWeights } from '../lip/export';
import { mlpFromWeights, type Mlp } from '../lip/model';
import type { MeasurableModel, ValuesAndGradientNorms } from './report';
import type { DatasetSnapshot, ModelWeights } from './snapshot';

/**
 * A trained model evaluated away from its trainer: rebuilt from the effective weights the trainer read
 * (`readEffectiveWeights`), with its dataset. It measures exactly what the trainer would (the same layers
 * and forward pass), so snapshots computed from it carry the same numbers. Owns tensors: dispose it.
 */
export class InferenceModel implements MeasurableModel {
  readonly model: Mlp;
  private readonly field: ScalarField = (x) => this.model.predict(x);

  constructor(
    weights: ModelWeights,
    readonly dataset: Dataset,
    readonly step: number,
  ) {
    this.model = mlpFromWeights(weights.kind, weights.activation, weights.outputScale, weights.layers, weights.residual);
  }

  predict(xy: Float32Array): Promise<Float32Array> {
    return evaluateField(this.field, xy);
  }

  gradientNorms(xy: Float32Array): Promise<Float32Array> {
    return modelGradientNorms(this.model, xy);
  }

  valuesAndGradientNorms(xy: Float32Array): Promise<ValuesAndGradientNorms> {
    return modelValuesAndGradientNorms(this.model, xy);
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** The dataset a snapshot of it describes (the inverse of `datasetSnapshot`). */
export function datasetFromSnapshot(snapshot: DatasetSnapshot): Dataset {
  return {
    train: { xy: snapshot.trainXy, labels: snapshot.trainLabels },
    test: { xy: snapshot.testXy, labels: snapshot.testLabels },
    domain: snapshot.domain,
  };
}

/**
 * A model's effective weights, as copies that may be transferred to another worker (the backend's own
 * buffers must never be: on the cpu backend `data()` can hand out its storage).
 */
export async function readModelWeights(model: Mlp): Promise<ModelWeights> {
  const { dense, residual } = await readNetWeights(model);
  return {
    kind: model.kind,
    activation: model.activation,
    outputScale: model.outputScale,
    layers: dense.map((l) => ({ inputs: l.inputs, outputs: l.outputs, kernel: l.kernel.slice(), bias: l.bias.slice() })),
    residual: residual.map((r) => ({ ...r, inner: r.inner.slice(), bias: r.bias.slice(), outer: r.outer.slice() })),
  };
}

/** The buffers of a weights message, for a postMessage transfer list. */
export function weightsTransferables(weights: ModelWeights): ArrayBuffer[] {
  return [
    ...weights.layers.flatMap((l) => [l.kernel.buffer as ArrayBuffer, l.bias.buffer as ArrayBuffer]),
    ...weights.residual.flatMap((r) => [r.inner.buffer as ArrayBuffer, r.bias.buffer as ArrayBuffer, r.outer.buffer as ArrayBuffer]),
  ];
}
