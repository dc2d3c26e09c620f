// Headless Chromium as both browser scripts launch it (dashboard.mjs, live.mjs): Debian's chromium, no download.
import { chromium } from 'playwright-core';

export function launch(executablePath) {
  return chromium.launch({
    executablePath,
    headless: true,
    // Flags that work in containers and keep Chromium from phoning home (the page itself must make no request).
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}
