/**
 * Faults inside the training worker (issue 10, items 3 and 4), injected from outside without any test hook
 * in the app: Playwright runs code in the worker's global scope, where tfjs keeps its engine (`_tfengine`).
 * A lost WebGL context moves training to another backend, said in a notice, without a reload; a config
 * past the cost limits is refused with its reason; an aborted wasm module is restarted and explained, and
 * Reset and presets work after.
 */
import { expect, test, type Page, type Worker } from '@playwright/test';
import { openPlayground, shownStep, watchErrors } from './helpers';

/** The training worker (not the field worker) of the page. */
async function trainingWorker(page: Page): Promise<Worker> {
  await expect.poll(() => page.workers().filter((w) => !/fieldWorker/.test(w.url())).length).toBeGreaterThan(0);
  return page.workers().find((w) => !/fieldWorker/.test(w.url()))!;
}

/** tfjs's engine in a worker's global scope: the active backend and its name. */
interface TfEngine {
  backendName: string;
  backend: { gpgpu?: { gl: WebGL2RenderingContext }; wasm?: { _malloc: () => number } };
}

test('a lost WebGL context: a notice names the new backend, and the step count advances again without a reload', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page, '?backend=webgl');
  await expect(page.getByTestId('metric-backend')).toHaveText('webgl');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => shownStep(page), { timeout: 90_000 }).toBeGreaterThan(10);

  const worker = await trainingWorker(page);
  const lost = await worker.evaluate(() => {
    const engine = (self as unknown as { _tfengine: TfEngine })._tfengine;
    const gl = engine.backend.gpgpu!.gl;
    gl.getExtension('WEBGL_lose_context')!.loseContext();
    return { backend: engine.backendName, lost: gl.isContextLost() };
  });
  expect(lost).toEqual({ backend: 'webgl', lost: true });

  const notice = page.getByTestId('notice').filter({ hasText: 'The WebGL context was lost' });
  await expect(notice).toContainText(/Training moved to wasm, chosen again without webgl\. The run (goes on from step \d+|starts again from step 0)/);
  await expect(page.getByTestId('metric-backend')).toHaveText('wasm');
  await expect(page.getByTestId('status')).toHaveText('playing');
  const resumed = await shownStep(page);
  await expect.poll(() => shownStep(page)).toBeGreaterThan(resumed + 20);
  // Pause still answers on the new backend.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  expect(errors).toEqual([]);
});

test('4 x 1024 with 100,000 points on wasm: refused with its cost, no abort, and Play, Reset and presets work', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page, '?hidden=1024,1024,1024,1024&n=100000&backend=wasm');
  await expect(
    page.getByTestId('notice').filter({ hasText: /hidden: 4 x 1024 needs about [\d,]+ GFLOP per training step, about [\d.]+ s on wasm here/ }),
  ).toBeVisible();
  await expect(page.getByTestId('metric-backend')).toHaveText('wasm');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => shownStep(page)).toBeGreaterThan(20);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(page.getByTestId('metric-step')).toHaveText('0');
  await page.getByTestId('preset-moons-tau-5').click();
  await expect(page.getByTestId('metric-step')).toHaveText('0');
  await expect(page.getByTestId('metric-loss')).toHaveText(/\d/);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByTestId('step')).toHaveText('1');
  expect(errors.filter((e) => /Aborted/.test(e))).toEqual([]);
});

test('an aborted wasm module is explained, the run comes back paused, and Reset and presets work after', async ({ page }) => {
  await openPlayground(page, '?backend=wasm');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => shownStep(page)).toBeGreaterThan(20);
  const worker = await trainingWorker(page);
  // Out of memory, as 4 x 1024 with 100,000 points did: every allocation of the module aborts from now on.
  await worker.evaluate(() => {
    const engine = (self as unknown as { _tfengine: TfEngine })._tfengine;
    engine.backend.wasm!._malloc = () => {
      throw new WebAssembly.RuntimeError('Aborted(). Build with -sASSERTIONS for more info.');
    };
  });
  const banner = page.getByTestId('status-message');
  await expect(banner).toContainText(/The wasm backend stopped: the wasm module aborted .* It was restarted fresh and the run is paused/);
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect(page.getByTestId('metric-backend')).toHaveText('wasm');
  // Play goes on from the weights read back; Reset and a preset start fresh runs.
  const restored = await shownStep(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => shownStep(page)).toBeGreaterThan(restored + 20);
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(page.getByTestId('metric-step')).toHaveText('0');
  await page.getByTestId('preset-moons-tau-5').click();
  await expect(page.getByTestId('metric-step')).toHaveText('0');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByTestId('step')).toHaveText('1');
});
