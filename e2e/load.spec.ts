import { expect, test, type Page } from '@playwright/test';

const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Collect console errors and uncaught exceptions for the whole test. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  return errors;
}

async function waitForStartup(page: Page): Promise<void> {
  await expect(page.getByTestId('check-result').or(page.getByTestId('error'))).toBeVisible();
  await expect(page.getByTestId('error')).toHaveCount(0);
}

test('the first page names the app and shows the backend that runs and a finite check result', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
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
  await expect(page.getByTestId('loading')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('?backend=cpu is honoured', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?backend=cpu');
  await waitForStartup(page);
  await expect(page.getByTestId('backend')).toHaveText('cpu');
  expect(await page.evaluate(() => window.__lipschitzPlayground!.tfBackend())).toBe('cpu');
  await expect(page.getByTestId('notice')).toHaveCount(0);
  expect(Number.isFinite(Number(await page.getByTestId('check-result').textContent()))).toBe(true);
  expect(errors).toEqual([]);
});

test('?backend=nonsense falls back to automatic selection with a visible notice', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?backend=nonsense');
  await expect(page.getByTestId('notice')).toBeVisible();
  await expect(page.getByTestId('notice')).toContainText('nonsense');
  await waitForStartup(page);
  expect(BACKENDS).toContain((await page.getByTestId('backend').textContent())?.trim());
  expect(await page.evaluate(() => window.__lipschitzPlayground!.report.requested)).toBe('auto');
  expect(Number.isFinite(Number(await page.getByTestId('check-result').textContent()))).toBe(true);
  expect(errors).toEqual([]);
});

test('wasm, webgl and cpu compute the same check outputs', async ({ page }) => {
  await page.goto('/');
  await waitForStartup(page);
  const results = await page.evaluate(async () => {
    const h = window.__lipschitzPlayground!;
    const out: Record<string, number[]> = {};
    for (const name of ['cpu', 'wasm', 'webgl']) out[name] = await h.runCheck(name);
    return { out, after: h.tfBackend(), chosen: h.backend };
  });
  expect(results.after).toBe(results.chosen);
  const reference = results.out.cpu;
  expect(reference).toHaveLength(256);
  for (const name of ['wasm', 'webgl']) {
    const values = results.out[name];
    expect(values, name).toHaveLength(256);
    values.forEach((v, i) => {
      expect(Math.abs(v - reference[i]), `${name}[${i}]`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(reference[i])));
    });
  }
});

test('?backend=webgpu falls back with a visible notice when WebGPU cannot start', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?backend=webgpu');
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
