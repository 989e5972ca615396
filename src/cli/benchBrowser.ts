/**
 * `npm run bench:browser` (also the browser part of `npm run bench`): how fast the built app trains and
 * draws in headless Chromium, read off the page as a person sees it. Figures, never assertions.
 *
 *   npm run bench:browser [-- --seconds 12] [--warmup 3] [--sizes 1400x900,1920x1080] [--no-build] [--only TEXT]
 *
 * Method (README, "Performance"): build the app with Vite (skipped by --no-build when dist/ exists), serve
 * dist/ with Vite's preview server on a free port, and launch headless Chromium the way
 * playwright.config.ts does ($CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's own; same flags).
 * For each viewport and case, a fresh page at `/?backend=wasm` (`webgl` for the GPU cases) plus the case's
 * URL keys (`--only TEXT`: only the cases whose name contains TEXT): wait until the
 * step counter (data-testid="metric-step") shows a number, press Play, wait `--warmup` seconds, then over
 * `--seconds` seconds of wall time
 *   - steps/s = change of the step counter / wall time between its two reads;
 *   - frame times = intervals between requestAnimationFrame callbacks, recorded by a script injected into
 *     the page for that window only, reported as p50, p95 and max;
 *   - fields/s = new field snapshots drawn per second: changes of the plot's `data-field-step` (the step
 *     of the snapshot it shows), seen by a MutationObserver over the same window; "grid" is the smallest
 *     and largest grid (nodes per side) of those snapshots, from `data-field-nodes`.
 * The app has no benchmark hooks beyond those attributes, which state what the plot shows. The date, core count and load average at start and end are printed so
 * a reader can judge the noise of a shared machine; compare ratios from one run, not runs with each other.
 */
import { CHROMIUM_ARGS, chromiumPath } from './chromium';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { buildApp, serveDist, wantsBuild } from './builtApp';
import { exitWithError, flag, UsageError } from './common';

export interface BrowserBenchOptions {
  seconds: number;
  warmup: number;
  sizes: Viewport[];
  build: boolean;
  /** Only the cases whose name contains this text (`--only`); every case when absent. */
  only?: string;
}

interface Viewport {
  width: number;
  height: number;
}

interface Case {
  name: string;
  /** The page's backend (`?backend=`): wasm for every case but the GPU ones. */
  backend?: 'wasm' | 'webgl';
  /** URL keys added to `?backend=...`. */
  query: string;
  /** A value of the speed menu to choose before Play (steps per second); the menu's "max" otherwise. */
  speed?: string;
  /** A comparison: steps are read from the first panel's data-step (every panel takes the same steps). */
  panels?: boolean;
}

interface Row {
  name: string;
  viewport: Viewport;
  stepsPerSecond: number;
  /** New field snapshots drawn per second (changes of the plot's data-field-step). */
  fieldsPerSecond: number;
  /** The grid sizes (nodes per side) of those snapshots, smallest and largest (the plot's data-field-nodes). */
  fieldNodes: [number, number];
  frames: { count: number; p50: number; p95: number; max: number };
}


const LIPSCHITZ_F = 'lipschitz 2-64-64-64-1 groupsort2, f view';
const STANDARD_F = 'standard  2-64-64-64-1 relu, f view';
const LOCKSTEP_F = 'sweep of 8 (tau 0.1..100/8), each model';
const WEBGL_F = 'webgl: lipschitz, f view';
const WEBGL_LOCKSTEP_F = 'webgl: sweep of 8, batched, each model';
const CASES: Case[] = [
  { name: LIPSCHITZ_F, query: '' },
  { name: 'lipschitz, certificate view', query: '&view=certificate' },
  { name: 'lipschitz, gradient view', query: '&view=gradient' },
  { name: STANDARD_F, query: '&model=standard&act=relu&loss=bce' },
  // The speed menu must deliver what it says: this row should read about 10.
  { name: 'lipschitz, f view, speed menu 10 steps/s', query: '', speed: '10' },
  { name: LOCKSTEP_F, query: '&sweep=tau:0.1..100/8', panels: true },
  // A GPU backend, where same-shape models train as one batched computation (train/lockstep.ts). Here
  // WebGL runs on SwiftShader, a software GPU: its figures show the batching, not a GPU's speed.
  { name: WEBGL_F, backend: 'webgl', query: '' },
  { name: WEBGL_LOCKSTEP_F, backend: 'webgl', query: '&sweep=tau:0.1..100/8', panels: true },
];

/** Time allowed for the page to load tfjs, pick its backend and show step 0. */
const READY_TIMEOUT_MS = 120_000;

/** A number of seconds after `--name`: at least 0, or above 0 when `positive`. */
function secondsFlag(argv: string[], name: string, fallback: number, positive: boolean): number {
  const text = flag(argv, name);
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw new UsageError(`--${name} must be a number of seconds${positive ? ' above 0' : ''}, got "${text}"`);
  }
  return value;
}

/** `1400x900,1920x1080` as viewports. */
function parseSizes(text: string): Viewport[] {
  return text.split(',').map((size) => {
    const m = /^(\d+)x(\d+)$/.exec(size.trim());
    if (!m) throw new UsageError(`--sizes takes WIDTHxHEIGHT[,WIDTHxHEIGHT...], got "${size}"`);
    return { width: Number(m[1]), height: Number(m[2]) };
  });
}

/** Reads this module's flags from a command line; other flags (those of bench.ts) are ignored. */
export function parseBrowserOptions(argv: string[]): BrowserBenchOptions {
  return {
    seconds: secondsFlag(argv, 'seconds', 12, true),
    warmup: secondsFlag(argv, 'warmup', 3, false),
    sizes: parseSizes(flag(argv, 'sizes') ?? '1400x900'),
    build: wantsBuild(argv),
    only: flag(argv, 'only'),
  };
}

/** The browser playwright.config.ts uses: $CHROMIUM_PATH, else Debian's, else Playwright's own (undefined). */


/**
 * Starts recording requestAnimationFrame intervals in the page. The script is a string because a function
 * would carry tsx's `__name` helpers, which the page does not have.
 */
async function startFrameRecorder(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const rec = { deltas: [], running: true, fields: 0, nodes: [] };
    window.__benchFrames = rec;
    // Field refreshes: the plot's data-field-step changes each time a new snapshot is drawn.
    const plot = document.querySelector('figure.decision-plot');
    if (plot) {
      rec.observer = new MutationObserver(() => {
        if (!rec.running) return;
        rec.fields++;
        rec.nodes.push(Number(plot.getAttribute('data-field-nodes')));
      });
      rec.observer.observe(plot, { attributes: true, attributeFilter: ['data-field-step'] });
    }
    let last = null;
    const tick = () => {
      if (!rec.running) return;
      const now = performance.now();
      if (last !== null) rec.deltas.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
}

/** Stops the recorder and returns the frame intervals in ms and the number of field refreshes. */
async function stopFrameRecorder(page: Page): Promise<{ deltas: number[]; fields: number; nodes: number[] }> {
  return page.evaluate(`(() => {
    const rec = window.__benchFrames;
    rec.running = false;
    if (rec.observer) rec.observer.disconnect();
    return { deltas: rec.deltas, fields: rec.fields, nodes: rec.nodes };
  })()`);
}

/** The number the step counter shows (a comparison: the first panel's step; all panels step together). */
async function readStep(page: Page, c: Case): Promise<number> {
  const text = c.panels
    ? ((await page.locator('[data-model-id]').first().getAttribute('data-step')) ?? '')
    : ((await page.getByTestId('metric-step').textContent()) ?? '').trim();
  const step = Number(text);
  if (text === '' || !Number.isFinite(step)) throw new Error(`the step counter shows "${text}", not a number`);
  return step;
}

/** The q-quantile (0..1) of `xs` by nearest rank; NaN for no samples. */
function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Opens a fresh page on one case, presses Play, warms up and measures; see the top of the file. */
async function measureCase(browser: Browser, baseUrl: string, c: Case, viewport: Viewport, options: BrowserBenchOptions): Promise<Row> {
  const page = await browser.newPage({ viewport });
  try {
    await page.goto(new URL(`?backend=${c.backend ?? 'wasm'}${c.query}`, baseUrl).href);
    if (c.panels) await page.locator('[data-model-id][data-step="0"]').first().waitFor({ timeout: READY_TIMEOUT_MS });
    else await page.getByTestId('metric-step').filter({ hasText: /^\d+$/ }).waitFor({ timeout: READY_TIMEOUT_MS });
    if (c.speed) await page.getByTestId('speed').selectOption(c.speed);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.getByTestId('status').filter({ hasText: /^playing$/ }).waitFor({ timeout: 30_000 });
    await sleep(options.warmup * 1000);

    await startFrameRecorder(page);
    const step0 = await readStep(page, c);
    const t0 = performance.now();
    await sleep(options.seconds * 1000);
    const step1 = await readStep(page, c);
    const t1 = performance.now();
    const { deltas, fields, nodes } = await stopFrameRecorder(page);

    const status = ((await page.getByTestId('status').textContent()) ?? '').trim();
    if (status !== 'playing') throw new Error(`status "${status}" at the end of the window`);
    return {
      name: c.name,
      viewport,
      stepsPerSecond: ((step1 - step0) * 1000) / (t1 - t0),
      fieldsPerSecond: (fields * 1000) / (t1 - t0),
      fieldNodes: nodes.length > 0 ? [Math.min(...nodes), Math.max(...nodes)] : [NaN, NaN],
      frames: { count: deltas.length, p50: quantile(deltas, 0.5), p95: quantile(deltas, 0.95), max: quantile(deltas, 1) },
    };
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new Error(`${c.name} at ${sizeText(viewport)}: ${message}`);
  } finally {
    await page.close();
  }
}

const sizeText = (v: Viewport) => `${v.width}x${v.height}`;
const loadText = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** One line per case and viewport, then the standard / lipschitz speed ratio per viewport. */
function formatTable(rows: Row[], sizes: Viewport[]): string {
  const cells = (name: string, size: string, ...figures: string[]) =>
    `${name.padEnd(42)} ${size.padEnd(10)}${figures.map((f) => f.padStart(9)).join('')}`;
  const lines = [
    cells('case', 'viewport', 'steps/s', 'fields/s', 'grid', 'p50 ms', 'p95 ms', 'max ms', 'frames'),
    ...rows.map((r) =>
      cells(
        r.name,
        sizeText(r.viewport),
        r.stepsPerSecond.toFixed(1),
        r.fieldsPerSecond.toFixed(1),
        r.fieldNodes[0] === r.fieldNodes[1] ? String(r.fieldNodes[0]) : `${r.fieldNodes[0]}-${r.fieldNodes[1]}`,
        ...[r.frames.p50, r.frames.p95, r.frames.max].map((x) => x.toFixed(1)),
        String(r.frames.count),
      ),
    ),
    '',
  ];
  for (const size of sizes) {
    const at = (name: string) => rows.find((r) => r.name === name && r.viewport === size)?.stepsPerSecond ?? NaN;
    // (A ratio whose cases were left out by --only is not printed.)
    const ratio = at(STANDARD_F) / at(LIPSCHITZ_F);
    if (Number.isFinite(ratio)) {
      lines.push(`standard / lipschitz steps/s at ${sizeText(size)}, f view: ${ratio.toFixed(1)} (how many times slower the 1-Lipschitz net trains)`);
    }
    const lockstep = at(LIPSCHITZ_F) / at(LOCKSTEP_F);
    if (Number.isFinite(lockstep)) {
      lines.push(`one net / sweep of 8 steps/s at ${sizeText(size)}: ${lockstep.toFixed(1)} (a lockstep step of 8 nets costs that many single steps)`);
    }
    const batched = at(WEBGL_F) / at(WEBGL_LOCKSTEP_F);
    if (Number.isFinite(batched)) {
      lines.push(`webgl, one net / batched sweep of 8 steps/s at ${sizeText(size)}: ${batched.toFixed(1)} (SwiftShader here: a software GPU)`);
    }
  }
  return lines.join('\n');
}

/** Time allowed for the lockstep table of one backend (a software GPU runs 8 models for tens of seconds). */
const LOCKSTEP_ROW_TIMEOUT_MS = 300_000;

/**
 * The diagnostics page's lockstep table (train/lockstepTrial.ts): ms per step of one default model, of 8
 * one after another and of 8 batched, on every backend that starts in this browser (WebGPU with
 * --enable-unsafe-webgpu, here a software adapter). Returns the printed lines.
 */
async function measureLockstepTable(baseUrl: string): Promise<string[]> {
  const browser = await chromium.launch({ headless: true, executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(new URL('?diagnostics&backend=wasm', baseUrl).href);
    await page.getByRole('button', { name: 'Measure every backend' }).click();
    const lines = [
      `${'backend'.padEnd(8)}${['1 model', '8 one by one', '8 batched', 'batched/1', 'one-by-one/1'].map((h) => h.padStart(14)).join('')}`,
    ];
    for (const row of await page.getByTestId('lockstep-speed').locator('tbody tr').all()) {
      const backend = ((await row.locator('th').textContent()) ?? '').trim();
      await row.locator('td').first().filter({ hasNotText: /^(—|running…)$/ }).waitFor({ timeout: LOCKSTEP_ROW_TIMEOUT_MS });
      const cells = (await row.locator('td').allTextContents()).map((c) => c.trim());
      if (cells.length < 4) {
        lines.push(`${backend.padEnd(8)}  ${cells.join(' ')}`);
        continue;
      }
      const [one, oneByOne, batched] = cells.slice(0, 3).map((c) => parseFloat(c));
      lines.push(`${backend.padEnd(8)}${[one, oneByOne, batched].map((x) => `${x.toFixed(1)} ms`.padStart(14)).join('')}${`${(batched / one).toFixed(2)}x`.padStart(14)}${`${(oneByOne / one).toFixed(2)}x`.padStart(14)}`);
    }
    return lines;
  } finally {
    await browser.close();
  }
}

/** Builds, serves, measures every case at every viewport and prints the table; closes all it opened. */
export async function runBrowserBench(options: BrowserBenchOptions): Promise<void> {
  const loadAtStart = loadText();
  if (options.build) await buildApp();
  const { server, url } = await serveDist();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ headless: true, executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    console.log(
      `browser: headless Chromium ${browser.version()}, ?backend=wasm, ${url}\n` +
        `date ${new Date().toISOString()}, ${os.cpus().length} cores, load average (1, 5, 15 min) at start ${loadAtStart}\n` +
        `per case: fresh page, Play, ${options.warmup} s warm-up, then ${options.seconds} s measured\n`,
    );
    const rows: Row[] = [];
    for (const size of options.sizes) {
      for (const c of CASES.filter((c) => !options.only || c.name.includes(options.only))) rows.push(await measureCase(browser, url, c, size, options));
    }
    console.log(formatTable(rows, options.sizes));
    if (!options.only || 'lockstep'.includes(options.only)) {
      console.log(
        '\ncomparisons, engine only (the diagnostics page, ?diagnostics): ms per training step of the default net,\n' +
          'one model, 8 one after another, 8 as one batched computation (tau 0.1..100), medians of 3 runs of 1-5 steps:\n',
      );
      console.log((await measureLockstepTable(url)).join('\n'));
    }
    console.log(`\nload average at end ${loadText()}`);
  } finally {
    await browser?.close();
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  Promise.resolve()
    .then(() => runBrowserBench(parseBrowserOptions(process.argv.slice(2))))
    .catch((e) => exitWithError('bench:browser', e));
}
