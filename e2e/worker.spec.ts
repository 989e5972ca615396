import { expect, test, type Page } from '@playwright/test';
import { expectBatchedTrainingAgrees, watchErrors } from './helpers';

// The engine check on the first page trains the default model in a Web Worker. These tests act as a person
// would (press Train, watch, press Pause) and read what the page shows.

/** Step, train accuracy (a fraction) and tensor count as shown, read in one go so they belong together. */
async function readout(page: Page): Promise<{ step: number; accuracy: number; loss: number; tensors: number }> {
  return page.evaluate(() => {
    const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';
    return {
      step: Number(text('train-step')),
      accuracy: parseFloat(text('train-acc')) / 100,
      loss: Number(text('train-loss')),
      tensors: Number(text('worker-tensors')),
    };
  });
}

test('Train runs the engine in a Web Worker: the step and accuracy rise, Pause stops the step count', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?diagnostics');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('train-state')).toHaveText('training');
  await expect(page.getByTestId('worker-backend')).toHaveText(/^(webgpu|webgl|wasm|cpu)$/);

  await expect.poll(async () => (await readout(page)).step).toBeGreaterThan(0);
  const early = await readout(page);
  // The step keeps rising and the accuracy climbs above 80% (it may get there within the first snapshot).
  await expect.poll(async () => (await readout(page)).step).toBeGreaterThan(early.step);
  await expect.poll(async () => (await readout(page)).accuracy, { timeout: 120_000 }).toBeGreaterThan(0.8);
  const trained = await readout(page);
  expect(Number.isFinite(trained.loss)).toBe(true);
  expect(parseFloat((await page.getByTestId('test-acc').textContent()) ?? '')).toBeGreaterThan(50);

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('train-state')).toHaveText('paused');
  // The paused state is posted at once and the final snapshot (the steps of the tick then running) after
  // it: wait until the step has settled, then it must stay.
  await expect
    .poll(async () => {
      const before = (await readout(page)).step;
      await page.waitForTimeout(700);
      return (await readout(page)).step === before;
    }, { timeout: 30_000 })
    .toBe(true);
  const paused = (await readout(page)).step;
  await page.waitForTimeout(1500);
  expect((await readout(page)).step).toBe(paused);

  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('train-state')).toHaveText('training');
  await expect.poll(async () => (await readout(page)).step).toBeGreaterThan(paused);
  await expect(page.getByTestId('train-error')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("the worker's tensor count stays flat over more than 1000 steps", async ({ page }) => {
  await page.goto('/?diagnostics');
  await page.getByRole('button', { name: 'Train' }).click();
  // Adam creates its moment tensors at the first step: count from a snapshot after it.
  await expect.poll(async () => (await readout(page)).step).toBeGreaterThan(10);
  const samples = [await readout(page)];
  while (samples.at(-1)!.step < samples[0].step + 1000 || new Set(samples.map((s) => s.step)).size < 6) {
    await page.waitForTimeout(250);
    samples.push(await readout(page));
  }
  const described = samples.map((s) => `step ${s.step}: ${s.tensors}`).join(', ');
  expect(samples.every((s) => Number.isInteger(s.tensors) && s.tensors > 0), described).toBe(true);
  expect(new Set(samples.map((s) => s.tensors)).size, described).toBe(1);
});

test('the worker honours ?backend=webgl (WebGL on an OffscreenCanvas inside the worker)', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?diagnostics&backend=webgl');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('worker-backend')).toHaveText('webgl');
  await expect.poll(async () => (await readout(page)).step).toBeGreaterThan(20);
  expect(Number.isFinite((await readout(page)).loss)).toBe(true);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('train-state')).toHaveText('paused');
  expect(errors).toEqual([]);
});

test('the diagnostics page measures a comparison on every backend: 1 model, 8 one after another, 8 batched', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  await page.goto('/?diagnostics&backend=wasm');
  await page.getByRole('button', { name: 'Measure every backend' }).click();
  const table = page.getByTestId('lockstep-speed');
  // Without --enable-unsafe-webgpu (this project) WebGPU cannot start, and its row says so.
  await expect(table.getByTestId('lockstep-webgpu')).toContainText('could not run here', { timeout: 60_000 });
  for (const backend of ['webgl', 'wasm']) {
    const row = table.getByTestId(`lockstep-${backend}`);
    await expect(row.getByTestId('lockstep-ratio')).toHaveText(/^\d+(\.\d)?×$/, { timeout: 200_000 });
    const ms = async (id: string) => parseFloat((await row.getByTestId(id).textContent()) ?? '');
    const [one, oneByOne, batched] = [await ms('lockstep-one'), await ms('lockstep-one-by-one'), await ms('lockstep-batched')];
    for (const x of [one, oneByOne, batched]) expect(x).toBeGreaterThan(0);
    // The ratio shown is the batched step over one model's, as printed.
    expect(parseFloat((await row.getByTestId('lockstep-ratio').textContent()) ?? '')).toBeCloseTo(batched / one, 0);
  }
  expect(errors).toEqual([]);
});

test('WebGL trains a comparison batched exactly as one model after another (losses and weights within 1e-4)', async ({ page }) => {
  test.setTimeout(120_000);
  await expectBatchedTrainingAgrees(page, 'webgl');
});
