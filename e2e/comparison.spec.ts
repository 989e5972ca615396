/**
 * Comparisons (issue 9): `sweep=KEY:VALUES` opens one panel per value, trained in lockstep on the same
 * data from the same initial weights, with a table of every model's numbers.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectInViewport, expectNoPageScroll, openPlayground, watchErrors } from './helpers';

/** The panel of the model named `label` (a region whose accessible name is its setting). */
const panel = (page: Page, label: string) => page.getByRole('region', { name: label, exact: true });

/** The step counts the panels show, in panel order. */
async function panelSteps(page: Page): Promise<number[]> {
  return page.locator('[data-model-id]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-step'))));
}

/** A number from the comparison table: row `row`, column of the model at `index`. */
async function tableValue(page: Page, row: string, index: number): Promise<number> {
  const cells = page.getByRole('table').getByRole('row').filter({ has: page.getByRole('rowheader', { name: row }) }).getByRole('cell');
  return parseFloat(((await cells.nth(index).textContent()) ?? '').replace('%', ''));
}

async function openComparison(page: Page, query: string): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByTestId('status')).toHaveText('paused', { timeout: 60_000 });
  await expect(page.locator('[data-model-id]').first()).toHaveAttribute('data-step', '0');
}

test.use({ viewport: { width: 1400, height: 900 } });

test('sweep=tau:0.5,10 trains two panels in lockstep: tau 10 fits better, tau 0.5 has the larger margins', async ({ page }) => {
  const errors = watchErrors(page);
  await openComparison(page, '?sweep=tau:0.5,10');
  await expect(panel(page, 'τ = 0.5')).toBeVisible();
  await expect(panel(page, 'τ = 10')).toBeVisible();
  // The swept parameter's control shows the sweep instead of a slider that would move nothing.
  await expect(page.getByTestId('swept-control')).toHaveText(/Temperature τ: swept, one panel each: 0\.5 · 10/);
  await expect(page.getByTestId('tau')).toHaveCount(0);
  await expect(page.getByTestId('swept-base-note')).toContainText('τ is swept (one panel each: 0.5 · 10)');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(async () => Math.min(...(await panelSteps(page))), { timeout: 90_000 }).toBeGreaterThan(150);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('status')).toHaveText('paused');
  // Lockstep: at a pause every model has taken the same number of steps.
  await expect.poll(async () => new Set(await panelSteps(page)).size).toBe(1);
  const [a, b] = await panelSteps(page);
  expect(a).toBe(b);
  // On wasm the models step one after another (a batched product does not pay there).
  await expect(page.locator('[data-model-id][data-batched="false"]')).toHaveCount(2);
  // Distinct boundaries: the two heatmaps differ.
  const pixels = await page.locator('[data-model-id] canvas.dp-canvas:not(.dp-points)').evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).toDataURL()));
  expect(pixels.length).toBe(2);
  expect(pixels[0]).not.toBe(pixels[1]);
  // The paper's trade-off: tau 10 is at least as accurate, tau 0.5 has the larger mean certified radius.
  expect(await tableValue(page, 'Test accuracy', 1)).toBeGreaterThanOrEqual(await tableValue(page, 'Test accuracy', 0));
  expect(await tableValue(page, 'MCR (E[y f] / L bound)', 0)).toBeGreaterThan(await tableValue(page, 'MCR (E[y f] / L bound)', 1));
  expect(new URL(page.url()).searchParams.get('sweep')).toBe('tau:0.5,10');
  // The trade-off chart: one dot per model (where it is now) at the end of its trail.
  await expect(page.locator('.pg-pareto circle.series-end')).toHaveCount(2);
  await expect(page.locator('.pg-pareto path.series')).toHaveCount(2);
  expect(errors).toEqual([]);
});

test('on WebGL same-shape models train as one batched computation, in lockstep, each its own model', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  // A small net: WebGL runs on a software GPU here.
  await openComparison(page, '?backend=webgl&hidden=16,16&sweep=tau:0.5,10');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(async () => Math.min(...(await panelSteps(page))), { timeout: 180_000 }).toBeGreaterThan(20);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect.poll(async () => new Set(await panelSteps(page)).size).toBe(1);
  // Both panels say their steps ran batched, and the ms/step label says so.
  await expect(page.locator('[data-model-id][data-batched="true"]')).toHaveCount(2);
  await expect(panel(page, 'τ = 0.5').getByTestId('panel-gradient')).toContainText('ms/step (batched)');
  const pixels = await page.locator('[data-model-id] canvas.dp-canvas:not(.dp-points)').evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).toDataURL()));
  expect(pixels[0]).not.toBe(pixels[1]);
  expect(errors).toEqual([]);
});

test('sweep=model:lipschitz,standard: the standard net\'s Lipschitz bound grows past 1, the 1-Lipschitz one stays at 1', async ({ page }) => {
  await openComparison(page, '?sweep=model:lipschitz,standard');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(async () => Math.min(...(await panelSteps(page))), { timeout: 90_000 }).toBeGreaterThan(60);
  const early = await tableValue(page, 'Lipschitz bound', 1);
  await expect.poll(async () => Math.min(...(await panelSteps(page))), { timeout: 90_000 }).toBeGreaterThan(300);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('status')).toHaveText('paused');
  expect(await tableValue(page, 'Lipschitz bound', 0)).toBeCloseTo(1, 2);
  const late = await tableValue(page, 'Lipschitz bound', 1);
  expect(late).toBeGreaterThan(1);
  expect(late).toBeGreaterThan(early);

  // Attack vs certificate: a click on a plot attacks that point in every panel.
  const box = await panel(page, 'model = lipschitz').locator('svg.dp-overlay').boundingBox();
  if (!box) throw new Error('no plot');
  await page.mouse.click(box.x + box.width * 0.35, box.y + box.height * 0.3);
  const readings = page.getByTestId('panel-attack');
  await expect(readings).toHaveCount(2);
  await expect(readings.nth(0)).toContainText(/ratio/, { timeout: 30_000 });
  await expect(readings.nth(1)).toContainText(/ratio/, { timeout: 30_000 });
  await expect(page.locator('[data-model-id] .dp-attack polyline')).toHaveCount(2);
  // A sound certificate never exceeds the flip distance: the 1-Lipschitz net's ratio is at least 1.
  const ratio = (text: string | null) => Number(/ratio ([\d.]+)/.exec(text ?? '')?.[1]);
  expect(ratio(await readings.nth(0).getAttribute('title'))).toBeGreaterThanOrEqual(0.999);
  expect(ratio(await readings.nth(1).getAttribute('title'))).toBeGreaterThanOrEqual(0.999);
});

test('"Show one model" leaves the comparison and drops sweep from the URL; a bad sweep opens one model with a notice', async ({ page }) => {
  await openComparison(page, '?sweep=tau:0.5,10');
  await page.getByRole('button', { name: 'Show one model' }).click();
  await expect(page.locator('[data-model-id]')).toHaveCount(0);
  await expect.poll(() => new URL(page.url()).searchParams.get('sweep')).toBeNull();

  await page.goto('/?sweep=tau:abc,1');
  await expect(page.getByTestId('status')).toHaveText('paused', { timeout: 60_000 });
  await expect(page.getByText(/sweep: .*abc.*showing one model/)).toBeVisible();
  await expect(page.locator('[data-model-id]')).toHaveCount(0);
});

test('"Download results" saves one {config, metrics} per model, the metrics in the runner\'s schema', async ({ page }) => {
  await openComparison(page, '?sweep=tau:0.5,10');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(async () => Math.min(...(await panelSteps(page)))).toBe(1);
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Download results' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^lipschitz-playground-results-tau-step1\.json$/);
  const path = await file.path();
  const { readFileSync } = await import('node:fs');
  const entries = JSON.parse(readFileSync(path, 'utf8')) as { config: { loss: { tau: number } }; metrics: Record<string, unknown> }[];
  expect(entries.map((e) => e.config.loss.tau)).toEqual([0.5, 10]);
  // The keys `npm run experiment` prints (README, "The headless runner").
  const runnerKeys = ['trainAccuracy', 'testAccuracy', 'loss', 'testLoss', 'lipschitzBound', 'lipschitzEmpirical', 'certifiedAccuracy', 'evaluatedOn', 'mcr',
    'certificateViolations', 'boundaryResolution', 'gradientNorm', 'attack', 'steps', 'seconds', 'msPerStep', 'backend', 'diverged'];
  for (const e of entries) {
    expect(Object.keys(e.metrics)).toEqual(expect.arrayContaining(runnerKeys));
    expect(e.metrics.steps).toBe(1);
  }
  await expect(page.getByRole('button', { name: 'Download results' })).toBeEnabled();
});

test('"Paper, figure 2" opens the paper\'s setting in three panels; the eps axis switches to the paper\'s raw margin', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('preset-paper-figure-2').click();
  for (const tau of ['0.5', '5', '10']) await expect(panel(page, `τ = ${tau}`)).toBeVisible({ timeout: 60_000 });
  const url = new URL(page.url());
  expect(url.searchParams.get('head')).toBe('two-logit');
  expect(url.searchParams.get('sweep')).toBe('tau:0.5,5,10');
  await expect(page.locator('[data-model-id]').first()).toHaveAttribute('data-step', '0', { timeout: 60_000 });
  const chart = page.locator('.pg-comparison-side').getByText(/^radius ε/);
  await expect(chart).toBeVisible();
  await page.getByTestId('eps-axis').selectOption('paper');
  await expect(page.locator('.pg-comparison-side').getByText(/raw margin y f > ε \(not a radius\)/).first()).toBeVisible();
});

// The numbers table shows every model's column without sideways scrolling: two models at a 1024x768
// projector, four at 1920x1080 (the one-screen rule's counts), also once the losses are tiny numbers.
for (const { size, query, models } of [
  { size: { width: 1024, height: 768 }, query: '?sweep=model:lipschitz,standard', models: 2 },
  { size: { width: 1920, height: 1080 }, query: '?sweep=tau:0.5,5,10,50', models: 4 },
]) {
  test(`the comparison table fits ${models} models at ${size.width}x${size.height}`, async ({ page }) => {
    await page.setViewportSize(size);
    await openComparison(page, query);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(async () => Math.min(...(await panelSteps(page))), { timeout: 90_000 }).toBeGreaterThan(150);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    const table = page.getByRole('table', { name: "Every compared model's numbers" });
    await expect(table.getByRole('columnheader')).toHaveCount(models + 1);
    const fit = await table.evaluate((t) => {
      const box = t.parentElement!;
      return { scrollWidth: box.scrollWidth, clientWidth: box.clientWidth };
    });
    expect(fit.scrollWidth, `table ${fit.scrollWidth} px in a ${fit.clientWidth} px box`).toBeLessThanOrEqual(fit.clientWidth + 1);
  });
}

// The lecture screen's one-screen rule for comparisons: two panels at a 1024x768 projector and four at
// 1920x1080, in normal and presentation mode: every panel's plot, the live loss control and Play are
// wholly in the window, and the page does not scroll.
for (const { size, query, labels } of [
  { size: { width: 1024, height: 768 }, query: '?sweep=model:lipschitz,standard', labels: ['model = lipschitz', 'model = standard'] },
  { size: { width: 1920, height: 1080 }, query: '?sweep=tseed:1,2,3,4', labels: [1, 2, 3, 4].map((s) => `training seed = ${s}`) },
]) {
  for (const presentation of [false, true]) {
    test(`one screen: ${labels.length} panels at ${size.width}x${size.height}${presentation ? ', presentation mode' : ''}`, async ({ page }) => {
      const errors = watchErrors(page);
      await page.setViewportSize(size);
      await openComparison(page, query);
      if (presentation) await page.getByRole('button', { name: 'Presentation', exact: true }).click();
      for (const label of labels) await expectInViewport(page, panel(page, label).locator('canvas').first(), `${label}'s plot`);
      await expectInViewport(page, page.getByLabel('Temperature τ'), 'the live loss control');
      await expectInViewport(page, page.getByRole('button', { name: 'Play', exact: true }), 'Play');
      await expectNoPageScroll(page);
      expect(errors).toEqual([]);
    });
  }
}
