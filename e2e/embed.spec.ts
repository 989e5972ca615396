/**
 * ?embed=1 (issue 11, "Embedding"): in an iframe-sized window of 600 x 400 the plot and a play strip show,
 * no side panels; Play trains; the link opens the full app with the same configuration.
 */
import { expect, test } from '@playwright/test';
import { decisionPlot, watchErrors } from './helpers';

test.use({ viewport: { width: 600, height: 400 } });

test('embed at 600x400: the plot fits, Play trains, the link opens the full app with the same configuration', async ({ page, context }) => {
  const errors = watchErrors(page);
  await page.goto('/?embed=1&data=circles&n=400&tau=2&view=certificate');
  const plot = decisionPlot(page);
  await expect(plot.locator('svg.dp-overlay g.points circle')).toHaveCount(400);
  await expect(page.getByRole('button', { name: 'Certificate vs distance' })).toHaveAttribute('aria-pressed', 'true');
  // No side panels, no settings, no title bar: only the strip and the plot.
  await expect(page.getByRole('heading', { name: 'Lipschitz Playground' })).toHaveCount(0);
  await expect(page.locator('.pg-controls, .pg-side, .pg-presets')).toHaveCount(0);
  // Everything that matters is inside the 600 x 400 window, and the page does not scroll.
  const overlay = await plot.locator('svg.dp-overlay').boundingBox();
  expect(overlay).not.toBeNull();
  expect(overlay!.x).toBeGreaterThanOrEqual(0);
  expect(overlay!.x + overlay!.width).toBeLessThanOrEqual(600);
  expect(overlay!.y + overlay!.height).toBeLessThanOrEqual(400);
  expect(overlay!.height).toBeGreaterThan(150);
  const legend = await plot.locator('.plot-legend').boundingBox();
  expect(legend!.y + legend!.height).toBeLessThanOrEqual(400); // the legend too: nothing cut off
  expect(await page.evaluate(() => document.scrollingElement!.scrollHeight)).toBeLessThanOrEqual(400);
  const link = page.getByRole('link', { name: /open in Lipschitz Playground/ });
  const linkBox = await link.boundingBox();
  expect(linkBox!.x + linkBox!.width).toBeLessThanOrEqual(600);

  // Play trains: the step count grows; Pause stops it.
  const steps = page.getByTestId('step-count');
  await expect(steps).toHaveText('step 0');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveText(/Pause/);
  await expect.poll(async () => Number((await steps.textContent())!.replace(/\D/g, '')), { timeout: 60_000 }).toBeGreaterThan(5);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveText(/Play/);

  // The link: this configuration without embed, in a new tab that opens the full playground.
  const href = await link.getAttribute('href');
  const query = new URL(href!, page.url()).searchParams;
  expect(Object.fromEntries(query)).toEqual({ data: 'circles', n: '400', tau: '2', view: 'certificate' });
  expect(new URL(page.url()).searchParams.get('embed')).toBe('1'); // the frame keeps its own mode
  const [full] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await expect(full.getByRole('heading', { level: 1, name: 'Lipschitz Playground' })).toBeVisible();
  expect(Object.fromEntries(new URL(full.url()).searchParams)).toEqual({ data: 'circles', n: '400', tau: '2', view: 'certificate' });
  await expect(full.getByRole('region', { name: 'Decision plot' }).locator('svg.dp-overlay g.points circle')).toHaveCount(400);
  await expect(full.getByTestId('notice')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('embed with a bad key: the defaults, and one folded line that opens to the notice', async ({ page }) => {
  await page.goto('/?embed=1&tau=abc');
  await expect(decisionPlot(page).locator('svg.dp-overlay g.points circle')).toHaveCount(1000);
  const notices = page.getByTestId('embed-notices');
  await expect(notices.locator('summary')).toHaveAccessibleName('1 notice');
  // The strip stays one row: the link beside the notices, inside the window.
  const link = await page.getByRole('link', { name: /open in Lipschitz Playground/ }).boundingBox();
  const play = await page.getByTestId('play').boundingBox();
  expect(link!.x + link!.width).toBeLessThanOrEqual(600);
  expect(Math.abs(link!.y + link!.height / 2 - (play!.y + play!.height / 2))).toBeLessThan(8);
  await expect(notices.getByText(/tau: "abc" is not a number; using 10/)).toBeHidden();
  await notices.locator('summary').click();
  await expect(notices.getByText(/tau: "abc" is not a number; using 10/)).toBeVisible();
});
