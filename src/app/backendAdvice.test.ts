import { describe, expect, it } from 'vitest';
import type { TrialResult } from '../backend/names';
import { slowChoiceWarning } from './backendAdvice';

const trials: TrialResult[] = [
  { name: 'wasm', msPerOp: 1, msPerStep: 10 },
  { name: 'webgl', msPerOp: 5, msPerStep: 45 },
  { name: 'webgpu', error: 'no adapter' },
  { name: 'cpu', msPerOp: 2, msPerStep: 15 },
];

describe('slowChoiceWarning', () => {
  it('warns with the measured factor when the choice is at least twice as slow as the fastest', () => {
    expect(slowChoiceWarning('webgl', trials)).toBe(
      'webgl trained the model 4.5× slower than wasm in the automatic choice\'s trial here (45.0 against 10.0 ms per step); "auto" picks wasm.',
    );
  });

  it('stays quiet for auto, a choice close to the fastest, an unmeasured or failed one, or no trials', () => {
    expect(slowChoiceWarning('auto', trials)).toBeNull();
    expect(slowChoiceWarning('cpu', trials)).toBeNull();
    expect(slowChoiceWarning('wasm', trials)).toBeNull();
    expect(slowChoiceWarning('webgpu', trials)).toBeNull();
    expect(slowChoiceWarning('webgl', [])).toBeNull();
    expect(slowChoiceWarning('webgl', [{ name: 'webgl', msPerOp: 5 }, { name: 'wasm', msPerOp: 1 }])).toBeNull();
  });
});
