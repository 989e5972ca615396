import { expect, test } from '@playwright/test';

// Runs in the `chromium-webgpu` project: Chromium with --enable-unsafe-webgpu, which offers a software
// (SwiftShader) fallback adapter here. It checks correctness of the WebGPU path, never its speed.

test('WebGPU and cpu compute the same check outputs', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('check-result')).toBeVisible();
  const results = await page.evaluate(async () => {
    const h = window.__lipschitzPlayground!;
    const webgpu = await h.runCheck('webgpu');
    const cpu = await h.runCheck('cpu');
    return { webgpu, cpu, after: h.tfBackend(), chosen: h.backend };
  });
  expect(results.after).toBe(results.chosen);
  expect(results.cpu).toHaveLength(256);
  expect(results.webgpu).toHaveLength(256);
  results.webgpu.forEach((v, i) => {
    const ref = results.cpu[i];
    expect(Math.abs(v - ref), `webgpu[${i}] vs cpu ${ref}`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(ref)));
  });
});

test('automatic selection does not pick the software WebGPU adapter', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('check-result')).toBeVisible();
  const report = await page.evaluate(() => window.__lipschitzPlayground!.report);
  expect(report.adapter, 'this test expects --enable-unsafe-webgpu to expose an adapter').toBeDefined();
  expect(report.adapter!.isFallback || /swiftshader/i.test(report.adapter!.architecture)).toBe(true);
  expect(report.name).not.toBe('webgpu');
  await expect(page.getByTestId('backend')).not.toHaveText('webgpu');
  await expect(page.getByTestId('adapter')).toContainText('not used');
});

test('?backend=webgpu is honoured when the adapter is software', async ({ page }) => {
  await page.goto('/?backend=webgpu');
  await expect(page.getByTestId('check-result')).toBeVisible();
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  expect(await page.evaluate(() => window.__lipschitzPlayground!.tfBackend())).toBe('webgpu');
  expect(Number.isFinite(Number(await page.getByTestId('check-result').textContent()))).toBe(true);
});
