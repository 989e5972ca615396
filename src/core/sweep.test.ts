import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfigStrict } from './config';
import { applySweep, MAX_SWEEP_VALUES, parseSweep, sweepLabel, sweptModelLabel, sweepValueDisplay, sweepValuesDisplay, type Sweep } from './sweep';

/** The parsed sweep, failing the test with the parser's message if it was rejected. */
function parsed(text: string): Sweep {
  const r = parseSweep(text);
  if (!r.ok) return expect.fail(`${text}: ${r.error}`);
  return r.value;
}

/** The parser's error for a text it must reject. */
function rejected(text: string): string {
  const r = parseSweep(text);
  if (r.ok) return expect.fail(`${text} was accepted: ${JSON.stringify(r.value)}`);
  expect(r.error).not.toContain('\n');
  return r.error;
}

describe('parseSweep: lists', () => {
  it('numbers in the order written, with the key and its field', () => {
    expect(parsed('tau:0.5,10')).toEqual({ key: 'tau', field: 'loss.tau', values: [0.5, 10] });
    expect(parsed('lr:1e-3,0.01,.1')).toEqual({ key: 'lr', field: 'train.lr', values: [0.001, 0.01, 0.1] });
    expect(parsed('L:2,1')).toEqual({ key: 'L', field: 'model.lipschitz', values: [2, 1] });
  });

  it('names for choice keys, as strings', () => {
    expect(parsed('model:lipschitz,standard')).toEqual({ key: 'model', field: 'model.kind', values: ['lipschitz', 'standard'] });
    expect(parsed('act:relu,groupsort2,abs').values).toEqual(['relu', 'groupsort2', 'abs']);
    expect(parsed('loss:hkr,tau-bce')).toMatchObject({ field: 'loss.name', values: ['hkr', 'tau-bce'] });
    expect(parsed('opt:sgd,adam')).toMatchObject({ field: 'train.optimizer', values: ['sgd', 'adam'] });
  });

  it('every key of the issue, and its dotted field as the key, give the same sweep', () => {
    const examples: Record<string, [string, string]> = {
      tau: ['loss.tau', '1,2'],
      alpha: ['loss.alpha', '0.25,100'],
      margin: ['loss.margin', '0.1,0.5'],
      L: ['model.lipschitz', '1,2'],
      lr: ['train.lr', '0.001,0.01'],
      model: ['model.kind', 'standard,lipschitz'],
      act: ['model.activation', 'relu,tanh'],
      loss: ['loss.name', 'kr,hinge'],
      noise: ['data.noise', '0,0.1'],
      tseed: ['train.seed', '1,2,3'],
      opt: ['train.optimizer', 'adam,sgd'],
      batch: ['train.batchSize', '32,64'],
    };
    for (const [key, [field, values]] of Object.entries(examples)) {
      const byKey = parsed(`${key}:${values}`);
      expect(byKey.key).toBe(key);
      expect(byKey.field).toBe(field);
      expect(parsed(`${field}:${values}`)).toEqual(byKey);
    }
  });

  it('spaces around the key and the values are ignored; one value is a sweep of one', () => {
    expect(parsed(' tau : 0.5 , 10 ').values).toEqual([0.5, 10]);
    expect(parsed('model:standard').values).toEqual(['standard']);
  });

  it('the limits are inclusive; -0 reads as 0', () => {
    expect(parsed('tau:0.001,10000').values).toEqual([0.001, 10000]);
    expect(parsed('noise:-0,2').values).toEqual([0, 2]);
    expect(Object.is(parsed('noise:-0,2').values[0], 0)).toBe(true);
    expect(parsed('tseed:0,2147483647').values).toEqual([0, 2147483647]);
  });

  it(`at most ${MAX_SWEEP_VALUES} values`, () => {
    const sixteen = Array.from({ length: 16 }, (_, i) => i + 1);
    expect(parsed(`tseed:${sixteen.join(',')}`).values).toEqual(sixteen);
    expect(rejected(`tseed:${[...sixteen, 17].join(',')}`)).toBe('tseed: 17 values; a sweep has at most 16');
  });
});

describe('parseSweep: A..B/N, log-spaced', () => {
  it('0.1..100/4 is 0.1, 1, 10, 100 exactly (to float precision, then 12 digits)', () => {
    const { values } = parsed('tau:0.1..100/4');
    expect(values).toEqual([0.1, 1, 10, 100]);
  });

  it('equal ratios between neighbours, both ends included', () => {
    const values = parsed('tau:0.1..100/8').values as number[];
    expect(values).toHaveLength(8);
    expect(values[0]).toBe(0.1);
    expect(values[7]).toBe(100);
    const ratio = Math.pow(1000, 1 / 7);
    for (let i = 1; i < 8; i++) expect(values[i] / values[i - 1]).toBeCloseTo(ratio, 10);
    expect(parsed('alpha:0.25..100/2').values).toEqual([0.25, 100]);
  });

  it('A > B gives the values in descending order', () => {
    expect(parsed('tau:100..0.1/4').values).toEqual([100, 10, 1, 0.1]);
  });

  it('integer fields: the values are rounded to integers', () => {
    expect(parsed('batch:32..1024/6').values).toEqual([32, 64, 128, 256, 512, 1024]);
    expect(parsed('tseed:1..1000/4').values).toEqual([1, 10, 100, 1000]);
    expect(parsed('batch:10..100/3').values).toEqual([10, 32, 100]);
  });

  it('N from 2 to 16', () => {
    expect(parsed('lr:1e-4..1e-1/16').values).toHaveLength(16);
    for (const n of ['1', '17', '0', '2.5', 'x', '']) {
      expect(rejected(`tau:0.1..100/${n}`)).toBe(`tau: N in A..B/N must be an integer from 2 to 16, got ${JSON.stringify(n)}`);
    }
  });
});

describe('parseSweep: found by fuzzing', () => {
  it('numbers are read at the 12 digits the URL writes, so a sweep is what its own link says', () => {
    expect(parsed('tau:1.000000000000001e+0,0.12345678901234567').values).toEqual([1, 0.123456789012]);
    expect(parsed('lr:0.0100000000000001..1/3').values).toEqual([0.01, 0.1, 1]);
    // Two values alike once rounded are duplicates.
    expect(rejected('tau:0.1,0.1000000000000001')).toMatch(/0\.1 appears twice/);
  });

  it('a range whose ratio underflows (1e6..5e-324) is still log-spaced, not a 0 in the middle', () => {
    const values = parsed('alpha:1000000..5e-324/3').values as number[];
    expect(values[0]).toBe(1e6);
    expect(values[2]).toBe(5e-324);
    // The geometric mean of the ends, sqrt(1e6 * 5e-324) (the product itself underflows).
    expect(values[1]).toBe(2.22275874949e-159);
  });
});

describe('parseSweep: errors name the problem', () => {
  it('no colon', () => {
    expect(rejected('tau')).toBe('"tau" is not KEY:VALUES (e.g. tau:0.5,10 or tau:0.1..100/4)');
  });

  it('an unknown key, quoted, with the keys it could be', () => {
    expect(rejected('temperature:1,2')).toBe(
      'unknown sweep key "temperature" (expected one of tau, alpha, margin, L, lr, model, act, loss, noise, tseed, opt, batch, head, scale, layer, robust, reps, or a field like loss.tau)',
    );
    expect(rejected('l:1,2')).toMatch(/^unknown sweep key "l" \(did you mean L\?\)/);
    // Keys that are in the URL but not scalar settings a comparison holds equal elsewhere.
    for (const key of ['hidden', 'data', 'view', 'loss.foo', 'train.steps']) expect(rejected(`${key}:1,2`)).toMatch(/^unknown sweep key/);
  });

  it('an empty list or an empty value', () => {
    expect(rejected('tau:')).toBe('tau: no values (e.g. tau:0.5,10 or tau:0.1..100/4)');
    expect(rejected('tau:  ')).toBe('tau: no values (e.g. tau:0.5,10 or tau:0.1..100/4)');
    expect(rejected('tau:0.5,,10')).toBe('tau: value 2 is empty');
    expect(rejected('tau:0.5,')).toBe('tau: value 2 is empty');
  });

  it('a value that is not a number', () => {
    expect(rejected('tau:0.5,abc')).toBe('tau: "abc" is not a number');
    for (const bad of ['Infinity', 'NaN', '0x10', '1,5e']) expect(rejected(`lr:${bad}`)).toMatch(/^lr: ".*" is not a number$/);
  });

  it("a value outside the config's limits, in parseConfig's words", () => {
    expect(rejected('tau:0,1')).toBe('tau: must be between 0.001 and 10000, got 0');
    expect(rejected('lr:0.01,11')).toBe('lr: must be between 1e-7 and 10, got 11');
    expect(rejected('noise:-0.1')).toBe('noise: must be between 0 and 2, got -0.1');
    expect(rejected('loss.tau:20000')).toBe('tau: must be between 0.001 and 10000, got 20000');
  });

  it('an integer field given a fraction', () => {
    expect(rejected('batch:64,32.5')).toBe('batch: must be an integer, got 32.5');
    expect(rejected('batch:1.5..100/3')).toBe('batch: must be an integer, got 1.5');
  });

  it('a name the field does not allow, quoted', () => {
    expect(rejected('act:relu,gelu')).toBe('act: must be one of groupsort2, fullsort, maxmin, relu, tanh, abs, got "gelu"');
    expect(rejected('model:Standard')).toBe('model: must be one of lipschitz, standard, got "Standard"');
  });

  it('duplicates, also as different spellings or after rounding', () => {
    expect(rejected('tau:0.5,10,0.5')).toBe('tau: 0.5 appears twice');
    expect(rejected('tau:0.5,5e-1')).toBe('tau: 0.5 appears twice');
    expect(rejected('model:standard,standard')).toBe('model: standard appears twice');
    expect(rejected('batch:1..4/8')).toBe('batch: 1 appears twice');
    expect(rejected('tau:2..2/3')).toBe('tau: 2 appears twice');
  });

  it('ranges: positive ends, within limits, numeric keys, with /N', () => {
    expect(rejected('noise:0..1/4')).toBe('noise: A..B/N is log-spaced, so A and B must be > 0, got 0');
    expect(rejected('tau:-1..1/4')).toBe('tau: A..B/N is log-spaced, so A and B must be > 0, got -1');
    expect(rejected('tau:0.1..1e5/4')).toBe('tau: must be between 0.001 and 10000, got 100000');
    expect(rejected('tau:a..1/4')).toBe('tau: "a" is not a number');
    expect(rejected('model:a..b/2')).toBe('model: A..B/N needs a numeric key; list the names instead (e.g. model:lipschitz,standard)');
    expect(rejected('tau:0.1..100')).toBe('tau: "0.1..100" has no /N: write A..B/N, N the number of values (e.g. tau:0.5,10 or tau:0.1..100/4)');
  });

  it('untrusted text in a message is quoted and cut', () => {
    const long = 'x'.repeat(100);
    expect(rejected(`tau:${long}`)).toBe(`tau: "${'x'.repeat(40)}…" is not a number`);
    expect(rejected('<b>tau</b>:1')).toMatch(/^unknown sweep key "<b>tau<\/b>"/);
  });
});

describe('sweepLabel', () => {
  it('names the setting and the value as a person reads them', () => {
    expect(sweepLabel(parsed('tau:0.5'), 0.5)).toBe('τ = 0.5');
    expect(sweepLabel(parsed('model:standard'), 'standard')).toBe('model = standard');
    expect(sweepLabel(parsed('train.lr:0.001'), 0.001)).toBe('lr = 0.001');
    expect(sweepLabel(parsed('alpha:100'), 100)).toBe('α = 100');
    expect(sweepLabel(parsed('act:relu'), 'relu')).toBe('activation = relu');
    expect(sweepLabel(parsed('tseed:3'), 3)).toBe('training seed = 3');
  });

  it('shows a log-spaced value with 3 significant digits, marked ≈ when rounded; the sweep keeps 12', () => {
    const sweep = parsed('tau:0.1..100/8');
    expect(sweep.values[1]).toBe(0.268269579528);
    expect(sweepLabel(sweep, sweep.values[1])).toBe('τ ≈ 0.268');
    expect(sweepLabel(sweep, sweep.values[0])).toBe('τ = 0.1');
    expect(sweepValuesDisplay(sweep)).toBe('0.1 · ≈0.268 · ≈0.72 · ≈1.93 · ≈5.18 · ≈13.9 · ≈37.3 · 100');
    expect(sweepValueDisplay(sweep, sweep.values[7])).toEqual({ text: '100', rounded: false });
    expect(sweepLabel(parsed('model:lipschitz,standard'), 'standard')).toBe('model = standard');
  });

  it('shows as many digits as it takes to tell the values apart, each within its rounding', () => {
    for (const text of ['tau:1..1.01/16', 'tau:0.5,0.5001', 'lr:0.0001..0.1/16', 'tau:1.23456,2', 'batch:16..1024/7', 'noise:0,0.3']) {
      const sweep = parsed(text);
      const shown = sweep.values.map((v) => sweepValueDisplay(sweep, v));
      expect(new Set(shown.map((d) => d.text)).size, text).toBe(sweep.values.length);
      sweep.values.forEach((v, i) => {
        const n = Number(shown[i].text);
        expect(Math.abs(n - (v as number)), `${text}: ${v} shown as ${shown[i].text}`).toBeLessThanOrEqual(5e-3 * Math.abs(v as number));
        expect(shown[i].rounded).toBe(n !== v);
      });
    }
    expect(sweepLabel(parsed('tau:0.5,0.5001'), 0.5001)).toBe('τ = 0.5001');
    expect(sweepLabel(parsed('tau:1.23456,2'), 1.23456)).toBe('τ ≈ 1.23');
    expect(sweepValuesDisplay(parsed('batch:16..1024/7'))).toBe('16 · 32 · 64 · 128 · 256 · 512 · 1024');
    expect(sweepValuesDisplay(parsed('alpha:1..10000/3'))).toBe('1 · 100 · 10000');
  });
});

describe('applySweep', () => {
  const base = parseConfigStrict({ data: { n: 300 }, model: { hidden: [16, 16] }, train: { steps: 50, seed: 4 } });

  it('one config per value, equal to the base but for the swept field; the base is untouched', () => {
    const before = structuredClone(base);
    const r = applySweep(base, parsed('tau:0.5,10'));
    if (!r.ok) return expect.fail(r.error);
    expect(r.value).toHaveLength(2);
    expect(r.value[0]).toEqual({ ...base, loss: { ...base.loss, tau: 0.5 } });
    expect(r.value[1]).toEqual({ ...base, loss: { ...base.loss, tau: 10 } });
    expect(base).toEqual(before);
    r.value[0].model.hidden.push(2);
    expect(r.value[1].model.hidden).toEqual([16, 16]);
    expect(base.model.hidden).toEqual([16, 16]);
  });

  it('sets names and integers too', () => {
    const r = applySweep(DEFAULT_CONFIG, parsed('model:lipschitz,standard'));
    if (!r.ok) return expect.fail(r.error);
    expect(r.value.map((c) => c.model.kind)).toEqual(['lipschitz', 'standard']);
    const b = applySweep(DEFAULT_CONFIG, parsed('batch:32..128/3'));
    if (!b.ok) return expect.fail(b.error);
    expect(b.value.map((c) => c.train.batchSize)).toEqual([32, 64, 128]);
  });

  it('a value the rest of the config cannot take is an error naming the value and the field', () => {
    const odd = parseConfigStrict({ model: { activation: 'relu', hidden: [15] } });
    const r = applySweep(odd, parsed('act:relu,groupsort2'));
    expect(r).toEqual({
      ok: false,
      error: 'activation = groupsort2: model.hidden: groupsort2 pairs neighbouring units, so every width must be even; layer 1 has 15',
    });
  });
});

describe('applySweep over the layer zoo', () => {
  it('gives sll and cpl relu and equal widths on a groupsort2 base, the dense layers keep groupsort2', () => {
    const sweep = parseSweep('layer:bjorck,cayley,sll,cpl');
    if (!sweep.ok) throw new Error(sweep.error);
    const base = { ...DEFAULT_CONFIG, model: { ...DEFAULT_CONFIG.model, hidden: [32, 16] } };
    const result = applySweep(base, sweep.value);
    if (!result.ok) throw new Error(result.error);
    expect(result.value.map((c) => [c.model.layer, c.model.activation, c.model.hidden.join(',')])).toEqual([
      ['bjorck', 'groupsort2', '32,16'],
      ['cayley', 'groupsort2', '32,16'],
      ['sll', 'relu', '32,32'],
      ['cpl', 'relu', '32,32'],
    ]);
  });

  it('refuses a layer sweep on a standard net, which ignores the layer', () => {
    const sweep = parseSweep('layer:bjorck,sll');
    if (!sweep.ok) throw new Error(sweep.error);
    const base = { ...DEFAULT_CONFIG, model: { ...DEFAULT_CONFIG.model, kind: 'standard' as const } };
    expect(applySweep(base, sweep.value)).toEqual({ ok: false, error: expect.stringMatching(/applies to Lipschitz nets/) });
  });

  it('still refuses another misfit of the swept value', () => {
    const sweep = parseSweep('act:relu,groupsort2');
    if (!sweep.ok) throw new Error(sweep.error);
    const base = { ...DEFAULT_CONFIG, model: { ...DEFAULT_CONFIG.model, layer: 'sll' as const, activation: 'relu' as const } };
    expect(applySweep(base, sweep.value).ok).toBe(false);
  });
});

describe('sweptModelLabel', () => {
  it('names what else a value changed: sll on a GroupSort2 base reads "layer = sll (relu)"', () => {
    const sweep = parseSweep('layer:bjorck,sll');
    if (!sweep.ok) throw new Error(sweep.error);
    const applied = applySweep(DEFAULT_CONFIG, sweep.value);
    if (!applied.ok) throw new Error(applied.error);
    expect(applied.value.map((c, i) => sweptModelLabel(sweep.value, sweep.value.values[i], DEFAULT_CONFIG, c))).toEqual(['layer = bjorck', 'layer = sll (relu)']);
  });

  it('is the plain label when the activation is what is swept', () => {
    const sweep = parseSweep('act:relu,tanh');
    if (!sweep.ok) throw new Error(sweep.error);
    const applied = applySweep(DEFAULT_CONFIG, sweep.value);
    if (!applied.ok) throw new Error(applied.error);
    expect(sweptModelLabel(sweep.value, 'relu', DEFAULT_CONFIG, applied.value[0])).toBe('activation = relu');
  });
});
