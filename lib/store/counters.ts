// SpendCounter statements: the only writer of spend counters on the data plane. Every transaction touches
// counter rows in one canonical order (sorted by subject, period, window), and credit buckets after them,
// so concurrent PostgreSQL transactions never wait on each other in a cycle.
import { all, big, floor0, isPg, one, run, ts, type Q } from './sql';
import type { CounterKey, CounterOp, CounterValue } from './rows';

/** The workspace's own counter subject (its month rows); a key's subject is its id. */
export const wsSubject = (workspaceId: string) => `ws:${workspaceId}`;

const addr = (o: CounterKey) => `${o.subject}|${o.period}|${o.windowStart.toISOString()}`;

/** Merges deltas per row and sorts the rows canonically. */
export function mergeOps(ops: CounterOp[]): CounterOp[] {
  const m = new Map<string, CounterOp>();
  for (const o of ops) {
    const k = addr(o);
    const prev = m.get(k);
    m.set(k, prev ? { ...prev, spent: prev.spent + o.spent, release: prev.release + o.release } : { ...o });
  }
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, o]) => o);
}

/**
 * Atomic admission on one counter, in one statement: create the row if missing and reserve `amount`
 * only while spent + reserved < limit (no limit: always). The row after, or null when refused.
 */
export function* reserveOn(workspaceId: string, row: CounterKey, amount: bigint, limit: bigint | null): Q<CounterValue | null> {
  if (limit !== null && limit <= 0n) return null;
  const cond = limit === null ? '' : ` WHERE "SpendCounter"."spentNano" + "SpendCounter"."reservedNano" < ?`;
  const r = yield* one(
    `INSERT INTO "SpendCounter" ("subject", "period", "windowStart", "workspaceId", "spentNano", "reservedNano") VALUES (?, ?, ?, ?, 0, ?)
     ON CONFLICT ("subject", "period", "windowStart") DO UPDATE SET "reservedNano" = "SpendCounter"."reservedNano" + excluded."reservedNano"${cond}
     RETURNING "spentNano", "reservedNano"`,
    [row.subject, row.period, ts(row.windowStart), workspaceId, amount, ...(limit === null ? [] : [limit])],
  );
  return r ? { spentNano: big(r.spentNano), reservedNano: big(r.reservedNano) } : null;
}

/**
 * Applies deltas in ONE multi-row upsert, rows in canonical order: spent += delta everywhere; reserved -=
 * release (never below 0) on the rows a reservation held. A new row starts with reserved 0.
 */
export function* applyOps(workspaceId: string, ops: CounterOp[]): Q<void> {
  const rows = mergeOps(ops);
  if (!rows.length) return;
  const rel = rows.filter((o) => o.release > 0n);
  const params: unknown[] = rows.flatMap((o) => [o.subject, o.period, ts(o.windowStart), workspaceId, o.spent]);
  let reserved = `"SpendCounter"."reservedNano"`;
  if (rel.length) {
    const whens = rel.map(() => `WHEN excluded."subject" = ? AND excluded."period" = ? AND excluded."windowStart" = ? THEN ${floor0(`"SpendCounter"."reservedNano" - ?`)}`);
    reserved = `CASE ${whens.join(' ')} ELSE "SpendCounter"."reservedNano" END`;
    for (const o of rel) params.push(o.subject, o.period, ts(o.windowStart), o.release);
  }
  yield* run(
    `INSERT INTO "SpendCounter" ("subject", "period", "windowStart", "workspaceId", "spentNano", "reservedNano")
     VALUES ${rows.map(() => '(?, ?, ?, ?, ?, 0)').join(', ')}
     ON CONFLICT ("subject", "period", "windowStart") DO UPDATE SET
       "spentNano" = "SpendCounter"."spentNano" + excluded."spentNano", "reservedNano" = ${reserved}`,
    params,
  );
}

/**
 * PostgreSQL: locks existing counter rows (FOR UPDATE, one by one in the canonical order), so a decision read
 * from them — resolving an alert — cannot interleave with a settle that is moving them. SQLite's write
 * transaction already excludes every other writer.
 */
export function* lockCounters(keys: CounterKey[]): Q<void> {
  if (!isPg) return;
  const sorted = [...new Map(keys.map((k) => [addr(k), k])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, k] of sorted)
    yield* all(`SELECT 1 FROM "SpendCounter" WHERE "subject" = ? AND "period" = ? AND "windowStart" = ? FOR UPDATE`, [k.subject, k.period, ts(k.windowStart)]);
}

/** Several counter rows at once (missing rows read as 0). */
export function* readCounters(keys: CounterKey[]): Q<CounterValue[]> {
  if (!keys.length) return [];
  const rows = yield* all(
    `SELECT "subject", "period", "windowStart", "spentNano", "reservedNano" FROM "SpendCounter" WHERE ${keys.map(() => '("subject" = ? AND "period" = ? AND "windowStart" = ?)').join(' OR ')}`,
    keys.flatMap((k) => [k.subject, k.period, ts(k.windowStart)]),
  );
  return keys.map((k) => {
    const r = rows.find((x) => x.subject === k.subject && x.period === k.period && new Date(x.windowStart as string).getTime() === k.windowStart.getTime());
    return { spentNano: r ? big(r.spentNano) : 0n, reservedNano: r ? big(r.reservedNano) : 0n };
  });
}

// Counter rows a process has already created (PostgreSQL's one-statement admission locks existing rows).
const ensuredRows = new Set<string>();
/** Creates the rows if missing, once per row per process (autocommit: they exist when this returns). */
export function* ensureCountersOnce(workspaceId: string, keys: CounterKey[]): Q<void> {
  const missing = keys.filter((k) => !ensuredRows.has(addr(k)));
  if (!missing.length) return;
  yield* run(
    `INSERT INTO "SpendCounter" ("subject", "period", "windowStart", "workspaceId", "spentNano", "reservedNano") VALUES ${missing.map(() => '(?, ?, ?, ?, 0, 0)').join(', ')}
     ON CONFLICT ("subject", "period", "windowStart") DO NOTHING`,
    missing.flatMap((k) => [k.subject, k.period, ts(k.windowStart), workspaceId]),
  );
  if (ensuredRows.size > 100_000) ensuredRows.clear();
  for (const k of missing) ensuredRows.add(addr(k));
}
