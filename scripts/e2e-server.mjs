#!/usr/bin/env node
// Playwright's webServer: a fresh SQLite database in tmp/e2e, migrated and seeded with the demo
// workspace, then the production build on 127.0.0.1:3100. The environment (DATABASE_URL,
// KEYCAP_DATA_DIR, AUTH_SECRET, …) comes from playwright.config.ts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const port = process.env.E2E_PORT ?? '3100';
const dir = path.resolve(process.env.KEYCAP_DATA_DIR ?? 'tmp/e2e');
const env = {
  ...process.env,
  DB_PROVIDER: 'sqlite',
  KEYCAP_DATA_DIR: dir,
  DATABASE_URL: process.env.DATABASE_URL ?? `file:${path.join(dir, 'keycap.db')}`,
  NEXT_TELEMETRY_DISABLED: '1',
};

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

function run(label, args, extraEnv = {}) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (r.status !== 0) {
    console.error(`[e2e-server] ${label} failed (exit ${r.status ?? r.signal ?? r.error?.message})`);
    process.exit(r.status || 1);
  }
}

run('migrate', ['scripts/migrate.mjs']);
// The demo with the well-known passwords e2e/helpers.ts signs in with (random otherwise); its API keys are
// in <dir>/demo-credentials.json. A throwaway database: seeded whatever NODE_ENV the shell exports.
if (existsSync('scripts/seed-demo.ts'))
  run('seed-demo', [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/seed-demo.ts'], { KEYCAP_DEMO_TEST_PASSWORDS: 'true', NODE_ENV: 'test', KEYCAP_DEMO: 'true' });
else console.log('[e2e-server] scripts/seed-demo.ts not present; starting with an empty database');

// The server users run (`npm start`): the lean data plane in front of Next, one port.
const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, process.env.NEXT_DIST_DIR || '.next', 'keycap-server.mjs')], {
  cwd: root, stdio: 'inherit', env: { ...env, PORT: port, HOST: '127.0.0.1', NODE_ENV: 'production' },
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  });
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
