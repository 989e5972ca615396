/**
 * The data controls: dataset, number of points, noise, seed and test fraction. Every change rebuilds the
 * dataset and restarts training (the store does it; the note says so).
 */
import { DATASET_NAMES, LIMITS, type DatasetName } from '../../core/config';
import { useActions, usePlayground } from '../StoreContext';
import { DATASET_LABELS } from './labels';
import { NumberField } from './NumberField';
import { linearScale } from './scales';
import { EffectNote, Group } from './Group';
import { SelectField } from './SelectField';
import { Slider } from './Slider';

const N_RANGE = { min: 50, max: 5000 } as const;
const NOISE_SCALE = linearScale(0, 0.5, 0.01);
const TEST_SCALE = linearScale(0, 0.5, 0.05);

/** The datasets offered: all generators, and `user` only when there are user points (or it is current). */
export function datasetChoices(current: DatasetName, hasPoints: boolean): DatasetName[] {
  return DATASET_NAMES.filter((name) => name !== 'user' || hasPoints || current === 'user');
}

export function DataControls() {
  const data = usePlayground((s) => s.config.data);
  const { setData } = useActions();
  const isUser = data.name === 'user';

  return (
    <Group title="Data">
      <SelectField
        label="Dataset"
        value={data.name}
        options={datasetChoices(data.name, data.points.length > 0).map((value) => ({ value, label: DATASET_LABELS[value] }))}
        onChange={(name) => setData({ name })}
        testId="dataset"
      />
      <NumberField
        label="Points (n)"
        value={isUser ? data.points.length : data.n}
        min={N_RANGE.min}
        max={N_RANGE.max}
        integer
        step={50}
        disabled={isUser}
        hint={isUser ? 'Your points, as drawn: edit them on the plot (Draw points, key d).' : undefined}
        onCommit={(n) => setData({ n })}
        testId="data-n"
      />
      <Slider label="Noise" value={data.noise} scale={NOISE_SCALE} format={(v) => v.toFixed(2)} onCommit={(noise) => setData({ noise })} testId="noise" />
      <NumberField
        label="Data seed"
        value={data.seed}
        min={LIMITS.seed.min}
        max={LIMITS.seed.max}
        integer
        onCommit={(seed) => setData({ seed })}
        testId="data-seed"
        after={
          <button type="button" className="lp-button" onClick={() => setData({ seed: data.seed >= LIMITS.seed.max ? 0 : data.seed + 1 })}>
            New seed
          </button>
        }
      />
      <Slider
        label="Test fraction"
        value={data.testFraction}
        scale={TEST_SCALE}
        format={(v) => `${Math.round(100 * v)}%`}
        onCommit={(testFraction) => setData({ testFraction })}
        testId="test-fraction"
      />
      <EffectNote>Changing the data restarts training.</EffectNote>
    </Group>
  );
}
