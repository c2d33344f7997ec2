// Section 4: 90-day usage analytics over 1M synthetic ledger rows, served from the UsageDaily rollups,
// against the same three aggregations computed by a raw GROUP BY scan of the UsageEvent ledger.
// Rows are inserted with the raw driver (batched multi-row INSERTs inside transactions); the rollups are
// built with one INSERT … SELECT … GROUP BY, exactly as recordUsage would have accumulated them.
import { randomBytes } from 'node:crypto';
import { lookbackRange } from '../../lib/billing/params';
import { addDays } from '../../lib/billing/days';
import type { Ctx } from '../../lib/context';
import { benchWorkspace } from '../lib/fixture';
import { openRaw, type RawDb } from '../lib/raw';
import { now, ms, pct, ratio, rate, type Row } from '../lib/stats';
import type { BenchEnv } from '../run';

const DAY = 86_400_000;
const MODELS: { name: string; type: 'text' | 'embedding'; inNano: number; outNano: number; weight: number }[] = [
  { name: 'gpt-4o-mini', type: 'text', inNano: 150, outNano: 600, weight: 30 },
  { name: 'gpt-4o', type: 'text', inNano: 2500, outNano: 10000, weight: 12 },
  { name: 'keycap-echo', type: 'text', inNano: 1000, outNano: 2000, weight: 10 },
  { name: 'text-embedding-3-small', type: 'embedding', inNano: 20, outNano: 0, weight: 14 },
  { name: 'llama-3.3-70b', type: 'text', inNano: 700, outNano: 2800, weight: 8 },
  { name: 'qwen3-235b', type: 'text', inNano: 900, outNano: 4500, weight: 7 },
  { name: 'deepseek-r1', type: 'text', inNano: 550, outNano: 2190, weight: 7 },
  { name: 'mistral-small', type: 'text', inNano: 100, outNano: 300, weight: 5 },
  { name: 'venice-uncensored', type: 'text', inNano: 500, outNano: 2000, weight: 4 },
  { name: 'flux-dev', type: 'text', inNano: 0, outNano: 0, weight: 3 }, // priced per request
];
const KEYS = 16;
const COLS = ['id', 'workspaceId', 'apiKeyId', 'requestId', 'model', 'sku', 'unitType', 'units', 'unitPriceNano', 'amountNano', 'inputNano', 'outputNano', 'currency', 'promptTokens', 'completionTokens', 'executionTimeMs', 'notes', 'bodyHash', 'reservationId', 'createdAt'];
const PG_TYPES = ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'bigint', 'bigint', 'bigint', 'bigint', 'bigint', 'text', 'int', 'int', 'int', 'text', 'text', 'text', 'timestamp(3)'];

/** Deterministic PRNG (mulberry32), so every run loads the same ledger. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The synthetic ledger, in time order (as a real ledger is written): `n` requests spread evenly over the
 * last 90 UTC days up to now. 16 keys with a skewed share of traffic, each an application using 1–3 of the
 * 10 models; 5 % console usage (any model); requests in the first 2 hours of a UTC day are paid from the
 * DIEM allocation, the rest in USD; one model is priced per request.
 */
function rowMaker(db: RawDb, workspaceId: string, keyIds: string[], nowMs: number, n: number) {
  const r = prng(20261122);
  const startMs = Math.floor(nowMs / DAY) * DAY - 89 * DAY;
  const step = (nowMs - startMs) / n;
  const totalW = MODELS.reduce((a, m) => a + m.weight, 0);
  const pickModel = () => {
    let x = r() * totalW;
    for (const m of MODELS) if ((x -= m.weight) < 0) return m;
    return MODELS[0];
  };
  const keyModels = keyIds.map(() => Array.from({ length: 1 + Math.floor(r() * 3) }, pickModel));
  const b = db.big.bind(db);
  const tag = randomBytes(3).toString('hex');
  return (i: number): unknown[] => {
    const at = new Date(Math.floor(startMs + (i + r()) * step));
    const ki = r() < 0.05 ? -1 : Math.floor(Math.pow(r(), 1.6) * keyIds.length);
    const apiKeyId = ki < 0 ? null : keyIds[ki];
    const m = ki < 0 ? pickModel() : keyModels[ki][Math.floor(r() * keyModels[ki].length)];
    const currency = at.getTime() % DAY < 2 * 3_600_000 ? 'DIEM' : 'USD';
    const perRequest = m.inNano === 0 && m.outNano === 0;
    const pt = perRequest ? null : 10 + Math.floor(r() * 4000);
    const ct = perRequest ? null : m.type === 'embedding' ? 0 : 1 + Math.floor(r() * 1000);
    const inputNano = BigInt((pt ?? 0) * m.inNano);
    const outputNano = BigInt((ct ?? 0) * m.outNano);
    const amount = perRequest ? 40_000_000n : inputNano + outputNano;
    const units = perRequest ? 1n : BigInt((pt ?? 0) + (ct ?? 0));
    return [
      `ev${tag}${String(i).padStart(8, '0')}`,
      workspaceId,
      apiKeyId,
      `req-${tag}-${i}`,
      m.name,
      perRequest ? `${m.name}-request` : `${m.name}-tokens`,
      perRequest ? 'request' : 'tokens',
      b(units),
      b(amount / units),
      b(amount),
      b(inputNano),
      b(outputNano),
      currency,
      pt,
      ct,
      100 + Math.floor(r() * 3000),
      null,
      'h'.repeat(64),
      null,
      db.date(at),
    ];
  };
}

/** Inserts `n` ledger rows; returns the rows actually inserted (stops at the time budget). */
async function load(db: RawDb, make: (i: number) => unknown[], n: number, budgetMs: number, log: (s: string) => void): Promise<number> {
  const t0 = now();
  const perStmt = db.provider === 'sqlite' ? 400 : 5000;
  const perTx = db.provider === 'sqlite' ? 50_000 : 50_000;
  const placeholders = (rows: number) =>
    Array.from({ length: rows }, (_, r) => `(${COLS.map((_c, c) => `$${r * COLS.length + c + 1}`).join(', ')})`).join(', ');
  const colList = COLS.map((c) => `"${c}"`).join(', ');
  const sqliteSql = new Map<number, string>();
  const pgSql = `INSERT INTO "UsageEvent" (${colList}) SELECT * FROM unnest(${PG_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
  if (db.provider === 'sqlite') await db.query('PRAGMA cache_size = -262144'); // 256 MiB page cache for the bulk load
  let done = 0;
  let lastLog = t0;
  while (done < n && now() - t0 < budgetMs) {
    const txEnd = Math.min(n, done + perTx);
    await db.tx(async (q) => {
      while (done < txEnd) {
        const k = Math.min(perStmt, txEnd - done);
        if (db.provider === 'sqlite') {
          const params: unknown[] = [];
          for (let j = 0; j < k; j++) params.push(...make(done + j));
          let sql = sqliteSql.get(k);
          if (!sql) sqliteSql.set(k, (sql = `INSERT INTO "UsageEvent" (${colList}) VALUES ${placeholders(k)}`));
          await q(sql, params);
        } else {
          const cols: unknown[][] = COLS.map(() => []);
          for (let j = 0; j < k; j++) make(done + j).forEach((v, c) => cols[c].push(v));
          await q(pgSql, cols);
        }
        done += k;
      }
    });
    if (now() - lastLog > 5000) {
      lastLog = now();
      log(`analytics: ${done.toLocaleString('en-US')} rows (${rate((done / (now() - t0)) * 1000, ' rows/s')})`);
    }
  }
  return done;
}

function dayExpr(db: RawDb, col = '"createdAt"') {
  return db.provider === 'sqlite' ? `substr(${col}, 1, 10) || 'T00:00:00.000+00:00'` : `date_trunc('day', ${col})`;
}
const modelTypeExpr = `CASE WHEN "model" LIKE '%embedding%' THEN 'embedding' ELSE 'text' END`;

/** The three aggregations lib/billing/analytics.ts asks the rollup for, over the ledger instead. */
function scanQueries(db: RawDb) {
  const day = dayExpr(db);
  const where = `WHERE "workspaceId" = $1 AND "createdAt" >= $2 AND "createdAt" < $3`;
  const units = `CASE WHEN COALESCE("promptTokens", 0) + COALESCE("completionTokens", 0) > 0 THEN 0 ELSE 1 END`;
  return [
    `SELECT ${day} AS d, "model", "currency", SUM("amountNano") AS t FROM "UsageEvent" ${where} GROUP BY 1, 2, 3`,
    `SELECT "model", ${modelTypeExpr} AS mt, "currency", SUM(COALESCE("promptTokens", 0)) AS iu, SUM(COALESCE("completionTokens", 0)) AS ou, SUM(${units}) AS xu,
       SUM("inputNano") AS i, SUM("outputNano") AS o, SUM("amountNano" - "inputNano" - "outputNano") AS x, SUM("amountNano") AS t FROM "UsageEvent" ${where} GROUP BY 1, 2, 3`,
    `SELECT ${day} AS d, COALESCE("apiKeyId", '') AS k, "currency", SUM("amountNano") AS t, SUM(COALESCE("promptTokens", 0)) AS iu, SUM(COALESCE("completionTokens", 0)) AS ou, SUM(${units}) AS xu
       FROM "UsageEvent" ${where} GROUP BY 1, 2, 3`,
  ];
}

/** The same three aggregations over the rollup, in SQL only (what the analytics function asks Prisma for). */
function rollupQueries() {
  const where = `WHERE "workspaceId" = $1 AND "day" >= $2 AND "day" < $3`;
  return [
    `SELECT "day", "model", "currency", SUM("totalNano") AS t FROM "UsageDaily" ${where} GROUP BY 1, 2, 3`,
    `SELECT "model", "modelType", "currency", SUM("inputUnits"), SUM("outputUnits"), SUM("otherUnits"), SUM("inputNano"), SUM("outputNano"), SUM("otherNano"), SUM("totalNano") FROM "UsageDaily" ${where} GROUP BY 1, 2, 3`,
    `SELECT "day", "keyRef", "currency", SUM("totalNano"), SUM("inputUnits"), SUM("outputUnits"), SUM("otherUnits") FROM "UsageDaily" ${where} GROUP BY 1, 2, 3`,
  ];
}

async function timeRuns(fn: () => Promise<unknown>, maxRuns: number, budgetMs: number, minRuns = 1) {
  const samples: number[] = [];
  const t0 = now();
  while (samples.length < maxRuns && (samples.length < minRuns || now() - t0 < budgetMs)) {
    const t = now();
    await fn();
    samples.push(now() - t);
  }
  return { n: samples.length, p50: pct(samples, 50), p95: pct(samples, 95), max: Math.max(...samples) };
}

export async function analytics(env: BenchEnv): Promise<Row[]> {
  const S = 'analytics';
  const target = env.quick ? 100_000 : Number(process.env.BENCH_ROWS ?? 1_000_000);
  const w = await benchWorkspace('Bench analytics', {});
  const keyIds: string[] = [];
  for (let i = 0; i < KEYS; i++) keyIds.push((await w.key({ name: `analytics key ${i + 1}` })).id);
  const db = await openRaw(env.provider, env.databaseUrl, 3);
  try {
    const nowMs = Date.now();
    env.log(`${S}: inserting ${target.toLocaleString('en-US')} ledger rows with the raw driver`);
    const t0 = now();
    const inserted = await load(db, rowMaker(db, w.ws.id, keyIds, nowMs, target), target, env.budgetMs(90_000), env.log);
    const loadMs = now() - t0;
    const t1 = now();
    await db.query(
      `INSERT INTO "UsageDaily" ("workspaceId", "day", "keyRef", "model", "currency", "modelType", "requests", "inputUnits", "outputUnits", "otherUnits", "inputNano", "outputNano", "otherNano", "totalNano")
       SELECT "workspaceId", ${dayExpr(db)}, COALESCE("apiKeyId", ''), "model", "currency", MAX(${modelTypeExpr}), COUNT(*),
         SUM(COALESCE("promptTokens", 0)), SUM(COALESCE("completionTokens", 0)),
         SUM(CASE WHEN COALESCE("promptTokens", 0) + COALESCE("completionTokens", 0) > 0 THEN 0 ELSE 1 END),
         SUM("inputNano"), SUM("outputNano"), SUM("amountNano" - "inputNano" - "outputNano"), SUM("amountNano")
       FROM "UsageEvent" WHERE "workspaceId" = $1 GROUP BY 1, 2, 3, 4, 5`,
      [w.ws.id],
    );
    await db.query('ANALYZE');
    const rollupMs = now() - t1;
    const rollupRows = Number((await db.query('SELECT COUNT(*) AS n FROM "UsageDaily" WHERE "workspaceId" = $1', [w.ws.id])).rows[0].n);
    env.log(`${S}: ${inserted.toLocaleString('en-US')} rows in ${(loadMs / 1000).toFixed(1)} s; ${rollupRows.toLocaleString('en-US')} rollup rows in ${(rollupMs / 1000).toFixed(1)} s`);

    const range = lookbackRange(90, new Date(nowMs));
    const p = [w.ws.id, db.date(range.start), db.date(addDays(range.end, 1))];

    // The analytics function (lib/billing/analytics.ts, cache disabled by ANALYTICS_CACHE_TTL_MS=0).
    let fnName = 'usageAnalytics (lib/billing/analytics.ts)';
    let run: () => Promise<unknown>;
    let check: (() => Promise<bigint>) | null = null;
    try {
      const mod = await import('../../lib/billing/analytics');
      const ctx: Ctx = w.ctx;
      run = () => mod.usageAnalytics(ctx, range);
      check = async () => {
        const a = await mod.usageAnalytics(ctx, range);
        const usd = a.byDate.reduce((s, d) => s + d.USD + d.DIEM + d.BUNDLED_CREDITS, 0);
        return BigInt(Math.round(usd * 1e9));
      };
    } catch (e) {
      fnName = 'equivalent rollup queries (lib/billing/analytics.ts not loadable: ' + (e as Error).message.slice(0, 80) + ')';
      run = async () => {
        for (const q of rollupQueries()) await db.query(q, p);
      };
    }
    env.log(`${S}: timing ${fnName}`);
    const fn = await timeRuns(run, 60, env.budgetMs(15_000), 5);
    const rollupSql = await timeRuns(async () => {
      for (const q of rollupQueries()) await db.query(q, p);
    }, 60, env.budgetMs(5_000), 5);
    env.log(`${S}: timing the GROUP BY scan of the ledger`);
    let scanTotal = 0n;
    const scan = await timeRuns(async () => {
      const [byDay] = await Promise.all(scanQueries(db).map((q) => db.query(q, p)));
      scanTotal = byDay.rows.reduce((s, r) => s + BigInt(r.t as bigint | string), 0n);
    }, 3, env.budgetMs(20_000), 1);

    // Same figures both ways? (the analytics total in USD numbers, rounded to the nano-dollar)
    let agree: boolean | undefined;
    if (check) {
      const got = await check();
      const diff = got > scanTotal ? got - scanTotal : scanTotal - got;
      agree = diff <= 1000n + scanTotal / 1_000_000_000_000n; // USD numbers are doubles: allow float rounding only
    }
    const speedup = scan.p50 / fn.p50;
    env.figures.analytics = { inserted, loadMs, rollupRows, rollupMs, fn, rollupSql, scan, speedup, agree, fnName };
    const rows: Row[] = [
      { section: S, metric: 'ledger rows / rollup rows', measured: `${inserted.toLocaleString('en-US')} / ${rollupRows.toLocaleString('en-US')} (load ${(loadMs / 1000).toFixed(1)} s, ${rate((inserted / loadMs) * 1000, ' rows/s')})` },
      {
        section: S,
        metric: '90-day analytics (from rollups)',
        measured: `p50 ${ms(fn.p50)} · p95 ${ms(fn.p95)} (n=${fn.n})`,
        target: 'p95 ≤ 50 ms at 1M rows',
        pass: fn.p95 <= 50 && inserted >= 1_000_000 && agree !== false,
        note: `${fnName}${agree === undefined ? '' : agree ? '; totals agree with the ledger scan' : '; TOTALS DIFFER from the ledger scan'}`,
      },
      { section: S, metric: 'same 3 queries on the rollup, SQL only', measured: `p50 ${ms(rollupSql.p50)} · p95 ${ms(rollupSql.p95)}` },
      { section: S, metric: 'raw GROUP BY scan of the ledger', measured: `p50 ${ms(scan.p50)} (n=${scan.n})` },
      { section: S, metric: 'rollups vs scan', measured: ratio(speedup), target: '≥ 20× faster', pass: speedup >= 20 },
    ];
    return rows;
  } finally {
    await db.close();
  }
}
