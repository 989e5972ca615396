import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig, type ExperimentConfig } from './config';
import { checkCost, COST_LIMITS, denseShapes, estimateCost, evaluationChunkPoints } from './cost';

function configWith(patch: (c: ExperimentConfig) => void): ExperimentConfig {
  const config = structuredClone(DEFAULT_CONFIG);
  patch(config);
  return config;
}

describe('the cost model', () => {
  it('counts a small net by hand: products, Björck at its configured counts, batch and data', () => {
    // 2 -> 4 -> 4 -> 1, Lipschitz, groupsort2; batch 10 of 20 training points (n 40, half held out).
    const config = configWith((c) => {
      c.model.hidden = [4, 4];
      c.model.bjorck = { iterations: 3, tolerance: 0, beta: 0.5, gradientIterations: 1 };
      c.model.power.iterations = 2;
      c.data.n = 40;
      c.data.testFraction = 0.5;
      c.train.batchSize = 10;
    });
    const cost = estimateCost(config);
    const products = 2 * 4 + 4 * 4 + 4 * 1;
    const units = 4 + 4 + 1;
    expect(cost.parameters).toBe(products + units);
    expect(cost.forwardFlopsPerPoint).toBe(2 * products + 4 * units);
    // Layer 1 is 2 x 4 (r 4, c 2), layer 2 is 4 x 4; the head is only normalised.
    const bjorck = (r: number, c: number) => 4 * r * c * c * 3 + 6 * r * c * c * 1 + 2 * r * c * c * 2 + 4 * r * c * 2;
    const batchFlops = 3 * 10 * cost.forwardFlopsPerPoint;
    const orthoFlops = bjorck(4, 2) + bjorck(4, 4);
    expect(cost.stepFlops).toBe(batchFlops + orthoFlops);
    // Time here: batch products at 8 GFLOP/s, Björck's at 12, an evaluation at 10.
    expect(cost.stepMs).toBeCloseTo(1000 * (batchFlops / 8e9 + orthoFlops / 12e9), 12);
    expect(cost.evaluationFlops).toBe(40 * cost.forwardFlopsPerPoint);
    expect(cost.evaluationMs).toBeCloseTo((1000 * cost.evaluationFlops) / 10e9, 12);
    const floats = 20 * cost.parameters + 3 * (2 * 4 * 2 + 2 * 2 * 2) + 3 * (2 * 4 * 4 + 2 * 4 * 4) + 6 * 10 * (units + 2) + 6 * 40;
    expect(cost.stepBytes).toBe(4 * floats);
  });

  it('a standard net has no orthonormalisation term; more Björck iterations cost more', () => {
    const lipschitz = estimateCost(DEFAULT_CONFIG);
    const standard = estimateCost(configWith((c) => (c.model.kind = 'standard')));
    const moreIterations = estimateCost(configWith((c) => (c.model.bjorck.iterations = 30)));
    expect(standard.stepFlops).toBe(3 * 256 * standard.forwardFlopsPerPoint);
    expect(lipschitz.stepFlops).toBeGreaterThan(standard.stepFlops);
    expect(moreIterations.stepFlops).toBeGreaterThan(lipschitz.stepFlops);
    expect(moreIterations.stepBytes).toBeGreaterThan(lipschitz.stepBytes);
  });

  it('maxmin doubles the next layer input; the two-logit head has two outputs', () => {
    expect(denseShapes({ hidden: [8, 4], activation: 'maxmin', head: 'one-logit' })).toEqual([[2, 8], [16, 4], [8, 1]]);
    expect(denseShapes({ hidden: [8], activation: 'groupsort2', head: 'two-logit' })).toEqual([[2, 8], [8, 2]]);
  });

  it('the batch is at most the training set; user data counts its points, not n', () => {
    const tiny = estimateCost(configWith((c) => { c.data.n = 8; c.data.testFraction = 0.5; c.train.batchSize = 1000; }));
    const four = estimateCost(configWith((c) => { c.data.n = 8; c.data.testFraction = 0.5; c.train.batchSize = 4; }));
    expect(tiny.stepFlops).toBe(four.stepFlops);
    const user = estimateCost(configWith((c) => { c.data.name = 'user'; c.data.points = [[0, 0, 1], [1, 1, -1]]; c.data.n = 100_000; }));
    expect(user.evaluationFlops).toBe(2 * user.forwardFlopsPerPoint);
  });

  it('chunks of an evaluation stay small for wide nets and large for small ones', () => {
    expect(evaluationChunkPoints(DEFAULT_CONFIG.model)).toBeGreaterThanOrEqual(8192);
    const wide = evaluationChunkPoints({ hidden: [1024, 1024], activation: 'relu', head: 'one-logit' });
    expect(wide).toBeLessThan(2048);
    expect(wide).toBeGreaterThanOrEqual(256);
  });
});

describe('the cost check', () => {
  it('rejects 4 x 1024 with 100,000 points (the wasm abort of issue 10), naming model.hidden and the limit', () => {
    const config = configWith((c) => { c.model.hidden = [1024, 1024, 1024, 1024]; c.data.n = 100_000; });
    const issues = checkCost(config, DEFAULT_CONFIG);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('model.hidden');
    expect(issues[0].message).toMatch(
      /^4 x 1024 needs about [\d,.]+ GFLOP per training step, about [\d.]+ s on wasm here, during which Pause waits \(the limit is 120 ms\)/,
    );
    expect(config.model.hidden).toEqual(DEFAULT_CONFIG.model.hidden);
    expect(config.data.n).toBe(100_000);
    expect(checkCost(config, DEFAULT_CONFIG)).toEqual([]);
  });

  it('names the memory when a step would not fit (8 x 1024 Lipschitz)', () => {
    const config = configWith((c) => (c.model.hidden = Array(8).fill(1024)));
    const [issue] = checkCost(config, DEFAULT_CONFIG);
    expect(issue.path).toBe('model.hidden');
    expect(issue.message).toMatch(/needs about [\d,]+ MB and [\d,]+ GFLOP per training step/);
    expect(issue.message).toContain(`the limits are ${(COST_LIMITS.stepBytes / 1024 ** 2).toLocaleString('en-US')} MB and 120 ms`);
  });

  it('blames the batch when the batch is what costs, and the points when the evaluation does', () => {
    const big = configWith((c) => { c.data.n = 100_000; c.train.batchSize = 100_000; });
    expect(checkCost(big, DEFAULT_CONFIG).map((i) => i.path)).toEqual(['train.batchSize']);
    expect(big.train.batchSize).toBe(DEFAULT_CONFIG.train.batchSize);
    // 3 x 384 standard trains fast enough but 100,000 points take too long to evaluate.
    const many = configWith((c) => { c.model.kind = 'standard'; c.model.hidden = [384, 384, 384]; c.data.n = 100_000; });
    expect(estimateCost(many).stepMs).toBeLessThan(COST_LIMITS.stepMs);
    const issues = checkCost(many, DEFAULT_CONFIG);
    expect(issues.map((i) => i.path)).toEqual(['data.n']);
    expect(issues[0].message).toMatch(/^100,000 points with 3 x 384 needs about \d+ GFLOP per evaluation of every point, about [\d.]+ s for each metrics update \(the limit is 1\.0 s\)/);
  });

  it('blames the Björck iterations when they are what is over', () => {
    const config = configWith((c) => { c.model.hidden = [160, 160, 160]; c.model.bjorck.iterations = 100; });
    expect(checkCost(config, DEFAULT_CONFIG).map((i) => i.path)).toEqual(['model.bjorck.iterations']);
  });

  it('passes the defaults, every shipped config and the largest configs the README advertises', () => {
    expect(checkCost(structuredClone(DEFAULT_CONFIG), DEFAULT_CONFIG)).toEqual([]);
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = path.join(dir, f);
        return statSync(p).isDirectory() ? walk(p) : p.endsWith('.json') ? [p] : [];
      });
    const files = walk(path.resolve(__dirname, '../../configs'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const { config } = parseConfig(JSON.parse(readFileSync(file, 'utf8')));
      expect(checkCost(config, DEFAULT_CONFIG), file).toEqual([]);
    }
    // n = 100,000 with the default net, a 3 x 160 Lipschitz net and a 3 x 384 standard one stay allowed.
    expect(checkCost(configWith((c) => (c.data.n = 100_000)), DEFAULT_CONFIG)).toEqual([]);
    expect(checkCost(configWith((c) => (c.model.hidden = [160, 160, 160])), DEFAULT_CONFIG)).toEqual([]);
    expect(checkCost(configWith((c) => { c.model.kind = 'standard'; c.model.hidden = [384, 384, 384]; }), DEFAULT_CONFIG)).toEqual([]);
  });

  it('parseConfig reports the cost issue and falls back like any bad field', () => {
    const { config, issues } = parseConfig({ v: 1, data: { n: 100_000 }, model: { hidden: [1024, 1024, 1024, 1024] } });
    expect(issues.map((i) => i.path)).toEqual(['model.hidden']);
    expect(config.model.hidden).toEqual(DEFAULT_CONFIG.model.hidden);
  });
});

describe('the layer zoo in the cost model', () => {
  const withLayer = (layer: ExperimentConfig['model']['layer'], hidden = [256, 256]) => {
    const c = structuredClone(DEFAULT_CONFIG);
    c.model.hidden = hidden;
    c.model.layer = layer;
    return estimateCost(c).stepMs;
  };

  it('prices SOC above Björck and AOL below it (the measured ratios)', () => {
    expect(withLayer('soc')).toBeGreaterThan(1.5 * withLayer('bjorck'));
    expect(withLayer('aol')).toBeLessThan(withLayer('bjorck'));
    expect(withLayer('cayley')).toBeLessThan(withLayer('bjorck'));
  });

  it('refuses a SOC net that Björck would train within the step limit, naming the widths', () => {
    const c = structuredClone(DEFAULT_CONFIG);
    c.model.hidden = [160, 160, 160];
    expect(parseConfig(c).issues).toEqual([]);
    c.model.layer = 'soc';
    expect(parseConfig(c).issues.map((i) => i.path)).toContain('model.hidden');
  });
});
