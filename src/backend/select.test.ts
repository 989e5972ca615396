import { describe, expect, it } from 'vitest';
import { chooseBackend, isSoftwareAdapter, parsePreference, type AdapterReport, type TrialResult } from './select';

const hardware: AdapterReport = {
  isFallback: false, vendor: 'nvidia', architecture: 'ampere', device: '', description: 'NVIDIA RTX 3060',
};
const fallback: AdapterReport = {
  isFallback: true, vendor: 'google', architecture: 'swiftshader', device: '', description: '',
};
const swiftshaderNotFlagged: AdapterReport = { ...fallback, isFallback: false };

const ms = (name: TrialResult['name'], msPerOp: number): TrialResult => ({ name, msPerOp });
const failed = (name: TrialResult['name']): TrialResult => ({ name, error: 'did not start' });

describe('chooseBackend', () => {
  it('never prefers a fallback WebGPU adapter over wasm, even when its trial is faster', () => {
    const choice = chooseBackend(fallback, [ms('webgpu', 1), ms('wasm', 5), ms('webgl', 25), ms('cpu', 16)]);
    expect(choice.name).toBe('wasm');
    expect(choice.reason).toMatch(/software/);
  });

  it('treats a swiftshader adapter as software even when not flagged as fallback', () => {
    expect(isSoftwareAdapter(swiftshaderNotFlagged)).toBe(true);
    expect(chooseBackend(swiftshaderNotFlagged, [ms('webgpu', 1), ms('wasm', 5)]).name).toBe('wasm');
  });

  it('takes a hardware WebGPU adapter only when its trial is the fastest: measured, not assumed', () => {
    expect(isSoftwareAdapter(hardware)).toBe(false);
    const slower = chooseBackend(hardware, [ms('webgpu', 8), ms('wasm', 5), ms('webgl', 9)]);
    expect(slower.name).toBe('wasm');
    expect(slower.reason).toMatch(/hardware WebGPU adapter.*fastest in trial: wasm 5\.0 ms.*webgpu 8\.0 ms/);
    const faster = chooseBackend(hardware, [ms('webgpu', 2), ms('wasm', 5)]);
    expect(faster.name).toBe('webgpu');
  });

  it('says the score is a training step when the trial timed one', () => {
    const step: TrialResult = { name: 'wasm', msPerOp: 11, msPerStep: 10, msPerGrid: 20 };
    expect(chooseBackend(undefined, [step, ms('cpu', 30)]).reason).toMatch(/per training step/);
  });

  it('falls back to the trials when the hardware WebGPU backend did not start', () => {
    expect(chooseBackend(hardware, [failed('webgpu'), ms('webgl', 3), ms('wasm', 5)]).name).toBe('webgl');
  });

  it('picks the fastest trial when there is no adapter', () => {
    expect(chooseBackend(undefined, [ms('wasm', 4.5), ms('webgl', 25), ms('cpu', 16)]).name).toBe('wasm');
    expect(chooseBackend(undefined, [ms('wasm', 30), ms('webgl', 25), ms('cpu', 16)]).name).toBe('cpu');
  });

  it('skips failed trials', () => {
    expect(chooseBackend(undefined, [failed('wasm'), ms('webgl', 25), ms('cpu', 16)]).name).toBe('cpu');
    expect(chooseBackend(undefined, [failed('wasm'), ms('webgl', 25), failed('cpu')]).name).toBe('webgl');
  });

  it('skips non-finite trial times', () => {
    expect(chooseBackend(undefined, [ms('wasm', Number.NaN), ms('webgl', 25)]).name).toBe('webgl');
  });

  it('answers cpu when every trial failed', () => {
    const choice = chooseBackend(fallback, [failed('wasm'), failed('webgl'), failed('cpu')]);
    expect(choice.name).toBe('cpu');
    expect(chooseBackend(undefined, []).name).toBe('cpu');
  });
});

describe('parsePreference', () => {
  it('accepts backend names and auto, case-insensitively', () => {
    expect(parsePreference('wasm')).toBe('wasm');
    expect(parsePreference(' WebGPU ')).toBe('webgpu');
    expect(parsePreference('auto')).toBe('auto');
  });

  it('rejects anything else', () => {
    expect(parsePreference('nonsense')).toBeUndefined();
    expect(parsePreference('')).toBeUndefined();
    expect(parsePreference(null)).toBeUndefined();
  });
});
