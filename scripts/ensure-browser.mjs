#!/usr/bin/env node
// Makes sure the e2e tests have a Chromium to drive, in the order playwright.config.ts looks for one:
// $CHROMIUM_PATH, then Debian's /usr/bin/chromium, then Playwright's own download. When none is there it
// installs one: Debian's package when we are root on Debian (no internet needed beyond the package
// mirror), otherwise Playwright's browser download.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (cmd) => execSync(cmd, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });

async function playwrightBrowser() {
  try {
    const { chromium } = await import('@playwright/test');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

if (process.env.CHROMIUM_PATH) {
  if (!existsSync(process.env.CHROMIUM_PATH)) {
    console.error(`CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, which does not exist.`);
    process.exit(1);
  }
} else if (!existsSync('/usr/bin/chromium') && !(await playwrightBrowser())) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('No Chromium found: installing Debian chromium (apt-get install -y chromium)…');
    run('apt-get update -q && apt-get install -y -q chromium');
  } else {
    console.log('No Chromium found: installing Playwright\'s Chromium (npx playwright install chromium)…');
    run('npx playwright install chromium');
  }
}
