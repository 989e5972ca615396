/**
 * The layer zoo (issue 12) in the page: the layer picker, a sweep over layers with each panel's |grad f|
 * histogram and ms/step, and robust training for standard nets.
 */
import { expect, test, type Page } from '@playwright/test';
import { openPlayground, queryOf, watchErrors } from './helpers';

const panel = (page: Page, label: string) => page.getByRole('region', { name: label, exact: true });

test.use({ viewport: { width: 1400, height: 900 } });

test('the layer picker: SLL brings relu and equal widths along, the link says so, and the net trains', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page, '?backend=wasm&hidden=32,16');
  const layer = page.getByTestId('layer');
  await expect(layer).toHaveValue('bjorck');
  await layer.selectOption('sll');
  await expect(page.getByTestId('activation')).toHaveValue('relu');
  await expect(page.getByTestId('architecture')).toHaveText('2 → 32 → 32 → 1');
  await expect(page.getByText(/Residual blocks after the first layer/)).toBeVisible();
  await expect.poll(() => queryOf(page)).toMatchObject({ layer: 'sll', act: 'relu', hidden: '32,32' });
  // Not refused: no "Not applied" notice, and Step trains the residual net.
  await expect(page.getByTestId('model-refusal')).toHaveCount(0);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByTestId('step')).toHaveText('1');
  await expect(page.getByTestId('metric-loss')).toHaveText(/\d/);
  // Back to a dense layer keeps relu (a valid choice for every layer).
  await layer.selectOption('cayley');
  await expect.poll(() => queryOf(page).layer).toBe('cayley');
  expect(errors).toEqual([]);
});

test('a bad layer in a link falls back to Björck with a notice naming the key', async ({ page }) => {
  await openPlayground(page, '?backend=wasm&layer=orthogonal');
  await expect(page.getByTestId('notice').filter({ hasText: /layer/ })).toBeVisible();
  await expect(page.getByTestId('layer')).toHaveValue('bjorck');
});

test('sweep=layer: one panel per layer, each with its |grad f| histogram, mean and ms/step, in lockstep', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?backend=wasm&hidden=16,16&sweep=layer:bjorck,aol,cpl&eps=0.2');
  await expect(page.getByTestId('status')).toHaveText('paused', { timeout: 60_000 });
  for (const name of ['layer = bjorck', 'layer = aol', 'layer = cpl (relu)']) await expect(panel(page, name)).toBeVisible();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect
    .poll(async () => Math.min(...(await page.locator('[data-model-id]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-step')))))), {
      timeout: 90_000,
    })
    .toBeGreaterThan(100);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  for (const name of ['layer = bjorck', 'layer = aol', 'layer = cpl (relu)']) {
    const p = panel(page, name);
    // The histogram is an image described in words, bins over [0, 1] and the share above 1.
    await expect(p.getByRole('img', { name: /\|∇f\| \/ L over the data: 0\.0–0\.1: \d+%.*above 1: \d+%/ })).toBeVisible();
    await expect(p.getByTestId('panel-ms')).toHaveText(/^\d/);
    // The certified accuracy is stated at the link's eps.
    await expect(p).toContainText('cert@0.2');
  }
  // AOL's layers have norms of at most 1: its bound is below the Björck net's 1.
  const bound = async (name: string) => Number((await panel(page, name).locator('.cmp-numbers').nth(1).textContent())!.match(/L ≤ ([\d.]+)/)![1]);
  expect(await bound('layer = aol')).toBeLessThanOrEqual(1.001);
  expect(await bound('layer = bjorck')).toBeGreaterThan(0.99);
  expect(errors).toEqual([]);
});

test('robust training: LMT on a standard net shows its eps field and goes into the link', async ({ page }) => {
  await openPlayground(page, '?backend=wasm&model=standard&act=relu&loss=bce');
  const robust = page.getByTestId('robust');
  await expect(robust).toHaveValue('none');
  await expect(page.getByTestId('robust-eps')).toHaveCount(0);
  await robust.selectOption('lmt');
  await expect(page.getByTestId('robust-eps')).toBeVisible();
  await expect.poll(() => queryOf(page).robust).toBe('lmt');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByTestId('step')).toHaveText('1');
});
