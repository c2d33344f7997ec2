// Admission: checks run in the product's order (key → key limit → workspace budget → balance), and the
// estimate is reserved in the same atomic step — conditional updates on the counter rows and the first
// credit bucket with headroom, in one transaction — so concurrent requests cannot all pass on the same
// headroom. The key's revocation, expiry and limit are read fresh inside the transaction: a change made on
// any instance binds admission at once, whatever the caches say.
import { nanoToUsd } from '../money';
import { dayStart, isPeriod, isoSeconds, monthStart, windowEnd, windowStart, type Period } from '../periods';
import { reservationTtlMs } from '../config';
import { unauthorized } from '../errors';
import { assertKeyUsable, keyExpired, keyRevoked } from '../keys/errors';
import { ensureCountersOnce, reserveOn, readCounters , wsSubject } from '../store/counters';
import { bucketEpoch, ensureBucketsOnce, holdOnFirst, readBuckets } from '../store/buckets';
import { insertReservation, newReservationId } from '../store/reservations';
import { admitPg } from '../store/admit-pg';
import { isPg } from '../store/sql';
import { isRetriable } from '../store/driver-pg';
import { keyById } from '../store/keys';
import { workspaceById } from '../store/workspaces';
import { Rollback, type Q } from '../store/sql';
import { read, tx } from '../store/tx';
import type { KeyRow, WorkspaceRow } from '../store/rows';
import { workspaceRow } from './lookups';
import { checkModel, hasLimits, minuteStart, rateLimited, ratesOf, type RateInfo } from './limits';
import { takeRequest, tokensIn } from '../store/rates';
import { maybeSweep } from './reservations';
import { headroomUsd } from './headroom';
import type { AdmitResult, AuthedKey, Cause, RefusalFacts, Remaining } from './types';

/** KEYCAP_PG_ONE_STATEMENT_ADMIT=false runs PostgreSQL admission as a multi-statement transaction, as on SQLite. */
const PG_ONE_STATEMENT = process.env.KEYCAP_PG_ONE_STATEMENT_ADMIT !== 'false';
export const keyPeriodOf = (key: Pick<KeyRow, 'spendLimitNano' | 'spendLimitPeriod'>): Period | null =>
  key.spendLimitNano !== null && isPeriod(key.spendLimitPeriod) ? key.spendLimitPeriod : null;

interface Held {
  reservationId: string;
  remaining: Remaining;
  ensured: () => void;
  rate?: RateInfo;
}

function* admitTx(keyId: string, ws: WorkspaceRow, est: bigint, model: string | null, now: Date, expiresAt: Date, origin?: string): Q<Held> {
  // 1. the key as it is now (revoked / expired -> 401)
  const key = yield* keyById(ws.id, keyId);
  if (!key) throw unauthorized('invalid_api_key', 'Invalid API key.');
  assertKeyUsable(key, now);
  // the key's model allowlist, then its rate limits (requests counted only if admitted: a refusal rolls back)
  checkModel(key, ws.slug, model, origin);
  const rates = ratesOf(key, ws);
  let rate: RateInfo | undefined;
  if (rates.rpm !== null || rates.tpm !== null) {
    const w = minuteStart(now);
    const resetsAt = new Date(w.getTime() + 60_000);
    let requestsUsed = 0;
    if (rates.rpm !== null) {
      const n = yield* takeRequest(ws.id, key.id, w, rates.rpm);
      if (n === null) throw rateLimited(key, ws.slug, 'requests', rates.rpm, resetsAt, now.getTime(), origin);
      requestsUsed = n;
    }
    const tokensUsed = rates.tpm !== null ? yield* tokensIn(key.id, w) : 0;
    if (rates.tpm !== null && tokensUsed >= rates.tpm) throw rateLimited(key, ws.slug, 'tokens', rates.tpm, resetsAt, now.getTime(), origin);
    rate = { rpm: rates.rpm, requestsUsed, tpm: rates.tpm, tokensUsed, resetsAt };
  }
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
    keyUsd: headroomUsd(key.spendLimitNano, keyAfter),
    keyResetsAt: period ? isoSeconds(windowEnd(period, now)) : null,
    budgetUsd: headroomUsd(ws.monthlyBudgetNano, wsAfter),
    balanceUsd: nanoToUsd(buckets.reduce((a, b) => a + b.balanceNano, 0n)) ?? 0,
  };
  return { reservationId, remaining, ensured, rate };
}

/**
 * PostgreSQL: the whole admission in one statement (lib/store/admit-pg.ts). Returns null when the key's
 * limit period changed since the cached copy: the caller then runs the transaction path.
 */
async function admitOneStatement(key: AuthedKey, ws: WorkspaceRow, est: bigint, model: string | null, now: Date, expiresAt: Date): Promise<Held | Cause | null> {
  const period = keyPeriodOf(key);
  const keyRow = period ? { subject: key.id, period, windowStart: windowStart(period, now) } : null;
  const wsRow = { subject: wsSubject(ws.id), period: 'monthly' as const, windowStart: monthStart(now) };
  await read(ensureCountersOnce(ws.id, keyRow ? [keyRow, wsRow] : [wsRow]));
  (await read(ensureBucketsOnce(ws.id, ws.diemEpochAllocationNano, now)))();
  const input = {
    reservationId: newReservationId(),
    keyId: key.id,
    workspaceId: ws.id,
    period,
    keyWindowStart: keyRow?.windowStart ?? null,
    wsSubject: wsRow.subject,
    monthStart: wsRow.windowStart,
    diem: ws.diemEpochAllocationNano !== null,
    dayStart: dayStart(now),
    est,
    budgetNano: ws.monthlyBudgetNano,
    model,
    now,
    expiresAt,
  };
  let r;
  for (let i = 1; ; i++) {
    try {
      r = await read(admitPg(input));
      break;
    } catch (e) {
      if (!isRetriable(e) || i >= 8) throw e;
      await new Promise((ok) => setTimeout(ok, i * 3));
    }
  }
  if (r.keyState === 'missing') throw unauthorized('invalid_api_key', 'Invalid API key.');
  if (r.keyState === 'revoked') throw keyRevoked({ name: r.keyName!, last6: r.last6! }, r.revokedAt!);
  if (r.keyState === 'expired') throw keyExpired({ name: r.keyName!, last6: r.last6! }, r.expiresAt!);
  if (r.keyState === 'stale') return null;
  if (r.failed) return r.failed;
  return {
    reservationId: input.reservationId,
    ensured: () => {},
    remaining: {
      keyUsd: headroomUsd(r.limitNano, r.keyAfter),
      keyResetsAt: period ? isoSeconds(windowEnd(period, now)) : null,
      budgetUsd: headroomUsd(ws.monthlyBudgetNano, r.wsAfter),
      balanceUsd: nanoToUsd(r.balanceNano) ?? 0,
    },
  };
}

// PostgreSQL: every admission of a workspace locks that workspace's month counter row. Many concurrent
// statements queued on one row lock make PostgreSQL wake every waiter at each commit (a thundering herd:
// 16 concurrent admissions measured ~4× slower than one after another). So each process sends one admission
// per workspace at a time and queues the rest in memory; other instances add at most one waiter each.
// (SQLite's transactions are synchronous: they are serialised already.)
const g = globalThis as typeof globalThis & { __keycapAdmitChains?: Map<string, Promise<unknown>> };
const chains = (g.__keycapAdmitChains ??= new Map<string, Promise<unknown>>());
function serialized<T>(workspaceId: string, fn: () => Promise<T>): Promise<T> {
  if (!isPg) return fn();
  const prev = chains.get(workspaceId) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  chains.set(workspaceId, tail);
  void tail.then(() => {
    if (chains.get(workspaceId) === tail) chains.delete(workspaceId);
  });
  return run;
}

/** Admits a request made with `key`, reserving `est` nano-dollars — or says why not, with every failing cause. */
export async function admit(key: AuthedKey, est: bigint, model: string | null, now = new Date(), origin?: string): Promise<AdmitResult> {
  maybeSweep(now.getTime());
  const ws = await workspaceRow(key.workspaceId);
  const expiresAt = new Date(now.getTime() + reservationTtlMs());
  try {
    // Keys with rate limits or an allowlist take the transaction path (the one statement covers spend only).
    const h = await serialized(ws.id, async () => {
      const fast = isPg && PG_ONE_STATEMENT && !hasLimits(key, ws) ? await admitOneStatement(key, ws, est, model, now, expiresAt) : null;
      if (typeof fast === 'string') throw new Rollback<Cause>(fast);
      return fast ?? (await tx(() => admitTx(key.id, ws, est, model, now, expiresAt, origin)));
    });
    h.ensured();
    return { allowed: true, reservationId: h.reservationId, reservedUsd: nanoToUsd(est) ?? 0, expiresAt: expiresAt.toISOString(), remaining: h.remaining, ...(h.rate ? { rate: h.rate } : {}) };
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
    keyUsd: headroomUsd(facts.key?.limitNano, facts.key),
    keyResetsAt: period ? isoSeconds(windowEnd(period, now)) : null,
    budgetUsd: headroomUsd(facts.budget?.budgetNano, facts.budget),
    balanceUsd: nanoToUsd((facts.balance?.balances ?? []).reduce((a, b) => a + b.balanceNano, 0n)) ?? 0,
  };
}
