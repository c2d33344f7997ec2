// `npm run bench`: the hot path, HTTP, a 64-way burst, analytics at 1M ledger rows and first-load JS,
// each section time-boxed (about 3 minutes in all, plus a one-off `next build` when .next-bench is missing).
// Prints target vs measured with PASS/MISS; figures, not tests: the exit code is 0 unless the bench breaks.
//
//   npm run bench                                              SQLite, fresh DB in tmp/bench-<pid>
//   DB_PROVIDER=postgresql DATABASE_URL=postgresql://…@127.0.0.1/… npm run bench
//       PostgreSQL (the Prisma client in lib/generated must be generated for postgresql); the bench creates
//       its own database keycap_bench_<pid> on that server and drops it at the end.
// Env: BENCH_SKIP_HTTP=1, BENCH_ONLY=hotpath,burst,http,analytics,bundles, BENCH_QUICK=1 (smoke run),
//      BENCH_ROWS (1000000), BENCH_CONCURRENCY (16), BENCH_HTTP_CONNECTIONS (8), BENCH_HTTP_SECONDS (10),
//      BENCH_PORT (3310), BENCH_DIST_DIR (.next-bench / .next-bench-pg), BENCH_REBUILD=1, BENCH_KEEP=1,
//      BENCH_JSON (where to write the figures; default tmp/bench-results-<provider>.json).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatedProvider, root, stopPid } from './lib/servers.mjs';
import { printTable, type Row } from './lib/stats';

export interface BenchEnv {
  provider: 'sqlite' | 'postgresql';
  databaseUrl: string;
  runDir: string;
  distDir: string;
  httpPort: number;
  concurrency: number;
  quick: boolean;
  /** A section's time box, shrunk when the whole run is running late. */
  budgetMs: (wanted: number) => number;
  log: (s: string) => void;
  pids: Set<number>;
  figures: Record<string, unknown>;
  buildMs: number;
}

const T0 = Date.now();
const TOTAL_MS = 200_000; // all time boxes together stay within this (build time excluded)
const log = (s: string) => console.error(`[bench +${((Date.now() - T0) / 1000).toFixed(0)}s] ${s}`);
const provider: BenchEnv['provider'] = process.env.DB_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite';
const runDir = path.join(root, 'tmp', `bench-${process.pid}`);
const pids = new Set<number>();
let cleanupDb: (() => Promise<void>) | null = null;

async function prepareDatabase(): Promise<string> {
  const gen = generatedProvider();
  if (gen !== provider) throw new Error(`DB_PROVIDER=${provider} but the Prisma client in lib/generated is for ${gen}. Run the bench in a checkout whose client matches (DB_PROVIDER=${provider} node scripts/generate.mjs).`);
  if (provider === 'sqlite') return `file:${path.join(runDir, 'keycap.db')}`;
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DB_PROVIDER=postgresql needs DATABASE_URL (a server on loopback; the bench creates and drops its own database there)');
  const u = new URL(base);
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(u.hostname)) throw new Error(`refusing to benchmark a non-local database (${u.hostname})`);
  const name = `keycap_bench_${process.pid}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanupDb = async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
  u.pathname = `/${name}`;
  return u.toString();
}

async function versions(databaseUrl: string): Promise<string> {
  const { openRaw } = await import('./lib/raw');
  const db = await openRaw(provider, databaseUrl);
  try {
    if (provider === 'sqlite') {
      const v = (await db.query('SELECT sqlite_version() AS v')).rows[0].v;
      const j = (await db.query('PRAGMA journal_mode')).rows[0];
      const s = (await db.query('PRAGMA synchronous')).rows[0];
      return `SQLite ${v} (better-sqlite3, journal_mode=${Object.values(j)[0]}, synchronous=${Object.values(s)[0]})`;
    }
    const v = (await db.query('SHOW server_version')).rows[0].server_version;
    const f = (await db.query('SHOW fsync')).rows[0].fsync;
    const sc = (await db.query('SHOW synchronous_commit')).rows[0].synchronous_commit;
    return `PostgreSQL ${v} (pg, fsync=${f}, synchronous_commit=${sc})`;
  } finally {
    await db.close();
  }
}

async function main() {
  mkdirSync(runDir, { recursive: true });
  const databaseUrl = await prepareDatabase();
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    KEYCAP_DATA_DIR: runDir,
    ANALYTICS_CACHE_TTL_MS: '0', // time the computation, not the cache
    AUTH_SECRET: process.env.AUTH_SECRET ?? 'bench-secret-0123456789abcdef0123456789',
  });
  execFileSync(process.execPath, ['scripts/migrate.mjs'], { cwd: root, env: process.env, stdio: 'pipe' });
  const dbInfo = await versions(databaseUrl);
  const cpu = os.cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`;
  console.log(`Keycap bench — ${provider}\n  machine: ${machine}\n  database: ${dbInfo}\n`);

  const env: BenchEnv = {
    provider,
    databaseUrl,
    runDir,
    distDir: process.env.BENCH_DIST_DIR ?? (provider === 'postgresql' ? '.next-bench-pg' : '.next-bench'),
    httpPort: Number(process.env.BENCH_PORT ?? 3310),
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 16),
    quick: process.env.BENCH_QUICK === '1',
    budgetMs: (wanted) => Math.max(1000, Math.min(wanted, TOTAL_MS + env.buildMs - (Date.now() - T0))),
    log,
    pids,
    figures: {},
    buildMs: 0,
  };
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
  const sections: [string, () => Promise<{ default?: unknown } & Record<string, (e: BenchEnv) => Promise<Row[]>>>, string][] = [
    ['hotpath', () => import('./sections/hotpath'), 'hotPath'],
    ['burst', () => import('./sections/burst'), 'burst'],
    ['http', () => import('./sections/http'), 'http'],
    ['analytics', () => import('./sections/analytics'), 'analytics'],
    ['bundles', () => import('./sections/bundles'), 'bundles'],
  ];
  const rows: Row[] = [];
  for (const [name, load, fn] of sections) {
    if (only && !only.includes(name)) continue;
    const t = Date.now();
    try {
      const mod = await load();
      rows.push(...(await mod[fn](env)));
    } catch (e) {
      log(`${name} failed: ${(e as Error).stack ?? e}`);
      rows.push({ section: name, metric: 'error', measured: String((e as Error).message ?? e).split('\n')[0].slice(0, 160), pass: false });
    }
    log(`${name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const took = (Date.now() - T0 - env.buildMs) / 1000;
  console.log('');
  printTable(rows);
  console.log(`\n${rows.filter((r) => r.pass === true).length} PASS, ${rows.filter((r) => r.pass === false).length} MISS — ${took.toFixed(0)} s${env.buildMs ? ` (+ ${(env.buildMs / 1000).toFixed(0)} s build)` : ''}`);
  const out = process.env.BENCH_JSON ?? path.join(root, 'tmp', `bench-results-${provider}.json`);
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), provider, machine, database: dbInfo, seconds: took, rows, figures: env.figures }, (_k, v) => (typeof v === 'bigint' ? String(v) : v), 2));
  console.log(`figures written to ${path.relative(process.cwd(), out)}`);
}

async function cleanup() {
  for (const pid of pids) await stopPid(pid, 3000);
  pids.clear();
  try {
    const { db } = await import('../lib/db');
    await db.$disconnect();
  } catch {
    /* never connected */
  }
  if (process.env.BENCH_KEEP !== '1') {
    if (cleanupDb) await cleanupDb().catch((e) => log(`could not drop the bench database: ${e.message}`));
    rmSync(runDir, { recursive: true, force: true });
  } else log(`kept ${runDir}${cleanupDb ? ' and the bench database' : ''}`);
}

for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.on(sig, () => {
    log(`${sig}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });

let code = 0;
try {
  await main();
} catch (e) {
  console.error((e as Error).stack ?? e);
  code = 1;
} finally {
  await cleanup();
}
process.exit(code);
