/**
 * The loss controls: the loss (in the settings column) and, apart, the hyper-parameters that apply to it
 * (tau for tau-BCE, alpha for HKR, the margin for hinge and HKR): the live controls a lecturer moves, kept
 * on screen beside the plot in every mode (LiveLossControls, PlotPanel). Loss changes apply at once to
 * the running model; the sliders commit while dragged, about ten times a second.
 */
import { LOSS_NAMES, type LossConfig } from '../../core/config';
import { sweepValuesDisplay, type Sweep } from '../../core/sweep';
import { useActions, usePlayground } from '../StoreContext';
import { EffectNote, Group } from './Group';
import { LOSS_FORMULAS, LOSS_LABELS, optionsOf } from './labels';
import { linearScale, logScale, type SliderScale } from './scales';
import { SelectField } from './SelectField';
import { Slider } from './Slider';

/** The ranges of the tau and alpha sliders (also the keyboard's notches, useKeyboard.ts). */
export const TAU_RANGE = { min: 0.01, max: 1000 };
export const ALPHA_RANGE = { min: 0.01, max: 1000, allowZero: true };
export const TAU_SCALE = logScale(TAU_RANGE);
export const ALPHA_SCALE = logScale(ALPHA_RANGE);
export const MARGIN_SCALE = linearScale(0, 2, 0.01);
const LOSS_OPTIONS = optionsOf(LOSS_NAMES, LOSS_LABELS);

export function LossControls() {
  const loss = usePlayground((s) => s.config.loss);
  const { setLoss } = useActions();
  return (
    <Group title="Loss">
      <SelectField
        label="Loss function"
        value={loss.name}
        options={LOSS_OPTIONS}
        onChange={(name) => setLoss({ name })}
        hint={LOSS_FORMULAS[loss.name]}
        testId="loss"
      />
      <EffectNote>Applies at once; its parameters are beside the plot.</EffectNote>
    </Group>
  );
}

/** One live loss parameter: which losses use it, its slider, and its URL key (the sweep's name for it). */
interface LiveParameter {
  key: 'tau' | 'alpha' | 'margin';
  label: string;
  usedBy: readonly LossConfig['name'][];
  scale: SliderScale;
  hint: string;
}

const LIVE_PARAMETERS: readonly LiveParameter[] = [
  {
    key: 'tau',
    label: 'Temperature τ',
    usedBy: ['tau-bce'],
    scale: TAU_SCALE,
    hint: 'Small τ: smooth and robust; large τ: fits every point with small margins. Keys [ ].',
  },
  { key: 'alpha', label: 'Hinge weight α', usedBy: ['hkr'], scale: ALPHA_SCALE, hint: 'α = 0 is pure KR; large α approaches pure hinge. Keys [ ].' },
  { key: 'margin', label: 'Margin m', usedBy: ['hinge', 'hkr'], scale: MARGIN_SCALE, hint: 'hinge uses the full margin m: relu(m − y f)' },
];

/**
 * The loss's hyper-parameters as sliders (none for KR and BCE, which have none). In a comparison the swept
 * parameter has one value per panel: its slider gives way to the list of values.
 */
export function LiveLossControls() {
  const loss = usePlayground((s) => s.config.loss);
  const sweep = usePlayground((s) => s.sweep);
  const { setLoss } = useActions();
  if (sweep?.key === 'loss') return <SweptNote label="Loss" sweep={sweep} />;
  const shown = LIVE_PARAMETERS.filter((p) => p.usedBy.includes(loss.name));
  if (shown.length === 0) return null;
  return (
    <div className="lp-live-loss" role="group" aria-label="Loss parameters">
      {shown.map((p) =>
        sweep?.key === p.key ? (
          <SweptNote key={p.key} label={p.label} sweep={sweep} />
        ) : (
          <Slider key={p.key} label={p.label} value={loss[p.key]} scale={p.scale} live onCommit={(v) => setLoss({ [p.key]: v })} hint={p.hint} testId={p.key} />
        ),
      )}
    </div>
  );
}

/** A swept parameter in place of its slider: its values, one per panel. */
function SweptNote({ label, sweep }: { label: string; sweep: Sweep }) {
  return (
    <p className="lp-swept" data-testid="swept-control">
      <strong>{label}</strong>: swept, one panel each: {sweepValuesDisplay(sweep)}
    </p>
  );
}
