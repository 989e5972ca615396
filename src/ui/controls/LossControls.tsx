/**
 * The loss controls: the loss (in the settings column) and, apart, the hyper-parameters that apply to it
 * (tau for tau-BCE, alpha for HKR, the margin for hinge and HKR): the live controls a lecturer moves, kept
 * on screen beside the plot in every mode (LiveLossControls, PlotPanel). Loss changes apply at once to
 * the running model; the sliders commit while dragged, about ten times a second.
 */
import { LOSS_NAMES } from '../../core/config';
import { useActions, usePlayground } from '../StoreContext';
import { EffectNote, Group } from './Group';
import { LOSS_FORMULAS, LOSS_LABELS, optionsOf } from './labels';
import { linearScale, logScale } from './scales';
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

/**
 * The loss's hyper-parameters as sliders (none for KR and BCE, which have none). In a comparison the swept
 * parameter has one value per panel: its slider gives way to the list of values.
 */
export function LiveLossControls() {
  const loss = usePlayground((s) => s.config.loss);
  const sweep = usePlayground((s) => s.sweep);
  const { setLoss } = useActions();
  const usesMargin = loss.name === 'hinge' || loss.name === 'hkr';
  if (sweep?.key === 'loss') return <SweptNote label="Loss" values={sweep.values} />;
  if (loss.name !== 'tau-bce' && !usesMargin) return null;
  const swept = (key: string) => (sweep?.key === key ? sweep.values : null);
  const tau = swept('tau');
  const alpha = swept('alpha');
  const margin = swept('margin');
  return (
    <div className="lp-live-loss" role="group" aria-label="Loss parameters">
      {loss.name === 'tau-bce' &&
        (tau ? (
          <SweptNote label="Temperature τ" values={tau} />
        ) : (
          <Slider
            label="Temperature τ"
            value={loss.tau}
            scale={TAU_SCALE}
            live
            onCommit={(v) => setLoss({ tau: v })}
            hint="Small τ: smooth and robust; large τ: fits every point with small margins. Keys [ ]."
            testId="tau"
          />
        ))}
      {loss.name === 'hkr' &&
        (alpha ? (
          <SweptNote label="Hinge weight α" values={alpha} />
        ) : (
          <Slider
            label="Hinge weight α"
            value={loss.alpha}
            scale={ALPHA_SCALE}
            live
            onCommit={(v) => setLoss({ alpha: v })}
            hint="α = 0 is pure KR; large α approaches pure hinge. Keys [ ]."
            testId="alpha"
          />
        ))}
      {usesMargin &&
        (margin ? (
          <SweptNote label="Margin m" values={margin} />
        ) : (
          <Slider
            label="Margin m"
            value={loss.margin}
            scale={MARGIN_SCALE}
            live
            onCommit={(v) => setLoss({ margin: v })}
            hint="hinge uses the full margin m: relu(m − y f)"
            testId="margin"
          />
        ))}
    </div>
  );
}

/** A swept parameter in place of its slider: its values, one per panel. */
function SweptNote({ label, values }: { label: string; values: readonly (number | string)[] }) {
  return (
    <p className="lp-swept" data-testid="swept-control">
      <strong>{label}</strong>: swept, one panel each: {values.join(' · ')}
    </p>
  );
}
