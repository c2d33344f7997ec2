// Readiness: the database answers AND every migration shipped with this build
// (prisma/<provider>/migrations/<name>/migration.sql) is recorded as applied in `_prisma_migrations`.
// Read through the data plane's raw drivers (lib/store), never Prisma.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { databaseUrl, env, provider } from '../config';
import { all } from '../store/sql';
import { read } from '../store/tx';

export type Readiness = { ok: true; migrations: number } | { ok: false; reason: string };

export interface ReadyDeps {
  provider: 'sqlite' | 'postgresql';
  databaseUrl: () => string;
  /** prisma/<provider>/migrations */
  migrationsDir: string;
  /** Rows of _prisma_migrations (migration_name, finished_at, rolled_back_at). */
  recorded: () => Promise<{ migration_name: unknown; finished_at: unknown; rolled_back_at: unknown }[]>;
  timeoutMs?: number;
}

const defaultDeps = (): ReadyDeps => ({
  provider,
  databaseUrl,
  migrationsDir: path.join(env('KEYCAP_ROOT') ?? process.cwd(), 'prisma', provider, 'migrations'),
  recorded: () => read(all<{ migration_name: unknown; finished_at: unknown; rolled_back_at: unknown }>('SELECT "migration_name", "finished_at", "rolled_back_at" FROM "_prisma_migrations"')),
});

// The shipped migrations do not change while the process runs: listed once per directory.
const listed = new Map<string, string[]>();
export function shippedMigrations(dir: string): string[] {
  let names = listed.get(dir);
  if (!names) {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
      .map((d) => d.name)
      .sort();
    listed.set(dir, names);
  }
  return names;
}

/** The SQLite file a `file:` URL names (null for in-memory databases). */
export function sqliteFile(url: string): string | null {
  const f = url.replace(/^file:/, '').replace(/\?.*$/, '');
  return !f || f === ':memory:' ? null : path.resolve(f);
}

const list = (names: string[]) => names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');

export async function readiness(deps: ReadyDeps = defaultDeps()): Promise<Readiness> {
  let shipped: string[];
  try {
    shipped = shippedMigrations(deps.migrationsDir);
  } catch (e) {
    return { ok: false, reason: `cannot list the migrations in ${deps.migrationsDir}: ${(e as Error).message}` };
  }
  let url: string;
  try {
    url = deps.databaseUrl();
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  // A missing SQLite file is not "reachable" (opening it would create an empty database).
  if (deps.provider === 'sqlite') {
    const file = sqliteFile(url);
    if (file && !existsSync(file)) return { ok: false, reason: `database file ${path.basename(file)} (DATABASE_URL) does not exist: migrations not applied (npm start or npm run db:deploy applies them)` };
  }
  let rows: Awaited<ReturnType<ReadyDeps['recorded']>>;
  const ms = deps.timeoutMs ?? 3000;
  let timer: NodeJS.Timeout | undefined;
  try {
    rows = await Promise.race([
      deps.recorded(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    if (/_prisma_migrations/.test(msg) && /no such table|does not exist/i.test(msg))
      return { ok: false, reason: 'database has no migration history (_prisma_migrations is missing): migrations not applied' };
    return { ok: false, reason: `database unreachable: ${msg}` };
  } finally {
    clearTimeout(timer);
  }
  const applied = new Set<string>();
  const failed = new Set<string>();
  for (const r of rows) {
    if (r.rolled_back_at !== null && r.rolled_back_at !== undefined) continue;
    if (r.finished_at === null || r.finished_at === undefined) failed.add(String(r.migration_name));
    else applied.add(String(r.migration_name));
  }
  const missing = shipped.filter((n) => !applied.has(n));
  if (missing.length) {
    const unfinished = missing.filter((n) => failed.has(n));
    if (unfinished.length) return { ok: false, reason: `migration ${list(unfinished)} started but did not finish (failed or still running)` };
    return { ok: false, reason: `${missing.length} migration(s) not applied: ${list(missing)}` };
  }
  return { ok: true, migrations: shipped.length };
}
