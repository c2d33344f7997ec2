// Recording spend: one transaction writes the ledger row, the counters, the daily rollup, the credit
// bucket charge and the threshold alerts. Idempotent per (workspace, requestId).
import { createHash } from 'node:crypto';
import { db, type Tx } from '../db';
import { conflict, badRequest, notFound } from '../errors';
import { getPrice, costOf } from '../services/prices';
import { detectThresholds } from '../alerts/detect';
import type { UsageEvent } from '../generated/prisma/client';
import { ensureBucketsOnce, readBuckets, type Bucket } from './buckets';
import { workspaceRow } from './workspace-cache';
import { applyCounterOps, spendOps, type CounterOp } from './counters';
import { meteringTx, isUniqueViolation } from './tx';
import { closeReservation } from './reservations';
import { afterUsage } from './usage-hooks';
import { BatchFallback, chargeBatchInTx, type BatchItem } from './record-batch';
import { eventRow, holdKey, releaseHolds, upsertRollups } from './ledger-rows';
import { Prisma } from '../generated/prisma/client';

export interface RecordInput {
  workspaceId: string;
  apiKeyId: string | null;
  requestId: string;
  model: string;
  promptTokens?: number;
  completionTokens?: number;
  /** Explicit cost; when absent the cost comes from the workspace's price table. */
  costNano?: bigint;
  at?: Date;
  executionTimeMs?: number;
  notes?: string;
  reservationId?: string | null;
  /** Canonical hash of the caller's request body, for replay detection. Defaults to a hash of this input. */
  bodyHash?: string;
}

export const hashBody = (v: unknown) =>
  createHash('sha256').update(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))).digest('hex');

export interface Priced {
  amountNano: bigint;
  inputNano: bigint;
  outputNano: bigint;
  modelType: string;
}

async function price(input: RecordInput): Promise<Priced> {
  const p = await getPrice(input.workspaceId, input.model);
  if (input.costNano !== undefined) return { amountNano: input.costNano, inputNano: 0n, outputNano: 0n, modelType: p?.modelType ?? 'text' };
  if (!p) throw badRequest('model', `No price for model "${input.model}" in this workspace. Add one under Settings → Prices (or send costUsd).`, 'model_not_priced');
  return { ...costOf(p, input.promptTokens ?? 0, input.completionTokens ?? 0), modelType: p.modelType };
}

async function existing(workspaceId: string, requestId: string, bodyHash: string) {
  const ev = await db.usageEvent.findUnique({ where: { workspaceId_requestId: { workspaceId, requestId } } });
  if (!ev) return null;
  if (ev.bodyHash !== bodyHash)
    throw conflict('request_id_conflict', `requestId "${requestId}" was already recorded with a different body. Use a new requestId for a new request.`, 'requestId');
  return ev;
}

export interface Recorded {
  event: UsageEvent;
  replay: boolean;
}

export async function recordUsage(input: RecordInput): Promise<Recorded> {
  const bodyHash =
    input.bodyHash ??
    hashBody({ k: input.apiKeyId, m: input.model, p: input.promptTokens ?? null, c: input.completionTokens ?? null, cost: input.costNano ?? null, r: input.reservationId ?? null });
  // No pre-read for replays: the ledger INSERT is the first write, and its unique (workspaceId, requestId)
  // turns a replay into the catch in recordOne, which answers with the first result (or 409 for another body).
  let priced: Priced;
  try {
    priced = await price(input);
  } catch (e) {
    // A replay answers with its first result even if its model has lost its price since.
    const prior = await existing(input.workspaceId, input.requestId, bodyHash);
    if (prior) return { event: prior, replay: true };
    throw e;
  }
  // Live usage (no explicit time) is group-committed with the other live usage of its workspace.
  if (input.at === undefined && !(input.reservationId && !input.apiKeyId) && GROUP_COMMIT)
    return enqueue(input.workspaceId, { input: { ...input, apiKeyId: input.apiKeyId ?? null }, priced, bodyHash });
  const ws = await workspaceRow(input.workspaceId);
  return recordOne(input, priced, bodyHash, input.at ?? new Date(), ws.diemEpochAllocationNano);
}

/** The single path: one event, one transaction. */
async function recordOne(input: RecordInput, priced: Priced, bodyHash: string, at: Date, diem: bigint | null): Promise<Recorded> {
  try {
    const { event, ensured } = await meteringTx((tx) => chargeInTx(tx, input, priced, bodyHash, at, diem));
    ensured();
    afterUsage(input.workspaceId);
    return { event, replay: false };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const ev = await existing(input.workspaceId, input.requestId, bodyHash);
    if (!ev) throw e;
    return { event: ev, replay: true };
  }
}

// ---- group commit --------------------------------------------------------------------------------------
// Concurrent live usage of one workspace queues while that workspace's transaction is in flight; the next
// transaction writes the queue together (record-batch.ts). A lone event goes straight through the single
// path, so an idle server adds no latency. The promise of each event resolves only after its COMMIT.
const GROUP_COMMIT = process.env.KEYCAP_GROUP_COMMIT !== 'false';
const MAX_BATCH = 128;
interface Pending extends BatchItem {
  resolve: (r: Recorded) => void;
  reject: (e: unknown) => void;
}
// On globalThis: Next bundles this module once per route graph, and the gateway and /gate/settle should
// share one queue per workspace in a process.
const g = globalThis as typeof globalThis & { __keycapSettleQueues?: Map<string, Pending[]>; __keycapSettleFlushing?: Set<string> };
const queues = (g.__keycapSettleQueues ??= new Map<string, Pending[]>());
const flushing = (g.__keycapSettleFlushing ??= new Set<string>());
/** How group commit went in this process (for tests and the bench): batches written, events in them, batches that fell back. */
export const groupCommitStats = { batches: 0, events: 0, fallbacks: 0 };

function enqueue(workspaceId: string, item: BatchItem): Promise<Recorded> {
  return new Promise((resolve, reject) => {
    let q = queues.get(workspaceId);
    if (!q) queues.set(workspaceId, (q = []));
    q.push({ ...item, resolve, reject });
    if (!flushing.has(workspaceId)) void flush(workspaceId);
  });
}

/** Takes up to MAX_BATCH queued events, one per requestId (a repeat waits for the next round, where it replays). */
function take(q: Pending[]): Pending[] {
  const batch: Pending[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < q.length && batch.length < MAX_BATCH; ) {
    if (ids.has(q[i].input.requestId)) i++;
    else {
      ids.add(q[i].input.requestId);
      batch.push(q.splice(i, 1)[0]);
    }
  }
  return batch;
}

async function flush(workspaceId: string) {
  flushing.add(workspaceId);
  const q = queues.get(workspaceId)!;
  try {
    while (q.length) {
      const batch = take(q);
      const one = (p: Pending, diem: bigint | null) => recordOne(p.input, p.priced, p.bodyHash, new Date(), diem).then(p.resolve, p.reject);
      let diem: bigint | null;
      try {
        diem = (await workspaceRow(workspaceId)).diemEpochAllocationNano;
      } catch (e) {
        // Without the workspace row the payer cannot be known (DIEM allocation): fail these, keep serving.
        for (const p of batch) p.reject(e);
        continue;
      }
      try {
        if (batch.length === 1) {
          await one(batch[0], diem);
          continue;
        }
        const at = new Date();
        const { events, ensured } = await meteringTx((tx) => chargeBatchInTx(tx, workspaceId, diem, batch, at));
        ensured();
        afterUsage(workspaceId);
        groupCommitStats.batches++;
        groupCommitStats.events += batch.length;
        batch.forEach((p, i) => p.resolve({ event: events[i], replay: false }));
      } catch (e) {
        // Nothing of the batch was written: each event is recorded alone, with its own answer or error.
        groupCommitStats.fallbacks++;
        if (!(e instanceof BatchFallback) && !isUniqueViolation(e)) console.error('[metering] batch failed; recording its events one by one', e);
        for (const p of batch) await one(p, diem);
      }
    }
  } finally {
    flushing.delete(workspaceId);
    if (!q.length) queues.delete(workspaceId);
  }
}

async function chargeInTx(tx: Tx, input: RecordInput, priced: Priced, bodyHash: string, at: Date, diemAllocation: bigint | null): Promise<{ event: UsageEvent; ensured: () => void }> {
  const { workspaceId, apiKeyId } = input;
  // Which bucket pays: the first with a positive balance (DIEM -> BUNDLED_CREDITS -> USD); USD when none.
  // The read is a guess; the charge below re-checks "balance > 0" under the row lock, so concurrent settles
  // on PostgreSQL cannot all drain the same bucket: only the one request that crosses zero goes below it.
  const ensured = await ensureBucketsOnce(tx, workspaceId, diemAllocation, at);
  const buckets = await readBuckets(tx, workspaceId, diemAllocation, at);
  const guess: Bucket = buckets.find((b) => b.balanceNano > 0n)?.bucket ?? 'USD';
  // The ledger row goes first: its unique (workspaceId, requestId) makes a concurrent duplicate fail here.
  let event = await tx.usageEvent.create({ data: eventRow(input, priced, bodyHash, guess, at) });
  const ops: CounterOp[] = spendOps(workspaceId, apiKeyId, priced.amountNano, at);
  const holds = new Map<string, bigint>();
  if (input.reservationId) {
    const r = await closeReservation(tx, input.reservationId, 'SETTLED', at, { workspaceId, apiKeyId });
    // Not closed: already settled, released or expired (the usage is still recorded), or not this key's → 404.
    if (!r && (await tx.reservation.count({ where: { id: input.reservationId, workspaceId, ...(apiKeyId ? { apiKeyId } : {}) } })) === 0) throw notFound('Reservation');
    if (r) {
      ops.push(...r.ops);
      if (r.bucket && r.bucketEpoch) holds.set(holdKey(r.bucket, r.bucketEpoch), r.estimateNano);
    }
  }
  await applyCounterOps(tx, workspaceId, ops);
  // Charge the first bucket, from the guess on, that still has a positive balance; USD takes it otherwise.
  // The reservation's hold on the paying row is released in the same statement.
  let payer: Bucket = 'USD';
  for (const row of buckets.slice(buckets.findIndex((b) => b.bucket === guess))) {
    const k = holdKey(row.bucket, row.epochStart);
    const rel = holds.get(k) ?? 0n;
    const positiveOnly = row.bucket === 'USD' ? Prisma.empty : Prisma.sql` AND "balanceNano" > ${0n}`;
    const n = await tx.$executeRaw`UPDATE "CreditBucket" SET "balanceNano" = "balanceNano" - ${priced.amountNano},
      "reservedNano" = CASE WHEN "reservedNano" >= ${rel} THEN "reservedNano" - ${rel} ELSE ${0n} END
      WHERE "workspaceId" = ${workspaceId} AND "bucket" = ${row.bucket} AND "epochStart" = ${row.epochStart}${positiveOnly}`;
    if (n === 1) {
      payer = row.bucket;
      holds.delete(k);
      break;
    }
  }
  if (payer !== guess) event = await tx.usageEvent.update({ where: { id: event.id }, data: { currency: payer } });
  // Holds on rows that did not pay (another bucket, or a DIEM row of an earlier day) are released there.
  await releaseHolds(tx, workspaceId, holds);
  await upsertRollups(tx, workspaceId, [{ event, modelType: priced.modelType }]);
  await detectThresholds(tx, { workspaceId, apiKeyId, at });
  return { event, ensured };
}
