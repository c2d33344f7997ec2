// Recording spend: pricing, then one transaction per event (charge.ts chargeOne), or — for concurrent live
// usage of one workspace — one transaction for the whole queue (group commit, chargeBatch). Idempotent per
// (workspace, requestId): a replay answers with the first result, another body with the same id is a 409.
import { createHash } from 'node:crypto';
import { badRequest } from '../errors';
import { read, tx } from '../store/tx';
import { eventByRequestId } from '../store/ledger';
import { Rollback } from '../store/sql';
import { conflict } from '../errors';
import { costOf, getPrice, workspaceRow } from './lookups';
import { afterUsage } from './usage-hooks';
import { BatchFallback, chargeBatch, chargeOne, type Charged, type Item } from './charge';
import type { Priced, RecordInput, Recorded } from './types';
import { groupCommitEnabled } from '../config';
import { usageCommitted } from '../ops/metrics';
import { log } from '../ops/log';

export type { RecordInput, Recorded };

export const hashBody = (v: unknown) =>
  createHash('sha256').update(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))).digest('hex');

async function price(input: RecordInput): Promise<Priced> {
  const p = await getPrice(input.workspaceId, input.model);
  if (input.costNano !== undefined) return { amountNano: input.costNano, inputNano: 0n, outputNano: 0n, modelType: p?.modelType ?? 'text' };
  if (!p) throw badRequest('model', `No price for model "${input.model}" in this workspace. Add one under Settings → Prices (or send costUsd).`, 'model_not_priced');
  return { ...costOf(p, input.promptTokens ?? 0, input.completionTokens ?? 0), modelType: p.modelType };
}

async function existing(workspaceId: string, requestId: string, bodyHash: string) {
  const ev = await read(eventByRequestId(workspaceId, requestId));
  if (!ev) return null;
  if (ev.bodyHash !== bodyHash)
    throw conflict('request_id_conflict', `requestId "${requestId}" was already recorded with a different body. Use a new requestId for a new request.`, 'requestId');
  return ev;
}

export async function recordUsage(input: RecordInput): Promise<Recorded> {
  const bodyHash =
    input.bodyHash ??
    hashBody({ k: input.apiKeyId, m: input.model, p: input.promptTokens ?? null, c: input.completionTokens ?? null, cost: input.costNano ?? null, r: input.reservationId ?? null });
  let priced: Priced;
  try {
    priced = await price(input);
  } catch (e) {
    // A replay answers with its first result even if its model has lost its price since.
    const prior = await existing(input.workspaceId, input.requestId, bodyHash);
    if (prior) return { event: prior, replay: true };
    throw e;
  }
  const item: Item = { input, priced, bodyHash };
  // Live usage (no explicit time) is group-committed with the other live usage of its workspace.
  if (input.at === undefined && GROUP_COMMIT) return enqueue(input.workspaceId, item);
  return recordOne(item, input.at ?? new Date());
}

const done = (c: Charged): Recorded => ({ event: c.event, replay: c.replay, remaining: c.remaining });

/** The single path: one event, one transaction. */
async function recordOne(item: Item, at: Date): Promise<Recorded> {
  const ws = await workspaceRow(item.input.workspaceId);
  for (let attempt = 0; ; attempt++) {
    try {
      const c = await tx(() => chargeOne(item, at, ws));
      c.ensured();
      afterUsage(item.input.workspaceId);
      usageCommitted(item.input.workspaceId, [c]);
      return done(c);
    } catch (e) {
      if (e instanceof Rollback) return done(e.value as Charged);
      // A concurrent insert of the same requestId that was not visible yet: try once more.
      if (e instanceof BatchFallback && attempt < 2) continue;
      throw e;
    }
  }
}

// ---- group commit --------------------------------------------------------------------------------------
// Concurrent live usage of one workspace queues while that workspace's transaction is in flight; the next
// transaction writes the queue together. A lone event goes straight through the single path, so an idle
// server adds no latency. The promise of each event resolves only after its COMMIT.
const GROUP_COMMIT = groupCommitEnabled();
const MAX_BATCH = 256;
interface Pending extends Item {
  resolve: (r: Recorded) => void;
  reject: (e: unknown) => void;
}
// On globalThis: one queue per workspace per process, whichever bundle records.
const g = globalThis as typeof globalThis & { __keycapSettleQueues?: Map<string, Pending[]>; __keycapSettleFlushing?: Set<string>; __keycapGroupStats?: typeof stats };
const queues = (g.__keycapSettleQueues ??= new Map<string, Pending[]>());
const flushing = (g.__keycapSettleFlushing ??= new Set<string>());
const stats = { batches: 0, events: 0, fallbacks: 0 };
/** How group commit went in this process (for tests and the bench): batches written, events in them, batches that fell back. */
export const groupCommitStats = (g.__keycapGroupStats ??= stats);

function enqueue(workspaceId: string, item: Item): Promise<Recorded> {
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
    // Let the requests that arrive in this same turn of the event loop join the first batch.
    await new Promise<void>((r) => setImmediate(r));
    while (q.length) {
      const batch = take(q);
      const one = (p: Pending) => recordOne(p, new Date()).then(p.resolve, p.reject);
      if (batch.length === 1) {
        await one(batch[0]);
        continue;
      }
      try {
        const ws = await workspaceRow(workspaceId);
        const { charged, ensured } = await tx(() => chargeBatch(batch, new Date(), workspaceId, ws));
        ensured();
        afterUsage(workspaceId);
        usageCommitted(workspaceId, charged);
        groupCommitStats.batches++;
        groupCommitStats.events += batch.length;
        batch.forEach((p, i) => p.resolve(done(charged[i])));
      } catch (e) {
        // Nothing of the batch was written: each event is recorded alone, with its own answer or error.
        groupCommitStats.fallbacks++;
        if (!(e instanceof BatchFallback)) log.error({ err: e, workspaceId, events: batch.length }, 'usage batch failed; recording its events one by one');
        for (const p of batch) await one(p);
      }
    }
  } finally {
    flushing.delete(workspaceId);
    if (!q.length) queues.delete(workspaceId);
  }
}
