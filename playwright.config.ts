import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';

// `npm run test:e2e` (scripts/e2e.mjs) builds first; the webServer (scripts/e2e-server.mjs) then
// serves that build on a fresh SQLite database in tmp/e2e, migrated and seeded with the demo data.
// Tests may save screenshots to e2e/screenshots (git-ignored).
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;
const dataDir = path.resolve(PORT === 3100 ? 'tmp/e2e' : `tmp/e2e-${PORT}`); // one per port: parallel runs do not share a database

// Debian's chromium by default (`npx playwright install` cannot download browsers here);
// CHROMIUM_PATH points at any other Chromium; neither → Playwright's own browser.
const chromium = process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: 'node scripts/e2e-server.mjs',
    url: `${baseURL}/login`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      DB_PROVIDER: 'sqlite',
      KEYCAP_DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, 'keycap.db')}`,
      AUTH_SECRET: 'e2e-test-secret-0123456789abcdef0123456789',
      AUTH_TRUST_HOST: 'true',
      APP_URL: baseURL,
      E2E_PORT: String(PORT),
      KEYCAP_SCRYPT_N: '16384', // cheaper password hashing in tests
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      LOGIN_MAX_FAILURES: '50',
      NEXT_TELEMETRY_DISABLED: '1',
      ...(process.env.UPSTREAM_BASE_URL ? { UPSTREAM_BASE_URL: process.env.UPSTREAM_BASE_URL } : {}),
    },
  },
});
