import { expect, test, type Page } from '@playwright/test';
import { openPlayground, shownFraction, shownStep, textOf, watchErrors } from './helpers';

/**
 * Training still converges in the browser, on the paper's presets, with the app's whole live loop (the
 * training worker, the field worker, the paced snapshots): after at least 400 steps the results have the
 * paper's shape. The runner gives, at 400 steps on these configurations: tau = 10 100% test accuracy,
 * MCR 0.43; HKR 99%; tau = 0.5 84%, MCR 0.66 (npm run experiment). No timing is asserted: the test only
 * waits, up to its timeout, for 400 steps.
 */

const STEPS = 400;

interface Result {
  testAccuracy: number;
  mcr: number;
  bound: number;
}

async function trainPreset(page: Page, presetId: string): Promise<Result> {
  await page.getByTestId(`preset-${presetId}`).click();
  await expect(page.getByTestId('metric-step')).toHaveText('0');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => shownStep(page), { timeout: 150_000 }).toBeGreaterThanOrEqual(STEPS);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  // The final snapshot (full grid) follows the pause: its label names the 201x201 grid.
  await expect(page.getByText(/max \|∇f\| over 201×201 grid and data/)).toBeVisible();
  return {
    testAccuracy: await shownFraction(page, 'metric-test-acc'),
    mcr: Number(await textOf(page, 'metric-mcr')),
    bound: Number(await textOf(page, 'metric-lip-bound')),
  };
}

test('the paper presets converge in the browser, with the paper’s accuracy-robustness trade-off', async ({ page }) => {
  test.setTimeout(600_000);
  const errors = watchErrors(page);
  await openPlayground(page, '?backend=wasm');
  const tau10 = await trainPreset(page, 'moons-tau-10');
  const hkr = await trainPreset(page, 'moons-hkr');
  const tau05 = await trainPreset(page, 'moons-tau-0.5');

  expect(tau10.testAccuracy).toBeGreaterThanOrEqual(0.97);
  expect(hkr.testAccuracy).toBeGreaterThanOrEqual(0.95);
  expect(tau05.testAccuracy).toBeGreaterThanOrEqual(0.7);
  // A low temperature trades accuracy for robustness: lower accuracy, larger mean certified radius.
  expect(tau05.testAccuracy).toBeLessThan(tau10.testAccuracy);
  expect(tau05.mcr).toBeGreaterThan(tau10.mcr);
  for (const r of [tau10, hkr, tau05]) expect(Math.abs(r.bound - 1)).toBeLessThan(0.01);
  expect(errors).toEqual([]);
});
