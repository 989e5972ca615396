/**
 * The built page never loads tfjs (no browser needed). `vite build` (run by `npm run test:e2e` before
 * Playwright) writes dist/.vite/chunk-modules.json through the chunk-modules plugin in vite.config.ts:
 * for each JS chunk, its static and dynamic imports and the modules bundled into it, for the page's build
 * and for the worker builds. From index.html's entry chunk, everything it imports statically plus the
 * playground's dynamic import (src/ui/startPlayground.tsx) and all that one loads must contain no module
 * of node_modules/@tensorflow. The diagnostics page (src/ui/diagnostics, its own dynamic import) and the
 * training worker (its own chunk, spawned with `new Worker(new URL(...))`) do load tfjs, and this checks
 * that too, so the test would notice if the analysis stopped seeing tfjs at all.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import type { ChunkModules } from '../vite.config';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const CHUNK_MODULES = path.join(DIST, '.vite', 'chunk-modules.json');
const TFJS = /(^|\/)node_modules\/@tensorflow\//;
const PLAYGROUND = 'src/ui/startPlayground.tsx';
const DIAGNOSTICS = 'src/ui/diagnostics/startDiagnostics.tsx';
const WORKER = 'src/worker/worker.ts';

type Chunks = Record<string, ChunkModules>;

function readChunks(): Chunks {
  expect(existsSync(CHUNK_MODULES), `${CHUNK_MODULES} is missing: run \`vite build\` first`).toBe(true);
  return JSON.parse(readFileSync(CHUNK_MODULES, 'utf8')) as Chunks;
}

/** The page's chunk whose facade (the module it stands for) is `id`. */
function pageChunk(chunks: Chunks, id: string): string {
  const found = Object.keys(chunks).filter((file) => !chunks[file].worker && chunks[file].facadeModuleId === id);
  expect(found, `one page chunk for ${id}`).toHaveLength(1);
  return found[0];
}

/** `start` and every chunk it imports, statically and (when `dynamic`) dynamically, transitively. */
function closure(chunks: Chunks, start: string, dynamic: boolean, into = new Set<string>()): Set<string> {
  if (into.has(start)) return into;
  const chunk = chunks[start];
  expect(chunk, `chunk ${start} is in chunk-modules.json`).toBeDefined();
  into.add(start);
  for (const file of chunk.imports) closure(chunks, file, dynamic, into);
  if (dynamic) for (const file of chunk.dynamicImports) closure(chunks, file, dynamic, into);
  return into;
}

function tfjsModules(chunks: Chunks, files: Iterable<string>): string[] {
  return [...files].flatMap((file) => chunks[file].moduleIds.filter((id) => TFJS.test(id)).map((id) => `${file}: ${id}`));
}

test.describe('the built bundle', () => {
  test('the playground page loads no tfjs; the worker and the diagnostics page do', () => {
    const chunks = readChunks();

    const entries = Object.keys(chunks).filter((file) => !chunks[file].worker && chunks[file].isEntry);
    expect(entries, 'one page entry chunk').toHaveLength(1);
    const entry = entries[0];
    expect(chunks[entry].moduleIds).toContain('src/main.tsx');

    const playground = pageChunk(chunks, PLAYGROUND);
    const diagnostics = pageChunk(chunks, DIAGNOSTICS);
    expect(chunks[entry].dynamicImports).toEqual(expect.arrayContaining([playground, diagnostics]));

    // What the playground page loads: the entry with its static imports, then the playground's chunk
    // with everything it imports, statically or dynamically. Not the entry's other dynamic import.
    const loaded = closure(chunks, entry, false);
    closure(chunks, playground, true, loaded);
    expect(loaded.has(diagnostics), 'the playground page does not load the diagnostics chunk').toBe(false);
    const pageModules = [...loaded].flatMap((file) => chunks[file].moduleIds);
    for (const id of [PLAYGROUND, 'src/app/store.ts', 'src/worker/client.ts', 'node_modules/react/index.js']) {
      expect(pageModules, `the playground page bundles ${id}`).toContain(id);
    }
    for (const file of loaded) expect(existsSync(path.join(DIST, file)), `${file} is in dist/`).toBe(true);
    expect(tfjsModules(chunks, loaded), 'modules of @tensorflow in chunks the playground page loads').toEqual([]);

    // The training worker has its own chunk, with tfjs, that the playground page spawns by file name.
    const workers = Object.keys(chunks).filter((file) => chunks[file].worker && chunks[file].facadeModuleId === WORKER);
    expect(workers.length, 'a worker chunk for src/worker/worker.ts').toBeGreaterThan(0);
    const pageCode = [...loaded].map((file) => readFileSync(path.join(DIST, file), 'utf8')).join('\n');
    for (const worker of workers) {
      expect(loaded.has(worker)).toBe(false);
      expect(existsSync(path.join(DIST, worker)), `${worker} is in dist/`).toBe(true);
      expect(tfjsModules(chunks, closure(chunks, worker, true)).length, `tfjs in ${worker}`).toBeGreaterThan(0);
      expect(pageCode.includes(path.posix.basename(worker)), `the playground page refers to ${worker}`).toBe(true);
    }

    // The diagnostics page does load tfjs on the page itself.
    expect(tfjsModules(chunks, closure(chunks, diagnostics, true)).length, 'tfjs in the diagnostics chunks').toBeGreaterThan(0);
  });

  test('index.html loads only the entry chunk and its static imports', () => {
    const chunks = readChunks();
    const entry = Object.keys(chunks).find((file) => !chunks[file].worker && chunks[file].isEntry)!;
    const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts).toContain(entry);
    const staticGraph = closure(chunks, entry, false);
    for (const file of scripts) expect(staticGraph.has(file), `index.html loads ${file}`).toBe(true);
  });
});
