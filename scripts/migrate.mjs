#!/usr/bin/env node
// Applied at every start (npm start, e2e, CI): `prisma migrate deploy` without the native engine.
// Fallback (no Prisma engine at all): apply prisma/<provider>/migrations/*/migration.sql in order and
// record them in _prisma_migrations with the same layout/checksum as `prisma migrate deploy`,
// so the real CLI (or scripts/db.mjs) later sees the history as in sync.
import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const provider = process.env.DB_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite';
const dataDir = path.resolve(process.env.KEYCAP_DATA_DIR ?? 'data');
const url = process.env.DATABASE_URL || `file:${path.join(dataDir, 'keycap.db')}`;

// The data directory and the SQLite file hold password and key hashes, the ledger, AUTH_SECRET and the demo
// credentials: owner only (0700 / 0600). Older ones created with the default umask are tightened here,
// the step every start (npm start, dev, e2e, CI) runs before anything opens the database.
const chmod = (p, m) => {
  try {
    if (existsSync(p)) chmodSync(p, m);
  } catch {
    /* not ours to change */
  }
};
if (provider === 'sqlite') {
  if (!process.env.DATABASE_URL) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chmod(dataDir, 0o700);
  }
  const file = url.replace(/^file:/, '').replace(/\?.*$/, '');
  if (file && file !== ':memory:') {
    if (!existsSync(file) && existsSync(path.dirname(path.resolve(file)))) closeSync(openSync(file, 'a', 0o600)); // 0600 before SQLite opens it
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) chmod(f, 0o600);
  }
}
const dir = path.join('prisma', provider, 'migrations');
const names = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
const now = () => new Date().toISOString();

const DDL = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL,
    "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`,
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`,
};

let db; // { exec(sql), query(sql, params) -> rows, close() }
if (provider === 'sqlite') {
  const { default: Database } = await import('better-sqlite3');
  const conn = new Database(url.replace(/^file:/, ''));
  conn.pragma('journal_mode = WAL'); // several processes (server, worker, CLI) share the file
  const ph = (sql) => sql.replace(/\$\d+/g, '?');
  db = { exec: async (s) => conn.exec(s), query: async (s, p = []) => conn.prepare(ph(s)).all(...p), run: async (s, p = []) => conn.prepare(ph(s)).run(...p), close: async () => conn.close() };
} else {
  const { default: pg } = await import('pg');
  const conn = new pg.Client({ connectionString: url });
  await conn.connect();
  await conn.query('SELECT pg_advisory_lock(72707369)'); // same lock id prisma migrate uses
  db = { exec: (s) => conn.query(s), query: async (s, p = []) => (await conn.query(s, p)).rows, run: (s, p = []) => conn.query(s, p), close: () => conn.end() };
}

let code = 0;
try {
  await db.exec(DDL[provider]);
  const rows = await db.query('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"');
  const applied = new Map(rows.filter((r) => !r.rolled_back_at).map((r) => [r.migration_name, r]));
  for (const r of applied.values()) if (!r.finished_at) throw new Error(`migration ${r.migration_name} previously failed; resolve it first`);
  const pending = names.filter((n) => !applied.has(n));
  for (const n of names.filter((n) => applied.has(n))) {
    const sum = createHash('sha256').update(readFileSync(path.join(dir, n, 'migration.sql'))).digest('hex');
    if (sum !== applied.get(n).checksum) console.warn(`warning: ${n} was edited after it was applied`);
  }
  for (const name of pending) {
    const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
    const id = randomUUID(), started = now();
    const checksum = createHash('sha256').update(sql).digest('hex');
    await db.exec('BEGIN');
    try {
      await db.exec(sql);
      await db.run('INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, $3, $4, NULL, NULL, $5, 1)',
        [id, checksum, now(), name, started]);
      await db.exec('COMMIT');
      console.log(`applied ${name}`);
    } catch (e) {
      await db.exec('ROLLBACK');
      throw new Error(`${name} failed: ${e.message}`);
    }
  }
  if (!pending.length) console.log('No pending migrations.');
} catch (e) {
  console.error(e.message);
  code = 1;
}
await db.close();
process.exit(code);
