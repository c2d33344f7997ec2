// The data plane's own pg pool (Prisma keeps its own for the console). Statements are sent as named
// prepared statements (parsed once per connection); int8 comes back as text and timestamps as UTC.
import pg from 'pg';
import { databaseUrl, dbPoolSize } from '../config';
import { log } from '../ops/log';
import type { Q, Row, Stmt } from './sql';

const TIMESTAMP = 1114; // timestamp without time zone: stored as UTC by Prisma
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP ? (s: string) => new Date(s.replace(' ', 'T') + 'Z') : pg.types.getTypeParser(oid, format as 'text'),
} as pg.CustomTypesConfig;

const g = globalThis as typeof globalThis & { __keycapRawPg?: pg.Pool };
export function pool(): pg.Pool {
  if (!g.__keycapRawPg) {
    g.__keycapRawPg = new pg.Pool({ connectionString: databaseUrl(), max: dbPoolSize(), types });
    g.__keycapRawPg.on('error', (e) => log.error({ err: e }, 'idle PostgreSQL client failed'));
  }
  return g.__keycapRawPg;
}

// `?` -> `$n`, and a stable statement name per SQL text (prepared once per connection). The map is shared
// through globalThis like the pool: a build bundles this module more than once (the lean server and Next's
// chunks), and two copies naming statements on their own would give one name to two SQL texts on a
// connection of the shared pool ("Prepared statements must be unique").
const gt = globalThis as typeof globalThis & { __keycapPgTexts?: Map<string, { text: string; name: string }> };
const texts = (gt.__keycapPgTexts ??= new Map<string, { text: string; name: string }>());
function pgText(sql: string) {
  let t = texts.get(sql);
  if (!t) {
    let i = 0;
    t = { text: sql.replace(/\?/g, () => `$${++i}`), name: `kc${texts.size.toString(36)}` };
    texts.set(sql, t);
  }
  return t;
}
const bind = (params: unknown[]) => params.map((v) => (typeof v === 'bigint' ? v.toString() : v === undefined ? null : v));

type Client = pg.PoolClient | pg.Pool;
export async function exec(c: Client, st: Stmt): Promise<Row[] | number> {
  const { text, name } = pgText(st.sql);
  // Multi-row statements vary in shape; only fixed ones are worth a named (cached) plan.
  const r = await c.query(st.sql.length < 4000 ? { name, text, values: bind(st.params) } : { text, values: bind(st.params) });
  return st.mode === 'run' ? (r.rowCount ?? 0) : (r.rows as Row[]);
}

export async function drive<T>(c: Client, q: Q<T>): Promise<T> {
  let next = q.next();
  while (!next.done) {
    let result: Row[] | number;
    try {
      result = await exec(c, next.value);
    } catch (e) {
      next = q.throw(e);
      continue;
    }
    next = q.next(result);
  }
  return next.value;
}

export const isRetriable = (e: unknown) => ['40P01', '40001'].includes((e as { code?: string })?.code ?? '');

export async function txPg<T>(body: () => Q<T>): Promise<T> {
  const c = await pool().connect();
  try {
    await c.query('BEGIN');
    try {
      const out = await drive(c, body());
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    }
  } finally {
    c.release();
  }
}

/** One statement (or a read-only sequence) outside a transaction: autocommit, any pooled client. */
export const readPg = <T>(q: Q<T>): Promise<T> => drive(pool(), q);
