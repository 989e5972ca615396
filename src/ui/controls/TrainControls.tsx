/**
 * The training controls: optimizer, learning rate, batch size and the training seed (initial weights and
 * batch order). The learning rate applies at once; the others restart training.
 */
import { LIMITS, OPTIMIZERS, ROBUST_METHODS } from '../../core/config';
import { useActions, usePlayground } from '../StoreContext';
import { EffectNote, Group } from './Group';
import { OPTIMIZER_LABELS, optionsOf, ROBUST_LABELS } from './labels';
import { NumberField } from './NumberField';
import { logScale } from './scales';
import { SelectField } from './SelectField';
import { Slider } from './Slider';

export const LR_SCALE = logScale({ min: 1e-4, max: 1 });
export const BATCH_SIZES = [16, 32, 64, 128, 256, 512, 1024] as const;
const OPTIMIZER_OPTIONS = optionsOf(OPTIMIZERS, OPTIMIZER_LABELS);
const ROBUST_OPTIONS = optionsOf(ROBUST_METHODS, ROBUST_LABELS);

/** The batch sizes offered, with the current one added when a link set another. */
export function batchChoices(current: number): number[] {
  const sizes: number[] = [...BATCH_SIZES];
  return sizes.includes(current) ? sizes : [...sizes, current].sort((a, b) => a - b);
}

export function TrainControls() {
  const train = usePlayground((s) => s.config.train);
  const { setTrain } = useActions();

  return (
    <Group title="Training">
      <SelectField label="Optimizer" value={train.optimizer} options={OPTIMIZER_OPTIONS} onChange={(optimizer) => setTrain({ optimizer })} testId="optimizer" />
      <Slider label="Learning rate" value={train.lr} scale={LR_SCALE} live onCommit={(lr) => setTrain({ lr })} testId="lr" />
      <SelectField
        label="Batch size"
        value={String(train.batchSize)}
        options={batchChoices(train.batchSize).map((b) => ({ value: String(b), label: String(b) }))}
        onChange={(b) => setTrain({ batchSize: Number(b) })}
        testId="batch"
      />
      <NumberField
        label="Training seed"
        value={train.seed}
        min={LIMITS.seed.min}
        max={LIMITS.seed.max}
        integer
        onCommit={(seed) => setTrain({ seed })}
        hint="Initial weights and batch order."
        testId="train-seed"
      />
      <SelectField
        label="Robust training"
        value={train.robust}
        options={ROBUST_OPTIONS}
        onChange={(robust) => setTrain({ robust })}
        hint={train.robust === 'none' ? 'For standard nets: ask y f > ε K, K the product of spectral norms.' : `Asks every training point for y f > ε K (K: product of spectral norms).`}
        testId="robust"
      />
      {train.robust !== 'none' && (
        <NumberField
          label="Robust ε"
          value={train.robustEps}
          min={LIMITS.robustEps.min}
          max={LIMITS.robustEps.max}
          onCommit={(robustEps) => setTrain({ robustEps })}
          testId="robust-eps"
        />
      )}
      <EffectNote>The learning rate applies at once; optimizer, batch size, seed and robust training restart training.</EffectNote>
    </Group>
  );
}
