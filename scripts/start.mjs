#!/usr/bin/env node
// `npm start`: build if needed, migrate, seed the demo workspace into an empty database, then
// serve the production build. Works on a fresh clone after `npm install` with no env at all.
//
// Env (all optional): PORT (3000), HOST (0.0.0.0), DB_PROVIDER (sqlite|postgresql),
// DATABASE_URL (default file:<KEYCAP_DATA_DIR or ./data>/keycap.db), KEYCAP_DATA_DIR, AUTH_SECRET.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildIfNeeded, root, serverFile } from './build-if-needed.mjs';

process.chdir(root);
const log = (msg) => console.log(`[keycap] ${msg}`);
const fail = (msg, code = 1) => {
  console.error(`[keycap] ${msg}`);
  process.exit(code);
};

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? '1' };
const dataDir = path.resolve(env.KEYCAP_DATA_DIR ?? 'data');
if (env.DB_PROVIDER === 'postgresql' && !env.DATABASE_URL) {
  fail('DB_PROVIDER=postgresql needs DATABASE_URL (e.g. postgresql://user:pass@host:5432/keycap)');
}

// (d, done first so every later step sees the same secret) AUTH_SECRET
if (!env.AUTH_SECRET) {
  const file = path.join(dataDir, 'auth-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 }); // the database, AUTH_SECRET, demo credentials: owner only
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
    log(`generated AUTH_SECRET into ${path.relative(root, file) || file}`);
  }
  try { chmodSync(file, 0o600); } catch { /* not ours to fix */ }
  env.AUTH_SECRET = readFileSync(file, 'utf8').trim();
  if (!env.AUTH_SECRET) fail(`${file} is empty; delete it or set AUTH_SECRET`);
}
if (!env.AUTH_TRUST_HOST && !env.AUTH_URL) env.AUTH_TRUST_HOST = 'true';

// (a) production build
try {
  buildIfNeeded({ log });
} catch (e) {
  fail(`build failed: ${e.message}`, e.exitCode ?? 1);
}

function step(label, cmd, args) {
  log(label);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.error) fail(`${label} failed: ${r.error.message}`);
  if (r.status !== 0) fail(`${label} failed (exit ${r.status ?? r.signal})`, r.status ?? 1);
}

// (b) migrations
step('applying database migrations', process.execPath, ['scripts/migrate.mjs']);

// (c) demo data into an empty database (the script prints the sign-in credentials)
if (existsSync('scripts/seed-demo.ts')) {
  const tsxCli = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  if (existsSync(tsxCli)) step('checking demo data', process.execPath, [tsxCli, 'scripts/seed-demo.ts', '--if-empty']);
  else step('checking demo data', 'npx', ['tsx', 'scripts/seed-demo.ts', '--if-empty']);
} else {
  log('note: scripts/seed-demo.ts not present yet; skipping demo data');
}

// (e) serve
const port = env.PORT || '3000';
const host = env.HOST || '0.0.0.0';
// One port, two planes: the lean server answers the data plane and hands the rest to Next, in one process.
const child = spawn(process.execPath, ['--enable-source-maps', serverFile()], {
  cwd: root, stdio: 'inherit', env: { ...env, PORT: port, HOST: host, NODE_ENV: 'production' },
});

const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  });
}
child.on('error', (e) => fail(`could not start the server: ${e.message}`));
child.on('exit', (code, signal) => {
  if (signal) process.exit(stopping ? 0 : 128 + (SIGNAL_NUMBERS[signal] ?? 1));
  process.exit(code ?? 0);
});

// Announce the address once the server answers.
const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
const probeHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
const consoleUrl = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
(async () => {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      await fetch(`http://${probeHost.includes(':') ? `[${probeHost}]` : probeHost}:${port}/login`, {
        redirect: 'manual', signal: AbortSignal.timeout(2000),
      });
      console.log(`\n  Keycap console: ${consoleUrl}\n`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  if (child.exitCode === null) console.log(`\n  Keycap console: ${consoleUrl}\n`);
})();
