// End-to-end tests against the real app: `wails dev` (started by
// build/scripts/e2e.sh) serves the real frontend with the real Go bindings;
// Debian's Chromium loads it. No browser is ever downloaded.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './e2e',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.INFLOW_E2E_URL ?? 'http://localhost:34115',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.INFLOW_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  outputDir: process.env.INFLOW_E2E_WORK ? `${process.env.INFLOW_E2E_WORK}/results` : 'test-results',
});
