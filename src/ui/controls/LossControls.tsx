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

/** The loss's hyper-parameters as sliders (none for KR and BCE, which have none). */
export function LiveLossControls() {
  const loss = usePlayground((s) => s.config.loss);
  const sweptKey = usePlayground((s) => s.sweep?.key ?? null);
  const { setLoss } = useActions();
  const usesMargin = loss.name === 'hinge' || loss.name === 'hkr';
  if (loss.name !== 'tau-bce' && !usesMargin) return null;
  // The swept parameter has one value per panel: its slider would move nothing.
  if (sweptKey === 'tau' || sweptKey === 'alpha' || sweptKey === 'margin' || sweptKey === 'loss') {
    if (sweptKey === 'loss' || (sweptKey === 'tau' && loss.name === 'tau-bce') || (sweptKey !== 'tau' && usesMargin)) return null;
  }
  return (
    <div className="lp-live-loss" role="group" aria-label="Loss parameters">
      {loss.name === 'tau-bce' && (
        <Slider
          label="Temperature τ"
          value={loss.tau}
          scale={TAU_SCALE}
          live
          onCommit={(tau) => setLoss({ tau })}
          hint="Small τ: smooth and robust; large τ: fits every point with small margins. Keys [ ]."
          testId="tau"
        />
      )}
      {loss.name === 'hkr' && (
        <Slider
          label="Hinge weight α"
          value={loss.alpha}
          scale={ALPHA_SCALE}
          live
          onCommit={(alpha) => setLoss({ alpha })}
          hint="α = 0 is pure KR; large α approaches pure hinge. Keys [ ]."
          testId="alpha"
        />
      )}
      {usesMargin && (
        <Slider
          label="Margin m"
          value={loss.margin}
          scale={MARGIN_SCALE}
          live
          onCommit={(margin) => setLoss({ margin })}
          hint="hinge uses the full margin m: relu(m − y f)"
          testId="margin"
        />
      )}
    </div>
  );
}
