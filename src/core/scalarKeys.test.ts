import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from './config';
import { findScalarKey, SCALAR_KEYS } from './scalarKeys';

/** A partial config setting one dotted field. */
function withField(field: string, value: unknown): Record<string, Record<string, unknown>> {
  const [section, name] = field.split('.');
  return { [section]: { [name]: value } };
}

/** Whether parseConfig takes `field = value` on the defaults (a residual layer with relu: groupsort2 is refused there). */
const accepts = (field: string, value: unknown) => {
  const config = withField(field, value);
  if (field === 'model.layer') config.model = { ...config.model, activation: 'relu' };
  return parseConfig(config).issues.length === 0;
};

describe('SCALAR_KEYS', () => {
  it('holds the keys of issue 9, once each, each naming a real field of its kind', () => {
    expect(SCALAR_KEYS.map((s) => s.key)).toEqual(['tau', 'alpha', 'margin', 'L', 'lr', 'model', 'act', 'loss', 'noise', 'tseed', 'opt', 'batch', 'head', 'scale', 'layer', 'robust', 'reps']);
    expect(new Set(SCALAR_KEYS.map((s) => s.field)).size).toBe(SCALAR_KEYS.length);
    for (const s of SCALAR_KEYS) {
      const [section, name] = s.field.split('.');
      const value = (DEFAULT_CONFIG as unknown as Record<string, Record<string, unknown>>)[section][name];
      expect(typeof value, s.field).toBe(s.domain.kind === 'number' ? 'number' : 'string');
    }
  });

  it("agrees with parseConfig: the limits are its limits, integer fields reject fractions, names are its names", () => {
    for (const s of SCALAR_KEYS) {
      const d = s.domain;
      if (d.kind === 'choice') {
        for (const option of d.options) expect(accepts(s.field, option), `${s.field} = ${option}`).toBe(true);
        expect(accepts(s.field, 'no-such-name'), s.field).toBe(false);
        continue;
      }
      expect(accepts(s.field, d.min), `${s.field} = min`).toBe(true);
      expect(accepts(s.field, d.max), `${s.field} = max`).toBe(true);
      expect(accepts(s.field, d.min - Math.max(1e-9, d.min * 0.01)), `${s.field} below min`).toBe(false);
      expect(accepts(s.field, d.max * 1.01 + 1), `${s.field} above max`).toBe(false);
      expect(accepts(s.field, d.min + 0.5), `${s.field} = min + 0.5`).toBe(!d.integer);
    }
  });

  it('findScalarKey finds a key or its field, nothing else', () => {
    expect(findScalarKey('tau')?.field).toBe('loss.tau');
    expect(findScalarKey('loss.tau')?.key).toBe('tau');
    expect(findScalarKey('loss')?.field).toBe('loss.name');
    for (const name of ['Tau', 'hidden', 'loss.', 'train.steps', '']) expect(findScalarKey(name)).toBeUndefined();
  });
});
