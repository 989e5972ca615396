import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { decisionPlot, openPlayground, watchErrors } from './helpers';

/** The model file's format (core/mlpJson.ts), as far as the forward pass needs it. */
type Layer = { type: 'dense'; weights: number[][]; bias: number[] } | { type: 'activation'; name: string };
interface ModelFile {
  format: string;
  version: number;
  lipschitz: number | null;
  layers: Layer[];
}

/** The model file's forward pass, in a few lines, for the activations a default net uses (and ReLU). */
function forward(model: ModelFile, x: number, y: number): number {
  let h = [x, y];
  for (const layer of model.layers) {
    if (layer.type === 'activation') {
      if (layer.name === 'groupsort2') h = h.map((_, i) => (i % 2 === 0 ? Math.min(h[i], h[i + 1]) : Math.max(h[i - 1], h[i])));
      else if (layer.name === 'relu') h = h.map((v) => Math.max(0, v));
      else throw new Error(`this test reads groupsort2 and relu, not ${layer.name}`);
      continue;
    }
    h = layer.bias.map((b, j) => h.reduce((sum, v, i) => sum + v * layer.weights[i][j], b));
  }
  return h[0];
}

/** Debian's interpreter (python3-torch lives there; the first python3 on PATH may be another one). */
const PYTHON = '/usr/bin/python3';
const python = (args: string[]) => spawnSync(PYTHON, args, { encoding: 'utf8', timeout: 120_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });

/** Opens the Export menu with the mouse, picks `item` and returns the file's name and bytes. */
async function exportFile(page: Page, item: string | RegExp): Promise<{ name: string; bytes: Buffer }> {
  await page.getByRole('button', { name: /^Export/ }).click();
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByRole('menuitem', { name: item }).click();
  const file = await download;
  const bytes = readFileSync(await file.path());
  expect(bytes.length).toBeGreaterThan(0);
  return { name: file.suggestedFilename(), bytes };
}

/** Trains `steps` steps and waits until the plot shows the field of that step. */
async function trainSteps(page: Page, steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByTestId('metric-step')).toHaveText(String(steps), { timeout: 60_000 });
  await expect(decisionPlot(page).locator('figure.decision-plot')).toHaveAttribute('data-field-step', String(steps), { timeout: 60_000 });
}

test('each export downloads a non-empty file of its type, named after the configuration', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await openPlayground(page); // moons, tau-bce with tau 10: the defaults
  await trainSteps(page, 3);
  const stem = /^lipschitz-playground-moons-tau10-step3/;

  const png = await exportFile(page, 'Figure: PNG (2x)');
  expect(png.name).toMatch(/^lipschitz-playground-moons-tau10-step3\.png$/);
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // 2x: the PNG is twice as wide as the plot on screen (its width is in the IHDR chunk, bytes 16-19).
  const plotWidth = await decisionPlot(page).locator('.dp-stage').first().evaluate((e) => e.getBoundingClientRect().width);
  expect(png.bytes.readUInt32BE(16)).toBeGreaterThanOrEqual(2 * plotWidth);
  writeFileSync(test.info().outputPath('figure.png'), png.bytes); // kept with the run's results, to look at

  const svg = await exportFile(page, 'Figure: SVG');
  expect(svg.name).toMatch(/\.svg$/);
  const svgText = svg.bytes.toString('utf8');
  writeFileSync(test.info().outputPath('figure.svg'), svg.bytes);
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return { root: doc.documentElement.nodeName, errors: doc.getElementsByTagName('parsererror').length, images: doc.getElementsByTagName('image').length };
  }, svgText);
  expect(parsed).toEqual({ root: 'svg', errors: 0, images: expect.any(Number) });
  expect(parsed.images).toBeGreaterThanOrEqual(1); // the heatmap, embedded
  expect(svgText).toContain('tau-bce tau=10'); // the caption names the configuration
  expect(svgText).toContain('aria-label="colour scale'); // the legend's colour bar, as vectors

  // The curves beside the plot: one vector chart per curve, each under its title.
  const curves = await exportFile(page, 'Curves: SVG');
  expect(curves.name).toMatch(/-step3-curves\.svg$/);
  const curvesText = curves.bytes.toString('utf8');
  expect(curvesText.match(/<svg/g)!.length).toBeGreaterThanOrEqual(3);
  expect(curvesText).toMatch(/<path[^>]* d="M/); // a drawn curve
  const curvesPng = await exportFile(page, 'Curves: PNG (2x)');
  expect([...curvesPng.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  writeFileSync(test.info().outputPath('curves.png'), curvesPng.bytes);

  const csv = await exportFile(page, 'Data: points (.csv)');
  expect(csv.name).toMatch(/-data\.csv$/);
  const lines = csv.bytes.toString('utf8').trim().split('\n');
  expect(lines[0]).toBe('x,y,label,split');
  expect(lines.length).toBeGreaterThan(10);
  for (const line of lines.slice(1)) expect(line).toMatch(/^-?[\d.e-]+,-?[\d.e-]+,(1|-1),(train|test)$/);
  expect(lines.some((l) => l.endsWith(',test'))).toBe(true);

  const config = await exportFile(page, 'Config (.json)');
  expect(config.name).toMatch(/-config\.json$/);
  const configJson = JSON.parse(config.bytes.toString('utf8'));
  expect(configJson).toMatchObject({ v: 1, data: { name: 'moons' }, loss: { name: 'tau-bce', tau: 10 } });

  const model = await exportFile(page, 'Model (.json)');
  expect(model.name).toMatch(/-model\.json$/);
  expect(JSON.parse(model.bytes.toString('utf8'))).toMatchObject({ format: 'lipschitz-playground/mlp', version: 1, input: 2 });

  const results = await exportFile(page, 'Results (.json)');
  const entries = JSON.parse(results.bytes.toString('utf8')) as { config: unknown; metrics: { steps: number } }[];
  expect(entries).toHaveLength(1);
  expect(entries[0].metrics.steps).toBe(3);

  for (const [item, flavour] of [['Code: plain PyTorch (.py)', 'torch'], ['Code: deel-torchlip (.py)', 'torchlip'], ['Code: deel-lip, Keras (.py)', 'deel-lip']]) {
    const script = await exportFile(page, item);
    expect(script.name).toMatch(stem);
    expect(script.name.endsWith(`-${flavour}.py`)).toBe(true);
    const text = script.bytes.toString('utf8');
    expect(text).toContain('self-check: largest |f - f_playground|');
    expect(text).toContain('CHECK_POINTS');
    const path = test.info().outputPath(script.name);
    writeFileSync(path, script.bytes);
    if (!existsSync(PYTHON)) continue;
    expect(python(['-m', 'py_compile', path]).status).toBe(0);
    // The plain PyTorch script runs here when Debian's torch is installed (CI installs it): its self-check
    // compares its f with the values the page's model file gives, trained in the browser.
    if (flavour === 'torch' && python(['-c', 'import torch, numpy']).status === 0) {
      const run = python([path]);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/self-check: .*matches the playground/);
    }
  }
  expect(errors).toEqual([]);
});

test('a net of sll residual blocks: a model file of version 2, its plain PyTorch script, the library scripts disabled, saying why', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await openPlayground(page, '?layer=sll&act=relu&hidden=16,16,16');
  await trainSteps(page, 3);

  const model = JSON.parse((await exportFile(page, 'Model (.json)')).bytes.toString('utf8')) as { version: number; layers: { type: string }[] };
  expect(model.version).toBe(2);
  expect(model.layers.map((l) => l.type)).toEqual(['dense', 'activation', 'residual', 'residual', 'dense']);

  await page.getByRole('button', { name: /^Export/ }).click();
  for (const [item, library] of [['Code: deel-torchlip (.py)', 'deel-torchlip'], ['Code: deel-lip, Keras (.py)', 'deel-lip']]) {
    const entry = page.getByRole('menuitem', { name: item });
    await expect(entry).toHaveAttribute('aria-disabled', 'true');
    await expect(entry).toHaveAttribute('title', `${library} has no residual layer of this kind: use "Code: plain PyTorch", which holds the effective weights`);
  }
  await expect(page.getByRole('menuitem', { name: 'Code: plain PyTorch (.py)' })).not.toHaveAttribute('aria-disabled', 'true');
  await page.keyboard.press('Escape');

  const script = await exportFile(page, 'Code: plain PyTorch (.py)');
  const text = script.bytes.toString('utf8');
  expect(text).toContain('class Residual(torch.nn.Module):');
  const path = test.info().outputPath(script.name);
  writeFileSync(path, script.bytes);
  if (existsSync(PYTHON)) {
    expect(python(['-m', 'py_compile', path]).status).toBe(0);
    // Its self-check compares its f with the values the page's model file gives, trained in the browser.
    if (python(['-c', 'import torch, numpy']).status === 0) {
      const run = python([path]);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/self-check: .*matches the playground/);
      expect(run.status).toBe(0);
    }
  }
  expect(errors).toEqual([]);
});

test("the model file's forward pass gives the app's f at the hover point", async ({ page }) => {
  test.setTimeout(180_000);
  await openPlayground(page);
  await trainSteps(page, 20);
  const model = JSON.parse((await exportFile(page, 'Model (.json)')).bytes.toString('utf8')) as ModelFile;
  expect(model.format).toBe('lipschitz-playground/mlp');

  const overlay = decisionPlot(page).locator('svg.dp-overlay');
  const box = (await overlay.boundingBox())!;
  const seen: number[] = [];
  for (const [fx, fy] of [[0.35, 0.4], [0.6, 0.55], [0.5, 0.3]]) {
    await page.mouse.move(box.x + fx * box.width, box.y + fy * box.height);
    const tooltip = decisionPlot(page).locator('.plot-tooltip');
    await expect(tooltip).toBeVisible();
    const text = (await tooltip.textContent())!.replace(/−/g, '-');
    const [, x, y] = /x = (-?[\d.]+), y = (-?[\d.]+)/.exec(text)!;
    const [, f] = /f\(x\) = (-?[\d.]+)/.exec(text)!;
    // The readout interpolates the plot's grid and shows 3 decimals: agreement to 0.02, on a scale of 1.
    expect(Math.abs(forward(model, Number(x), Number(y)) - Number(f))).toBeLessThan(0.02);
    seen.push(Number(f));
  }
  // Three different values: the agreement is not that of a constant.
  expect(Math.max(...seen) - Math.min(...seen)).toBeGreaterThan(0.1);
});

test('the Export menu works by keyboard alone', async ({ page }) => {
  test.setTimeout(120_000);
  await openPlayground(page);
  const button = page.getByRole('button', { name: /^Export/ });
  await button.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Export' });
  await expect(menu).toBeVisible();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  const items = menu.getByRole('menuitem');
  await expect(items.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp'); // wraps to the last
  await expect(items.last()).toBeFocused();
  await page.keyboard.press('Home');
  await expect(items.first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
  await expect(page.getByTestId('status')).toHaveText('paused'); // no shortcut fired on the way

  // Space opens it too; the arrows reach the config item and Enter saves it.
  await page.keyboard.press(' ');
  await expect(items.first()).toBeFocused();
  const target = await items.evaluateAll((all) => all.findIndex((e) => e.textContent === 'Config (.json)'));
  for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Config (.json)' })).toBeFocused();
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const file = await download;
  expect(JSON.parse(readFileSync(await file.path(), 'utf8')).v).toBe(1);
  await expect(menu).toBeHidden();
  await expect(page.getByTestId('status')).toHaveText('paused');
});

test('in a comparison the figure holds every panel, and presentation mode hides the menu', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/?sweep=tau:0.5,10');
  await expect(page.locator('[data-model-id]')).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByTestId('status')).toHaveText('paused', { timeout: 60_000 });
  await expect(page.locator('.cmp-panel figure[data-field-step="0"]')).toHaveCount(2, { timeout: 60_000 });
  const svg = (await exportFile(page, 'Figure: SVG')).bytes.toString('utf8');
  // Both panels, each under its name, with their overlays (and the shared colour bar).
  expect(svg).toContain('>τ = 0.5</text>');
  expect(svg).toContain('>τ = 10</text>');
  const plotGroups = svg.split('<g transform="translate(').slice(1).filter((group) => /^[^)]*\)">\n<image /.test(group));
  expect(plotGroups).toHaveLength(2);
  expect(svg).toContain('panels: tau:0.5,10');
  writeFileSync(test.info().outputPath('comparison.svg'), svg);
  const png = await exportFile(page, 'Figure: PNG (2x)');
  expect(png.name).toMatch(/-vs-tau-step0\.png$/);
  writeFileSync(test.info().outputPath('comparison.png'), png.bytes);
  await page.getByRole('button', { name: 'Presentation' }).click();
  await expect(page.getByRole('button', { name: /^Export/ })).toHaveCount(0);
});
