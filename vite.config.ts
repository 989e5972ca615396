import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** One JS chunk of the build, as written to dist/.vite/chunk-modules.json (read by e2e/bundle.spec.ts). */
export interface ChunkModules {
  /** Built by a worker build (`new Worker(new URL(...))`), not part of the page's module graph. */
  worker: boolean;
  isEntry: boolean;
  isDynamicEntry: boolean;
  /** The module the chunk stands for (an entry or a dynamic import), relative to the project root. */
  facadeModuleId: string | null;
  /** File names of the chunks this one imports statically and dynamically. */
  imports: string[];
  dynamicImports: string[];
  /** Every module bundled into the chunk, relative to the project root (node_modules/... for packages). */
  moduleIds: string[];
}

/**
 * The app's Content-Security-Policy, one string used twice below: as a <meta http-equiv> tag
 * in the built index.html (a build-only plugin, because the dev server's React refresh injects an inline
 * script) and as a response header of `vite preview`. e2e/csp.spec.ts runs the app under it on every backend.
 *
 * Why each source is there (everything else is refused):
 * - script-src 'wasm-unsafe-eval': compiling WebAssembly. The wasm backend instantiates its .wasm files,
 *   and tfjs-core (any backend) builds a tiny wasm module for 64-bit hashing (the `long` package).
 *   No 'unsafe-eval': nothing on the browser's path calls eval or new Function.
 * - style-src 'self' without 'unsafe-inline': the stylesheets are bundled files, and React's `style`
 *   props (like d3's .style()) set styles through the CSSOM, which CSP does not restrict; only style
 *   attributes in markup and <style> elements would need it, and the app has none (index.html's loading
 *   message takes its style from src/boot.css).
 * - connect-src 'self': the wasm backend fetches its .wasm files.
 * - img-src data: blob:: images made in the page (a canvas, or an SVG figure drawn through an <img> for a
 *   PNG download). Downloads themselves are <a download> links to blob: URLs, which img-src does not govern.
 * - worker-src 'self': the training and field workers are bundled module scripts (no blob: workers).
 * A <meta> policy cannot carry frame-ancestors, report-uri or sandbox (browsers ignore them there with a
 * console warning), so the one string leaves them out.
 */
const CSP_DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'none'"],
};

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

const chunkModules: Record<string, ChunkModules> = {};

/**
 * Records which modules went into which chunk, for the page build (`worker` false, writes the file) and
 * for each worker build (`worker` true). The bundle test uses it to prove that the playground page never
 * loads tfjs: only the worker's chunks and the diagnostics page's do.
 */
function chunkModulesPlugin(worker: boolean): Plugin {
  let root = process.cwd();
  const relative = (id: string): string =>
    path.isAbsolute(id) ? path.relative(root, id).split(path.sep).join('/') : id;
  return {
    name: 'lipschitz:chunk-modules',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    buildStart() {
      if (!worker) for (const name of Object.keys(chunkModules)) delete chunkModules[name];
    },
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        chunkModules[chunk.fileName] = {
          worker,
          isEntry: chunk.isEntry,
          isDynamicEntry: chunk.isDynamicEntry,
          facadeModuleId: chunk.facadeModuleId ? relative(chunk.facadeModuleId) : null,
          imports: [...chunk.imports],
          dynamicImports: [...chunk.dynamicImports],
          moduleIds: chunk.moduleIds.map(relative),
        };
      }
    },
    writeBundle(options) {
      if (worker || !options.dir) return;
      const file = path.join(options.dir, '.vite', 'chunk-modules.json');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(chunkModules, null, 1)}\n`);
    },
  };
}

/**
 * Puts the Content-Security-Policy (CONTENT_SECURITY_POLICY above) first in the built index.html's <head>, before any script or
 * stylesheet it must govern. Build only: the dev server's React refresh preamble is an inline script.
 */
function contentSecurityPolicyPlugin(): Plugin {
  return {
    name: 'lipschitz:content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

// The wasm backend's .wasm files are resolved by the bundler (see src/backend/select.ts), so the
// build is self-contained. No COOP/COEP headers: threaded wasm gives no gain on small nets and breaks
// in a minified build (docs/environment.md, "Threaded wasm"), so the plain single-threaded SIMD binary is used.
export default defineConfig({
  plugins: [react(), chunkModulesPlugin(false), contentSecurityPolicyPlugin()],
  base: './',
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  worker: { format: 'es', plugins: () => [chunkModulesPlugin(true)] },
  server: { port: 5173 },
  // The same policy as the built page's meta tag, as a header: it also reaches the workers' scripts
  // (a document's meta policy does not apply to a worker loaded from a URL).
  preview: { port: 4173, strictPort: true, headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
});
