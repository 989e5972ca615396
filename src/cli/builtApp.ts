/**
 * The built app for the browser commands (bench:browser, soak): `vite build` into dist/ with
 * vite.config.ts, and Vite's preview server for it (with the app's headers, the CSP included) on a free
 * port of 127.0.0.1.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = path.join(ROOT, 'dist');

/** Whether to build: always, unless `--no-build` is given and a build is there. */
export function wantsBuild(argv: string[]): boolean {
  return !(argv.includes('--no-build') && existsSync(path.join(DIST, 'index.html')));
}

/** `vite build` of the app into dist/. */
export async function buildApp(): Promise<void> {
  const start = performance.now();
  await build({ root: ROOT, logLevel: 'warn' });
  console.log(`built dist/ in ${((performance.now() - start) / 1000).toFixed(1)} s`);
}

/** Vite's preview server for dist/ on a free port of 127.0.0.1, and its address. */
export async function serveDist(): Promise<{ server: PreviewServer; url: string }> {
  const server = await preview({ root: ROOT, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) {
    await server.close();
    throw new Error('vite preview started without a local address');
  }
  return { server, url };
}
