import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from '../../core/config';
import { matchingPreset, PRESETS, presetConfig, presetSweep, sameJson } from './presets';
import { modelEntries } from '../../app/comparison';
import { parseSweep } from '../../core/sweep';

const presetWithId = (id: string) => PRESETS.find((p) => p.id === id);

describe('presets', () => {
  it.each(PRESETS.map((p) => [p.title, p] as const))('"%s" builds a config that parseConfig accepts unchanged', (_, preset) => {
    const config = presetConfig(preset);
    const parsed = parseConfig(config);
    expect(parsed.issues).toEqual([]);
    expect(sameJson(parsed.config, config)).toBe(true);
  });

  it('has the paper setups the issue asks for', () => {
    const taus = PRESETS.filter((p) => !p.sweep && p.patch.data?.name === 'moons' && p.patch.loss?.name === 'tau-bce').map((p) => p.patch.loss?.tau);
    expect(taus).toEqual([10, 5, 0.5]);
    const moons = presetConfig(presetWithId('moons-tau-0.5')!);
    expect(moons.data).toMatchObject({ name: 'moons', n: 1000, noise: 0.05 });
    expect(moons.model).toMatchObject({ kind: 'lipschitz', activation: 'groupsort2', hidden: [64, 64, 64] });
    expect(presetConfig(presetWithId('moons-hkr')!).loss).toMatchObject({ name: 'hkr', alpha: 10, margin: 0.29 });
    const snowflake = presetConfig(presetWithId('snowflake-tau-100')!);
    expect(snowflake.data.name).toBe('snowflake');
    expect(snowflake.model.hidden).toEqual([64, 64, 64, 64]);
    expect(snowflake.loss).toMatchObject({ name: 'tau-bce', tau: 100 });
    expect(snowflake.train.batchSize).toBe(1024);
    expect(presetConfig(presetWithId('moons-standard-bce')!).model.kind).toBe('standard');
  });

  it('ids are unique slugs and titles are unique', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    expect(new Set(PRESETS.map((p) => p.title)).size).toBe(PRESETS.length);
    for (const p of PRESETS) expect(p.id).toMatch(/^[a-z0-9.-]+$/);
  });

  it('building a preset neither shares nor mutates DEFAULT_CONFIG', () => {
    const before = structuredClone(DEFAULT_CONFIG);
    const config = presetConfig(PRESETS[0]);
    config.model.hidden.push(8);
    config.data.points.push([0, 0, 1]);
    expect(DEFAULT_CONFIG).toEqual(before);
    expect(presetConfig(PRESETS[0]).model.hidden).toEqual([64, 64, 64]);
  });

  it('matchingPreset finds the preset of a config whatever its key order, and no other', () => {
    const config = presetConfig(presetWithId('moons-tau-5')!);
    expect(matchingPreset(parseConfig(JSON.parse(JSON.stringify(config))).config)?.id).toBe('moons-tau-5');
    expect(matchingPreset({ ...config, loss: { ...config.loss, tau: 6 } })).toBeUndefined();
  });

  it('the comparison presets hold valid sweeps, each value a valid model of the preset', () => {
    const sweeps = PRESETS.filter((p) => p.sweep);
    expect(sweeps.map((p) => p.id)).toEqual(expect.arrayContaining(['lipschitz-vs-standard', 'tau-sweep', 'hkr-alpha-sweep']));
    for (const p of sweeps) {
      expect(parseSweep(p.sweep!).ok, p.sweep).toBe(true);
      const models = modelEntries(presetConfig(p), presetSweep(p));
      expect(models.ok, p.id).toBe(true);
      expect(models.ok && models.models.length).toBeGreaterThanOrEqual(2);
    }
    expect(presetSweep(PRESETS.find((p) => p.id === 'tau-sweep')!)?.values).toEqual([0.1, 1, 10, 100]);
  });

  it('matchingPreset tells a comparison preset from the same config without its sweep', () => {
    const pair = PRESETS.find((p) => p.id === 'lipschitz-vs-standard')!;
    expect(matchingPreset(presetConfig(pair), presetSweep(pair))?.id).toBe('lipschitz-vs-standard');
    expect(matchingPreset(presetConfig(pair), null)?.id).not.toBe('lipschitz-vs-standard');
  });

  it('sameJson compares plain values structurally', () => {
    expect(sameJson({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });
});
