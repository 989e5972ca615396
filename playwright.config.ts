/**
 * End-to-end tests against the built app (`npm run test:e2e` builds first, then `vite preview` serves dist).
 * Browser: $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own download.
 * Two projects: `chromium` with default flags, and `chromium-webgpu` (software WebGPU adapter via
 * --enable-unsafe-webgpu) that runs only *webgpu*.spec.ts files.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS as baseArgs, chromiumPath } from './src/cli/chromium';
const webgpuSpecs = /.*webgpu.*\.spec\.ts$/;
const port = 4173;

export default defineConfig({
  testDir: 'e2e',
  reporter: 'list',
  workers: 2,
  retries: 0,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // Software WebGPU needs about 10 s to warm up; backend trials add a few seconds per page load.
  timeout: 180_000,
  expect: { timeout: 60_000 },
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    navigationTimeout: 60_000,
    actionTimeout: 30_000,
  },
  webServer: {
    command: 'npm run preview',
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: webgpuSpecs,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: chromiumPath(), args: baseArgs },
      },
    },
    {
      name: 'chromium-webgpu',
      testMatch: webgpuSpecs,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: chromiumPath(), args: [...baseArgs, '--enable-unsafe-webgpu'] },
      },
    },
  ],
});
