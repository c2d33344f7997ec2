// Counter writes. Every transaction touches counter rows in one canonical order (sorted by subject,
// period, window) and the credit bucket after them, so concurrent transactions on PostgreSQL never
// wait on each other in a cycle.
import { Prisma } from '../generated/prisma/client';
import type { Tx } from '../db';
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

export async function applyCounterOps(tx: Tx, workspaceId: string, ops: CounterOp[]) {
  for (const o of mergeOps(ops)) {
    await tx.$executeRaw`INSERT INTO "SpendCounter" ("subject", "period", "windowStart", "workspaceId", "spentNano", "reservedNano")
      VALUES (${o.subject}, ${o.period}, ${o.windowStart}, ${workspaceId}, ${o.spent}, ${0n})
      ON CONFLICT ("subject", "period", "windowStart") DO UPDATE SET
        "spentNano" = "SpendCounter"."spentNano" + ${o.spent},
        "reservedNano" = CASE WHEN "SpendCounter"."reservedNano" >= ${o.release} THEN "SpendCounter"."reservedNano" - ${o.release} ELSE ${0n} END`;
  }
}

/** Creates the rows if missing (so a conditional UPDATE has something to test). */
export async function ensureCounters(tx: Tx, workspaceId: string, rows: Pick<CounterOp, 'subject' | 'period' | 'windowStart'>[]) {
  const sorted = mergeOps(rows.map((r) => ({ ...r, spent: 0n, release: 0n })));
  if (!sorted.length) return;
  await tx.$executeRaw`INSERT INTO "SpendCounter" ("subject", "period", "windowStart", "workspaceId", "spentNano", "reservedNano")
    VALUES ${Prisma.join(sorted.map((o) => Prisma.sql`(${o.subject}, ${o.period}, ${o.windowStart}, ${workspaceId}, ${0n}, ${0n})`))}
    ON CONFLICT ("subject", "period", "windowStart") DO NOTHING`;
}

/** Atomic admission on one counter: reserve `amount` only while spent + reserved < limit. Returns true if reserved. */
export async function reserveOnCounter(tx: Tx, row: Pick<CounterOp, 'subject' | 'period' | 'windowStart'>, amount: bigint, limit: bigint | null): Promise<boolean> {
  if (limit === null) {
    await tx.$executeRaw`UPDATE "SpendCounter" SET "reservedNano" = "reservedNano" + ${amount}
      WHERE "subject" = ${row.subject} AND "period" = ${row.period} AND "windowStart" = ${row.windowStart}`;
    return true;
  }
  const n = await tx.$executeRaw`UPDATE "SpendCounter" SET "reservedNano" = "reservedNano" + ${amount}
    WHERE "subject" = ${row.subject} AND "period" = ${row.period} AND "windowStart" = ${row.windowStart}
      AND "spentNano" + "reservedNano" < ${limit}`;
  return n === 1;
}
