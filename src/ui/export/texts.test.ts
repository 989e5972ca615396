import { describe, expect, it } from 'vitest';
import { pythonScript } from '../../bridge/python';
import { DEFAULT_CONFIG } from '../../core/config';
import type { MlpJson } from '../../core/mlpJson';
import { generateDataset } from '../../data/split';
import type { DatasetSnapshot } from '../../worker/protocol';
import { configJson, figureCaption, pointsCsvWithSplit, pythonText } from './texts';

const data = { ...DEFAULT_CONFIG.data, n: 40 };
const generated = generateDataset(data);
const snapshot: DatasetSnapshot = {
  trainXy: generated.train.xy,
  trainLabels: generated.train.labels,
  testXy: generated.test.xy,
  testLabels: generated.test.labels,
  domain: generated.domain,
};

describe('the Export menu texts', () => {
  it('writes every point once as x,y,label,split, training points first, values exact in float32', () => {
    const lines = pointsCsvWithSplit(snapshot).trimEnd().split('\n');
    expect(lines[0]).toBe('x,y,label,split');
    const rows = lines.slice(1).map((l) => l.split(','));
    const nTrain = generated.train.labels.length;
    expect(rows).toHaveLength(nTrain + generated.test.labels.length);
    rows.forEach(([x, y, label, split], i) => {
      const [xy, labels, j] = i < nTrain ? [generated.train.xy, generated.train.labels, i] : [generated.test.xy, generated.test.labels, i - nTrain];
      expect(split).toBe(i < nTrain ? 'train' : 'test');
      expect(Math.fround(Number(x))).toBe(xy[2 * j]);
      expect(Math.fround(Number(y))).toBe(xy[2 * j + 1]);
      expect(Number(label)).toBe(labels[j]);
    });
  });

  it('names the configuration in the caption, the loss by the constants it uses', () => {
    const caption = figureCaption({ ...DEFAULT_CONFIG, loss: { ...DEFAULT_CONFIG.loss, name: 'hkr', alpha: 50, margin: 0.5 } }, null, 1200);
    expect(caption).toContain('moons n=1000');
    expect(caption).toContain('hkr alpha=50 margin=0.5');
    expect(caption).not.toContain('tau=');
    expect(caption).toContain('step 1200');
    expect(figureCaption(DEFAULT_CONFIG, { key: 'tau', field: 'loss.tau', values: [0.5, 10] }, 0)).toContain('panels: tau:0.5,10');
  });

  it('writes the config as the runner reads it', () => {
    expect(JSON.parse(configJson(DEFAULT_CONFIG))).toEqual(DEFAULT_CONFIG);
  });

  it('writes the bridge\'s script, the text `npm run export` writes for the same model, config and points', () => {
    const model: MlpJson = {
      format: 'lipschitz-playground/mlp',
      version: 1,
      input: 2,
      lipschitz: 1,
      layers: [
        { type: 'dense', weights: [[0.6, -0.8], [0.8, 0.6]], bias: [0.1, -0.2] },
        { type: 'activation', name: 'groupsort2' },
        { type: 'dense', weights: [[0.6], [0.8]], bias: [0.05] },
      ],
    };
    const config = { ...DEFAULT_CONFIG, data, model: { ...DEFAULT_CONFIG.model, hidden: [2] } };
    for (const flavour of ['torch', 'torchlip', 'deel-lip'] as const) {
      expect(pythonText(flavour, model, config, snapshot)).toBe(pythonScript({ flavour, model, config, dataset: generated }));
    }
  });
});
