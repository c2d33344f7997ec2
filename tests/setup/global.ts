// Fresh database per integration run: SQLite file recreated, or PostgreSQL schema dropped and re-migrated.
import { execFileSync } from 'node:child_process';
import { rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export default async function setup() {
  const provider = process.env.DB_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite';
  const env = { ...process.env };
  if (provider === 'sqlite') {
    const dir = process.env.KEYCAP_IT_DIR ?? path.resolve('tmp/it');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    env.DATABASE_URL = `file:${path.join(dir, 'keycap.db')}`;
  } else {
    const url = process.env.DATABASE_URL ?? '';
    const host = new URL(url).hostname;
    if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`refusing to run tests against a non-local database (${host})`);
    const pg = await import('pg');
    const c = new pg.default.Client({ connectionString: url });
    await c.connect();
    await c.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
    await c.end();
  }
  execFileSync(process.execPath, ['scripts/migrate.mjs'], { env, stdio: 'pipe' });
  return () => {
    if (provider === 'sqlite') rmSync(process.env.KEYCAP_IT_DIR ?? '', { recursive: true, force: true });
  };
}
