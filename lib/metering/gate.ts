// The gate: admission (authorize), settlement and release for a request made with a key.
// Checks run in the product.md order, and the estimate is reserved in the same atomic step:
// conditional UPDATEs on the counter rows, so concurrent requests cannot all pass on the same headroom.
import { db } from '../db';
import { AppError, badRequest, notFound } from '../errors';
import { maxBig, nanoToUsd, usdToNano } from '../money';
import { isoSeconds, isPeriod, monthStart, windowEnd, windowStart, type Period } from '../periods';
import { reservationTtlMs } from '../config';
import { FALLBACK_RESERVE_NANO, getPrice } from '../services/prices';
import type { AuthedKey } from '../api/auth-key';
import { reserveOnCounter } from './counters';
import type { Workspace } from '../generated/prisma/client';
import { BUCKETS, ensureBucketsOnce, readBuckets, bucketEpoch, type Bucket } from './buckets';
import { workspaceRow } from './workspace-cache';
import { refusal, type Cause, type RefusalFacts } from './refusal';
import { windowSpend, windowSpends, wsSubject } from './spend';
import { meteringTx } from './tx';
import { maybeSweep, releaseReservation } from './reservations';
import { hashBody, recordUsage } from './record';

export interface Remaining {
  keyUsd: number | null;
  keyResetsAt: string | null;
  budgetUsd: number | null;
  balanceUsd: number;
}

export interface Authorization {
  allowed: true;
  reservationId: string;
  reservedUsd: number;
  expiresAt: string;
  remaining: Remaining;
}

export async function estimateNano(workspaceId: string, input: { model?: string; maxTokens?: number; estimatedCostUsd?: number; promptTokens?: number }): Promise<bigint> {
  if (input.estimatedCostUsd !== undefined) {
    const n = usdToNano(input.estimatedCostUsd);
    if (n === null) throw badRequest('estimatedCostUsd', 'estimatedCostUsd must be a USD amount between 0 and 1e9.');
    return n;
  }
  const price = input.model ? await getPrice(workspaceId, input.model) : null;
  if (price && input.maxTokens !== undefined)
    return BigInt(input.maxTokens) * price.outputNanoPerToken + BigInt(input.promptTokens ?? 0) * price.inputNanoPerToken;
  return price?.defaultReserveNano ?? FALLBACK_RESERVE_NANO;
}

const keyPeriodOf = (key: AuthedKey): Period | null => (key.spendLimitNano !== null && isPeriod(key.spendLimitPeriod) ? key.spendLimitPeriod : null);

class Refused extends Error {
  constructor(public failed: Cause) {
    super(failed);
  }
}

/** Admits a request made with `key`, reserving `est` nano-dollars, or throws the 402 refusal. */
export async function admit(key: AuthedKey, est: bigint, model: string | null, now = new Date()): Promise<Authorization> {
  maybeSweep(now.getTime());
  const ws = await workspaceRow(key.workspaceId);
  const period = keyPeriodOf(key);
  const keyRow = period ? { subject: key.id, period, windowStart: windowStart(period, now) } : null;
  const wsRow = { subject: wsSubject(ws.id), period: 'monthly' as const, windowStart: monthStart(now) };
  const expiresAt = new Date(now.getTime() + reservationTtlMs());
  let committed = () => {};
  try {
    const { res, keyAfter, wsAfter } = await meteringTx(async (tx) => {
      // 2. key window spend + open reservations < spendLimit (reserving in the same statement)
      const keyAfter = keyRow ? await reserveOnCounter(tx, ws.id, keyRow, est, key.spendLimitNano) : null;
      if (keyRow && !keyAfter) throw new Refused('key_spend_limit_exceeded');
      // 3. workspace month spend + open reservations < budget
      const wsAfter = await reserveOnCounter(tx, ws.id, wsRow, est, ws.monthlyBudgetNano);
      if (!wsAfter) throw new Refused('spend_budget_exceeded');
      // 4. the first credit bucket with headroom holds the reservation
      committed = await ensureBucketsOnce(tx, ws.id, ws.diemEpochAllocationNano, now);
      let bucket: Bucket | null = null;
      for (const b of BUCKETS) {
        if (b === 'DIEM' && ws.diemEpochAllocationNano === null) continue;
        const n = await tx.$executeRaw`UPDATE "CreditBucket" SET "reservedNano" = "reservedNano" + ${est}
          WHERE "workspaceId" = ${ws.id} AND "bucket" = ${b} AND "epochStart" = ${bucketEpoch(b, now)} AND "balanceNano" - "reservedNano" > ${0n}`;
        if (n === 1) {
          bucket = b;
          break;
        }
      }
      if (!bucket) throw new Refused('insufficient_balance');
      const res = await tx.reservation.create({
        data: {
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
        },
      });
      return { res, keyAfter, wsAfter };
    });
    committed();
    const remaining: Remaining = {
      keyUsd: keyAfter && key.spendLimitNano !== null ? nanoToUsd(maxBig(0n, key.spendLimitNano - keyAfter.spentNano - keyAfter.reservedNano)) : null,
      keyResetsAt: period ? isoSeconds(windowEnd(period, now)) : null,
      budgetUsd: ws.monthlyBudgetNano !== null ? nanoToUsd(maxBig(0n, ws.monthlyBudgetNano - wsAfter.spentNano - wsAfter.reservedNano)) : null,
      balanceUsd: await balanceUsd(ws, now),
    };
    return { allowed: true, reservationId: res.id, reservedUsd: nanoToUsd(est) ?? 0, expiresAt: res.expiresAt.toISOString(), remaining };
  } catch (e) {
    if (e instanceof Refused) throw await buildRefusal(key, e.failed, now);
    throw e;
  }
}

async function balanceUsd(ws: Workspace, now: Date): Promise<number> {
  const buckets = await readBuckets(db, ws.id, ws.diemEpochAllocationNano, now);
  return nanoToUsd(buckets.reduce((a, b) => a + b.balanceNano, 0n)) ?? 0;
}

/** Every failing cause, read fresh, primary first (product.md order). */
export async function blockingCauses(key: AuthedKey, now = new Date()): Promise<{ causes: Cause[]; facts: RefusalFacts }> {
  const ws = await db.workspace.findUniqueOrThrow({ where: { id: key.workspaceId } });
  const facts: RefusalFacts = { slug: ws.slug, causes: [] };
  const period = keyPeriodOf(key);
  if (period && key.spendLimitNano !== null) {
    const s = await windowSpend(key.id, period, now);
    facts.key = { keyId: key.id, keyName: key.name, limitNano: key.spendLimitNano, spentNano: s.spentNano, reservedNano: s.reservedNano, period, resetsAt: s.resetsAt };
    if (s.spentNano + s.reservedNano >= key.spendLimitNano) facts.causes.push('key_spend_limit_exceeded');
  }
  if (ws.monthlyBudgetNano !== null) {
    const s = await windowSpend(wsSubject(ws.id), 'monthly', now);
    facts.budget = { workspaceName: ws.name, budgetNano: ws.monthlyBudgetNano, spentNano: s.spentNano, reservedNano: s.reservedNano, resetsAt: s.resetsAt };
    if (s.spentNano + s.reservedNano >= ws.monthlyBudgetNano) facts.causes.push('spend_budget_exceeded');
  }
  const buckets = await readBuckets(db, ws.id, ws.diemEpochAllocationNano, now);
  facts.balance = { workspaceName: ws.name, balances: buckets.map((b) => ({ bucket: b.bucket, balanceNano: b.balanceNano, reservedNano: b.reservedNano })) };
  if (buckets.every((b) => b.balanceNano - b.reservedNano <= 0n)) facts.causes.push('insufficient_balance');
  return { causes: facts.causes, facts };
}

async function buildRefusal(key: AuthedKey, failed: Cause, now: Date): Promise<AppError> {
  const { causes, facts } = await blockingCauses(key, now);
  // The atomic check failed on `failed`; a concurrent release may have freed it since, but it stays the reason.
  if (!causes.includes(failed)) causes.unshift(failed);
  facts.causes = causes;
  return refusal(facts);
}

export async function remainingFor(key: AuthedKey, now = new Date()): Promise<Remaining> {
  const ws = await workspaceRow(key.workspaceId);
  const period = keyPeriodOf(key);
  const pairs = [...(period ? [{ subject: key.id, period }] : []), ...(ws.monthlyBudgetNano !== null ? [{ subject: wsSubject(ws.id), period: 'monthly' as const }] : [])];
  const [spends, balance] = await Promise.all([windowSpends(pairs, now), balanceUsd(ws, now)]);
  const keyS = period ? spends[0] : null;
  const wsS = ws.monthlyBudgetNano !== null ? spends[spends.length - 1] : null;
  return {
    keyUsd: keyS && key.spendLimitNano !== null ? nanoToUsd(maxBig(0n, key.spendLimitNano - keyS.spentNano - keyS.reservedNano)) : null,
    keyResetsAt: period ? isoSeconds(windowEnd(period, now)) : null,
    budgetUsd: wsS && ws.monthlyBudgetNano !== null ? nanoToUsd(maxBig(0n, ws.monthlyBudgetNano - wsS.spentNano - wsS.reservedNano)) : null,
    balanceUsd: balance,
  };
}

export function headroomHeaders(r: Remaining): Record<string, string> {
  return {
    'x-keycap-key-remaining-usd': r.keyUsd === null ? 'unlimited' : String(r.keyUsd),
    ...(r.keyResetsAt ? { 'x-keycap-key-resets-at': r.keyResetsAt } : {}),
    'x-keycap-budget-remaining-usd': r.budgetUsd === null ? 'unlimited' : String(r.budgetUsd),
    'x-keycap-balance-usd': String(r.balanceUsd),
  };
}

export interface SettleInput {
  reservationId?: string;
  requestId: string;
  model: string;
  usage?: { promptTokens: number; completionTokens: number };
  costUsd?: number;
  executionTimeMs?: number;
}

export async function settle(key: AuthedKey, input: SettleInput) {
  // A reservationId of another key or workspace is a 404 (checked inside recordUsage's transaction).
  let costNano: bigint | undefined;
  if (input.costUsd !== undefined) {
    const n = usdToNano(input.costUsd);
    if (n === null) throw badRequest('costUsd', 'costUsd must be a USD amount between 0 and 1e9.');
    costNano = n;
  }
  const { event, replay } = await recordUsage({
    workspaceId: key.workspaceId,
    apiKeyId: key.id,
    requestId: input.requestId,
    model: input.model,
    promptTokens: input.usage?.promptTokens,
    completionTokens: input.usage?.completionTokens,
    costNano,
    reservationId: input.reservationId ?? null,
    executionTimeMs: input.executionTimeMs,
    bodyHash: hashBody({ k: key.id, r: input.reservationId ?? null, m: input.model, u: input.usage ?? null, c: input.costUsd ?? null }),
  });
  return {
    settled: true,
    replay,
    requestId: event.requestId,
    eventId: event.id,
    reservationId: event.reservationId,
    model: event.model,
    costUsd: nanoToUsd(event.amountNano),
    currency: event.currency,
    recordedAt: event.createdAt.toISOString(),
  };
}

export async function release(key: AuthedKey, reservationId: string) {
  const r = await db.reservation.findFirst({ where: { id: reservationId, workspaceId: key.workspaceId, apiKeyId: key.id } });
  if (!r) throw notFound('Reservation');
  const released = r.status === 'OPEN' ? await releaseReservation(r.id) : false;
  const now = await db.reservation.findUniqueOrThrow({ where: { id: r.id } });
  return { released, reservationId: r.id, status: now.status };
}

export { AppError };
