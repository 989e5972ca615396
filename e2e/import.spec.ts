/**
 * Importing files (issue 11, "Into the app"): a CSV of points through the "Import…" picker and by a drop
 * on the plot becomes the user dataset; a CSV with a bad row is refused with its line number and the data
 * shown stays; a configuration JSON loads, and a bad one gives a notice per field; a model JSON is viewed
 * (its boundary drawn) and does not train.
 */
import { expect, test, type Page } from '@playwright/test';
import { decisionPlot, openPlayground, plotPixels, queryOf, watchErrors } from './helpers';

/** `n` rows `x,y,label` (labels 0/1) on two separated lines, with a header. */
function csvRows(n: number): string {
  const rows = Array.from({ length: n }, (_, i) => {
    const label = i % 2;
    return `${((i / n) * 2 - 1).toFixed(4)},${(label ? 0.5 : -0.5) + (i % 7) / 100},${label}`;
  });
  return `x,y,label\n${rows.join('\n')}\n`;
}

const circles = (page: Page) => decisionPlot(page).locator('svg.dp-overlay g.points circle');
const importMessage = (page: Page) => page.getByTestId('import-message');

/** Picks a file with the Import… button's file input. */
async function pick(page: Page, name: string, text: string, mimeType = 'text/csv'): Promise<void> {
  await page.getByTestId('import-input').setInputFiles({ name, mimeType, buffer: Buffer.from(text) });
}

/** Drops a file on the plot: dragenter, dragover and drop with a DataTransfer built in the page. */
async function drop(page: Page, name: string, text: string): Promise<void> {
  await decisionPlot(page).locator('svg.dp-overlay').evaluate(
    (target, { name, text }) => {
      const data = new DataTransfer();
      data.items.add(new File([text], name, { type: 'text/csv' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
      }
    },
    { name, text },
  );
}

test('a 500-row CSV picked with Import… becomes the user dataset: 500 points, pts=local, a notice', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page);
  await expect(circles(page)).toHaveCount(1000); // the default moons
  // Keyboard reachable: Enter on the focused button opens the file picker.
  await page.getByRole('button', { name: 'Import…' }).focus();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
  await chooser.setFiles({ name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from(csvRows(500)) });
  await expect(importMessage(page)).toHaveText(/Imported 500 points from "points\.csv"\. They stay on this computer: a link carries at most 200 points/);
  await expect(circles(page)).toHaveCount(500);
  await expect.poll(() => queryOf(page)).toMatchObject({ data: 'user', pts: 'local' });
  await expect(page.getByTestId('notice').filter({ hasText: 'The link does not carry data.points' })).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('a CSV dropped on the plot imports; a CSV with a bad row names its line and the data stays', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page);
  // Dropped while drawing on a blank canvas: the imported points are the drawing's next edit, and shown.
  await page.getByRole('button', { name: 'Draw points' }).click();
  await expect(circles(page)).toHaveCount(0);
  await drop(page, 'dropped.csv', csvRows(300));
  await expect(importMessage(page)).toHaveText(/Imported 300 points from "dropped\.csv"\. They stay on this computer/);
  await expect(circles(page)).toHaveCount(300);
  await page.keyboard.press('Escape'); // leaves the drawing tools
  await expect.poll(() => queryOf(page).pts).toBe('local');
  const before = page.url();

  const bad = csvRows(500).split('\n');
  bad[6] = '0.25,oops,1'; // line 7 of the file, counting the header
  await pick(page, 'bad.csv', bad.join('\n'));
  await expect(importMessage(page)).toHaveText(/"bad\.csv" was not imported, the current data is kept: line 7: y is not a number: "oops"/);
  await expect(importMessage(page)).toHaveAttribute('role', 'alert');
  await expect(circles(page)).toHaveCount(300);
  expect(page.url()).toBe(before);

  // The same through a drop: refused the same way.
  await drop(page, 'bad-drop.csv', 'x,y,label\n0,0,1\n0,0,7\n');
  await expect(importMessage(page)).toHaveText(/"bad-drop\.csv" was not imported.*line 3: label must be/);
  await expect(circles(page)).toHaveCount(300);
  expect(errors).toEqual([]);
});

test('a configuration JSON loads; a bad one gives a notice per field and loads the rest; non-JSON is refused', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page);
  const good = { v: 1, data: { name: 'circles', n: 400 }, loss: { name: 'tau-bce', tau: 2 } };
  await pick(page, 'run.json', JSON.stringify(good), 'application/json');
  await expect(importMessage(page)).toHaveText(/Loaded the configuration from "run\.json"\./);
  await expect.poll(() => queryOf(page)).toMatchObject({ data: 'circles', n: '400', tau: '2' });
  await expect(circles(page)).toHaveCount(400);

  const bad = { v: 1, data: { name: 'zzz', n: 300 }, loss: { tau: -3 }, extra: true };
  await pick(page, 'bad.json', JSON.stringify(bad), 'application/json');
  const notices = page.getByTestId('notice');
  // Past two notices the bar shows the newest and folds the older ones behind "Show all".
  await page.getByRole('button', { name: /^Show all \d+$/ }).click();
  await expect(notices.filter({ hasText: '"bad.json": extra: unknown key' })).toHaveCount(1);
  await expect(notices.filter({ hasText: '"bad.json": data.name: must be one of' })).toHaveCount(1);
  await expect(notices.filter({ hasText: '"bad.json": loss.tau: must be between' })).toHaveCount(1);
  await expect.poll(() => queryOf(page).n).toBe('300'); // the good field applied, the bad ones at defaults
  expect(queryOf(page).data).toBeUndefined();
  expect(queryOf(page).tau).toBeUndefined();
  await expect(circles(page)).toHaveCount(300);

  const before = page.url();
  await pick(page, 'broken.json', '{"v": 1, "loss": ', 'application/json');
  await expect(importMessage(page)).toHaveText(/"broken\.json" was not imported: it is not valid JSON\./);
  expect(page.url()).toBe(before);
  expect(errors).toEqual([]);
});

/** Waits until the plot's decision boundary is one horizontal line (every point of its path at one height). */
async function expectHorizontalBoundary(page: Page): Promise<void> {
  const boundary = decisionPlot(page).locator('path.boundary');
  await expect
    .poll(async () => {
      const d = (await boundary.getAttribute('d')) ?? '';
      const ys = [...d.matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map((m) => Number(m[2]));
      return ys.length >= 2 && Math.max(...ys) - Math.min(...ys) < 1;
    })
    .toBe(true);
}

/** A model file of f(x, y) = y - 0.25 (2 -> 2 relu -> 1): its boundary is the horizontal line y = 0.25. */
const HORIZONTAL_MODEL = {
  format: 'lipschitz-playground/mlp',
  version: 1,
  input: 2,
  lipschitz: null,
  layers: [
    { type: 'dense', weights: [[0, 0], [1, -1]], bias: [-0.25, 0.25] },
    { type: 'activation', name: 'relu' },
    { type: 'dense', weights: [[1], [-1]], bias: [0] },
  ],
};

test('a model JSON is viewed: its boundary drawn on the current data, Play refused with a notice; Reset trains again', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page);
  const pixelsBefore = await plotPixels(page);
  await pick(page, 'horizontal.json', JSON.stringify(HORIZONTAL_MODEL), 'application/json');
  await expect(importMessage(page)).toHaveText(/Viewing the model from "horizontal\.json" \(a standard net\) on the current data\. It does not train: Reset returns to training\./);
  // The boundary drawn is the file's: one straight horizontal line.
  await expectHorizontalBoundary(page);
  await expect.poll(() => plotPixels(page)).not.toBe(pixelsBefore);
  await expect(page.getByTestId('metric-step')).toHaveText('0');
  await expect(circles(page)).toHaveCount(1000); // the current data, kept
  await expect(page.getByTestId('imported-model')).toHaveText(/Imported model "horizontal\.json": it does not train/);

  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByTestId('notice').filter({ hasText: 'An imported model does not train: Reset returns to training.' })).toHaveCount(1);
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect(page.getByTestId('metric-step')).toHaveText('0');

  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(page.getByTestId('imported-model')).toHaveCount(0);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('playing');
  await expect.poll(async () => Number(await page.getByTestId('metric-step').textContent())).toBeGreaterThan(0);

  const before = page.url();
  await pick(page, 'broken-model.json', JSON.stringify({ ...HORIZONTAL_MODEL, version: 3 }), 'application/json');
  await expect(importMessage(page)).toHaveText(/"broken-model\.json" was not imported: it is not a valid model file \(unsupported version 3/);
  expect(page.url()).toBe(before);
  expect(errors).toEqual([]);
});

test('a model file with residual blocks (version 2, as the sll and cpl layers write) is viewed: its boundary drawn', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page);
  // h = relu(x W + b) depends on y only; the block z = h - 0.5 relu(h) = h / 2 keeps that: f = (y - 0.25) / 2.
  const residual = {
    ...HORIZONTAL_MODEL,
    version: 2,
    layers: [
      HORIZONTAL_MODEL.layers[0],
      HORIZONTAL_MODEL.layers[1],
      { type: 'residual', inner: [[1, 0], [0, 1]], bias: [0, 0], activation: 'relu', outer: [[-0.5, 0], [0, -0.5]] },
      HORIZONTAL_MODEL.layers[2],
    ],
  };
  await pick(page, 'residual.json', JSON.stringify(residual), 'application/json');
  await expect(importMessage(page)).toHaveText(/Viewing the model from "residual\.json".*each residual block's bound/);
  await expectHorizontalBoundary(page);
  await expect(page.getByTestId('metric-step')).toHaveText('0');
  expect(errors).toEqual([]);
});
