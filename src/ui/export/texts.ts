/**
 * The Export menu's text files, from what the page holds: the caption line of a figure, the points as CSV
 * (`x,y,label,split`, through data/csv.ts's writer), the configuration in the runner's format, and the
 * Python scripts of the bridge (src/bridge, the code path of `npm run export`).
 */
import type { ExperimentConfig } from '../../core/config';
import type { MlpJson } from '../../core/mlpJson';
import type { Sweep } from '../../core/sweep';
import { pointsToCsv, CSV_HEADER } from '../../data/csv';
import { pythonScript, type PythonFlavour } from '../../bridge/python';
import { formatSweep } from '../../app/comparison';
import type { DatasetSnapshot } from '../../worker/protocol';

/** One line naming the configuration of a figure, e.g. "moons n=1000 noise=0.1 · lipschitz 64-64 groupsort2 L=1 · tau-bce tau=10 · step 1200". */
export function figureCaption(config: ExperimentConfig, sweep: Sweep | null, step: number): string {
  const { data, model, loss, train } = config;
  const dataText = data.name === 'user' ? `user data (${data.points.length} points)` : `${data.name} n=${data.n} noise=${data.noise} seed=${data.seed}`;
  const net = `${model.kind} ${model.hidden.join('-') || 'linear'} ${model.activation}${model.kind === 'lipschitz' ? ` L=${model.lipschitz}` : ''}`;
  const constants = loss.name === 'tau-bce' ? ` tau=${loss.tau}` : loss.name === 'hkr' ? ` alpha=${loss.alpha} margin=${loss.margin}` : loss.name === 'hinge' ? ` margin=${loss.margin}` : '';
  const parts = [`Lipschitz Playground: ${dataText}`, net, `${loss.name}${constants}`, `${train.optimizer} lr=${train.lr} batch=${train.batchSize}`, `step ${step}`];
  if (sweep) parts.push(`panels: ${formatSweep(sweep)}`);
  return parts.join(' · ');
}

/** The points as CSV with a `split` column: the training points, then the test points. */
export function pointsCsvWithSplit(dataset: DatasetSnapshot): string {
  const rows = (xy: Float32Array, labels: Float32Array, split: string) =>
    pointsToCsv({ xy, labels })
      .split('\n')
      .slice(1) // the writer's own header
      .filter(Boolean)
      .map((line) => `${line},${split}`);
  const lines = [`${CSV_HEADER},split`, ...rows(dataset.trainXy, dataset.trainLabels, 'train'), ...rows(dataset.testXy, dataset.testLabels, 'test')];
  return `${lines.join('\n')}\n`;
}

/** The configuration as `npm run experiment -- it.json` reads it (in a comparison: the shared base). */
export function configJson(config: ExperimentConfig): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** The bridge's script for one model, trained with `config` on `dataset` (library scripts load the trained weights). */
export function pythonText(flavour: PythonFlavour, model: MlpJson, config: ExperimentConfig, dataset: DatasetSnapshot | null): string {
  const points = dataset
    ? { train: { xy: dataset.trainXy, labels: dataset.trainLabels }, test: { xy: dataset.testXy, labels: dataset.testLabels } }
    : undefined;
  return pythonScript({ flavour, model, config, dataset: points, trainedWeights: true });
}
