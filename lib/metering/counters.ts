// Counter writes. Every transaction touches counter rows in one canonical order (sorted by subject,
// period, window) and the credit bucket after them, so concurrent transactions on PostgreSQL never
// wait on each other in a cycle.
import { Prisma } from '../generated/prisma/client';
import type { Tx } from '../db';
import { toBig } from '../money';
import { PERIODS, monthStart, windowStart, type Period } from '../periods';
import { wsSubject } from './spend';

export interface CounterOp {
  subject: string;
  period: Period;
  windowStart: Date;
  spent: bigint; // added to spentNano
  release: bigint; // removed from reservedNano (never below 0)
}

const key = (o: Pick<CounterOp, 'subject' | 'period' | 'windowStart'>) => `${o.subject}|${o.period}|${o.windowStart.toISOString()}`;

/** The counter rows a charge at `at` adds to: every period of the key, and the workspace month. */
export function spendOps(workspaceId: string, apiKeyId: string | null, amount: bigint, at: Date): CounterOp[] {
  const ops: CounterOp[] = [];
  if (apiKeyId) for (const p of PERIODS) ops.push({ subject: apiKeyId, period: p, windowStart: windowStart(p, at), spent: amount, release: 0n });
  ops.push({ subject: wsSubject(workspaceId), period: 'monthly', windowStart: monthStart(at), spent: amount, release: 0n });
  return ops;
}

export function mergeOps(ops: CounterOp[]): CounterOp[] {
  const m = new Map<string, CounterOp>();
  for (const o of ops) {
    const k = key(o);
    const prev = m.get(k);
    m.set(k, prev ? { ...prev, spent: prev.spent + o.spent, release: prev.release + o.release } : { ...o });
  }
  return [...m.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * Applies merged counter deltas in ONE multi-row upsert (rows in canonical order, so PostgreSQL locks them in
 * that order): spent += delta everywhere; reserved -= release (never below 0) on the rows a reservation held.
 * A new row starts with reserved 0: a hold is only ever released from the row that had it.
 */
export async function applyCounterOps(tx: Tx, workspaceId: string, ops: CounterOp[]) {
  const rows = mergeOps(ops);
  if (!rows.length) return;
  const rel = rows.filter((o) => o.release > 0n);
  const reserved = rel.length
    ? Prisma.sql`CASE ${Prisma.join(
        rel.map(
          (o) =>
            Prisma.sql`WHEN excluded."subject" = ${o.subject} AND excluded."period" = ${o.period} AND excluded."windowStart" = ${o.windowStart}
              THEN CASE WHEN "SpendCounter"."reservedNano" >= ${o.release} THEN "SpendCounter"."reservedNano" - ${o.release} ELSE ${0n} END`,
        ),
        ' ',
      )} ELSE "SpendCounter"."reservedNano" END`
    : Prisma.sql`"SpendCounter"."reservedNano"`;
  await tx.$executeRaw`INSERT INTO "SpendCounter" ("subject", "period", "windowStart", "workspaceId", "spentNano", "reservedNano")
    VALUES ${Prisma.join(rows.map((o) => Prisma.sql`(${o.subject}, ${o.period}, ${o.windowStart}, ${workspaceId}, ${o.spent}, ${0n})`))}
    ON CONFLICT ("subject", "period", "windowStart") DO UPDATE SET
      "spentNano" = "SpendCounter"."spentNano" + excluded."spentNano",
      "reservedNano" = ${reserved}`;
}

/** Creates the rows if missing (so a conditional UPDATE has something to test). */
export async function ensureCounters(tx: Tx, workspaceId: string, rows: Pick<CounterOp, 'subject' | 'period' | 'windowStart'>[]) {
  const sorted = mergeOps(rows.map((r) => ({ ...r, spent: 0n, release: 0n })));
  if (!sorted.length) return;
  await tx.$executeRaw`INSERT INTO "SpendCounter" ("subject", "period", "windowStart", "workspaceId", "spentNano", "reservedNano")
    VALUES ${Prisma.join(sorted.map((o) => Prisma.sql`(${o.subject}, ${o.period}, ${o.windowStart}, ${workspaceId}, ${0n}, ${0n})`))}
    ON CONFLICT ("subject", "period", "windowStart") DO NOTHING`;
}

/**
 * Atomic admission on one counter, in one statement: create the row if missing and reserve `amount`
 * only while spent + reserved < limit. Returns the row after the reservation, or null when refused.
 * (A limit of 0 can never admit; callers refuse it before reaching the database.)
 */
export async function reserveOnCounter(
  tx: Tx,
  workspaceId: string,
  row: Pick<CounterOp, 'subject' | 'period' | 'windowStart'>,
  amount: bigint,
  limit: bigint | null,
): Promise<{ spentNano: bigint; reservedNano: bigint } | null> {
  if (limit !== null && limit <= 0n) return null;
  const rows =
    limit === null
      ? await tx.$queryRaw<{ spentNano: unknown; reservedNano: unknown }[]>`INSERT INTO "SpendCounter" ("subject", "period", "windowStart", "workspaceId", "spentNano", "reservedNano")
          VALUES (${row.subject}, ${row.period}, ${row.windowStart}, ${workspaceId}, ${0n}, ${amount})
          ON CONFLICT ("subject", "period", "windowStart") DO UPDATE SET "reservedNano" = "SpendCounter"."reservedNano" + ${amount}
          RETURNING "spentNano", "reservedNano"`
      : await tx.$queryRaw<{ spentNano: unknown; reservedNano: unknown }[]>`INSERT INTO "SpendCounter" ("subject", "period", "windowStart", "workspaceId", "spentNano", "reservedNano")
          VALUES (${row.subject}, ${row.period}, ${row.windowStart}, ${workspaceId}, ${0n}, ${amount})
          ON CONFLICT ("subject", "period", "windowStart") DO UPDATE SET "reservedNano" = "SpendCounter"."reservedNano" + ${amount}
          WHERE "SpendCounter"."spentNano" + "SpendCounter"."reservedNano" < ${limit}
          RETURNING "spentNano", "reservedNano"`;
  if (!rows.length) return null;
  return { spentNano: toBig(rows[0].spentNano), reservedNano: toBig(rows[0].reservedNano) };
}
