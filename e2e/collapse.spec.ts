import { expect, test, type Locator, type Page } from '@playwright/test';
import { decisionPlot, openPlayground, watchErrors } from './helpers';

// The secondary panels fold away (issue 8, lecture screen): the settings and numbers columns to a thin
// strip, each settings group and the curves to their heading line. What is folded survives a reload
// (localStorage, not the URL), and the plot takes the room a folded column leaves.

const PROJECTOR = { width: 1024, height: 768 };

/** The plot's heatmap canvas width once it has stopped changing (the plot settles over a few frames). */
async function settledPlotWidth(page: Page): Promise<number> {
  const canvas = decisionPlot(page).locator('canvas').first();
  // The plot's size depends on its legend, which is complete once the first snapshot has arrived.
  await expect(decisionPlot(page).locator('figure[data-field-step]')).toHaveCount(1);
  let last = -1;
  await expect
    .poll(async () => {
      const width = (await canvas.boundingBox())?.width ?? 0;
      const stable = width > 0 && width === last;
      last = width;
      return stable;
    }, { intervals: [300], timeout: 10_000 })
    .toBe(true);
  return last;
}

/** The element a disclosure button shows and hides (its aria-controls). */
async function controlledBy(page: Page, button: Locator): Promise<Locator> {
  const id = await button.getAttribute('aria-controls');
  expect(id, 'aria-controls').toBeTruthy();
  return page.locator(`[id="${id}"]`);
}

async function expectNoPageScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.scrollingElement!.scrollHeight - innerHeight);
  expect(overflow, 'page height beyond the window').toBeLessThanOrEqual(0);
}

test('at 1024x768, folding the settings column widens the plot, survives a reload, and unfolding restores it', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize(PROJECTOR);
  await openPlayground(page);
  const open = await settledPlotWidth(page);
  const toggle = page.getByRole('button', { name: 'Settings', exact: true });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const column = await controlledBy(page, toggle);
  await expect(column.getByLabel('Dataset', { exact: true })).toBeVisible();

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(column).toBeHidden();
  const folded = await settledPlotWidth(page);
  expect(folded, `plot width ${open} px open, ${folded} px folded`).toBeGreaterThan(open * 1.05);
  // The strip is thin: the settings column no longer takes its 210 px.
  const strip = (await page.getByRole('complementary', { name: 'Settings' }).boundingBox())!;
  expect(strip.width).toBeLessThan(50);
  await expect(page.getByLabel('Temperature τ')).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole('button', { name: 'Play' })).toBeInViewport({ ratio: 1 });
  await expectNoPageScroll(page);

  // A viewer preference: it stays out of the link, and comes back after a reload.
  expect(page.url()).not.toMatch(/collaps|settings/i);
  await page.reload();
  await openPlayground(page);
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(await controlledBy(page, toggle)).toBeHidden();
  expect(await settledPlotWidth(page)).toBe(folded);

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByLabel('Dataset', { exact: true })).toBeVisible();
  expect(await settledPlotWidth(page)).toBe(open);
  await page.reload();
  await openPlayground(page);
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  expect(errors).toEqual([]);
});

test('a settings group folds to its heading, stays folded after a reload, and unfolds again', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize(PROJECTOR);
  await openPlayground(page);
  const data = page.getByRole('button', { name: 'Data', exact: true });
  const model = page.getByRole('button', { name: 'Model', exact: true });
  const body = await controlledBy(page, data);
  const dataset = page.getByLabel('Dataset', { exact: true });
  await expect(data).toHaveAttribute('aria-expanded', 'true');
  await expect(dataset).toBeVisible();

  await data.click();
  await expect(data).toHaveAttribute('aria-expanded', 'false');
  await expect(body).toBeHidden();
  await expect(dataset).toBeHidden();
  await expect(page.getByRole('heading', { level: 2, name: 'Data', exact: true })).toBeVisible();
  // The group shrinks to its heading line.
  const group = page.getByRole('region', { name: 'Data', exact: true });
  expect((await group.boundingBox())!.height).toBeLessThan(60);
  // Only that group: the model group stays open.
  await expect(model).toHaveAttribute('aria-expanded', 'true');

  await page.reload();
  await openPlayground(page);
  await expect(data).toHaveAttribute('aria-expanded', 'false');
  await expect(dataset).toBeHidden();
  await expect(model).toHaveAttribute('aria-expanded', 'true');

  await data.click();
  await expect(data).toHaveAttribute('aria-expanded', 'true');
  await expect(dataset).toBeVisible();
  await page.reload();
  await openPlayground(page);
  await expect(dataset).toBeVisible();
  expect(errors).toEqual([]);
});

test('the curves and the numbers column fold too; the backend group folds without clashing with the picker', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize(PROJECTOR);
  await openPlayground(page);
  const curves = page.getByRole('button', { name: 'Curves', exact: true });
  await expect(page.getByRole('region', { name: 'Curves' })).toBeVisible();
  await curves.click();
  await expect(curves).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('region', { name: 'Curves' })).toHaveCount(0);
  await curves.click();
  await expect(page.getByRole('region', { name: 'Curves' })).toBeVisible();

  const open = await settledPlotWidth(page);
  const side = page.getByRole('button', { name: 'Numbers and curves', exact: true });
  await side.click();
  await expect(side).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('metric-step')).toHaveCount(0);
  expect(await settledPlotWidth(page)).toBeGreaterThan(open * 1.05);
  await side.click();
  await expect(page.getByTestId('metric-step')).toBeVisible();

  const backend = page.getByRole('button', { name: 'Backend', exact: true });
  await backend.scrollIntoViewIfNeeded();
  await backend.click();
  await expect(page.getByTestId('backend-select')).toHaveCount(0);
  await backend.click();
  await expect(page.getByLabel('Backend')).toBeVisible(); // one element labelled "Backend": the picker
  expect(errors).toEqual([]);
});

test('fold buttons follow the keyboard rules: Enter and Space fold with keyboard focus, Space plays after a click', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize(PROJECTOR);
  await openPlayground(page);
  const status = page.getByTestId('status');
  const data = page.getByRole('button', { name: 'Data', exact: true });
  const column = page.getByRole('button', { name: 'Settings', exact: true });

  // Reached with the keyboard (no click yet on this page): Enter and Space act on the button, not on Play.
  await data.focus();
  await page.keyboard.press('Enter');
  await expect(data).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press(' ');
  await expect(data).toHaveAttribute('aria-expanded', 'true');
  await expect(status).toHaveText('paused');

  // Clicked with the mouse: Space plays and pauses, the group stays as the click left it.
  await data.click();
  await expect(data).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press(' ');
  await expect(status).toHaveText('playing');
  await page.keyboard.press(' ');
  await expect(status).toHaveText('paused');
  await expect(data).toHaveAttribute('aria-expanded', 'false');

  // The column's button keeps focus as the column folds (same element), so Space still plays.
  await column.click();
  await expect(column).toHaveAttribute('aria-expanded', 'false');
  await expect(column).toBeFocused();
  await page.keyboard.press(' ');
  await expect(status).toHaveText('playing');
  await expect(column).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press(' ');
  await expect(status).toHaveText('paused');
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  expect(errors).toEqual([]);
});

test('a corrupt stored value opens with everything unfolded and no error', async ({ page }) => {
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    // Only before the first load: a later reload must see what the page itself stored.
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('lipschitz-playground/collapsed/v1', '{"settings": tru');
      sessionStorage.setItem('seeded', '1');
    }
  });
  await page.setViewportSize(PROJECTOR);
  await openPlayground(page);
  for (const name of ['Settings', 'Data', 'Model', 'Loss', 'Training', 'Backend', 'Numbers and curves', 'Curves']) {
    await expect(page.getByRole('button', { name, exact: true }), name).toHaveAttribute('aria-expanded', 'true');
  }
  // The bad value is replaced by the first fold, and that is what a reload reads.
  await page.getByRole('button', { name: 'Model', exact: true }).click();
  expect(await page.evaluate(() => localStorage.getItem('lipschitz-playground/collapsed/v1'))).toBe('["group:model"]');
  await page.reload();
  await openPlayground(page);
  await expect(page.getByRole('button', { name: 'Model', exact: true })).toHaveAttribute('aria-expanded', 'false');
  expect(errors).toEqual([]);
});
