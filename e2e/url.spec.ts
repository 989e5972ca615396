import { expect, test, type Page } from '@playwright/test';
import { decisionPlot, openPlayground, pressStep, queryOf, textOf, waitUntilReady, watchErrors } from './helpers';

// The address bar carries the whole configuration: a link reproduces the run, and a bad link still opens
// the playground (with the defaults and a notice naming what was wrong), never a blank page or a script.

/** What the metrics panel shows, read in one go so the numbers belong to the same step. */
async function metrics(page: Page) {
  return page.evaluate(() => {
    const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';
    return { step: text('metric-step'), loss: text('metric-loss'), train: text('metric-train-acc'), test: text('metric-test-acc') };
  });
}

/** Types a number into a labelled field and commits it with Enter, as a person would. */
async function typeNumber(page: Page, label: string, value: number): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.fill(String(value));
  await input.press('Enter');
  await expect(input).toHaveValue(String(value));
}

/** Moves a slider by `presses` arrow keys (negative: left) and returns the value shown beside it. */
async function nudgeSlider(page: Page, label: string, testId: string, presses: number): Promise<string> {
  const slider = page.getByLabel(label, { exact: true });
  const before = await textOf(page, `${testId}-value`);
  await slider.focus();
  for (let i = 0; i < Math.abs(presses); i++) await slider.press(presses < 0 ? 'ArrowLeft' : 'ArrowRight');
  await expect(page.getByTestId(`${testId}-value`)).not.toHaveText(before);
  return textOf(page, `${testId}-value`);
}

interface Setup {
  name: string;
  /** Changes the controls; returns the URL query the address bar must then hold. */
  apply(page: Page): Promise<Record<string, string>>;
}

const SETUPS: Setup[] = [
  {
    name: 'circles, data seed 7, widths 32,32, tau-BCE with a smaller tau',
    async apply(page) {
      await page.getByLabel('Dataset', { exact: true }).selectOption('circles');
      await typeNumber(page, 'Data seed', 7);
      await typeNumber(page, 'Layer 1', 32);
      await typeNumber(page, 'Layer 2', 32);
      await page.getByRole('button', { name: 'Remove layer' }).click();
      await expect(page.getByTestId('architecture')).toHaveText('2 → 32 → 32 → 1');
      const tau = await nudgeSlider(page, 'Temperature τ', 'tau', -60);
      return { data: 'circles', seed: '7', hidden: '32,32', tau };
    },
  },
  {
    name: 'xor, data seed 3, one layer of 16, HKR with its own alpha and margin',
    async apply(page) {
      await page.getByLabel('Dataset', { exact: true }).selectOption('xor');
      await typeNumber(page, 'Data seed', 3);
      await page.getByRole('button', { name: 'Remove layer' }).click();
      await page.getByRole('button', { name: 'Remove layer' }).click();
      await typeNumber(page, 'Layer 1', 16);
      await expect(page.getByTestId('architecture')).toHaveText('2 → 16 → 1');
      await page.getByLabel('Loss function').selectOption('hkr');
      const alpha = await nudgeSlider(page, 'Hinge weight α', 'alpha', 40);
      const margin = await nudgeSlider(page, 'Margin m', 'margin', 10);
      return { data: 'xor', seed: '3', hidden: '16', loss: 'hkr', alpha, margin: String(Number(margin)) };
    },
  },
];

for (const setup of SETUPS) {
  test(`opening the URL again reproduces the same first steps: ${setup.name}`, async ({ page, browser }) => {
    const errors = watchErrors(page);
    await openPlayground(page);
    const expected = await setup.apply(page);
    await expect.poll(() => queryOf(page)).toEqual(expected);
    const link = page.url();

    await waitUntilReady(page);
    for (let i = 0; i < 3; i++) await pressStep(page);
    const first = await metrics(page);
    expect(first.step).toBe('3');
    expect(first.loss).toMatch(/\d/);

    // A fresh browser context: nothing shared with the first page but the link.
    const context = await browser.newContext();
    const fresh = await context.newPage();
    const freshErrors = watchErrors(fresh);
    await fresh.goto(link);
    await waitUntilReady(fresh);
    await expect(fresh.getByTestId('notice')).toHaveCount(0);
    expect(queryOf(fresh)).toEqual(expected);
    for (let i = 0; i < 3; i++) await pressStep(fresh);
    expect(await metrics(fresh)).toEqual(first);
    await context.close();
    expect(errors).toEqual([]);
    expect(freshErrors).toEqual([]);
  });
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface BadUrl {
  query: string;
  /** The key the notice names, as it shows it (an odd key is quoted). */
  names: string;
  /** The control that shows the default that replaced the bad value. */
  showsDefault(page: Page): Promise<void>;
}

const BAD_URLS: BadUrl[] = [
  { query: '?%%%', names: '"%%%"', showsDefault: async () => {} },
  { query: '?tau=abc', names: 'tau', showsDefault: (p) => expect(p.getByTestId('tau-value')).toHaveText('10') },
  { query: '?n=1e999', names: 'n', showsDefault: (p) => expect(p.getByLabel('Points (n)')).toHaveValue('1000') },
  { query: '?data=spirals', names: 'data', showsDefault: (p) => expect(p.getByLabel('Dataset', { exact: true })).toHaveValue('moons') },
  { query: '?hidden=64,,x', names: 'hidden', showsDefault: (p) => expect(p.getByTestId('architecture')).toHaveText('2 → 64 → 64 → 64 → 1') },
  {
    query: '?view=3d',
    names: 'view',
    showsDefault: (p) => expect(decisionPlot(p).getByRole('button', { name: 'f and its level sets' })).toHaveAttribute('aria-pressed', 'true'),
  },
  { query: '?foo=bar', names: 'foo', showsDefault: async () => {} },
  {
    query: '?data=<script>window.__pwned=1</script>',
    names: 'data',
    showsDefault: (p) => expect(p.getByLabel('Dataset', { exact: true })).toHaveValue('moons'),
  },
  {
    query: '?tau=<img src=x onerror="window.__pwned=1">',
    names: 'tau',
    showsDefault: (p) => expect(p.getByTestId('tau-value')).toHaveText('10'),
  },
];

for (const bad of BAD_URLS) {
  test(`bad URL ${bad.query} opens the defaults with a dismissible notice naming ${bad.names}`, async ({ page }) => {
    const errors = watchErrors(page);
    await openPlayground(page, bad.query);
    await expect(decisionPlot(page).locator('canvas').first()).toBeVisible();
    await expect(decisionPlot(page).getByRole('img', { name: /^Decision plot/ })).toBeVisible();
    await bad.showsDefault(page);

    // One notice, and it starts with the key: "Warning: tau: "abc" is not a number; using 10".
    const notice = page.getByTestId('notice').filter({ hasText: new RegExp(`^Warning: ${escapeRegExp(bad.names)}: `) });
    await expect(page.getByTestId('notice')).toHaveCount(1);
    await expect(notice).toHaveCount(1);
    await expect(notice).toBeVisible();
    // Markup in a value is shown as text, never run or rendered.
    if (bad.query.includes('<')) await expect(notice).toContainText('window.__pwned=1');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await expect(page.locator('.lp-notices img, .lp-notices script')).toHaveCount(0);
    // The address bar now holds what is in use: the defaults.
    await expect.poll(() => queryOf(page)).toEqual({});

    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1, name: 'Lipschitz Playground' })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
  });
}

test('several bad URL keys give one group of notices with "Dismiss all", the rest folded away', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page, '?tau=abc&lr=-1&n=zero&noise=lots&alpha=%%');
  const notices = page.getByTestId('notice');
  const group = page.getByRole('group', { name: 'Notices' });
  await expect(group).toContainText('5 notices');
  await expect(notices).toHaveCount(2);
  await group.getByRole('button', { name: 'Show all 5' }).click();
  await expect(notices).toHaveCount(5);
  await group.getByRole('button', { name: 'Dismiss all' }).click();
  await expect(notices).toHaveCount(0);
  await expect(group).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a valid link restores every control it names', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page, '?data=xor&loss=hkr&alpha=50&margin=0.5&hidden=32,32&act=fullsort');
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue('xor');
  await expect(page.getByLabel('Loss function')).toHaveValue('hkr');
  await expect(page.getByTestId('alpha-value')).toHaveText('50');
  await expect(page.getByTestId('margin-value')).toHaveText('0.5');
  await expect(page.getByLabel('Temperature τ')).toHaveCount(0);
  await expect(page.getByTestId('architecture')).toHaveText('2 → 32 → 32 → 1');
  await expect(page.getByLabel('Layer 1', { exact: true })).toHaveValue('32');
  await expect(page.getByLabel('Layer 2', { exact: true })).toHaveValue('32');
  await expect(page.getByLabel('Activation')).toHaveValue('fullsort');
  await expect(page.getByRole('radio', { name: 'Lipschitz' })).toBeChecked();
  // The address bar keeps the same settings (in its own key order).
  expect(queryOf(page)).toEqual({ data: 'xor', loss: 'hkr', alpha: '50', margin: '0.5', hidden: '32,32', act: 'fullsort' });
  expect(errors).toEqual([]);
});

test('choosing a backend by hand writes it to the URL and says training restarted; auto removes it', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page);
  await page.getByLabel('Backend').selectOption('cpu');
  await expect.poll(() => queryOf(page).backend).toBe('cpu');
  await expect(page.getByTestId('notice').filter({ hasText: 'Backend: cpu. Training restarted at step 0 on it.' })).toHaveCount(1);
  await expect(page.getByTestId('backend-running')).toHaveText('cpu');
  await page.getByLabel('Backend').selectOption('auto');
  await expect.poll(() => queryOf(page).backend).toBeUndefined();
  expect(errors).toEqual([]);
});
