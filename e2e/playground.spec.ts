import { expect, test } from '@playwright/test';
import {
  decisionPlot,
  lowestStep,
  openPlayground,
  plotPixels,
  pressStep,
  queryOf,
  recordLowestStep,
  shownFraction,
  shownStep,
  shownTensors,
  textOf,
  watchErrors,
} from './helpers';

// The playground as a person uses it: open it, press the buttons and keys, move the controls, and read
// what the page shows (step counter, metrics, plot, address bar). Training runs in a Web Worker at its own
// pace, so every wait is a poll on what is shown, never a fixed delay.

test('opens with the plot and metrics; Play raises the step and accuracy and changes the plot; Pause stops it', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page);
  await expect(page).toHaveTitle('Lipschitz Playground');
  const plot = decisionPlot(page);
  await expect(plot.locator('canvas').first()).toBeVisible();
  await expect(plot.getByRole('img', { name: /^Decision plot: f and its level sets/ })).toBeVisible();
  await expect(plot.getByRole('img', { name: /^colour scale: f\(x\)/ })).toBeVisible();
  for (const id of ['metric-step', 'metric-train-acc', 'metric-test-acc', 'metric-loss', 'metric-backend', 'metric-tensors']) {
    await expect(page.getByTestId(id)).toBeVisible();
  }
  // The untrained model's heatmap is drawn before anything is pressed.
  await expect(plot.getByText('waiting for the model…')).toHaveCount(0);
  const before = await plotPixels(page);

  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('status')).toHaveText('playing');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect.poll(() => shownStep(page)).toBeGreaterThan(0);
  const early = await shownStep(page);
  await expect.poll(() => shownStep(page)).toBeGreaterThan(early);
  await expect.poll(() => shownFraction(page, 'metric-train-acc'), { timeout: 120_000 }).toBeGreaterThan(0.9);
  await expect.poll(() => plotPixels(page)).not.toBe(before);
  expect(Number.isFinite(Number(await textOf(page, 'metric-loss')))).toBe(true);

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  const stopped = await shownStep(page);
  await page.waitForTimeout(1_500); // the one deliberate wait: nothing may move while paused
  expect(await shownStep(page)).toBe(stopped);
  await expect(page.getByTestId('metric-step')).toHaveText(String(stopped));

  // In the f view (not only the gradient view) the Lipschitz estimate is shown and says what it covers;
  // for this 1-Lipschitz net it is a lower bound of the bound, and the bound is about 1.
  const estimate = Number(await textOf(page, 'metric-lip-empirical'));
  const bound = Number(await textOf(page, 'metric-lip-bound'));
  expect(estimate).toBeGreaterThan(0.1);
  expect(estimate).toBeLessThanOrEqual(bound);
  expect(Math.abs(bound - 1)).toBeLessThan(0.01);
  await expect(page.getByText(/max \|∇f\| over 201×201 grid and data/)).toBeVisible();
  await expect(page.getByText(/E\[y f\] \/ L bound/)).toBeVisible();
  expect(errors).toEqual([]);
});

test('Step advances exactly one step while paused; Reset goes back to step 0', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page);
  expect(await pressStep(page)).toBe(1);
  expect(await pressStep(page)).toBe(2);
  await expect(page.getByTestId('metric-step')).toHaveText('2');
  await expect(page.getByTestId('status')).toHaveText('paused');

  // After some training, too: one press is one step, and it stays there.
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => shownStep(page)).toBeGreaterThan(10);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  const paused = await shownStep(page);
  expect(await pressStep(page)).toBe(paused + 1);
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect(page.getByTestId('metric-step')).toHaveText(String(paused + 1));

  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('step')).toHaveText('0');
  await expect(page.getByTestId('metric-step')).toHaveText('0');
  await expect(page.getByTestId('status')).toHaveText('paused');
  expect(errors).toEqual([]);
});

test('keyboard: space plays and pauses, s steps, r resets, p toggles presentation mode', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page);
  const settings = page.getByRole('complementary', { name: 'Settings' });
  await expect(settings).toBeVisible();
  // Click somewhere neutral so the keys go to the page, not to a control.
  await page.getByRole('heading', { level: 1, name: 'Lipschitz Playground' }).click();

  await page.keyboard.press(' ');
  await expect(page.getByTestId('status')).toHaveText('playing');
  await expect.poll(() => shownStep(page)).toBeGreaterThan(0);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('status')).toHaveText('paused');

  const paused = await shownStep(page);
  await page.keyboard.press('s');
  await expect(page.getByTestId('step')).toHaveText(String(paused + 1));
  await expect(page.getByTestId('status')).toHaveText('paused');

  await page.keyboard.press('r');
  await expect(page.getByTestId('step')).toHaveText('0');

  await page.keyboard.press('p');
  await expect(settings).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Exit presentation' })).toBeVisible();
  await expect(decisionPlot(page).locator('canvas').first()).toBeVisible();
  await page.keyboard.press('p');
  await expect(settings).toBeVisible();
  await expect(page.getByRole('button', { name: 'Presentation', exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});

test('keyboard after mouse clicks: space plays without scrolling, Esc leaves presentation, [ ] move tau, 1 2 3 switch views, ? lists the keys', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1024, height: 768 });
  await openPlayground(page);
  const status = page.getByTestId('status');
  const scrollY = () => page.evaluate(() => window.scrollY);
  const plot = decisionPlot(page);

  // After a click on a preset, a view tab and the tau slider, Space plays (and pauses), never scrolls.
  const clicks = [
    page.getByRole('link', { name: 'Two moons, τ = 5', exact: true }),
    plot.getByRole('button', { name: 'Gradient norm |∇f|' }),
    page.getByLabel('Temperature τ'),
  ];
  for (const control of clicks) {
    await control.scrollIntoViewIfNeeded();
    await control.click();
    const before = await scrollY();
    await page.keyboard.press(' ');
    await expect(status).toHaveText('playing');
    await page.keyboard.press(' ');
    await expect(status).toHaveText('paused');
    expect(await scrollY()).toBe(before);
  }
  await page.evaluate(() => window.scrollTo(0, 0));

  // Views from the number keys.
  await page.keyboard.press('2');
  await expect.poll(() => queryOf(page).view).toBe('certificate');
  await page.keyboard.press('1');
  await expect.poll(() => queryOf(page).view).toBeUndefined();

  // ] and [ move tau one notch of 1-2-5 (the preset sets 5; the click on the slider above moved it); the
  // URL follows.
  await page.getByRole('link', { name: 'Two moons, τ = 5', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Lipschitz Playground' }).click();
  await expect(page.getByTestId('tau-value')).toHaveText('5');
  await page.keyboard.press(']');
  await expect(page.getByTestId('tau-value')).toHaveText('10');
  await expect.poll(() => queryOf(page).tau).toBeUndefined(); // 10 is the default: the link leaves it out
  await page.keyboard.press('[');
  await page.keyboard.press('[');
  await expect.poll(() => queryOf(page).tau).toBe('2');
  await expect(page.getByTestId('tau-value')).toHaveText('2');

  // ? lists the keys; Esc closes the list, then leaves presentation mode.
  await page.keyboard.press('?');
  const keys = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(keys).toBeVisible();
  await expect(keys.getByText('play / pause')).toBeVisible();
  await page.keyboard.press('p');
  await expect(page.getByRole('button', { name: 'Exit presentation' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(keys).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Exit presentation' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Presentation', exact: true })).toBeVisible();

  // Keyboard focus (Tab) keeps Space for the focused control: it presses that button, not Play.
  await page.getByRole('button', { name: 'Presentation', exact: true }).focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Exit presentation' })).toBeVisible();
  await expect(status).toHaveText('paused');
  expect(errors).toEqual([]);
});

test('choosing another dataset restarts training and puts data= in the URL', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page);
  await pressStep(page);
  await pressStep(page);
  await pressStep(page);

  // Paused: the new data starts a new run at step 0, still paused.
  await page.getByLabel('Dataset', { exact: true }).selectOption('circles');
  await expect.poll(() => queryOf(page).data).toBe('circles');
  await expect(page.getByTestId('step')).toHaveText('0');
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect(page.getByTestId('metric-step')).toHaveText('0');
  await expect(page.getByText('Changing the data restarts training.')).toBeVisible();

  // Playing: the run restarts from step 0 and keeps playing.
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => shownStep(page)).toBeGreaterThan(5);
  await recordLowestStep(page);
  await page.getByLabel('Dataset', { exact: true }).selectOption('xor');
  await expect.poll(() => queryOf(page).data).toBe('xor');
  await expect.poll(() => lowestStep(page)).toBe(0);
  await expect(page.getByTestId('status')).toHaveText('playing');
  await expect.poll(() => shownStep(page)).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test('switching the loss to HKR shows alpha and margin instead of tau, applies live and puts loss=hkr in the URL', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page);
  const tau = page.getByLabel('Temperature τ');
  const alpha = page.getByLabel('Hinge weight α');
  const margin = page.getByLabel('Margin m');
  await expect(tau).toBeVisible();
  await expect(alpha).toHaveCount(0);
  await expect(margin).toHaveCount(0);

  // Paused after 3 steps: the loss changes, the model stays where it is.
  await pressStep(page);
  await pressStep(page);
  await pressStep(page);
  await page.getByLabel('Loss function').selectOption('hkr');
  await expect(alpha).toBeVisible();
  await expect(margin).toBeVisible();
  await expect(tau).toHaveCount(0);
  await expect.poll(() => queryOf(page).loss).toBe('hkr');
  await expect(page.getByTestId('step')).toHaveText('3');
  // The next step continues the same run, now with the new loss.
  expect(await pressStep(page)).toBe(4);

  // Playing: changing the loss never sends the step counter back.
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => shownStep(page)).toBeGreaterThan(20);
  const before = await shownStep(page);
  await recordLowestStep(page);
  await page.getByLabel('Loss function').selectOption('hinge');
  await expect.poll(() => queryOf(page).loss).toBe('hinge');
  await expect(margin).toBeVisible();
  await expect(alpha).toHaveCount(0);
  await expect.poll(() => shownStep(page)).toBeGreaterThan(before + 10);
  expect(await lowestStep(page)).toBeGreaterThanOrEqual(before);
  await expect(page.getByTestId('status')).toHaveText('playing');
  expect(errors).toEqual([]);
});

test('the tau slider, the network kind and the plot views change the URL', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page);

  // tau: a log slider driven with the keyboard; the value beside it and the URL follow.
  const tau = page.getByLabel('Temperature τ');
  await expect(page.getByTestId('tau-value')).toHaveText('10');
  await tau.focus();
  for (let i = 0; i < 60; i++) await tau.press('ArrowLeft');
  await expect(page.getByTestId('tau-value')).not.toHaveText('10');
  const shownTau = Number(await textOf(page, 'tau-value'));
  expect(shownTau).toBeLessThan(10);
  expect(shownTau).toBeGreaterThan(1);
  await expect.poll(() => queryOf(page).tau).toBe(String(shownTau));

  // Network kind: Standard drops the Lipschitz constant control and restarts training.
  await pressStep(page);
  await page.getByRole('radio', { name: 'Standard' }).check();
  await expect.poll(() => queryOf(page).model).toBe('standard');
  await expect(page.getByLabel('Lipschitz constant L')).toHaveCount(0);
  await expect(page.getByTestId('step')).toHaveText('0');
  await page.getByRole('radio', { name: 'Lipschitz' }).check();
  await expect.poll(() => queryOf(page).model).toBeUndefined();
  await expect(page.getByLabel('Lipschitz constant L')).toBeVisible();

  // Views: one click each; the legend says what the colours mean.
  const plot = decisionPlot(page);
  await plot.getByRole('button', { name: 'Gradient norm |∇f|' }).click();
  await expect.poll(() => queryOf(page).view).toBe('gradient');
  await expect(plot.getByRole('button', { name: 'Gradient norm |∇f|' })).toHaveAttribute('aria-pressed', 'true');
  await expect(plot.getByRole('img', { name: /^colour scale: gradient norm/ })).toBeVisible();
  await expect(plot.getByText('gradient norm: computing…')).toHaveCount(0);

  await plot.getByRole('button', { name: 'Certificate vs distance' }).click();
  await expect.poll(() => queryOf(page).view).toBe('certificate');
  await expect(plot.getByRole('img', { name: /^colour scale: tightness/ })).toBeVisible();
  await expect(plot.getByText(/certified radius \|f\|\/L/)).toBeVisible();
  await expect(plot.getByText('true distance to the boundary', { exact: false }).first()).toBeVisible();
  // A handful of certificate levels: with the default 0.1 spacing the plot draws a wider one, and the menu
  // and the legend both say which.
  const drawn = plot.getByTestId('drawn-spacing');
  await expect(drawn).toHaveText(/drawn every ([\d.]+): fewer lines/);
  const spacing = ((await drawn.textContent()) ?? '').match(/every ([\d.]+)/)![1];
  await expect(plot.getByText(new RegExp(`certified radius \\|f\\|/L, every ${spacing.replace('.', '\\.')}\\b`))).toBeVisible();

  await plot.getByRole('button', { name: 'f and its level sets' }).click();
  await expect.poll(() => queryOf(page).view).toBeUndefined();
  await expect(plot.getByText(/level sets of f/)).toBeVisible();
  expect(errors).toEqual([]);
});

test('thousands of training steps keep the worker tensor count flat', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  // A small Lipschitz net (same layers, activation and loss as the default) so thousands of steps fit
  // in a short test on a two-core machine.
  await openPlayground(page, '?n=200&hidden=16,16');
  await page.getByLabel('Speed').selectOption('max');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => shownStep(page)).toBeGreaterThan(100);

  const readings: { step: number; tensors: number }[] = [];
  for (const target of [100, 600, 1200, 1800, 2500]) {
    await expect.poll(() => shownStep(page), { timeout: 120_000 }).toBeGreaterThan(target);
    readings.push({ step: await shownStep(page), tensors: await shownTensors(page) });
  }
  await expect(page.getByTestId('status')).toHaveText('playing');
  const counts = readings.map((r) => r.tensors);
  expect(counts[0]).toBeGreaterThan(0);
  expect(counts, `tensors at steps ${readings.map((r) => r.step).join(', ')}`).toEqual(counts.map(() => counts[0]));
  expect(errors).toEqual([]);
});

test('a diverging run pauses by itself and suggests a lower learning rate', async ({ page }) => {
  const errors = watchErrors(page);
  // A standard ReLU net with plain SGD at learning rate 10 (the largest allowed) blows up in a few steps.
  await openPlayground(page, '?model=standard&act=relu&loss=bce&opt=sgd&lr=10');
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('status')).toHaveText('diverged');
  const message = page.getByTestId('status-message');
  await expect(message).toBeVisible();
  await expect(message).toContainText('diverged');
  await expect(message).toContainText(/Lower the learning rate \(now 10\)/);
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  const stopped = await shownStep(page);
  expect(stopped).toBeGreaterThan(0);

  // Play again is refused with a hint; Reset starts over.
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('notice').filter({ hasText: /Training diverged: .*press reset/ })).toBeVisible();
  expect(await shownStep(page)).toBe(stopped);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(message).toHaveCount(0);
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect(page.getByTestId('step')).toHaveText('0');
  expect(errors).toEqual([]);
});

test('the certified-accuracy chart keeps a fixed eps axis while training, unless unticked', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page);
  const chart = page.getByRole('img', { name: /^Certified accuracy .* against radius ε$/ });
  const ticks = () => chart.locator('.axis-x text').allTextContents();
  // The axis is fixed from the first snapshot on (it needs the plot's domain): wait for it.
  await expect.poll(async () => await decisionPlot(page).locator('figure.decision-plot').getAttribute('data-field-step')).toBe('0');
  await expect.poll(async () => (await ticks()).length).toBeGreaterThan(1);
  const atStart = await ticks();
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => shownStep(page)).toBeGreaterThan(150);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  // The paused snapshot is drawn: same axis as at step 0 (the radii grew from about 0.1 to about 0.7).
  await expect.poll(async () => Number(await decisionPlotStep(page))).toBeGreaterThan(150);
  expect(await ticks()).toEqual(atStart);
  await page.getByLabel(/Fixed ε axis/).uncheck();
  await expect.poll(ticks).not.toEqual(atStart);
  expect(errors).toEqual([]);
});

async function decisionPlotStep(page: import('@playwright/test').Page): Promise<string> {
  return (await decisionPlot(page).locator('figure.decision-plot').getAttribute('data-field-step')) ?? '0';
}

test('a live change of tau while training leaves a marker with the new value on the loss curve', async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page);
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => shownStep(page)).toBeGreaterThan(50);
  await page.getByRole('heading', { level: 1, name: 'Lipschitz Playground' }).click();
  await page.keyboard.press(']'); // tau 10 -> 20
  await expect.poll(() => queryOf(page).tau).toBe('20');
  const lossChart = page.getByRole('img', { name: /^Loss against step$/ });
  await expect(lossChart.locator('g.mark text')).toHaveText(['τ = 20'], { timeout: 15_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  expect(errors).toEqual([]);
});
