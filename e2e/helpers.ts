import { expect, type Locator, type Page } from '@playwright/test';

/** Collects console errors and uncaught exceptions for the whole test. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  return errors;
}

/** Text of an element found by test id, trimmed ('' when it is not there). */
export async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent({ timeout: 5_000 })) ?? '').trim();
}

/** The step counter of the playback bar, as a number (NaN when it shows no number). */
export async function shownStep(page: Page): Promise<number> {
  const t = await textOf(page, 'step');
  return t === '' ? NaN : Number(t);
}

/** A percentage shown in the metrics panel ("99.6%"), as a fraction (NaN for "—"). */
export async function shownFraction(page: Page, testId: string): Promise<number> {
  return parseFloat(await textOf(page, testId)) / 100;
}

/** The training worker's tensor count shown in the metrics panel. */
export async function shownTensors(page: Page): Promise<number> {
  return Number(await textOf(page, 'metric-tensors'));
}

/**
 * Opens the playground at `query` (e.g. `?data=xor`) and waits until a person could use it: the backend
 * is named and the first model stands paused at step 0 with its metrics shown.
 */
export async function openPlayground(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Lipschitz Playground' })).toBeVisible();
  await waitUntilReady(page);
}

/** Waits for the worker: a backend name in the metrics, status paused, step 0 with a loss shown. */
export async function waitUntilReady(page: Page): Promise<void> {
  await expect(page.getByTestId('metric-backend')).toHaveText(/^(webgpu|webgl|wasm|cpu)$/);
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect(page.getByTestId('metric-step')).toHaveText('0');
  await expect(page.getByTestId('metric-loss')).toHaveText(/\d/);
}

/** The decision plot's region. */
export function decisionPlot(page: Page): Locator {
  return page.getByRole('region', { name: 'Decision plot' });
}

/** The heatmap canvas of the decision plot as a data URL (its pixels, for before/after comparisons). */
export async function plotPixels(page: Page): Promise<string> {
  return decisionPlot(page).locator('canvas').first().evaluate((c) => (c as HTMLCanvasElement).toDataURL());
}

/** Presses Step and waits until the step counter shows one more than before. */
export async function pressStep(page: Page): Promise<number> {
  const before = await shownStep(page);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByTestId('step')).toHaveText(String(before + 1));
  return before + 1;
}

/** The query of the page's current URL as sorted `key=value` pairs (decoded). */
export function queryOf(page: Page): Record<string, string> {
  return Object.fromEntries(new URL(page.url()).searchParams.entries());
}

/**
 * Starts recording the lowest value the step counter shows from now on (a MutationObserver in the page),
 * so a test can tell whether a change restarted training even if the run caught up again since.
 */
export async function recordLowestStep(page: Page): Promise<void> {
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="step"]') as HTMLElement;
    const w = window as unknown as { __lowestStep: number; __stepObserver?: MutationObserver };
    w.__stepObserver?.disconnect();
    w.__lowestStep = Number(el.dataset.value);
    w.__stepObserver = new MutationObserver(() => {
      w.__lowestStep = Math.min(w.__lowestStep, Number(el.dataset.value));
    });
    w.__stepObserver.observe(el, { attributes: true, attributeFilter: ['data-value'] });
  });
}

/** The lowest step shown since `recordLowestStep`. */
export async function lowestStep(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __lowestStep: number }).__lowestStep);
}

/** Asserts |v_i - ref_i| <= tolerance max(1, |ref_i|) for all 256 points of the backend check. */
export function expectClose(values: number[], reference: number[], tolerance: number, label: string): void {
  expect(reference, `${label} reference`).toHaveLength(256);
  expect(values, label).toHaveLength(256);
  values.forEach((v, i) => {
    const ref = reference[i];
    expect(Math.abs(v - ref), `${label}[${i}] = ${v} vs ${ref}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(ref)));
  });
}

/** Polls until `locator` lies wholly inside the viewport (the plot settles its size over a few frames). */
export async function expectInViewport(page: Page, locator: Locator, what: string): Promise<void> {
  const { width, height } = page.viewportSize()!;
  const where = async () => {
    const box = await locator.boundingBox();
    const inside = !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5;
    return inside ? 'inside' : `${what} at ${JSON.stringify(box)}, not inside ${width}x${height}`;
  };
  await expect.poll(where, { timeout: 10_000 }).toBe('inside');
}

/** The page does not scroll: its content is no taller and no wider than the window. */
export async function expectNoPageScroll(page: Page): Promise<void> {
  const scroll = await page.evaluate(() => {
    const root = document.scrollingElement!;
    return { scrollHeight: root.scrollHeight, scrollWidth: root.scrollWidth, height: innerHeight, width: innerWidth };
  });
  expect(scroll.scrollHeight, 'page height').toBeLessThanOrEqual(scroll.height);
  expect(scroll.scrollWidth, 'page width').toBeLessThanOrEqual(scroll.width);
}

/**
 * On the diagnostics page: 3 small nets trained on `backend` as one batched computation and one after
 * another (the page's `runLockstepCheck`) agree within 1e-4 in every step's loss and the final weights.
 */
export async function expectBatchedTrainingAgrees(page: Page, backend: 'webgl' | 'webgpu'): Promise<void> {
  await page.goto('/?diagnostics');
  await expect(page.getByTestId('check-result')).toBeVisible();
  const gaps = await page.evaluate((name) => window.__lipschitzPlayground!.runLockstepCheck(name), backend);
  expect(gaps.losses).toBeLessThan(1e-4);
  expect(gaps.weights).toBeLessThan(1e-4);
}
