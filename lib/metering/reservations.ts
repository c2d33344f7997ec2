// Releasing reservations: at no charge when a request failed before usage existed, or on expiry (a sweep
// runs at most every 10 s from the hot path).
import { applyOps } from '../store/counters';
import { holdKey, releaseHolds } from '../store/buckets';
import { closeReservations, dueForExpiry, holdsOf, pruneClosed, reservationOf } from '../store/reservations';
import { read, tx } from '../store/tx';
import { pruneRates } from '../store/rates';
import type { Q } from '../store/sql';
import type { ReservationStatus } from '../store/rows';
import { log } from '../ops/log';
import { reservationRetentionDays } from '../config';

function* releaseTx(workspaceId: string, id: string, apiKeyId: string | null, status: 'RELEASED' | 'EXPIRED', at: Date): Q<boolean> {
  const [r] = yield* closeReservations(workspaceId, [{ id, apiKeyId }], status, at, ['OPEN']);
  if (!r) return false;
  const h = holdsOf(r);
  yield* applyOps(workspaceId, h.ops);
  if (h.bucket && h.bucketEpoch) yield* releaseHolds(workspaceId, new Map([[holdKey(h.bucket, h.bucketEpoch), h.estimateNano]]));
  return true;
}

/** Releases an OPEN reservation (of this key, when given). False when it was not open. */
export const releaseReservation = (workspaceId: string, id: string, apiKeyId: string | null = null, status: 'RELEASED' | 'EXPIRED' = 'RELEASED', at = new Date()) =>
  tx(() => releaseTx(workspaceId, id, apiKeyId, status, at));

/** POST /gate/release: 404 for another key's reservation; `released` false when it was already closed. */
export async function releaseForKey(workspaceId: string, apiKeyId: string, id: string): Promise<{ found: boolean; released: boolean; status: ReservationStatus | null }> {
  const released = await releaseReservation(workspaceId, id, apiKeyId);
  const r = await read(reservationOf(workspaceId, id, apiKeyId));
  return { found: !!r, released: released && !!r, status: r?.status ?? null };
}

/** Expires reservations left open past their expiry. Returns how many were expired. */
export async function expireReservations(now = new Date(), max = 500): Promise<number> {
  const due = await read(dueForExpiry(now, max));
  let n = 0;
  for (const r of due) if (await releaseReservation(r.workspaceId, r.id, null, 'EXPIRED', now)) n++;
  return n;
}

/** RESERVATION_RETENTION_DAYS (30): closed reservations older than this are deleted; 0 keeps them. The ledger is never pruned. */
const retentionDays = () => reservationRetentionDays();

/** Deletes closed reservations older than the retention (in batches). Returns how many went. */
export async function pruneReservations(now = new Date(), days = retentionDays()): Promise<number> {
  if (days <= 0) return 0;
  const before = new Date(now.getTime() - days * 86_400_000);
  let total = 0;
  for (let i = 0; i < 20; i++) {
    const n = await tx(() => pruneClosed(before, 1000));
    total += n;
    if (n < 1000) break;
  }
  return total;
}

let lastSweep = 0;
let lastPrune = 0;
/** Called from the hot path: at most every 10 s per process expire stale reservations, hourly prune old ones, in the background. */
export function maybeSweep(now = Date.now()) {
  if (now - lastSweep < 10_000) return;
  lastSweep = now;
  expireReservations(new Date(now)).catch((e) => log.error({ err: e }, 'reservation expiry sweep failed'));
  if (now - lastPrune < 3600_000) return;
  lastPrune = now;
  pruneReservations(new Date(now)).catch((e) => log.error({ err: e }, 'reservation prune failed'));
  tx(() => pruneRates(new Date(now - 3600_000))).catch((e) => log.error({ err: e }, 'rate window prune failed')); // windows are 1 minute
}
