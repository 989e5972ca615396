/**
 * One-click presets from the paper. A click replaces the whole configuration (actions.loadConfig), which
 * rebuilds the data and the model at step 0. The preset matching the current configuration is marked.
 */
import { useId, useMemo } from 'react';
import { useActions, usePlayground } from '../StoreContext';
import { Group } from './Group';
import { matchingPreset, PRESETS, presetConfig } from './presets';

/** `compact`: the buttons in a row, descriptions kept for screen readers and as tooltips only. */
export function Presets({ compact = false }: { compact?: boolean }) {
  const config = usePlayground((s) => s.config);
  const { loadConfig } = useActions();
  const current = useMemo(() => matchingPreset(config)?.id, [config]);
  const idPrefix = useId();

  return (
    <Group title="Presets" className={compact ? 'lp-presets lp-compact' : 'lp-presets'}>
      <ul className="lp-preset-list">
        {PRESETS.map((preset) => (
          <li key={preset.id}>
            <button
              type="button"
              className={preset.id === current ? 'lp-button lp-preset lp-selected' : 'lp-button lp-preset'}
              aria-current={preset.id === current ? 'true' : undefined}
              aria-describedby={`${idPrefix}-${preset.id}`}
              data-testid={`preset-${preset.id}`}
              title={compact ? preset.description : undefined}
              onClick={() => loadConfig(presetConfig(preset))}
            >
              {preset.title}
            </button>
            <span id={`${idPrefix}-${preset.id}`} className={compact ? 'lp-visually-hidden' : 'lp-hint'}>
              {preset.description}
            </span>
          </li>
        ))}
      </ul>
    </Group>
  );
}
