#!/usr/bin/env node
// Offline stand-in for `prisma migrate dev|deploy|status|reset` that needs no native schema-engine:
// runs Prisma's own schema engine compiled to wasm (@prisma/schema-engine-wasm) over the app's
// driver adapter. Migrations live in prisma/<provider>/migrations/<ts>_<name>/migration.sql and are
// recorded in _prisma_migrations exactly like `prisma migrate deploy` (same engine code).
//
//   node scripts/db.mjs create NAME   # write a new migration (diff: last snapshot -> schema), no DB change
//   node scripts/db.mjs dev NAME      # create + deploy
//   node scripts/db.mjs deploy        # apply pending migrations
//   node scripts/db.mjs status        # exit 1 if pending/failed/edited migrations
//   node scripts/db.mjs diff          # print SQL: last snapshot (or empty) -> schema
//   node scripts/db.mjs reset         # drop everything (dev only)
// Env: DB_PROVIDER=sqlite|postgresql (default sqlite), DATABASE_URL
//
// `create` diffs two schema *files* (a copy of schema.prisma is saved next to each migration.sql),
// so no shadow database is needed: with prisma 7.10 adapters the wasm engine's shadow-DB paths
// (devDiagnostic/createMigration) fail (sqlite: multi-statement executeRaw; pg: 'char' column type).

import { readFileSync, writeFileSync, mkdirSync, readdirSync, existsSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const provider = process.env.DB_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite';
const url = process.env.DATABASE_URL ?? 'file:./data/keycap.db';
const root = process.cwd();
const schemaPath = path.join(root, 'prisma', provider, 'schema.prisma');
const migrationsDir = path.join(root, 'prisma', provider, 'migrations');
const filters = { externalTables: [], externalEnums: [] };

async function loadSchemaEngine() {
  // The package does `import * as wasm from './x.wasm'` (needs --experimental-wasm-modules on
  // Node 20), so instantiate the wasm by hand instead.
  const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bg = await import(bgPath);
  const bytes = readFileSync(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm'));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  return bg.SchemaEngine;
}

async function adapterFactory() {
  if (provider === 'sqlite') {
    const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
    return new PrismaBetterSqlite3({ url });
  }
  const { PrismaPg } = await import('@prisma/adapter-pg');
  return new PrismaPg({ connectionString: url });
}

const migrationNames = () =>
  existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];

function migrationsList() {
  const lock = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lock) ? readFileSync(lock, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: migrationNames().map((name) => {
      const f = path.join(migrationsDir, name, 'migration.sql');
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(f) ? { tag: 'ok', value: readFileSync(f, 'utf8') } : { tag: 'error', value: 'missing migration.sql' },
        },
      };
    }),
  };
}

const file = (p) => ({ files: [{ path: p, content: readFileSync(p, 'utf8') }] });

async function diffSql(engine) {
  const names = migrationNames();
  let from = { tag: 'empty' };
  if (names.length) {
    const snap = path.join(migrationsDir, names.at(-1), 'schema.prisma');
    if (!existsSync(snap)) throw new Error(`no schema snapshot ${path.relative(root, snap)}; cannot diff`);
    from = { tag: 'schemaDatamodel', ...file(snap) };
  }
  const r = await engine.diff({ from, to: { tag: 'schemaDatamodel', ...file(schemaPath) }, script: true, exitCode: null, filters });
  const sql = r.stdout ?? '';
  return /^\s*(-- This is an empty migration\.)?\s*$/.test(sql) ? '' : sql;
}

function timestamp() {
  const d = new Date(), p = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

const SchemaEngine = await loadSchemaEngine();
const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils');
const bound = bindMigrationAwareSqlAdapterFactory(await adapterFactory());
const schemaFile = file(schemaPath);
const engine = await SchemaEngine.new(
  { datamodels: schemaFile.files.map((f) => [f.path, f.content]) },
  (log) => process.env.SE_DEBUG && console.error('[schema-engine]', log),
  bound,
);

const [cmd, ...args] = process.argv.slice(2);
let exitCode = 0;
try {
  switch (cmd) {
    case 'diff':
      process.stdout.write(await diffSql(engine));
      break;
    case 'create':
    case 'dev': {
      const name = (args[0] ?? 'migration').replace(/[^a-zA-Z0-9_]/g, '_');
      const sql = await diffSql(engine);
      if (!sql) console.log('Schema unchanged; no migration created.');
      else {
        const dir = path.join(migrationsDir, `${timestamp()}_${name}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'migration.sql'), sql);
        copyFileSync(schemaPath, path.join(dir, 'schema.prisma'));
        const lock = path.join(migrationsDir, 'migration_lock.toml');
        if (!existsSync(lock)) writeFileSync(lock, `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`);
        console.log(`Created ${path.relative(root, dir)}/migration.sql`);
      }
      if (cmd === 'create') break;
    } // fallthrough: dev = create + deploy
    case 'deploy': {
      const r = await engine.applyMigrations({ migrationsList: migrationsList(), filters });
      console.log(r.appliedMigrationNames.length ? `Applied: ${r.appliedMigrationNames.join(', ')}` : 'No pending migrations.');
      break;
    }
    case 'status': {
      const r = await engine.diagnoseMigrationHistory({ migrationsList: migrationsList(), optInToShadowDatabase: false, filters });
      console.log(JSON.stringify(r, null, 2));
      if (r.history || r.failedMigrationNames.length || r.editedMigrationNames.length) exitCode = 1;
      break;
    }
    case 'reset':
      await engine.reset({ filter: filters });
      console.log('Database reset.');
      break;
    default:
      console.error('usage: node scripts/db.mjs <create NAME|dev NAME|deploy|status|diff|reset>');
      exitCode = 2;
  }
} catch (e) {
  console.error(e?.message ?? e);
  // "External error id#N" = a JS driver error parked in the adapter's error registry
  for (const r of bound.errorRegistry?.registeredErrors ?? []) if (r) console.error('driver error:', r.error?.message ?? r.error);
  exitCode = 1;
}
engine.free();
process.exit(exitCode); // the pg pool would otherwise keep the process alive ~10s
