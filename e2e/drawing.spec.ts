/**
 * Draw your own data (issue 8): clicks add points of the chosen class, shift-click the other, a drag
 * paints, right-click and the eraser remove, Ctrl+Z undoes; the points go to the URL and a reload keeps
 * them where they were drawn.
 */
import { expect, test, type Page } from '@playwright/test';
import { decisionPlot, openPlayground, waitUntilReady, watchErrors } from './helpers';

/** The drawn points the URL carries, as [x, y, label] triples. */
function urlPoints(page: Page): number[][] {
  const pts = new URL(page.url()).searchParams.get('pts');
  return pts ? pts.split(';').map((p) => p.split(':').map(Number)) : [];
}

/** Centres of the plotted data points (train and test), in page pixels. */
async function plottedCentres(page: Page): Promise<[number, number][]> {
  const circles = decisionPlot(page).locator('svg.dp-overlay g.points circle');
  return circles.evaluateAll((els) =>
    els.map((el) => {
      const b = el.getBoundingClientRect();
      return [b.x + b.width / 2, b.y + b.height / 2] as [number, number];
    }),
  );
}

/** A page pixel as a fraction of the plot overlay's box: the same data point reads the same at any plot size. */
function relative(p: [number, number], box: { x: number; y: number; width: number; height: number }): [number, number] {
  return [(p[0] - box.x) / box.width, (p[1] - box.y) / box.height];
}

async function overlayBox(page: Page) {
  const box = await decisionPlot(page).locator('svg.dp-overlay').boundingBox();
  if (!box) throw new Error('no plot overlay');
  return box;
}

/** The overlay's box once the plot has settled its size (it fits its frame over a few frames). */
async function settledBox(page: Page) {
  let last = JSON.stringify(await overlayBox(page));
  await expect
    .poll(async () => {
      await page.waitForTimeout(250);
      const now = JSON.stringify(await overlayBox(page));
      const settled = now === last;
      last = now;
      return settled;
    })
    .toBe(true);
  return overlayBox(page);
}

test.use({ viewport: { width: 1024, height: 768 } });

test('drawing 10 points by clicking puts them in the URL, where they were clicked, and a reload keeps them', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page);
  await page.getByRole('button', { name: 'Draw points' }).click();
  await expect(page.getByRole('toolbar', { name: 'Drawing tools' })).toBeVisible();
  const box = await settledBox(page);
  const cx = box.x + box.width * 0.55;
  const cy = box.y + box.height * 0.45;
  const clicks: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const a = (i / 10) * 2 * Math.PI;
    const r = i % 2 === 0 ? 120 : 50;
    clicks.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  for (let i = 0; i < clicks.length; i++) {
    if (i % 2 === 1) await page.keyboard.down('Shift');
    await page.mouse.click(clicks[i][0], clicks[i][1]);
    if (i % 2 === 1) await page.keyboard.up('Shift');
  }
  await expect.poll(() => urlPoints(page).length).toBe(10);
  const points = urlPoints(page);
  expect(points.filter((p) => p[2] === 1).length).toBe(5);
  expect(points.filter((p) => p[2] === -1).length).toBe(5);
  expect(new URL(page.url()).searchParams.get('data')).toBe('user');
  // The outer ring (plain clicks) is class +1, the inner one (shift-clicks) class -1, in data units too.
  const centre = points.reduce((c, p) => [c[0] + p[0] / 10, c[1] + p[1] / 10], [0, 0]);
  const radius = (p: number[]) => Math.hypot(p[0] - centre[0], p[1] - centre[1]);
  const byRadius = [...points].sort((a, b) => radius(a) - radius(b));
  expect(byRadius.map((p) => p[2]), JSON.stringify(points)).toEqual([-1, -1, -1, -1, -1, 1, 1, 1, 1, 1]);

  await waitUntilReady(page);
  expect((await plottedCentres(page)).length).toBe(10);
  // The plot did not move under the pointer while the points were drawn.
  expect(await settledBox(page)).toEqual(box);
  const clickedAt = clicks.map((c) => relative(c, box));
  const url = page.url();
  await page.reload();
  await waitUntilReady(page);
  expect(page.url()).toBe(url);
  await expect(page.getByTestId('dataset')).toHaveValue('user');
  // The same layout as when drawing (the tools take a row above the plot), then compare positions.
  await page.keyboard.press('d');
  await expect(page.getByRole('toolbar', { name: 'Drawing tools' })).toBeVisible();
  await expect(page.getByRole('toolbar', { name: 'Drawing tools' }).getByRole('status')).toContainText('10 points');
  await expect(decisionPlot(page).locator('figure.decision-plot')).toHaveAttribute('data-field-step', /^\d+$/);
  const afterBox = await settledBox(page);
  const after = (await plottedCentres(page)).map((p) => relative(p, afterBox));
  expect(after.length).toBe(10);
  // Each click has a plotted point at the same place in the plot (within 0.5% of its side: rounding to 4
  // decimals), and vice versa.
  const nearest = (p: [number, number], set: [number, number][]) => Math.min(...set.map((q) => Math.hypot(p[0] - q[0], p[1] - q[1])));
  for (const c of clickedAt) expect(nearest(c, after)).toBeLessThan(0.005);
  for (const a of after) expect(nearest(a, clickedAt)).toBeLessThan(0.005);
  expect(errors).toEqual([]);
});

test('right-click and the eraser remove points, Ctrl+Z brings them back, a drag paints a line of points', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page);
  await page.keyboard.press('d');
  const toolbar = page.getByRole('toolbar', { name: 'Drawing tools' });
  await expect(toolbar).toBeVisible();
  const box = await overlayBox(page);
  const x0 = box.x + box.width * 0.3;
  const y = box.y + box.height * 0.5;
  // A drag of 200 px paints a point every 14 px: about 15 points, plus the one where it started.
  await page.mouse.move(x0, y);
  await page.mouse.down();
  for (let k = 1; k <= 20; k++) await page.mouse.move(x0 + 10 * k, y);
  await page.mouse.up();
  await expect.poll(() => urlPoints(page).length).toBeGreaterThanOrEqual(14);
  const painted = urlPoints(page).length;
  expect(painted).toBeLessThanOrEqual(16);
  expect(urlPoints(page).every((p) => p[2] === 1)).toBe(true);
  await expect(toolbar.getByRole('status')).toContainText(/one class/);

  // The other class, then a right-click on it removes it.
  await toolbar.getByRole('button', { name: /class −1/ }).click();
  await page.mouse.click(x0 + 100, y - 80);
  await expect.poll(() => urlPoints(page).length).toBe(painted + 1);
  expect(urlPoints(page).at(-1)?.[2]).toBe(-1);
  await page.mouse.click(x0 + 100, y - 80, { button: 'right' });
  await expect.poll(() => urlPoints(page).length).toBe(painted);

  // The eraser over the start of the line removes a few points; Ctrl+Z restores them, twice.
  await toolbar.getByRole('button', { name: 'Eraser' }).click();
  await page.mouse.move(x0, y);
  await page.mouse.down();
  await page.mouse.move(x0 + 30, y);
  await page.mouse.up();
  await expect.poll(() => urlPoints(page).length).toBeLessThan(painted);
  await page.keyboard.press('Control+z');
  await expect.poll(() => urlPoints(page).length).toBe(painted);
  await page.keyboard.press('Control+z');
  await expect.poll(() => urlPoints(page).length).toBe(painted + 1);

  // Clear leaves a blank canvas that says what to do; undo brings the points back.
  await toolbar.getByRole('button', { name: 'Clear' }).click();
  await expect(decisionPlot(page).getByText(/Click to add a point/).first()).toBeVisible();
  await toolbar.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => urlPoints(page).length).toBe(painted + 1);
  await page.keyboard.press('Escape');
  await expect(toolbar).toBeHidden();
  expect(errors).toEqual([]);
});
