// The data plane's own better-sqlite3 connection (Prisma keeps its own for the console). WAL, prepared
// statements cached per SQL text, safe integers (bigint) everywhere.
//
// Transactions run synchronously from BEGIN IMMEDIATE to COMMIT: no `await` inside, so they never yield to
// the event loop and can never wait on a lock held by Prisma's connection in this process (which would
// deadlock the one thread). busy_timeout is 0: if another connection holds the write lock (Prisma's
// interactive transaction, the worker or CLI process), SQLITE_BUSY comes back at once and the
// transaction is retried after an asynchronous pause.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { databaseUrl } from '../config';
import { startCheckpointer } from './checkpointer';
import type { Q, Row, Stmt } from './sql';

type Conn = InstanceType<typeof Database>;
type Prepared = Database.Statement<unknown[], unknown>;

const g = globalThis as typeof globalThis & { __keycapRawSqlite?: { conn: Conn; stmts: Map<string, Prepared> } };

function open() {
  const file = databaseUrl().replace(/^file:/, '');
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const conn = new Database(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('busy_timeout = 0');
  conn.defaultSafeIntegers(true);
  // Checkpoints run in a worker thread (checkpointer.ts); in-line only as a safety net past ~40 MB of WAL.
  if (file !== ':memory:' && startCheckpointer(path.resolve(file))) conn.pragma('wal_autocheckpoint = 10000');
  return { conn, stmts: new Map<string, Prepared>() };
}
const state = () => (g.__keycapRawSqlite ??= open());

function prepared(sql: string): Prepared {
  const s = state();
  let p = s.stmts.get(sql);
  if (!p) {
    p = s.conn.prepare<unknown[], unknown>(sql);
    s.stmts.set(sql, p);
  }
  return p;
}

const bind = (params: unknown[]) => params.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : v));

export function exec(st: Stmt): Row[] | number {
  const p = prepared(st.sql);
  if (st.mode === 'run') return p.run(...bind(st.params)).changes;
  return p.reader ? (p.all(...bind(st.params)) as Row[]) : (p.run(...bind(st.params)), []);
}

/** Drives a statement generator to its end, synchronously. */
export function drive<T>(q: Q<T>): T {
  let next = q.next();
  while (!next.done) {
    let result: Row[] | number;
    try {
      result = exec(next.value);
    } catch (e) {
      next = q.throw(e);
      continue;
    }
    next = q.next(result);
  }
  return next.value;
}

export const isBusy = (e: unknown) => {
  const code = (e as { code?: string })?.code ?? '';
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
};

/** One synchronous write transaction; throws SQLITE_BUSY if the write lock is taken (the caller retries). */
export function txSync<T>(body: () => Q<T>): T {
  const s = state();
  prepared('BEGIN IMMEDIATE').run();
  try {
    const out = drive(body());
    prepared('COMMIT').run();
    return out;
  } catch (e) {
    if (s.conn.inTransaction) prepared('ROLLBACK').run();
    throw e;
  }
}

/** A read outside any transaction (WAL: never blocked by writers). */
export const readSync = <T>(q: Q<T>): T => drive(q);
