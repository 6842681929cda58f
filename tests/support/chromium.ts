// Job: open Debian's Chromium headless for browser tests, driven by playwright-core: the system binary
// (/usr/bin/chromium; Playwright's own browsers are not downloaded), a fresh user-data directory per
// launch, and the flags that keep it off the network and out of the sandbox the test user cannot have.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Why browser tests cannot run here, or null when they can. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `${CHROMIUM_PATH} is missing (apt-get install -y chromium)`;
}

export interface OpenBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches a headless Chromium with a fresh profile; `close` removes the profile. */
export async function openChromium(): Promise<OpenBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'bulkhead-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
