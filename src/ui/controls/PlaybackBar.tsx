/**
 * Play/pause, step, reset and speed, with the training status, the step counter and the measured speed
 * (steps per second over the last 2 s, shown while playing). Big buttons, all
 * reachable with Tab; the keyboard shortcuts (space, s, r) are handled by useKeyboardShortcuts.
 */
import { MAIN_MODEL, SPEEDS, type Speed, type TrainingStatus } from '../../app/store';
import { useActions, usePlayground } from '../StoreContext';
import { formatCount, MISSING } from './format';
import { SelectField } from './SelectField';

type SpeedKey = `${Exclude<Speed, null>}` | 'max';

const speedKey = (speed: Speed): SpeedKey => (speed === null ? 'max' : (`${speed}` as SpeedKey));
const SPEED_OPTIONS = SPEEDS.map((speed) => ({
  value: speedKey(speed),
  label: speed === null ? 'max' : `${speed} step${speed === 1 ? '' : 's'}/s`,
}));

/** The words shown for each training status. */
export const STATUS_TEXT: Record<TrainingStatus, string> = {
  starting: 'starting',
  playing: 'playing',
  paused: 'paused',
  diverged: 'diverged',
  error: 'error',
};

export function PlaybackBar() {
  const status = usePlayground((s) => s.status);
  const speed = usePlayground((s) => s.speed);
  const step = usePlayground((s) => s.models[MAIN_MODEL]?.latest?.step ?? 0);
  const measured = usePlayground((s) => s.models[MAIN_MODEL]?.stepsPerSecond ?? null);
  const progress = usePlayground((s) => s.progress);
  const actions = useActions();
  const playing = status === 'playing';

  return (
    <div className="lp-playback" role="group" aria-label="Playback">
      <button
        type="button"
        className="lp-button lp-big lp-primary"
        aria-keyshortcuts="Space"
        data-testid="play"
        onClick={() => actions.togglePlay()}
      >
        <span aria-hidden="true" className="lp-icon">
          {playing ? '❚❚' : '▶'}
        </span>
        {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" className="lp-button lp-big" aria-keyshortcuts="S" onClick={() => actions.step()}>
        Step
      </button>
      <button type="button" className="lp-button lp-big" aria-keyshortcuts="R" onClick={() => actions.reset()}>
        Reset
      </button>
      <SelectField
        label="Speed"
        value={speedKey(speed)}
        options={SPEED_OPTIONS}
        onChange={(key) => actions.setSpeed(SPEEDS.find((s) => speedKey(s) === key) ?? null)}
        testId="speed"
      />
      <p className="lp-status" data-status={status}>
        <span className="lp-status-label">Status</span>{' '}
        <strong data-testid="status">{STATUS_TEXT[status]}</strong>
        {progress && (
          <span className="lp-progress" data-testid="progress" role="status">
            {' '}
            · {progress.what} {progress.done}/{progress.total}
          </span>
        )}
      </p>
      <p className="lp-step">
        <span className="lp-status-label">Step</span>{' '}
        <strong data-testid="step" data-value={step}>
          {formatCount(step)}
        </strong>{' '}
        <span className="lp-status-label" title="training speed: steps per second, measured over the last 2 s">
          · <span data-testid="measured-speed">{playing && measured !== null ? formatCount(measured) : MISSING}</span>/s
        </span>
      </p>
    </div>
  );
}
