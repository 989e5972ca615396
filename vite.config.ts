import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The wasm backend's .wasm files are resolved by the bundler (see src/backend/select.ts), so the
// build is self-contained. No COOP/COEP headers: threaded wasm gives no gain on small nets and breaks
// in a minified build (ENVIRONMENT.md), so the plain single-threaded SIMD binary is used.
export default defineConfig({
  plugins: [react()],
  base: './',
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  worker: { format: 'es' },
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
});
