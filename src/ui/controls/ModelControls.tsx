/**
 * The model controls: Lipschitz or standard network, hidden widths per layer, activation and the
 * Lipschitz constant L. Every change rebuilds the model and restarts training (the note says so). With
 * GroupSort2 every width is kept even; if the store still refuses a change, its notice is repeated here.
 */
import { COST_LIMITS } from '../../core/cost';
import { useId } from 'react';
import { ACTIVATIONS, isResidualLayer, LAYERS, MODEL_KINDS, RESIDUAL_ACTIVATIONS, type ActivationName, type LayerName, type ModelConfig } from '../../core/config';
import { useActions, usePlayground } from '../StoreContext';
import { EffectNote, Group } from './Group';
import { ACTIVATION_LABELS, LAYER_LABELS, MODEL_KIND_LABELS, optionsOf } from './labels';
import { NumberField } from './NumberField';
import { addLayer, evenWidths, HIDDEN_LIMITS, removeLayer, setWidth } from './numbers';
import { logScale } from './scales';
import { SelectField } from './SelectField';
import { Slider } from './Slider';

const L_SCALE = logScale({ min: 0.1, max: 100 });
const ACTIVATION_OPTIONS = optionsOf(ACTIVATIONS, ACTIVATION_LABELS);
const LAYER_OPTIONS = optionsOf(LAYERS, LAYER_LABELS);

/** Whether the hidden layers are residual blocks (every width equal, an elementwise activation). */
const residualNet = (model: ModelConfig) => model.kind === 'lipschitz' && isResidualLayer(model.layer);

/** Activations that pair neighbouring units and so need even widths (as parseConfig checks). */
const needsEven = (activation: ActivationName) => activation === 'groupsort2';

export function ModelControls() {
  const model = usePlayground((s) => s.config.model);
  const notices = usePlayground((s) => s.notices);
  const { setModel } = useActions();
  const refusal = [...notices].reverse().find((n) => n.text.startsWith('Not applied: model.'));

  /** A residual layer brings what it needs along: relu when the activation is not elementwise, equal widths. */
  const changeLayer = (layer: LayerName) => {
    if (!isResidualLayer(layer)) return setModel({ layer });
    const activation = RESIDUAL_ACTIVATIONS.includes(model.activation) ? model.activation : 'relu';
    setModel({ layer, activation, hidden: model.hidden.map(() => model.hidden[0]) });
  };

  const changeActivation = (activation: ActivationName) => {
    const hidden = needsEven(activation) ? evenWidths(model.hidden) : model.hidden;
    const changed = hidden.some((w, i) => w !== model.hidden[i]);
    setModel(changed ? { activation, hidden } : { activation });
  };

  return (
    <Group title="Model">
      <KindSwitch value={model.kind} onChange={(kind) => setModel({ kind })} />
      <HiddenLayers model={model} onChange={(hidden) => setModel({ hidden })} />
      {model.kind === 'lipschitz' && (
        <SelectField
          label="Layer"
          value={model.layer}
          options={LAYER_OPTIONS}
          onChange={changeLayer}
          testId="layer"
          hint={residualNet(model) ? `Residual blocks after the first layer: equal widths, ${RESIDUAL_ACTIVATIONS.join(' or ')} inside.` : undefined}
        />
      )}
      <SelectField label="Activation" value={model.activation} options={ACTIVATION_OPTIONS} onChange={changeActivation} testId="activation" />
      {model.kind === 'lipschitz' && (
        <Slider
          label="Lipschitz constant L"
          value={model.lipschitz}
          scale={L_SCALE}
          onCommit={(lipschitz) => setModel({ lipschitz })}
          hint="f is L-Lipschitz: its output is multiplied by L."
          testId="lipschitz"
        />
      )}
      {refusal && (
        <p className="lp-refusal" data-testid="model-refusal">
          {refusal.text}
        </p>
      )}
      <EffectNote>Changing the model restarts training.</EffectNote>
    </Group>
  );
}

function KindSwitch({ value, onChange }: { value: ModelConfig['kind']; onChange: (kind: ModelConfig['kind']) => void }) {
  const name = useId();
  return (
    <fieldset className="lp-field lp-segmented">
      <legend>Network</legend>
      {MODEL_KINDS.map((kind) => (
        <label key={kind} className={kind === value ? 'lp-segment lp-selected' : 'lp-segment'}>
          <input type="radio" name={name} value={kind} checked={kind === value} onChange={() => onChange(kind)} />
          {MODEL_KIND_LABELS[kind]}
        </label>
      ))}
    </fieldset>
  );
}

function HiddenLayers({ model, onChange }: { model: ModelConfig; onChange: (hidden: number[]) => void }) {
  const even = needsEven(model.activation);
  const { hidden } = model;
  const { minWidth, maxWidth, minLayers, maxLayers } = HIDDEN_LIMITS;
  return (
    <fieldset className="lp-field lp-layers">
      <legend>Hidden layers</legend>
      <p className="lp-architecture" data-testid="architecture">
        {['2', ...hidden.map(String), '1'].join(' → ')}
      </p>
      <div className="lp-widths">
        {hidden.map((width, i) => (
          <NumberField
            key={i}
            className="lp-width"
            label={`Layer ${i + 1}`}
            value={width}
            min={minWidth}
            max={maxWidth}
            integer
            step={even ? 2 : 1}
            onCommit={(w) => onChange(residualNet(model) ? hidden.map(() => w) : setWidth(hidden, i, w, even))}
            testId={`width-${i + 1}`}
          />
        ))}
      </div>
      <div className="lp-row">
        <button type="button" className="lp-button" disabled={hidden.length >= maxLayers} onClick={() => onChange(addLayer(hidden, even))}>
          <span aria-hidden="true">+ </span>Add layer
        </button>
        <button type="button" className="lp-button" disabled={hidden.length <= minLayers} onClick={() => onChange(removeLayer(hidden))}>
          <span aria-hidden="true">− </span>Remove layer
        </button>
      </div>
      <p className="lp-hint">
        {maxLayers} layers at most, widths {minWidth} to {maxWidth}
        {even ? '; GroupSort2 pairs units, so widths are even' : ''}; a step must also fit about {COST_LIMITS.stepMs} ms here
        (a bigger net is refused, with its cost).
      </p>
    </fieldset>
  );
}
