/**
 * ?embed=1 (issue 11, "Embedding"): in an iframe-sized window of 600 x 400 the plot and a play strip show,
 * no side panels; Play trains; the link opens the full app with the same configuration.
 */
import { expect, test, type Page } from '@playwright/test';
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
  // The legend goes beside the plot, so the plot takes the height under the strip (it was ~180 px under it).
  expect(overlay!.height).toBeGreaterThanOrEqual(280);
  const legend = plot.locator('.plot-legend');
  await expect(legend).toBeVisible();
  const legendBox = await legend.boundingBox();
  expect(legendBox!.x).toBeGreaterThanOrEqual(overlay!.x + overlay!.width);
  expect(legendBox!.x + legendBox!.width).toBeLessThanOrEqual(600); // the legend too: nothing cut off
  expect(legendBox!.y + legendBox!.height).toBeLessThanOrEqual(400);
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

test('embed: the keys of the full app for playback and views, none while typing, none that open hidden settings', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?embed=1&data=circles&n=400');
  await expect(decisionPlot(page).locator('svg.dp-overlay g.points circle')).toHaveCount(400);
  const steps = page.getByTestId('step-count');
  const stepCount = async () => Number((await steps.textContent())!.replace(/\D/g, ''));
  await expect(steps).toHaveText('step 0');

  await page.keyboard.press('2');
  await expect(page.getByRole('button', { name: 'Certificate vs distance' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('3');
  await expect(page.getByRole('button', { name: 'Gradient norm |∇f|' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('1');
  await expect(page.getByRole('button', { name: 'f and its level sets' })).toHaveAttribute('aria-pressed', 'true');

  await page.keyboard.press('s');
  await expect(steps).toHaveText('step 1');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('play')).toHaveText(/Pause/);
  await expect.poll(stepCount, { timeout: 60_000 }).toBeGreaterThan(3);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('play')).toHaveText(/Play/);
  await page.keyboard.press('r');
  await expect(steps).toHaveText('step 0');

  // The full app's other keys would open what the embed hides (presentation mode, the drawing tools).
  await page.keyboard.press('p');
  await page.keyboard.press('d');
  await expect(page.locator('.playground.presentation')).toHaveCount(0);
  await expect(decisionPlot(page).locator('svg.dp-overlay g.points circle')).toHaveCount(400);

  // Focus in a text field (e.g. a page's own input around the plot): the keys type, nothing plays.
  await typeInAField(page, ' s2r');
  await expect(page.getByTestId('play')).toHaveText(/Play/);
  await expect(steps).toHaveText('step 0');
  await expect(page.getByRole('button', { name: 'f and its level sets' })).toHaveAttribute('aria-pressed', 'true');
  expect(errors).toEqual([]);
});

/** Types into a text field added to the embed's page (the embed itself shows none). */
async function typeInAField(page: Page, text: string) {
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'text';
    input.setAttribute('aria-label', 'a text field');
    document.querySelector('.pg-embed-strip')!.append(input);
  });
  const field = page.getByRole('textbox', { name: 'a text field' });
  await field.focus();
  await page.keyboard.type(text);
  await expect(field).toHaveValue(text);
}
