/**
 * How this project launches Chromium, shared by the e2e tests (playwright.config.ts) and the browser
 * benchmark (benchBrowser.ts): the executable is $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else
 * Playwright's own download (undefined); the flags are the ones that work headless on these machines
 * (docs/environment.md, "Browser flags").
 */
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}
