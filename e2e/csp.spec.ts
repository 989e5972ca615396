import { expect, test, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../src/cli/chromium';
import { CONTENT_SECURITY_POLICY } from '../vite.config';
import { openPlayground, shownStep, watchErrors } from './helpers';

// The app under its Content-Security-Policy (vite.config.ts): `vite preview` sends it as a header, the
// built index.html carries it as a meta tag. Every backend must train with no violation, in the page and
// in the workers. A worker loaded from a URL runs under its own response's policy, and its violations
// fire inside the worker, where a listener on the page's document never hears them: the worker scripts
// are therefore served with a listener prepended (headers untouched) that reports each violation on the
// console, which Playwright forwards from workers to the page.

const VIOLATION = 'CSP violation:';
/** The listener, the same text for the page (on document) and the workers (on self). */
const listener = (target: string) =>
  `${target}.addEventListener('securitypolicyviolation', (e) => console.error(` +
  `'${VIOLATION} ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || '(inline)') + ' at ' + e.sourceFile + ':' + e.lineNumber));`;
const WORKER_SCRIPT = /\/assets\/[^/]*worker-[^/]*\.js$/i;

interface CspWatch {
  /** Violations seen in the page or a worker. */
  violations: string[];
  /** Console errors (page and workers) and uncaught exceptions, violations included. */
  errors: string[];
  /** Each worker script served, with the Content-Security-Policy header it came with. */
  workerPolicies: Map<string, string | undefined>;
  /** URLs of the workers the page started. */
  workers: string[];
}

async function watchCsp(page: Page): Promise<CspWatch> {
  const watch: CspWatch = { violations: [], errors: watchErrors(page), workerPolicies: new Map(), workers: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().startsWith(VIOLATION)) watch.violations.push(`${m.worker() ? 'worker' : 'page'}: ${m.text()}`);
  });
  page.on('worker', (w) => watch.workers.push(w.url()));
  await page.addInitScript(listener('document'));
  await page.route(WORKER_SCRIPT, async (route) => {
    // A fetch still in flight when the test ends fails (its response disposed with the page, even between
    // the headers and the body); the worker then never starts, which the checks see.
    const response = await route.fetch().catch(() => null);
    if (!response) return route.abort().catch(() => {});
    watch.workerPolicies.set(route.request().url(), response.headers()['content-security-policy']);
    const body = await response.text().catch(() => null);
    if (body === null) return route.abort().catch(() => {});
    await route.fulfill({ response, body: `${listener('self')}\n${body}` }).catch(() => {});
  });
  return watch;
}

/** No violation and no console error; every worker watched and served under the policy. */
function expectClean(watch: CspWatch, minWorkers: number): void {
  expect(watch.violations).toEqual([]);
  expect(watch.errors).toEqual([]);
  expect(watch.workers.length).toBeGreaterThanOrEqual(minWorkers);
  for (const url of watch.workers) {
    expect(watch.workerPolicies.has(url), `worker ${url} was served with the violation listener`).toBe(true);
    expect(watch.workerPolicies.get(url), `policy header of ${url}`).toBe(CONTENT_SECURITY_POLICY);
  }
}

/** Opens the playground on `backend`, checks it runs there, presses Play and waits for training to advance. */
async function trainOn(page: Page, backend: string, timeout: number): Promise<void> {
  await openPlayground(page, `?backend=${backend}`);
  // A backend the policy broke would fall back to another one: the requested one must be the one running.
  await expect(page.getByTestId('metric-backend')).toHaveText(backend);
  const before = await shownStep(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('playing');
  await expect.poll(() => shownStep(page), { timeout }).toBeGreaterThanOrEqual(before + 3);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('paused');
}

/**
 * The diagnostics page loads tfjs in the page itself: compare every backend with cpu there (those in
 * `passing` must pass), then train in its worker.
 */
async function diagnosticsUnderPolicy(page: Page, passing: string[]): Promise<void> {
  await page.goto('/?diagnostics');
  await expect(page.getByTestId('check-result')).toBeVisible();
  await page.getByRole('button', { name: 'Compare every backend with cpu' }).click();
  const table = page.getByTestId('agreement');
  await expect(table.getByTestId('agreement-cpu')).toContainText('the reference', { timeout: 60_000 });
  for (const backend of passing) {
    await expect(table.getByTestId(`agreement-${backend}`)).toContainText(/pass|FAIL|could not run/, { timeout: 120_000 });
    await expect(table.getByTestId(`agreement-${backend}`)).toContainText('pass');
  }
  // Every row finished (a backend that cannot start here says so), so each ran under the policy.
  for (const row of await table.locator('tbody tr').all()) {
    await expect(row).toContainText(/pass|FAIL|could not run|the reference/, { timeout: 120_000 });
  }
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(async () => Number((await page.getByTestId('train-step').textContent())?.trim()), { timeout: 120_000 }).toBeGreaterThan(3);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('train-state')).toHaveText('paused');
}

test('the served page carries the policy, as a response header and as the first tag of <head>', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  const meta = page.locator('head > meta[http-equiv="Content-Security-Policy"]');
  await expect(meta).toHaveCount(1);
  expect(await meta.getAttribute('content')).toBe(CONTENT_SECURITY_POLICY);
  // A meta policy governs only what comes after it.
  expect(await page.evaluate(() => document.head.firstElementChild?.getAttribute('http-equiv'))).toBe('Content-Security-Policy');

  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => {
    const [name, ...sources] = d.trim().split(/\s+/);
    return [name, sources] as const;
  }));
  expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(directives.get('style-src')).toEqual(["'self'"]);
  expect(directives.get('worker-src')).toEqual(["'self'"]);
  expect(directives.get('connect-src')).toEqual(["'self'"]);
  expect(directives.get('default-src')).toEqual(["'self'"]);
  expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|'unsafe-eval'|\*/);
});

test('the policy is enforced and the watcher hears it: inline script, eval, a style attribute, a blob: worker', async ({ page }) => {
  // The watcher's own proof (otherwise "no violation" would prove nothing). Code run by page.evaluate
  // comes from the debugger, which the browser lets eval; the eval is tried from a same-origin script.
  await page.route('**/csp-probe.js', (route) =>
    route.fulfill({ contentType: 'text/javascript', body: "try { window.__evalRan = eval('true'); } catch { window.__evalRan = false; }" }),
  );
  const watch = await watchCsp(page);
  await page.goto('/');
  const outcome = await page.evaluate(async () => {
    const w = window as unknown as { __inlineRan?: boolean; __evalRan?: boolean };
    const inline = document.createElement('script');
    inline.textContent = 'window.__inlineRan = true;';
    document.body.append(inline);
    const probe = document.createElement('script');
    probe.src = '/csp-probe.js';
    await new Promise((resolve, reject) => {
      probe.onload = resolve;
      probe.onerror = reject;
      document.body.append(probe);
    });
    const box = document.createElement('div');
    box.innerHTML = '<p style="color: rgb(1, 2, 3)">styled in markup</p>';
    document.body.append(box);
    let blobWorker = 'started';
    try {
      new Worker(URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' })));
    } catch {
      blobWorker = 'refused';
    }
    return {
      inlineRan: w.__inlineRan === true,
      evalRan: w.__evalRan,
      styleApplied: getComputedStyle(box.firstElementChild!).color === 'rgb(1, 2, 3)',
      blobWorker,
    };
  });
  expect(outcome).toEqual({ inlineRan: false, evalRan: false, styleApplied: false, blobWorker: expect.any(String) });
  const heard = () => watch.violations.join('\n');
  await expect.poll(heard).toMatch(/script-src(-elem)? blocked inline/);
  await expect.poll(heard).toMatch(/script-src blocked eval/);
  await expect.poll(heard).toMatch(/style-src(-attr)? blocked inline/);
  await expect.poll(heard).toMatch(/worker-src blocked blob/);
});

for (const backend of ['wasm', 'webgl', 'cpu']) {
  test(`the playground trains on ${backend} under the policy with no violation`, async ({ page }) => {
    const watch = await watchCsp(page);
    await trainOn(page, backend, 60_000);
    expectClean(watch, 2);
  });
}

test('the diagnostics page (tfjs in the page) checks every backend and trains under the policy with no violation', async ({ page }) => {
  test.setTimeout(300_000);
  const watch = await watchCsp(page);
  await diagnosticsUnderPolicy(page, ['wasm', 'webgl']);
  expectClean(watch, 1);
});

test.describe('WebGPU (software adapter: Chromium with --enable-unsafe-webgpu, as the chromium-webgpu project)', () => {
  // The chromium-webgpu project of playwright.config.ts runs only *webgpu*.spec.ts files; this file keeps
  // the policy's tests together and launches that browser itself.
  let browser: Browser;
  test.beforeAll(async ({ playwright }) => {
    browser = await playwright.chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] });
  });
  test.afterAll(async () => {
    await browser?.close();
  });

  test('the playground trains on webgpu, and the diagnostics page checks it, under the policy with no violation', async ({ baseURL }) => {
    // Software WebGPU: about 10 s of warm-up per device, 140 ms per step.
    test.setTimeout(600_000);
    const context = await browser.newContext({ baseURL });
    try {
      const page = await context.newPage();
      const watch = await watchCsp(page);
      await trainOn(page, 'webgpu', 240_000);
      expectClean(watch, 2);

      const diagnostics = await context.newPage();
      const diagnosticsWatch = await watchCsp(diagnostics);
      await diagnosticsUnderPolicy(diagnostics, ['wasm', 'webgl', 'webgpu']);
      expectClean(diagnosticsWatch, 1);
    } finally {
      await context.close();
    }
  });
});
