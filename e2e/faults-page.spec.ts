/**
 * Faults the page must survive without a reload (issue 10): a dead training worker, an uncaught error in it,
 * a rendering failure, a hostile link, divergence fixed live. Each test checks that the person is told what
 * happened and can go on.
 */
import { expect, test, type Page, type Worker } from '@playwright/test';
import { openPlayground, shownStep } from './helpers';

/** The training worker (not the field worker) of the page. */
async function trainingWorker(page: Page): Promise<Worker> {
  await expect.poll(() => page.workers().filter((w) => !/fieldWorker/.test(w.url())).length).toBeGreaterThan(0);
  return page.workers().find((w) => !/fieldWorker/.test(w.url()))!;
}

async function play(page: Page): Promise<void> {
  await page.getByTestId('play').click();
  await expect(page.getByTestId('status')).toHaveText('playing');
}

test('a training worker that closes itself while playing is noticed and replaced; training goes on', async ({ page }) => {
  await openPlayground(page);
  await play(page);
  await expect.poll(() => shownStep(page)).toBeGreaterThan(20);
  const worker = await trainingWorker(page);
  await worker.evaluate(() => (self as unknown as { close(): void }).close());
  await expect(page.getByTestId('notice').filter({ hasText: /training worker stopped/ })).toBeVisible({ timeout: 40_000 });
  await expect(page.getByTestId('notice').filter({ hasText: /at step 0/ })).toBeVisible();
  // A fresh worker trains the same settings from step 0, and playing goes on.
  await expect(page.getByTestId('status')).toHaveText('playing');
  const restartedAt = await shownStep(page);
  await expect.poll(() => shownStep(page)).toBeGreaterThan(restartedAt + 10);
  // Pause works on the new worker.
  await page.getByTestId('play').click();
  await expect(page.getByTestId('status')).toHaveText('paused');
});

test('a worker closed while paused is replaced too, and Reset then answers', async ({ page }) => {
  await openPlayground(page);
  const worker = await trainingWorker(page);
  await worker.evaluate(() => (self as unknown as { close(): void }).close());
  await expect(page.getByTestId('notice').filter({ hasText: /training worker stopped/ })).toBeVisible({ timeout: 40_000 });
  await expect(page.getByTestId('status')).toHaveText('paused');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByTestId('step')).toHaveText('1');
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(page.getByTestId('metric-step')).toHaveText('0');
  await expect(page.getByTestId('metric-loss')).toHaveText(/\d/);
});

test('an uncaught error in the worker is shown, the status stays true (playing), and play again clears it', async ({ page }) => {
  await openPlayground(page);
  await play(page);
  const worker = await trainingWorker(page);
  await worker.evaluate(() => {
    setTimeout(() => {
      throw new Error('injected worker fault');
    });
  });
  const banner = page.getByTestId('status-message');
  await expect(banner).toContainText('injected worker fault');
  await expect(banner).toContainText('training goes on');
  await expect(page.getByTestId('status')).toHaveText('playing');
  const at = await shownStep(page);
  await expect.poll(() => shownStep(page)).toBeGreaterThan(at + 10);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  await play(page);
  await expect(banner).toHaveCount(0);
});

test('a rendering failure of the whole page shows what failed and a way to the defaults, never a blank page', async ({ page }) => {
  // Every ResizeObserver fails: the playground cannot lay itself out.
  await page.addInitScript(() => {
    (window as unknown as { ResizeObserver: unknown }).ResizeObserver = function () {
      throw new Error('injected layout fault');
    };
  });
  await page.goto('/?data=xor&tau=5');
  const failure = page.getByTestId('page-failure');
  await expect(failure).toContainText('injected layout fault');
  const defaults = failure.getByRole('link', { name: 'Open the defaults' });
  await expect(defaults).toHaveAttribute('href', /\/$/);
  await expect(failure.getByRole('button', { name: 'Reload' })).toBeVisible();
});

test('a plot that cannot draw fails alone: the rest of the page works', async ({ page }) => {
  await page.addInitScript(() => {
    CanvasRenderingContext2D.prototype.putImageData = () => {
      throw new Error('injected canvas fault');
    };
  });
  await page.goto('/');
  await expect(page.getByTestId('panel-failure').first()).toContainText('injected canvas fault');
  await play(page);
  await expect.poll(() => shownStep(page)).toBeGreaterThan(5);
});

for (const value of ['1e39', '1e300', '-3.5e38']) {
  test(`a user point at ${value} (not finite in float32) is refused with a notice; the page draws the default data`, async ({ page }) => {
    await page.goto(`/?data=user&pts=${value}:0:1;0:0:-1`);
    await expect(page.getByTestId('notice').filter({ hasText: /pts/ }).first()).toBeVisible();
    await expect(page.getByRole('region', { name: 'Decision plot' })).toBeVisible();
    await expect(page.getByTestId('metric-loss')).toHaveText(/\d/);
    await play(page);
    await expect.poll(() => shownStep(page)).toBeGreaterThan(5);
  });
}

test('after divergence a lower learning rate brings the model back to its last finite weights and it trains on', async ({ page }) => {
  await openPlayground(page, '?model=standard&act=relu&opt=sgd&lr=10');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('status')).toHaveText('diverged');
  const banner = page.getByTestId('status-message');
  await expect(banner).toContainText('(now 10)');
  // Play alone is refused, and says what works.
  await page.getByTestId('play').click();
  await expect(page.getByTestId('notice').filter({ hasText: /lower the learning rate/ }).first()).toBeVisible();
  // The lowest learning rate, by keyboard on the slider.
  await page.getByTestId('lr').focus();
  await page.keyboard.press('Home');
  // Health warnings may have come too: past two notices the bar folds the rest behind "Show all".
  const recovered = page.getByTestId('notice').filter({ hasText: /back to the weights of step \d+/ });
  await expect(async () => {
    const showAll = page.getByRole('button', { name: /^Show all \d+$/ });
    if (await showAll.isVisible()) await showAll.click();
    await expect(recovered).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId('status')).not.toHaveText('diverged');
  await expect(banner).toHaveCount(0);
  if ((await page.getByTestId('status').textContent()) !== 'playing') await play(page);
  const at = await shownStep(page);
  await expect.poll(() => shownStep(page)).toBeGreaterThan(at + 10);
  await expect(page.getByTestId('metric-loss')).toHaveText(/^\d/);
});
