/**
 * The loss chart (test loss beside train loss, the log-scale option) and test figures when the split
 * leaves no or few test points (issue 8).
 */
import { expect, test, type Page } from '@playwright/test';
import { openPlayground, shownStep, textOf, watchErrors } from './helpers';

const lossChart = (page: Page) => page.getByRole('img', { name: /loss.* against step$/i });
const yTicks = (page: Page) => lossChart(page).locator('.axis-y .tick text').allTextContents();
/** A power of ten as the log axis writes it: 0.01, 0.1, 1, 10, 100, or 10⁻³, 10⁴. */
const POWER_OF_TEN = /^(0\.0?1|1|10|100|10⁻?[¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹]*)$/;

async function train(page: Page, steps: number): Promise<void> {
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => shownStep(page)).toBeGreaterThan(steps);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('status')).toHaveText('paused');
}

test('the loss chart draws the test loss dashed beside the train loss; log scale puts its ticks at powers of ten', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page);
  await train(page, 100);
  const keys = page.locator('figure.line-chart').filter({ has: lossChart(page) }).locator('.chart-key');
  await expect(keys).toHaveText(['train loss (whole train set)', 'test loss (whole test set)']);
  await expect(lossChart(page).locator('path.series')).toHaveCount(2);
  await expect(lossChart(page).locator('path.series[stroke-dasharray]')).toHaveCount(1);
  expect(Number(await textOf(page, 'metric-test-loss'))).toBeGreaterThan(0);

  const linear = await yTicks(page);
  await expect(lossChart(page).locator('.axis-y')).toHaveAttribute('data-scale', 'linear');
  await page.getByLabel(/Log scale \(loss\)/).check();
  await expect(lossChart(page).locator('.axis-y')).toHaveAttribute('data-scale', 'log');
  const labelled = (await yTicks(page)).filter((t) => t !== '');
  expect(labelled).not.toEqual(linear.filter((t) => t !== ''));
  expect(labelled.length).toBeGreaterThanOrEqual(2);
  for (const t of labelled) expect(t).toMatch(POWER_OF_TEN);
  await page.getByLabel(/Log scale \(loss\)/).uncheck();
  await expect(lossChart(page).locator('.axis-y')).toHaveAttribute('data-scale', 'linear');
  expect(errors).toEqual([]);
});

test('the KR loss (negative) refuses the log scale and says why', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page, '?loss=kr');
  const box = page.getByTestId('log-loss');
  await expect(box).toBeDisabled();
  await expect(box).not.toBeChecked();
  await expect(page.getByTestId('log-loss-reason')).toContainText('cannot show values ≤ 0');
  await expect(lossChart(page).locator('.axis-y')).toHaveAttribute('data-scale', 'linear');
  expect(errors).toEqual([]);
});

test('test fraction 0: test figures show "—" with the reason, and no test-loss curve is drawn', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page, '?test=0');
  for (const id of ['metric-test-acc', 'metric-test-loss']) {
    await expect(page.getByTestId(id)).toHaveText('—');
    await expect(page.getByTestId(`${id}-note`)).toHaveText('no test points: test fraction 0%');
  }
  await train(page, 20);
  await expect(page.getByTestId('metric-test-acc')).toHaveText('—');
  await expect(lossChart(page).locator('path.series')).toHaveCount(1);
  await expect(page.getByRole('img', { name: 'Train loss (whole train set) against step' })).toBeVisible();
  await expect(page.getByTestId('metric-certified-note')).toContainText('on train points (no test points');
  expect(errors).toEqual([]);
});

test('a handful of user points: the test figures carry a warning with the number of test points', async ({ page }) => {
  const errors = watchErrors(page);
  // 12 points, test fraction 0.25: 3 test points.
  const pts = Array.from({ length: 12 }, (_, i) => {
    const label = i % 2 === 0 ? 1 : -1;
    return `${(label * (0.5 + 0.05 * i)).toFixed(2)}:${(0.1 * (i - 6)).toFixed(2)}:${label}`;
  }).join(';');
  await openPlayground(page, `?data=user&test=0.25&pts=${encodeURIComponent(pts)}`);
  await expect(page.getByTestId('metric-test-acc')).toHaveText(/^\d+\.\d%$/);
  await expect(page.getByTestId('metric-test-acc-note')).toHaveText('⚠ based on only 3 test points');
  await expect(page.getByTestId('metric-test-loss-note')).toHaveText('⚠ based on only 3 test points');
  await expect(page.getByTestId('metric-certified-note')).toContainText('based on only 3 test points');
  await expect(page.getByRole('img', { name: /^Certified accuracy \(only 3 test points\)/ })).toBeVisible();
  expect(errors).toEqual([]);
});
