import { expect, test } from '@playwright/test';
import { expectBatchedTrainingAgrees, expectClose } from './helpers';

// Runs in the `chromium-webgpu` project: Chromium with --enable-unsafe-webgpu, which offers a software
// (SwiftShader) fallback adapter here. It checks correctness of the WebGPU path, never its speed.

test('WebGPU and cpu agree on the real model: forward pass within 1e-4, after 3 Adam steps within 1e-3', async ({
  page,
}) => {
  await page.goto('/?diagnostics');
  await expect(page.getByTestId('check-result')).toBeVisible();
  const results = await page.evaluate(async () => {
    const h = window.__lipschitzPlayground!;
    const webgpu = await h.runCheck('webgpu');
    const cpu = await h.runCheck('cpu');
    return { webgpu, cpu, after: h.tfBackend(), chosen: h.backend };
  });
  expect(results.after).toBe(results.chosen);
  expectClose(results.webgpu.forward, results.cpu.forward, 1e-4, 'webgpu forward');
  expectClose(results.webgpu.trained, results.cpu.trained, 1e-3, 'webgpu after training');
});

test('automatic selection does not pick the software WebGPU adapter', async ({ page }) => {
  await page.goto('/?diagnostics');
  await expect(page.getByTestId('check-result')).toBeVisible();
  const report = await page.evaluate(() => window.__lipschitzPlayground!.report);
  expect(report.adapter, 'this test expects --enable-unsafe-webgpu to expose an adapter').toBeDefined();
  expect(report.adapter!.isFallback || /swiftshader/i.test(report.adapter!.architecture)).toBe(true);
  expect(report.name).not.toBe('webgpu');
  await expect(page.getByTestId('backend')).not.toHaveText('webgpu');
  await expect(page.getByTestId('adapter')).toContainText('not used');
});

test('?backend=webgpu is honoured when the adapter is software', async ({ page }) => {
  await page.goto('/?diagnostics&backend=webgpu');
  await expect(page.getByTestId('check-result')).toBeVisible();
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  expect(await page.evaluate(() => window.__lipschitzPlayground!.tfBackend())).toBe('webgpu');
  expect(Number.isFinite(Number(await page.getByTestId('check-result').textContent()))).toBe(true);
});

test('the training worker runs on WebGPU when asked (navigator.gpu inside a Web Worker)', async ({ page }) => {
  await page.goto('/?diagnostics&backend=webgpu');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('worker-backend')).toHaveText('webgpu');
  await expect
    .poll(async () => Number((await page.getByTestId('train-step').textContent())?.trim()), { timeout: 120_000 })
    .toBeGreaterThan(3);
  expect(Number.isFinite(Number((await page.getByTestId('train-loss').textContent())?.trim()))).toBe(true);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('train-state')).toHaveText('paused');
});

test('WebGPU trains a comparison batched exactly as one model after another (losses and weights within 1e-4)', async ({ page }) => {
  test.setTimeout(240_000);
  await expectBatchedTrainingAgrees(page, 'webgpu');
});
