import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, LIMITS, type ExperimentConfig } from '../core/config';
import { configJsonToConfig, csvToConfig, detectFileKind, importFile, tooLarge } from './imports';
import { decodeUrl, encodeUrl } from './url';
import { DEFAULT_VIEW } from '../core/view';

const current = (): ExperimentConfig => {
  const c = structuredClone(DEFAULT_CONFIG);
  c.loss.tau = 7;
  return c;
};

const rows = (n: number, label = (i: number) => (i % 2 ? 1 : 0)) =>
  Array.from({ length: n }, (_, i) => `${(i / n).toFixed(3)},${(-i / n).toFixed(3)},${label(i)}`).join('\n');

describe('detectFileKind', () => {
  it.each([
    ['points.csv', 'x,y,label\n0,0,1\n', 'csv'],
    ['points.txt', '0 0 1\n1 1 -1\n', 'csv'],
    ['noname', '0.5;0.25;1\n', 'csv'],
    ['noname', 'x\ty\tlabel\n', 'csv'],
    ['it.json', '{"v": 1, "loss": {"tau": 3}}', 'config'],
    ['it.txt', '\uFEFF  {"data": {}}', 'config'],
    ['broken.json', '{"v": 1,', 'config'],
    ['broken.json', 'hello', 'config'],
    ['model.json', '{"format": "lipschitz-playground/mlp", "version": 1, "layers": []}', 'model'],
    ['list.json', '[1, 2]', 'unknown'],
    ['photo.png', '\u0089PNG\r\n\u001a\n', 'unknown'],
    ['notes', 'just some words here and there', 'unknown'],
  ])('%s %j is %s', (name, text, kind) => {
    expect(detectFileKind(name, text)).toBe(kind);
  });
});

describe('csvToConfig', () => {
  it('makes the points the user dataset, labels 0/1 as -1/+1, and keeps every other setting', () => {
    const r = csvToConfig('p.csv', 'x,y,label\n0.5,-0.25,1\n-1,2,0\n3,4,-1\n', current());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.data.name).toBe('user');
    expect(r.config.data.points).toEqual([[0.5, -0.25, 1], [-1, 2, -1], [3, 4, -1]]);
    expect(r.config.loss.tau).toBe(7);
    expect(r.config.data.seed).toBe(DEFAULT_CONFIG.data.seed);
    expect(r.summary).toBe('Imported 3 points from "p.csv".'); // 200 or fewer: nothing about the link
    expect(r.notices).toEqual([]);
  });

  it('reads a header-less file of 500 rows', () => {
    const r = csvToConfig('500.csv', rows(500), current());
    expect(r.ok && r.config.data.points.length).toBe(500);
  });

  it('refuses a file with a bad row whole, naming its line (counting the header), and returns no config', () => {
    const r = csvToConfig('bad.csv', 'x,y,label\n0,0,1\n1,1,0\n2,oops,1\n3,3,1\n', current());
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^"bad\.csv" was not imported, the current data is kept: line 4: y is not a number: "oops"\.$/) });
  });

  it('names the first three bad lines and counts the rest', () => {
    const text = ['0,0,1', '0,0,2', '0,0', 'a,0,1', '1e99,0,1', '0,0,x', '1,1,1'].join('\n');
    const r = csvToConfig('bad.csv', text, current());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/line 2: label must be .*; line 3: expected 3 fields .*; line 4: x is not a number.*; and 2 more bad lines\.$/);
    expect(r.error).not.toMatch(/line 5/);
  });

  it('refuses an empty file, a header alone, and more than LIMITS.points.max rows', () => {
    expect(csvToConfig('e.csv', '', current())).toMatchObject({ ok: false, error: expect.stringMatching(/holds no point/) });
    expect(csvToConfig('h.csv', 'x,y,label\n', current())).toMatchObject({ ok: false, error: expect.stringMatching(/holds no point/) });
    const big = csvToConfig('big.csv', rows(LIMITS.points.max + 1), current());
    expect(big).toMatchObject({ ok: false, error: expect.stringMatching(new RegExp(`line ${LIMITS.points.max + 1}: more than ${LIMITS.points.max} points`)) });
  });

  it('takes exactly LIMITS.points.max rows, and says that a link cannot carry them (the URL writes pts=local)', () => {
    const r = csvToConfig('max.csv', rows(LIMITS.points.max), current());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.data.points).toHaveLength(LIMITS.points.max);
    expect(r.notices).toEqual([]);
    expect(r.summary).toMatch(/^Imported 100,000 points from "max\.csv"\. They stay on this computer: a link carries at most 200 points, so the address says pts=local/);
    const link = encodeUrl(r.config, DEFAULT_VIEW);
    expect(link).toMatch(/data=user&pts=local/);
    expect(decodeUrl(link).notices.map((n) => n.key)).toEqual(['pts']);
  });

  it('warns when every point has one label (it still trains)', () => {
    const r = csvToConfig('one.csv', '0,0,1\n1,1,1\n', current());
    expect(r.ok && r.notices).toEqual([expect.stringMatching(/same label/)]);
  });

  it('quotes an untrusted file name', () => {
    const r = csvToConfig('<img src=x>\n.csv', 'oops', current());
    expect(!r.ok && r.error).toMatch(/^"<img src=x>\\n\.csv" was not imported/);
  });
});

describe('configJsonToConfig', () => {
  it('loads a runner configuration as it is', () => {
    const json = { v: 1, data: { name: 'circles', n: 300 }, loss: { name: 'hkr', alpha: 20 }, train: { lr: 0.01 } };
    const r = configJsonToConfig('it.json', JSON.stringify(json));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.notices).toEqual([]);
    expect(r.config.data).toMatchObject({ name: 'circles', n: 300 });
    expect(r.config.loss).toMatchObject({ name: 'hkr', alpha: 20 });
    expect(r.config.train.lr).toBe(0.01);
  });

  it('gives one notice per bad field, which takes its default; unknown keys are ignored', () => {
    const r = configJsonToConfig('it.json', JSON.stringify({ v: 1, loss: { tau: -3, wat: 1 }, data: { name: 'zzz', n: 300 } }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.loss.tau).toBe(DEFAULT_CONFIG.loss.tau);
    expect(r.config.data.name).toBe(DEFAULT_CONFIG.data.name);
    expect(r.config.data.n).toBe(300);
    expect(r.notices).toEqual([
      expect.stringMatching(/^"it\.json": loss\.wat: unknown key .*; ignored$/),
      expect.stringMatching(/^"it\.json": data\.name: must be one of .*got "zzz"; using the default$/),
      expect.stringMatching(/^"it\.json": loss\.tau: must be between .*got -3; using the default$/),
    ]);
  });

  it('refuses text that is not JSON, and JSON that is not an object', () => {
    expect(configJsonToConfig('x.json', '{"v": 1,')).toEqual({ ok: false, error: '"x.json" was not imported: it is not valid JSON.' });
    expect(configJsonToConfig('x.json', '[1]')).toMatchObject({ ok: false, error: expect.stringMatching(/is a JSON object/) });
  });
});

describe('importFile', () => {
  it('dispatches on the kind: a CSV, a config, a model (valid or not), anything else', () => {
    const model = { format: 'lipschitz-playground/mlp', version: 1, input: 2, lipschitz: null, layers: [{ type: 'dense', weights: [[1], [0]], bias: [0] }] };
    expect(importFile('m.json', JSON.stringify(model), current())).toMatchObject({ ok: true, kind: 'model', model: { layers: [{ bias: [0] }] } });
    expect(importFile('p.csv', '0,0,1\n', current())).toMatchObject({ ok: true, summary: expect.stringMatching(/1 point /) });
    expect(importFile('c.json', '{"loss": {"tau": 2}}', current())).toMatchObject({ ok: true, config: { loss: { tau: 2 } } });
    expect(importFile('m.json', '{"format": "lipschitz-playground/mlp"}', current())).toMatchObject({ ok: false, error: expect.stringMatching(/model file/) });
    expect(importFile('a.bin', 'words words words words', current())).toMatchObject({ ok: false, error: expect.stringMatching(/expected a CSV/) });
  });

  it('views a model file of version 2, residual blocks in the playground layout included; refuses another layout, saying where it can go', () => {
    const dense = { type: 'dense', weights: [[1], [0]], bias: [0] };
    const v2 = { format: 'lipschitz-playground/mlp', version: 2, input: 2, lipschitz: 1, layers: [dense] };
    expect(importFile('m.json', JSON.stringify(v2), current())).toMatchObject({ ok: true, kind: 'model', model: { version: 2 } });
    const stem = { type: 'dense', weights: [[1, 0], [0, 1]], bias: [0, 0] };
    const block = { type: 'residual', inner: [[1], [0]], bias: [0], activation: 'relu', outer: [[-1, 0]] };
    const playgroundLayout = [stem, { type: 'activation', name: 'relu' }, block, block, dense];
    expect(importFile('s.json', JSON.stringify({ ...v2, layers: playgroundLayout }), current())).toMatchObject({
      ok: true,
      kind: 'model',
      summary: expect.stringContaining("each residual block's bound"),
    });
    expect(importFile('r.json', JSON.stringify({ ...v2, layers: [block, dense] }), current())).toEqual({
      ok: false,
      error: '"r.json" was not imported: its layers (residual, dense) are not the playground\'s residual layout: a dense layer, an activation, residual blocks, a dense layer; npm run export -- FILE --to torch runs it in PyTorch.',
    });
  });

  it('tooLarge names the size and the limit', () => {
    expect(tooLarge('huge.csv', 40 * 1024 * 1024)).toMatch(/^"huge\.csv" was not imported: it is 40\.0 MB, more than the 16\.0 MB read/);
  });
});
