// Reservation statements: a hold on the estimated cost of an admitted request, on exactly the counter rows
// and bucket row it was admitted against. Closed once: settled, released or expired.
import { randomBytes } from 'node:crypto';
import { all, big, date, dateOrNull, noIndex, one, run, ts, type Q, type Row } from './sql';
import type { CounterOp, ReservationRow, ReservationStatus } from './rows';
import type { Period } from '../periods';
import { wsSubject } from './counters';

export const newReservationId = () => `rsv_${Date.now().toString(36)}${randomBytes(9).toString('hex')}`;

const COLS = `"id", "workspaceId", "apiKeyId", "estimateNano", "bucket", "bucketEpoch", "keyPeriod", "keyWindowStart", "wsWindowStart", "status", "expiresAt"`;
const toRow = (r: Row): ReservationRow => ({
  id: r.id as string,
  workspaceId: r.workspaceId as string,
  apiKeyId: (r.apiKeyId as string | null) ?? null,
  estimateNano: big(r.estimateNano),
  bucket: (r.bucket as string | null) ?? null,
  bucketEpoch: dateOrNull(r.bucketEpoch),
  keyPeriod: (r.keyPeriod as string | null) ?? null,
  keyWindowStart: dateOrNull(r.keyWindowStart),
  wsWindowStart: date(r.wsWindowStart),
  status: r.status as ReservationStatus,
  expiresAt: date(r.expiresAt),
});

export interface NewReservation {
  workspaceId: string;
  apiKeyId: string;
  model: string | null;
  estimateNano: bigint;
  bucket: string;
  bucketEpoch: Date;
  keyPeriod: string | null;
  keyWindowStart: Date | null;
  wsWindowStart: Date;
  expiresAt: Date;
  createdAt: Date;
}

export function* insertReservation(r: NewReservation): Q<string> {
  const id = newReservationId();
  yield* all(
    `INSERT INTO "Reservation" ("id", "workspaceId", "apiKeyId", "model", "estimateNano", "bucket", "bucketEpoch", "keyPeriod", "keyWindowStart", "wsWindowStart", "status", "createdAt", "expiresAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?)`,
    [id, r.workspaceId, r.apiKeyId, r.model, r.estimateNano, r.bucket, ts(r.bucketEpoch), r.keyPeriod, r.keyWindowStart ? ts(r.keyWindowStart) : null, ts(r.wsWindowStart), ts(r.createdAt), ts(r.expiresAt)],
  );
  return id;
}

/** What closing a reservation gives back: its estimate, off the counter rows and the bucket row that held it. */
export function holdsOf(r: ReservationRow) {
  const est = r.estimateNano;
  const ops: CounterOp[] = [{ subject: wsSubject(r.workspaceId), period: 'monthly', windowStart: r.wsWindowStart, spent: 0n, release: est }];
  if (r.apiKeyId && r.keyPeriod && r.keyWindowStart) ops.push({ subject: r.apiKeyId, period: r.keyPeriod as Period, windowStart: r.keyWindowStart, spent: 0n, release: est });
  return { ops, bucket: r.bucket, bucketEpoch: r.bucketEpoch, estimateNano: est };
}

/**
 * Moves reservations from one of `from` to `status` (atomically: only one closer wins), each only with its own
 * key when `apiKeyId` is given. Returns the rows closed. Rows are found by primary key (`"id" IN (…)`, an
 * index lookup however many reservations exist); a reservation that belongs to another key than the one it
 * was given with makes the whole statement's transaction roll back (WrongOwner), so nothing is closed for it.
 */
export function* closeReservations(
  workspaceId: string,
  items: { id: string; apiKeyId: string | null }[],
  status: Exclude<ReservationStatus, 'OPEN'>,
  at: Date,
  from: ReservationStatus[] = ['OPEN'],
): Q<ReservationRow[]> {
  if (!items.length) return [];
  const keys = [...new Set(items.map((it) => it.apiKeyId).filter((k): k is string => !!k))];
  const all1 = items.every((it) => it.apiKeyId);
  const rows = yield* all(
    `UPDATE "Reservation" SET "status" = ?, "closedAt" = ? WHERE "id" IN (${items.map(() => '?').join(', ')}) AND ${noIndex('"workspaceId"')} = ? AND ${noIndex('"status"')} IN (${from.map(() => '?').join(', ')})${all1 && keys.length === 1 ? ` AND ${noIndex('"apiKeyId"')} = ?` : ''} RETURNING ${COLS}`,
    [status, ts(at), ...items.map((it) => it.id), workspaceId, ...from, ...(all1 && keys.length === 1 ? keys : [])],
  );
  const closed = rows.map(toRow);
  for (const r of closed) {
    const want = items.find((it) => it.id === r.id);
    if (want?.apiKeyId && want.apiKeyId !== r.apiKeyId) throw new WrongOwner(r.id);
  }
  return closed;
}

/** A reservation was named with a key it does not belong to (the caller rolls back and answers 404). */
export class WrongOwner extends Error {
  constructor(public reservationId: string) {
    super(`reservation ${reservationId} is not this key's`);
  }
}

/** One reservation of a workspace (and key, when given), in any state. */
export function* reservationOf(workspaceId: string, id: string, apiKeyId: string | null): Q<ReservationRow | null> {
  const r = yield* one(`SELECT ${COLS} FROM "Reservation" WHERE "id" = ? AND "workspaceId" = ?${apiKeyId ? ' AND "apiKeyId" = ?' : ''}`, [id, workspaceId, ...(apiKeyId ? [apiKeyId] : [])]);
  return r ? toRow(r) : null;
}

/** Reservations left open past their expiry (any workspace). */
export function* dueForExpiry(now: Date, max: number): Q<{ id: string; workspaceId: string }[]> {
  const rows = yield* all(`SELECT "id", "workspaceId" FROM "Reservation" WHERE "status" = 'OPEN' AND "expiresAt" < ? ORDER BY "expiresAt" LIMIT ?`, [ts(now), max]);
  return rows.map((r) => ({ id: r.id as string, workspaceId: r.workspaceId as string }));
}

/** Deletes up to `max` closed reservations (settled, released, expired) closed before `before`. Never open ones. */
export function* pruneClosed(before: Date, max: number): Q<number> {
  return yield* run(
    `DELETE FROM "Reservation" WHERE "id" IN (SELECT "id" FROM "Reservation" WHERE "status" <> 'OPEN' AND "closedAt" < ? ORDER BY "closedAt" LIMIT ?)`,
    [ts(before), max],
  );
}
