// The database through its raw driver (better-sqlite3 / pg), no Prisma: the baseline the hot path is
// compared against, bulk loading of synthetic ledger rows, and the raw GROUP BY scans.
// SQL is written once with $1…$n placeholders (PostgreSQL style) and rewritten to `?` for SQLite.
import path from 'node:path';

export interface Result {
  rows: Record<string, unknown>[];
  count: number;
}

export interface RawDb {
  provider: 'sqlite' | 'postgresql';
  query(sql: string, params?: unknown[]): Promise<Result>;
  /** BEGIN … COMMIT around fn (ROLLBACK on error). */
  tx<T>(fn: (q: RawDb['query']) => Promise<T>): Promise<T>;
  /** A DateTime value as Prisma stores it on this provider. */
  date(d: Date): string;
  /** A BigInt value as the driver takes it. */
  big(n: bigint): bigint | string;
  close(): Promise<void>;
}

/** `$1 … $n` (any order, repeats allowed) -> `?` with the arguments reordered to match. */
function toQuestionMarks(sql: string, params: unknown[]): [string, unknown[]] {
  const args: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_m, n) => {
    args.push(params[Number(n) - 1]);
    return '?';
  });
  return [text, args];
}

export async function openSqlite(url: string): Promise<RawDb> {
  const { default: Database } = await import('better-sqlite3');
  const file = url.replace(/^file:/, '');
  const conn = new Database(path.resolve(file), { timeout: 10_000 });
  conn.pragma('journal_mode = WAL');
  const stmts = new Map<string, import('better-sqlite3').Statement>();
  const prep = (sql: string) => {
    let s = stmts.get(sql);
    if (!s) stmts.set(sql, (s = conn.prepare(sql)));
    return s;
  };
  const query = async (sql: string, params: unknown[] = []): Promise<Result> => {
    const [text, args] = toQuestionMarks(sql, params);
    const s = prep(text);
    if (s.reader) {
      const rows = s.all(...args) as Record<string, unknown>[];
      return { rows, count: rows.length };
    }
    const r = s.run(...args);
    return { rows: [], count: r.changes };
  };
  const raw: RawDb = {
    provider: 'sqlite',
    query,
    async tx(fn) {
      conn.exec('BEGIN');
      try {
        const out = await fn(query);
        conn.exec('COMMIT');
        return out;
      } catch (e) {
        if (conn.inTransaction) conn.exec('ROLLBACK');
        throw e;
      }
    },
    // Prisma's SQLite adapter stores DateTime as ISO 8601 text with an explicit +00:00 offset.
    date: (d) => d.toISOString().replace('Z', '+00:00'),
    big: (n) => n,
    close: async () => {
      conn.close();
    },
  };
  return raw;
}

export async function openPg(url: string, poolSize = 1): Promise<RawDb> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const run = async (c: import('pg').PoolClient | import('pg').Pool, sql: string, params: unknown[] = []): Promise<Result> => {
    const r = await c.query({ text: sql, values: params });
    return { rows: r.rows, count: r.rowCount ?? 0 };
  };
  return {
    provider: 'postgresql',
    query: (sql, params) => run(pool, sql, params),
    async tx(fn) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const out = await fn((sql, params) => run(c, sql, params));
        await c.query('COMMIT');
        return out;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        c.release();
      }
    },
    // TIMESTAMP(3) without time zone holding UTC, as Prisma writes it.
    date: (d) => d.toISOString().replace('Z', ''),
    big: (n) => n.toString(),
    close: () => pool.end(),
  };
}

export const openRaw = (provider: 'sqlite' | 'postgresql', url: string, poolSize = 1) => (provider === 'sqlite' ? openSqlite(url) : openPg(url, poolSize));
