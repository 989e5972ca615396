/**
 * `npm run soak`: a long scripted session in headless Chromium, to see that nothing piles up. Not part of
 * `npm test` (it takes several minutes); README, "Soak".
 *
 *   npm run soak [-- --cycles 100] [--steps 100] [--backend wasm] [--no-build]
 *
 * It builds the app (skipped by --no-build when dist/ exists), serves dist/ with Vite's preview server on a
 * free port of 127.0.0.1 and drives the playground as a person would, with the keys of src/ui/keyboard.ts
 * and the Dataset menu: Space to play until the step counter shows `--steps` more, Space to pause, then in
 * each of `--cycles` cycles a view key (2, 3, 1 in turn), every fifth cycle another dataset, and r to reset
 * to step 0. Before the first cycle and after the last, on the same setting (moons, f view), it trains
 * `--steps` steps and reads, while paused:
 *   - the training worker's tensor count, as the metrics panel shows it ("Worker tensors");
 *   - the page's JS heap (CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage; the workers' heaps
 *     are not in it, their tensors are the count above);
 *   - DOM nodes and event listeners (CDP Memory.getDOMCounters, after the same collection) and elements
 *     (document.querySelectorAll('*')).
 * Exit code 1 when the tensor count grew, when the page showed an error (an alert, an error or divergence
 * status, an uncaught exception or a console error, page or worker) or when training stalled; 2 for a bad
 * command line.
 */
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { buildApp, serveDist, wantsBuild } from './builtApp';
import { DATASET_NAMES } from '../core/config';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';
import { exitWithError, flag, UsageError } from './common';

interface SoakOptions {
  cycles: number;
  stepsPerCycle: number;
  backend: string;
  build: boolean;
}

/** What the soak reads at its start and end (see the top of the file). */
interface Figures {
  step: number;
  tensors: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  domNodes: number;
  listeners: number;
  elements: number;
}

/** Generated datasets the soak cycles through (user data needs drawn points). */
const DATASETS = DATASET_NAMES.filter((name) => name !== 'user');
const HOME_DATASET = 'moons';
/** The view keys pressed in turn, one per cycle (1 f, 2 certificate, 3 gradient). */
const VIEW_KEYS = ['2', '3', '1'];
const DATASET_EVERY = 5;
/** Time allowed to load and pick the backend, and for one cycle's steps (a stall past it is a failure). */
const READY_TIMEOUT_MS = 120_000;
const CYCLE_TIMEOUT_MS = 180_000;

function countFlag(argv: string[], name: string, fallback: number): number {
  const text = flag(argv, name);
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a whole number above 0, got "${text}"`);
  return value;
}

function parseOptions(argv: string[]): SoakOptions {
  const known = new Set(['--cycles', '--steps', '--backend', '--no-build']);
  const unknown = argv.find((a, i) => a.startsWith('--') && !known.has(a) && !(i > 0 && known.has(argv[i - 1])));
  if (unknown) throw new UsageError(`unknown option ${unknown} (options: --cycles N, --steps N, --backend NAME, --no-build)`);
  const backend = flag(argv, 'backend') ?? 'wasm';
  if (!['webgpu', 'webgl', 'wasm', 'cpu'].includes(backend)) throw new UsageError(`--backend must be webgpu, webgl, wasm or cpu, got "${backend}"`);
  return {
    cycles: countFlag(argv, 'cycles', 100),
    stepsPerCycle: countFlag(argv, 'steps', 100),
    backend,
    build: wantsBuild(argv),
  };
}



/** Training went wrong or the page showed an error: the soak stops and fails. */
class SoakFailure extends Error {}

/**
 * The soak's view of the page: its errors as they come (console errors and uncaught exceptions, from the
 * page and its workers), and what it shows.
 */
class Session {
  readonly errors: string[] = [];
  resets = 0;
  viewChanges = 0;
  datasetChanges = 0;
  stepsDone = 0;

  constructor(
    readonly page: Page,
    private readonly cdp: CDPSession,
  ) {
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console error${m.worker() ? ' (worker)' : ''}: ${m.text()}`);
    });
    page.on('pageerror', (e) => this.errors.push(`uncaught: ${e.message}`));
  }

  /** What the page shows that means trouble: alerts (error notices, the status banner, a failed panel), an error or divergence status. */
  async problems(): Promise<string[]> {
    const shown: string[] = await this.page.evaluate(`(() => {
      const found = [...document.querySelectorAll('[role="alert"]')].map((e) => 'alert: ' + e.textContent.trim());
      const status = document.querySelector('[data-testid="status"]')?.textContent.trim();
      if (status === 'error' || status === 'diverged') found.push('status: ' + status);
      return found;
    })()`);
    return [...this.errors, ...shown];
  }

  async failIfProblems(when: string): Promise<void> {
    const problems = await this.problems();
    if (problems.length > 0) throw new SoakFailure(`${when}: ${problems.join(' | ')}`);
  }

  async status(): Promise<string> {
    return ((await this.page.getByTestId('status').textContent()) ?? '').trim();
  }

  /** The playback bar's step counter (its data-value). */
  async step(): Promise<number> {
    return Number(await this.page.getByTestId('step').getAttribute('data-value'));
  }

  async waitForStatus(status: string, timeout = 30_000): Promise<void> {
    await this.page.getByTestId('status').filter({ hasText: new RegExp(`^${status}$`) }).waitFor({ timeout });
  }

  /** Clicks the page's title, as a person clicks somewhere neutral, so keys go to the page, not a control. */
  async focusPage(): Promise<void> {
    await this.page.getByRole('heading', { level: 1, name: 'Lipschitz Playground' }).click();
  }

  /** Space, until the counter shows `steps` more, Space; returns when paused. */
  async train(steps: number, when: string): Promise<void> {
    const from = await this.step();
    await this.page.keyboard.press(' ');
    await this.waitForStatus('playing');
    // Polled from here: waitForFunction evaluates its predicate with eval, which the app's policy refuses.
    const done = `Number(document.querySelector('[data-testid="step"]')?.dataset.value) >= ${from + steps} || ` +
      `['error', 'diverged'].includes(document.querySelector('[data-testid="status"]')?.textContent.trim())`;
    const deadline = performance.now() + CYCLE_TIMEOUT_MS;
    while (!(await this.page.evaluate(done))) {
      if (performance.now() > deadline) {
        throw new SoakFailure(`${when}: training stalled at step ${await this.step()} (wanted ${from + steps}, status ${await this.status()})`);
      }
      await sleep(100);
    }
    await this.failIfProblems(when);
    await this.page.keyboard.press(' ');
    await this.waitForStatus('paused');
    this.stepsDone += (await this.step()) - from;
  }

  /** r, then waits for step 0, paused. */
  async reset(): Promise<void> {
    await this.page.keyboard.press('r');
    await this.page.getByTestId('step').filter({ hasText: /^0$/ }).waitFor({ timeout: 30_000 });
    await this.waitForStatus('paused');
    this.resets++;
  }

  /** A view key (1, 2, 3), checked on the view switch. */
  async view(key: string): Promise<void> {
    await this.page.keyboard.press(key);
    const button = this.page.getByRole('group', { name: 'View' }).getByRole('button').nth(Number(key) - 1);
    await button.and(this.page.locator('[aria-pressed="true"]')).waitFor({ timeout: 10_000 });
    this.viewChanges++;
  }

  /** Another dataset from the Dataset menu (training restarts paused at step 0). */
  async dataset(name: string): Promise<void> {
    await this.page.getByLabel('Dataset', { exact: true }).selectOption(name);
    await this.focusPage();
    await this.page.getByTestId('step').filter({ hasText: /^0$/ }).waitFor({ timeout: 30_000 });
    await this.waitForStatus('paused');
    this.datasetChanges++;
  }

  /** The figures of the top of the file, read while paused. */
  async figures(): Promise<Figures> {
    const tensorsText = ((await this.page.getByTestId('metric-tensors').textContent()) ?? '').trim();
    const tensors = Number(tensorsText);
    if (tensorsText === '' || !Number.isInteger(tensors)) throw new SoakFailure(`the worker tensor count shows "${tensorsText}"`);
    await this.cdp.send('HeapProfiler.collectGarbage');
    const heap = await this.cdp.send('Runtime.getHeapUsage');
    const dom = await this.cdp.send('Memory.getDOMCounters');
    const elements: number = await this.page.evaluate(`document.querySelectorAll('*').length`);
    return {
      step: await this.step(),
      tensors,
      heapUsedBytes: heap.usedSize,
      heapTotalBytes: heap.totalSize,
      domNodes: dom.nodes,
      listeners: dom.jsEventListeners,
      elements,
    };
  }
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const signed = (x: number, text: string) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${text}`;

function figuresLine(label: string, f: Figures): string {
  return (
    `${label}: worker tensors ${f.tensors}, JS heap ${mb(f.heapUsedBytes)} used of ${mb(f.heapTotalBytes)}, ` +
    `DOM ${f.domNodes} nodes (${f.elements} elements), ${f.listeners} event listeners`
  );
}

function minutes(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** Opens the playground and plays the whole scenario; prints as it goes; returns the failure, if any. */
async function soak(browser: Browser, url: string, options: SoakOptions): Promise<{ start?: Figures; end?: Figures; failure?: string }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const session = new Session(page, await page.context().newCDPSession(page));
  const t0 = performance.now();
  let start: Figures | undefined;
  let end: Figures | undefined;
  try {
    await page.goto(new URL(`?backend=${options.backend}`, url).href);
    await page.getByTestId('metric-backend').filter({ hasText: options.backend }).waitFor({ timeout: READY_TIMEOUT_MS });
    await session.waitForStatus('paused', READY_TIMEOUT_MS);
    await session.failIfProblems('at load');
    await session.focusPage();

    await session.train(options.stepsPerCycle, 'first run');
    start = await session.figures();
    console.log(figuresLine(`start (step ${start.step}, moons, f view)`, start));

    let dataset = DATASETS.indexOf(HOME_DATASET);
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      const when = `cycle ${cycle}`;
      await session.view(VIEW_KEYS[(cycle - 1) % VIEW_KEYS.length]);
      if (cycle % DATASET_EVERY === 0) {
        dataset = (dataset + 1) % DATASETS.length;
        await session.dataset(DATASETS[dataset]);
      }
      await session.reset();
      await session.train(options.stepsPerCycle, when);
      if (cycle % 10 === 0 || cycle === options.cycles) {
        const f = await session.figures();
        console.log(
          `  cycle ${cycle}/${options.cycles}: ${session.stepsDone} steps, ${session.resets} resets, ${DATASETS[dataset]}, ` +
            `worker tensors ${f.tensors}, JS heap ${mb(f.heapUsedBytes)}, DOM ${f.domNodes} nodes, ${minutes(performance.now() - t0)}`,
        );
      }
    }

    // Back to the starting setting, so the end figures compare like with like.
    await session.view('1');
    if (DATASETS[dataset] !== HOME_DATASET) await session.dataset(HOME_DATASET);
    await session.reset();
    await session.train(options.stepsPerCycle, 'last run');
    end = await session.figures();
    console.log(figuresLine(`end   (step ${end.step}, moons, f view)`, end));
    await session.failIfProblems('at the end');
    return { start, end };
  } catch (e) {
    if (!(e instanceof SoakFailure)) throw e;
    return { start, end, failure: e.message };
  } finally {
    const wall = performance.now() - t0;
    console.log(
      `done: ${session.stepsDone} training steps, ${session.resets} resets, ${session.viewChanges} view changes, ` +
        `${session.datasetChanges} dataset changes in ${minutes(wall)} (${((session.stepsDone * 1000) / wall).toFixed(1)} steps/s overall, pauses and resets included)`,
    );
    await page.close();
  }
}

/** The verdict: tensor growth or a failure fails; heap and DOM are figures for the reader. */
function verdict(result: { start?: Figures; end?: Figures; failure?: string }): string[] {
  const failures = result.failure ? [result.failure] : [];
  const { start, end } = result;
  if (start && end) {
    console.log(
      `change: worker tensors ${start.tensors} -> ${end.tensors}, JS heap ${signed(end.heapUsedBytes - start.heapUsedBytes, mb(Math.abs(end.heapUsedBytes - start.heapUsedBytes)))}, ` +
        `DOM nodes ${signed(end.domNodes - start.domNodes, String(Math.abs(end.domNodes - start.domNodes)))}, ` +
        `event listeners ${signed(end.listeners - start.listeners, String(Math.abs(end.listeners - start.listeners)))}`,
    );
    if (end.tensors > start.tensors) failures.push(`the worker's tensor count grew from ${start.tensors} to ${end.tensors}`);
  }
  return failures;
}

async function main(options: SoakOptions): Promise<number> {
  const loadAtStart = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  if (options.build) await buildApp();
  const { server, url } = await serveDist();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ headless: true, executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    console.log(
      `soak: headless Chromium ${browser.version()}, ?backend=${options.backend}, ${url}, 1400x900\n` +
        `date ${new Date().toISOString()}, ${os.cpus().length} cores, load average at start ${loadAtStart}\n` +
        `${options.cycles} cycles of: a view key, every ${DATASET_EVERY}th cycle another dataset, r (reset), ` +
        `Space, ${options.stepsPerCycle} steps, Space`,
    );
    const failures = verdict(await soak(browser, url, options));
    console.log(`load average at end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(failures.length === 0 ? 'soak: OK' : `soak: FAILED: ${failures.join('; ')}`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    await browser?.close();
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  Promise.resolve()
    .then(() => main(parseOptions(process.argv.slice(2))))
    .then((code) => process.exit(code))
    .catch((e) => exitWithError('soak', e));
}
