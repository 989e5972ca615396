/**
 * One-click presets from the paper. A click replaces the whole configuration (actions.loadConfig), which
 * rebuilds the data and the model at step 0. The preset matching the current configuration is marked.
 */
import { useId, useMemo } from 'react';
import { useActions, usePlayground } from '../StoreContext';
import { Group } from './Group';
import { encodeUrl } from '../../app/url';
import { DEFAULT_VIEW } from '../../core/view';
import { matchingPreset, PRESETS, presetConfig, presetSweep, type Preset } from './presets';
import { formatSweep } from '../../app/comparison';

/** The preset as a link: the playground's URL for its configuration. */
function presetHref(preset: Preset): string {
  const sweep = presetSweep(preset);
  return encodeUrl(presetConfig(preset), DEFAULT_VIEW, sweep ? { sweep: formatSweep(sweep) } : {}) || '?';
}

/** `compact`: the buttons in a row, descriptions kept for screen readers and as tooltips only. */
export function Presets({ compact = false }: { compact?: boolean }) {
  const config = usePlayground((s) => s.config);
  const sweep = usePlayground((s) => s.sweep);
  const { loadConfig } = useActions();
  const current = useMemo(() => matchingPreset(config, sweep)?.id, [config, sweep]);
  const idPrefix = useId();

  return (
    <Group title="Presets" className={compact ? 'lp-presets lp-compact' : 'lp-presets'}>
      <ul className="lp-preset-list">
        {PRESETS.map((preset) => (
          <li key={preset.id}>
            <a
              href={presetHref(preset)}
              className={preset.id === current ? 'lp-button lp-preset lp-selected' : 'lp-button lp-preset'}
              aria-current={preset.id === current ? 'true' : undefined}
              aria-describedby={`${idPrefix}-${preset.id}`}
              data-testid={`preset-${preset.id}`}
              title={compact ? preset.description : undefined}
              onClick={(event) => {
                // A plain click loads the preset in place; the href keeps it a shareable link.
                if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
                event.preventDefault();
                loadConfig(presetConfig(preset), undefined, presetSweep(preset));
              }}
            >
              {preset.title}
            </a>
            <span id={`${idPrefix}-${preset.id}`} className={compact ? 'lp-visually-hidden' : 'lp-hint'}>
              {preset.description}
            </span>
          </li>
        ))}
      </ul>
    </Group>
  );
}
