// Reservations: a hold on the estimated cost of an admitted request, on exactly the counter rows and
// bucket row it was admitted against. Closed once: settled, released or expired.
import { db, type Tx } from '../db';
import { Prisma } from '../generated/prisma/client';
import type { Period } from '../periods';
import { toBig } from '../money';
import { applyCounterOps, type CounterOp } from './counters';
import { wsSubject } from './spend';
import { meteringTx } from './tx';
import { holdKey, releaseHolds } from './ledger-rows';

export type ReservationStatus = 'OPEN' | 'SETTLED' | 'RELEASED' | 'EXPIRED';

/** A raw DateTime column: a Date on PostgreSQL, an ISO string (or epoch ms) on SQLite. */
const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string | number));

type ClosedRow = { id: string; workspaceId: string; apiKeyId: string | null; estimateNano: unknown; bucket: string | null; bucketEpoch: unknown; keyPeriod: string | null; keyWindowStart: unknown; wsWindowStart: unknown };
const RETURNING = Prisma.sql`RETURNING "id", "workspaceId", "apiKeyId", "estimateNano", "bucket", "bucketEpoch", "keyPeriod", "keyWindowStart", "wsWindowStart"`;

/** What closing a reservation gives back: its estimate, off the counter rows and the bucket row that held it. */
function releaseOf(r: ClosedRow) {
  const est = toBig(r.estimateNano);
  const ops: CounterOp[] = [{ subject: wsSubject(r.workspaceId), period: 'monthly', windowStart: asDate(r.wsWindowStart), spent: 0n, release: est }];
  if (r.apiKeyId && r.keyPeriod && r.keyWindowStart)
    ops.push({ subject: r.apiKeyId, period: r.keyPeriod as Period, windowStart: asDate(r.keyWindowStart), spent: 0n, release: est });
  return { id: r.id, ops, bucket: r.bucket, bucketEpoch: r.bucketEpoch ? asDate(r.bucketEpoch) : null, estimateNano: est, workspaceId: r.workspaceId, apiKeyId: r.apiKeyId };
}
export type Released = ReturnType<typeof releaseOf>;

/**
 * Moves an OPEN reservation to `status` (atomically; only one closer wins) and returns what to release.
 * With `owner`, only a reservation of that workspace (and key, when given) is closed.
 */
export async function closeReservation(tx: Tx, id: string, status: Exclude<ReservationStatus, 'OPEN'>, at: Date, owner?: { workspaceId: string; apiKeyId: string | null }) {
  const mine = !owner ? Prisma.empty : owner.apiKeyId ? Prisma.sql` AND "workspaceId" = ${owner.workspaceId} AND "apiKeyId" = ${owner.apiKeyId}` : Prisma.sql` AND "workspaceId" = ${owner.workspaceId}`;
  const rows = await tx.$queryRaw<ClosedRow[]>`UPDATE "Reservation" SET "status" = ${status}, "closedAt" = ${at} WHERE "id" = ${id} AND "status" = 'OPEN'${mine} ${RETURNING}`;
  return rows.length === 1 ? releaseOf(rows[0]) : null;
}

/** Settles several OPEN reservations of one workspace, each only with its own key, in one statement. */
export async function settleReservations(tx: Tx, workspaceId: string, pairs: { id: string; apiKeyId: string }[], at: Date): Promise<Released[]> {
  if (!pairs.length) return [];
  const rows = await tx.$queryRaw<ClosedRow[]>`UPDATE "Reservation" SET "status" = 'SETTLED', "closedAt" = ${at}
    WHERE "workspaceId" = ${workspaceId} AND "status" = 'OPEN' AND ("id", "apiKeyId") IN (${Prisma.join(pairs.map((p) => Prisma.sql`(${p.id}, ${p.apiKeyId})`))}) ${RETURNING}`;
  return rows.map(releaseOf);
}

/** Releases a reservation with no charge (the request failed before usage existed). */
export async function releaseReservation(id: string, status: 'RELEASED' | 'EXPIRED' = 'RELEASED', at = new Date()): Promise<boolean> {
  return meteringTx(async (tx) => {
    const r = await closeReservation(tx, id, status, at);
    if (!r) return false;
    await applyCounterOps(tx, r.workspaceId, r.ops);
    if (r.bucket && r.bucketEpoch) await releaseHolds(tx, r.workspaceId, new Map([[holdKey(r.bucket, r.bucketEpoch), r.estimateNano]]));
    return true;
  });
}

/** Expires reservations left open past their expiry. Returns how many were expired. */
export async function expireReservations(now = new Date(), max = 500): Promise<number> {
  const due = await db.reservation.findMany({ where: { status: 'OPEN', expiresAt: { lt: now } }, select: { id: true }, take: max });
  let n = 0;
  for (const r of due) if (await releaseReservation(r.id, 'EXPIRED', now)) n++;
  return n;
}

let lastSweep = 0;
/** Called from the hot path: at most every 10 s per process, expire stale reservations in the background. */
export function maybeSweep(now = Date.now()) {
  if (now - lastSweep < 10_000) return;
  lastSweep = now;
  expireReservations(new Date(now)).catch((e) => console.error('[reservations] sweep failed', e));
}
