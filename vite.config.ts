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

// The wasm backend's .wasm files are resolved by the bundler (see src/backend/select.ts), so the
// build is self-contained. No COOP/COEP headers: threaded wasm gives no gain on small nets and breaks
// in a minified build (docs/environment.md, "Threaded wasm"), so the plain single-threaded SIMD binary is used.
export default defineConfig({
  plugins: [react(), chunkModulesPlugin(false)],
  base: './',
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  worker: { format: 'es', plugins: () => [chunkModulesPlugin(true)] },
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
});
