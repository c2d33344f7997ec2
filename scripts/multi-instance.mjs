#!/usr/bin/env node
// Several instances on one PostgreSQL: starts a throwaway PostgreSQL (or uses DATABASE_URL's server),
// creates and migrates a fresh database, builds the PostgreSQL production build if missing, starts three
// Keycap servers (.next-multi/keycap-server.mjs: the lean data plane in front of Next) on 127.0.0.1 sharing that database, runs tests/multi (vitest), and stops
// everything it started by PID, whatever happens.
//
//   DB_PROVIDER=postgresql node scripts/multi-instance.mjs
//
// Needs the Prisma client in lib/generated generated for PostgreSQL (`DB_PROVIDER=postgresql node
// scripts/generate.mjs`; in CI that is already done by the PostgreSQL phase) — so run it in CI or in a
// checkout of your own, never in a checkout others use with SQLite.
// Env (optional): DATABASE_URL (a loopback server; a database keycap_multi_<pid> is created there and
// dropped afterwards), MULTI_PG_PORT (5450, for the throwaway server), MULTI_PORTS (3301,3302,3303),
// MULTI_DIST_DIR (.next-multi), MULTI_REBUILD=1, MULTI_KEEP=1 (keep the work dir with logs and PG data).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuild, generatedProvider, root, startNext, stopPid, waitReady } from '../bench/lib/servers.mjs';

const T0 = Date.now();
const log = (m) => console.error(`[multi +${((Date.now() - T0) / 1000).toFixed(0)}s] ${m}`);
const TEST_TIMEOUT_MS = 6 * 60_000;

if (process.env.DB_PROVIDER !== 'postgresql') {
  console.error('multi-instance: run with DB_PROVIDER=postgresql (the instances share one PostgreSQL database)');
  process.exit(2);
}
if (generatedProvider() !== 'postgresql') {
  console.error(`multi-instance: the Prisma client in lib/generated is for ${generatedProvider()}; run DB_PROVIDER=postgresql node scripts/generate.mjs first (in a checkout of your own)`);
  process.exit(2);
}

const ports = (process.env.MULTI_PORTS ?? '3301,3302,3303').split(',').map(Number);
const distDir = process.env.MULTI_DIST_DIR ?? '.next-multi';
const work = mkdtempSync(path.join(os.tmpdir(), 'keycap-multi-')); // under /tmp: the postgres user must reach it
chmodSync(work, 0o755);
const pgDir = path.join(work, 'pg');
let startedPg = false;
let dropDb = null;
const servers = [];
let child = null;

function pgScript(args) {
  const r = spawnSync(process.execPath, ['scripts/pg.mjs', ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/pg.mjs ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout.trim();
}

async function database() {
  if (!process.env.DATABASE_URL) {
    const out = pgScript(['start', '--fast', '--port', String(process.env.MULTI_PG_PORT ?? 5450), '--dir', pgDir]);
    startedPg = true;
    log(`throwaway PostgreSQL in ${pgDir}`);
    return out.replace(/^DATABASE_URL=/, '');
  }
  const base = new URL(process.env.DATABASE_URL);
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(base.hostname)) throw new Error(`refusing a non-local database (${base.hostname})`);
  const name = `keycap_multi_${process.pid}`;
  const { default: pg } = await import('pg');
  const admin = async (sql) => {
    const c = new pg.Client({ connectionString: base.toString() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  dropDb = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  log(`database ${name} on ${base.host}`);
  return u.toString();
}

function runTests(env) {
  return new Promise((resolve) => {
    child = spawn(process.execPath, [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'tests/multi/vitest.config.ts'], {
      cwd: root,
      stdio: 'inherit',
      env,
    });
    const timer = setTimeout(() => {
      log(`tests still running after ${TEST_TIMEOUT_MS / 1000} s: stopping them`);
      void stopPid(child.pid, 3000);
    }, TEST_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      child = null;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function cleanup() {
  if (child) await stopPid(child.pid, 3000);
  for (const s of servers) await s.stop(5000);
  if (dropDb) await dropDb().catch((e) => log(`could not drop the test database: ${e.message}`));
  if (startedPg) {
    try {
      pgScript(['stop', '--dir', pgDir]);
    } catch (e) {
      log(e.message);
    }
  }
  if (process.env.MULTI_KEEP === '1') log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

let code = 1;
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${sig}: stopping everything`);
    void cleanup().finally(() => process.exit(130));
  });

try {
  const url = await database();
  const env = { ...process.env, DB_PROVIDER: 'postgresql', DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: '1' };
  const m = spawnSync(process.execPath, ['scripts/migrate.mjs'], { cwd: root, env, encoding: 'utf8' });
  if (m.status !== 0) throw new Error(`migrate failed:\n${m.stdout}${m.stderr}`);
  const built = ensureBuild({ distDir, provider: 'postgresql', force: process.env.MULTI_REBUILD === '1', log });
  log(built ? `built ${distDir} in ${(built / 1000).toFixed(0)} s` : `using the existing build in ${distDir}`);
  for (const port of ports) {
    const s = startNext({
      port,
      distDir,
      logFile: path.join(work, `next-${port}.log`),
      env: { ...env, KEYCAP_DATA_DIR: path.join(work, 'data'), AUTH_SECRET: 'multi-instance-secret-0123456789abcdef', AUTH_TRUST_HOST: 'true', DB_POOL_SIZE: '8' },
    });
    servers.push(s);
    log(`instance ${s.url} pid ${s.pid}`);
  }
  await Promise.all(servers.map((s) => waitReady(s.url, 90_000, () => s.exited)));
  log('all instances ready; running tests/multi');
  code = await runTests({ ...env, MULTI_URLS: servers.map((s) => s.url).join(','), MULTI_PIDS: servers.map((s) => s.pid).join(',') });
  if (code !== 0)
    for (const s of servers) {
      const f = path.join(work, `next-${s.port}.log`);
      if (existsSync(f)) console.error(`--- ${f} (last lines)\n${readFileSync(f, 'utf8').split('\n').slice(-25).join('\n')}`);
    }
} catch (e) {
  console.error(e.stack ?? e);
  code = 1;
} finally {
  await cleanup();
}
log(`done in ${((Date.now() - T0) / 1000).toFixed(0)} s, exit ${code}`);
process.exit(code);
