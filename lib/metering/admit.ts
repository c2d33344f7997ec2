// Admission: checks run in the product's order (key → key limit → workspace budget → balance), and the
// estimate is reserved in the same atomic step — conditional updates on the counter rows and the first
// credit bucket with headroom, in one transaction — so concurrent requests cannot all pass on the same
// headroom. The key's revocation, expiry and limit are read fresh inside the transaction: a change made on
// any instance binds admission at once, whatever the caches say.
import { maxBig, nanoToUsd } from '../money';
import { isPeriod, isoSeconds, monthStart, windowEnd, windowStart, type Period } from '../periods';
import { reservationTtlMs } from '../config';
import { unauthorized } from '../errors';
import { reserveOn, readCounters } from '../store/counters';
import { bucketEpoch, ensureBucketsOnce, holdOnFirst, readBuckets } from '../store/buckets';
import { insertReservation } from '../store/reservations';
import { keyById } from '../store/keys';
import { workspaceById } from '../store/workspaces';
import { Rollback, type Q } from '../store/sql';
import { read, tx } from '../store/tx';
import type { KeyRow, WorkspaceRow } from '../store/rows';
import { workspaceRow } from './lookups';
import { maybeSweep } from './reservations';
import type { AdmitResult, AuthedKey, Cause, RefusalFacts, Remaining } from './types';

const wsSubject = (id: string) => `ws:${id}`;
export const keyPeriodOf = (key: Pick<KeyRow, 'spendLimitNano' | 'spendLimitPeriod'>): Period | null =>
  key.spendLimitNano !== null && isPeriod(key.spendLimitPeriod) ? key.spendLimitPeriod : null;

interface Held {
  reservationId: string;
  remaining: Remaining;
  ensured: () => void;
}

function* admitTx(keyId: string, ws: WorkspaceRow, est: bigint, model: string | null, now: Date, expiresAt: Date): Q<Held> {
  // 1. the key as it is now (revoked / expired -> 401)
  const key = yield* keyById(ws.id, keyId);
  if (!key) throw unauthorized('invalid_api_key', 'Invalid API key.');
  if (key.revokedAt) throw unauthorized('api_key_revoked', `API key "${key.name}" (…${key.last6}) was revoked on ${key.revokedAt.toISOString()}. Create a new key under Keys.`);
  if (key.expiresAt && key.expiresAt <= now) throw unauthorized('api_key_expired', `API key "${key.name}" (…${key.last6}) expired at ${key.expiresAt.toISOString()}. Extend its expiry under Keys, or create a new key.`);
  const period = keyPeriodOf(key);
  const keyRow = period ? { subject: key.id, period, windowStart: windowStart(period, now) } : null;
  const wsRow = { subject: wsSubject(ws.id), period: 'monthly' as const, windowStart: monthStart(now) };
  // 2. key window spend + open reservations < spendLimit (reserving in the same statement)
  const keyAfter = keyRow ? yield* reserveOn(ws.id, keyRow, est, key.spendLimitNano) : null;
  if (keyRow && !keyAfter) throw new Rollback<Cause>('key_spend_limit_exceeded');
  // 3. workspace month spend + open reservations < budget
  const wsAfter = yield* reserveOn(ws.id, wsRow, est, ws.monthlyBudgetNano);
  if (!wsAfter) throw new Rollback<Cause>('spend_budget_exceeded');
  // 4. the first credit bucket with headroom holds the reservation
  const ensured = yield* ensureBucketsOnce(ws.id, ws.diemEpochAllocationNano, now);
  const bucket = yield* holdOnFirst(ws.id, ws.diemEpochAllocationNano, now, est);
  if (!bucket) throw new Rollback<Cause>('insufficient_balance');
  const reservationId = yield* insertReservation({
    workspaceId: ws.id,
    apiKeyId: key.id,
    model,
    estimateNano: est,
    bucket,
    bucketEpoch: bucketEpoch(bucket, now),
    keyPeriod: keyRow?.period ?? null,
    keyWindowStart: keyRow?.windowStart ?? null,
    wsWindowStart: wsRow.windowStart,
    expiresAt,
    createdAt: now,
  });
  const buckets = yield* readBuckets(ws.id, ws.diemEpochAllocationNano, now);
  const remaining: Remaining = {
    keyUsd: keyAfter && key.spendLimitNano !== null ? nanoToUsd(maxBig(0n, key.spendLimitNano - keyAfter.spentNano - keyAfter.reservedNano)) : null,
    keyResetsAt: period ? isoSeconds(windowEnd(period, now)) : null,
    budgetUsd: ws.monthlyBudgetNano !== null ? nanoToUsd(maxBig(0n, ws.monthlyBudgetNano - wsAfter.spentNano - wsAfter.reservedNano)) : null,
    balanceUsd: nanoToUsd(buckets.reduce((a, b) => a + b.balanceNano, 0n)) ?? 0,
  };
  return { reservationId, remaining, ensured };
}

/** Admits a request made with `key`, reserving `est` nano-dollars — or says why not, with every failing cause. */
export async function admit(key: AuthedKey, est: bigint, model: string | null, now = new Date()): Promise<AdmitResult> {
  maybeSweep(now.getTime());
  const ws = await workspaceRow(key.workspaceId);
  const expiresAt = new Date(now.getTime() + reservationTtlMs());
  try {
    const h = await tx(() => admitTx(key.id, ws, est, model, now, expiresAt));
    h.ensured();
    return { allowed: true, reservationId: h.reservationId, reservedUsd: nanoToUsd(est) ?? 0, expiresAt: expiresAt.toISOString(), remaining: h.remaining };
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
    const failed = e.value as Cause;
    const { causes, facts } = await blockingCauses(key, now);
    // The atomic check failed on `failed`; a concurrent release may have freed it since, but it stays the reason.
    if (!causes.includes(failed)) causes.unshift(failed);
    facts.causes = causes;
    return { allowed: false, causes, facts };
  }
}

function* causesTx(keyId: string, workspaceId: string, now: Date): Q<{ causes: Cause[]; facts: RefusalFacts } | null> {
  const ws = yield* workspaceById(workspaceId);
  const key = yield* keyById(workspaceId, keyId);
  if (!ws || !key) return null;
  const facts: RefusalFacts = { slug: ws.slug, causes: [] };
  const period = keyPeriodOf(key);
  const rows = yield* readCounters([
    ...(period ? [{ subject: key.id, period, windowStart: windowStart(period, now) }] : []),
    { subject: wsSubject(ws.id), period: 'monthly' as const, windowStart: monthStart(now) },
  ]);
  const wsC = rows[rows.length - 1];
  if (period && key.spendLimitNano !== null) {
    const s = rows[0];
    facts.key = { keyId: key.id, keyName: key.name, limitNano: key.spendLimitNano, spentNano: s.spentNano, reservedNano: s.reservedNano, period, resetsAt: windowEnd(period, now) };
    if (s.spentNano + s.reservedNano >= key.spendLimitNano) facts.causes.push('key_spend_limit_exceeded');
  }
  if (ws.monthlyBudgetNano !== null) {
    facts.budget = { workspaceName: ws.name, budgetNano: ws.monthlyBudgetNano, spentNano: wsC.spentNano, reservedNano: wsC.reservedNano, resetsAt: windowEnd('monthly', now) };
    if (wsC.spentNano + wsC.reservedNano >= ws.monthlyBudgetNano) facts.causes.push('spend_budget_exceeded');
  }
  const buckets = yield* readBuckets(ws.id, ws.diemEpochAllocationNano, now);
  facts.balance = { workspaceName: ws.name, balances: buckets.map((b) => ({ bucket: b.bucket, balanceNano: b.balanceNano, reservedNano: b.reservedNano })) };
  if (buckets.every((b) => b.balanceNano - b.reservedNano <= 0n)) facts.causes.push('insufficient_balance');
  return { causes: facts.causes, facts };
}

/** Every failing cause, read fresh, primary first (product.md order). The key and workspace are read fresh too. */
export async function blockingCauses(key: Pick<AuthedKey, 'id' | 'workspaceId'>, now = new Date()): Promise<{ causes: Cause[]; facts: RefusalFacts }> {
  const r = await read(causesTx(key.id, key.workspaceId, now));
  if (!r) throw unauthorized('invalid_api_key', 'Invalid API key.');
  return r;
}

/** The headroom headers' values for a key right now (for routes that did not reserve). */
export async function remainingFor(key: AuthedKey, now = new Date()): Promise<Remaining> {
  const { facts } = await blockingCauses(key, now);
  const period = keyPeriodOf(key);
  return {
    keyUsd: facts.key ? nanoToUsd(maxBig(0n, facts.key.limitNano - facts.key.spentNano - facts.key.reservedNano)) : null,
    keyResetsAt: period ? isoSeconds(windowEnd(period, now)) : null,
    budgetUsd: facts.budget ? nanoToUsd(maxBig(0n, facts.budget.budgetNano - facts.budget.spentNano - facts.budget.reservedNano)) : null,
    balanceUsd: nanoToUsd((facts.balance?.balances ?? []).reduce((a, b) => a + b.balanceNano, 0n)) ?? 0,
  };
}
