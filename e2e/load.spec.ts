import { expect, test, type Page } from '@playwright/test';
import { expectClose, watchErrors } from './helpers';

const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];

async function waitForStartup(page: Page): Promise<void> {
  await expect(page.getByTestId('check-result').or(page.getByTestId('error'))).toBeVisible();
  await expect(page.getByTestId('error')).toHaveCount(0);
}

test('the first page names the app and shows the backend that runs and a finite check result', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?diagnostics');
  await expect(page).toHaveTitle('Lipschitz Playground');
  await expect(page.getByRole('heading', { level: 1, name: 'Lipschitz Playground' })).toBeVisible();
  await expect(page.getByText(/1-Lipschitz and standard neural networks/)).toBeVisible();
  await waitForStartup(page);

  const shown = (await page.getByTestId('backend').textContent())?.trim() ?? '';
  expect(BACKENDS).toContain(shown);
  const hook = await page.evaluate(() => {
    const h = window.__lipschitzPlayground!;
    return { backend: h.backend, tfBackend: h.tfBackend() };
  });
  expect(hook.backend).toBe(shown);
  expect(hook.tfBackend).toBe(shown);

  const check = Number((await page.getByTestId('check-result').textContent())?.trim());
  expect(Number.isFinite(check)).toBe(true);
  const trained = Number((await page.getByTestId('check-trained').textContent())?.trim());
  expect(Number.isFinite(trained)).toBe(true);
  await expect(page.getByTestId('loading')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('?backend=cpu is honoured', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?diagnostics&backend=cpu');
  await waitForStartup(page);
  await expect(page.getByTestId('backend')).toHaveText('cpu');
  expect(await page.evaluate(() => window.__lipschitzPlayground!.tfBackend())).toBe('cpu');
  await expect(page.getByTestId('notice')).toHaveCount(0);
  expect(Number.isFinite(Number(await page.getByTestId('check-result').textContent()))).toBe(true);
  expect(errors).toEqual([]);
});

test('?backend=nonsense falls back to automatic selection with a visible notice', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?diagnostics&backend=nonsense');
  await expect(page.getByTestId('notice')).toBeVisible();
  await expect(page.getByTestId('notice')).toContainText('nonsense');
  await waitForStartup(page);
  expect(BACKENDS).toContain((await page.getByTestId('backend').textContent())?.trim());
  expect(await page.evaluate(() => window.__lipschitzPlayground!.report.requested)).toBe('auto');
  expect(Number.isFinite(Number(await page.getByTestId('check-result').textContent()))).toBe(true);
  expect(errors).toEqual([]);
});

/** The check (see src/train/backendCheck.ts) on cpu, wasm and webgl, run in one page. */
async function checkOnBackends(page: Page) {
  await page.goto('/?diagnostics');
  await waitForStartup(page);
  return page.evaluate(async () => {
    const h = window.__lipschitzPlayground!;
    const out: Record<string, { forward: number[]; trained: number[] }> = {};
    for (const name of ['cpu', 'wasm', 'webgl']) out[name] = await h.runCheck(name);
    return { out, after: h.tfBackend(), chosen: h.backend };
  });
}

test('wasm and cpu agree on the real model: forward pass within 1e-4, after 3 Adam steps within 1e-3; webgl forward too', async ({
  page,
}) => {
  const results = await checkOnBackends(page);
  expect(results.after).toBe(results.chosen);
  const reference = results.out.cpu;
  // The training steps must change f, or comparing after training would prove nothing about gradients.
  expect(Math.max(...reference.trained.map((v, i) => Math.abs(v - reference.forward[i])))).toBeGreaterThan(1e-2);
  expectClose(results.out.wasm.forward, reference.forward, 1e-4, 'wasm forward');
  expectClose(results.out.wasm.trained, reference.trained, 1e-3, 'wasm after training');
  expectClose(results.out.webgl.forward, reference.forward, 1e-4, 'webgl forward');
});

test('webgl and cpu agree after 3 Adam steps', async ({ page }) => {
  // Guards the explicit Adam epsilon in makeOptimizer: tfjs's webgl backend reports 16-bit precision
  // whenever float32 rendering is on (tensorflow/tfjs#6980), so Adam's default epsilon would be 1e-4 there
  // and 1e-7 elsewhere, and the trained f would differ by up to 4e-2.
  const results = await checkOnBackends(page);
  expectClose(results.out.webgl.trained, results.out.cpu.trained, 1e-3, 'webgl after training');
});

test('?backend=webgpu falls back with a visible notice when WebGPU cannot start', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?diagnostics&backend=webgpu');
  await waitForStartup(page);
  const report = await page.evaluate(() => window.__lipschitzPlayground!.report);
  if (report.name === 'webgpu') {
    // A machine whose Chromium offers WebGPU without flags honours the request; nothing to fall back from.
    await expect(page.getByTestId('fallback-notice')).toHaveCount(0);
  } else {
    await expect(page.getByTestId('fallback-notice')).toBeVisible();
    await expect(page.getByTestId('backend-reason')).toContainText('requested webgpu could not start');
  }
  expect(errors).toEqual([]);
});

test('the diagnostics page compares every backend with cpu, pass or fail against the stated tolerances, and links back', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto('/?diagnostics&tau=5');
  await waitForStartup(page);
  await page.getByRole('button', { name: 'Compare every backend with cpu' }).click();
  const table = page.getByTestId('agreement');
  await expect(table.getByTestId('agreement-cpu')).toContainText('the reference', { timeout: 60_000 });
  // wasm and webgl start in any headless Chromium here and must agree with cpu.
  for (const backend of ['wasm', 'webgl']) {
    const row = table.getByTestId(`agreement-${backend}`);
    await expect(row).toContainText(/pass|FAIL|could not run/, { timeout: 60_000 });
    await expect(row).toContainText('pass');
    await expect(row).toContainText(/\d+ ms/);
  }
  await expect(page.getByText(/within 0\.0001 \(before\) and 0\.001 \(after\)/)).toBeVisible();
  // Back to the playground, with the other keys of the link kept.
  await page.getByTestId('back-link').click();
  await expect(page).toHaveURL(/\?tau=5$/);
  await expect(page.getByRole('region', { name: 'Decision plot' })).toBeVisible();
  expect(errors).toEqual([]);
});
