// Group commit: several live usage events of one workspace written by ONE transaction with multi-row
// statements — the ledger rows, the reservations they settle, the counters, the credit buckets, the
// rollups and the threshold alerts. The same outcome as recording them one by one in arrival order
// (record.ts `chargeInTx`), at the cost of about one statement per table instead of ~8 per event.
//
// Anything irregular (a replay, a reservation that is not open or not the key's) throws BatchFallback:
// the transaction rolls back and every event of the batch goes through the single path, so errors and
// replays keep their exact per-request answers.
import { randomBytes } from 'node:crypto';
import { Prisma } from '../generated/prisma/client';
import type { UsageEvent } from '../generated/prisma/client';
import type { Tx } from '../db';
import { dayStart } from '../periods';
import { detectThresholds } from '../alerts/detect';
import { ensureBucketsOnce, payersFor, readBuckets, readBucketsLocked, type Bucket } from './buckets';
import { applyCounterOps, spendOps, type CounterOp } from './counters';
import { settleReservations } from './reservations';
import type { Priced, RecordInput } from './record';

export class BatchFallback extends Error {}

export interface BatchItem {
  input: RecordInput & { apiKeyId: string | null };
  priced: Priced;
  bodyHash: string;
}

// Ledger ids that sort in arrival order within a process (time, then a counter), then random.
let seq = 0;
const newId = () => `c${Date.now().toString(36)}${(seq++ % 1_679_616).toString(36).padStart(4, '0')}${randomBytes(8).toString('hex')}`;

/** The ledger row of an item as the single path would write it. */
function eventRow(it: BatchItem, workspaceId: string, currency: Bucket, at: Date): UsageEvent {
  const pt = it.input.promptTokens ?? null;
  const ct = it.input.completionTokens ?? null;
  const units = BigInt((pt ?? 0) + (ct ?? 0));
  const amount = it.priced.amountNano;
  return {
    id: newId(),
    workspaceId,
    apiKeyId: it.input.apiKeyId,
    requestId: it.input.requestId,
    model: it.input.model,
    sku: units > 0n ? `${it.input.model}-tokens` : `${it.input.model}-request`,
    unitType: units > 0n ? 'tokens' : 'request',
    units: units > 0n ? units : 1n,
    unitPriceNano: units > 0n ? amount / units : amount,
    amountNano: amount,
    inputNano: it.priced.inputNano,
    outputNano: it.priced.outputNano,
    currency,
    promptTokens: pt,
    completionTokens: ct,
    executionTimeMs: it.input.executionTimeMs ?? null,
    notes: it.input.notes ?? null,
    bodyHash: it.bodyHash,
    reservationId: it.input.reservationId ?? null,
    createdAt: at,
  };
}

export async function chargeBatchInTx(tx: Tx, workspaceId: string, diemAllocation: bigint | null, items: BatchItem[], at: Date) {
  const ensured = await ensureBucketsOnce(tx, workspaceId, diemAllocation, at);
  const amounts = items.map((it) => it.priced.amountNano);
  // 1. The ledger rows, with the payer guessed from an unlocked read (corrected in step 4 if it moved).
  const guess = payersFor(await readBuckets(tx, workspaceId, diemAllocation, at), amounts);
  const events = items.map((it, i) => eventRow(it, workspaceId, guess[i], at));
  const inserted = await tx.$queryRaw<{ id: string }[]>`INSERT INTO "UsageEvent" ("id", "workspaceId", "apiKeyId", "requestId", "model", "sku", "unitType", "units", "unitPriceNano", "amountNano", "inputNano", "outputNano", "currency", "promptTokens", "completionTokens", "executionTimeMs", "notes", "bodyHash", "reservationId", "createdAt")
    VALUES ${Prisma.join(
      events.map(
        (e) =>
          Prisma.sql`(${e.id}, ${e.workspaceId}, ${e.apiKeyId}, ${e.requestId}, ${e.model}, ${e.sku}, ${e.unitType}, ${e.units}, ${e.unitPriceNano}, ${e.amountNano}, ${e.inputNano}, ${e.outputNano}, ${e.currency}, ${e.promptTokens}, ${e.completionTokens}, ${e.executionTimeMs}, ${e.notes}, ${e.bodyHash}, ${e.reservationId}, ${e.createdAt})`,
      ),
    )}
    ON CONFLICT ("workspaceId", "requestId") DO NOTHING RETURNING "id"`;
  if (inserted.length !== items.length) throw new BatchFallback('a requestId was already recorded');

  // 2. The reservations they settle, each only with its own key.
  const ops: CounterOp[] = items.flatMap((it) => spendOps(workspaceId, it.input.apiKeyId, it.priced.amountNano, at));
  const pairs = items.filter((it) => it.input.reservationId).map((it) => ({ id: it.input.reservationId!, apiKeyId: it.input.apiKeyId! }));
  const closed = await settleReservations(tx, workspaceId, pairs, at);
  if (closed.length !== pairs.length) throw new BatchFallback('a reservation was not open, or not this key’s');
  const bucketRelease = new Map<string, bigint>();
  for (const r of closed) {
    ops.push(...r.ops);
    if (r.bucket && r.bucketEpoch) {
      const k = `${r.bucket}|${r.bucketEpoch.toISOString()}`;
      bucketRelease.set(k, (bucketRelease.get(k) ?? 0n) + r.estimateNano);
    }
  }

  // 3. Counters: one multi-row upsert, rows in canonical order (after the reservation rows, as the single path).
  await applyCounterOps(tx, workspaceId, ops);

  // 4. Credit buckets: locked, then each event pays in arrival order exactly as one-by-one settlement would.
  const buckets = await readBucketsLocked(tx, workspaceId, diemAllocation, at);
  const payers = payersFor(buckets, amounts);
  for (const row of buckets) {
    const k = `${row.bucket}|${row.epochStart.toISOString()}`;
    const charge = amounts.reduce((s, a, i) => (payers[i] === row.bucket ? s + a : s), 0n);
    const rel = bucketRelease.get(k) ?? 0n;
    bucketRelease.delete(k);
    if (charge === 0n && rel === 0n) continue;
    const n = await tx.$executeRaw`UPDATE "CreditBucket" SET "balanceNano" = "balanceNano" - ${charge},
      "reservedNano" = CASE WHEN "reservedNano" >= ${rel} THEN "reservedNano" - ${rel} ELSE ${0n} END
      WHERE "workspaceId" = ${workspaceId} AND "bucket" = ${row.bucket} AND "epochStart" = ${row.epochStart}`;
    // A row that does not exist (e.g. today's DIEM row not created yet) must not swallow a charge.
    if (n !== 1 && charge > 0n) throw new BatchFallback(`no ${row.bucket} bucket row to charge`);
  }
  for (const [k, rel] of bucketRelease) {
    const [b, iso] = k.split('|');
    await tx.$executeRaw`UPDATE "CreditBucket" SET "reservedNano" = CASE WHEN "reservedNano" >= ${rel} THEN "reservedNano" - ${rel} ELSE ${0n} END
      WHERE "workspaceId" = ${workspaceId} AND "bucket" = ${b} AND "epochStart" = ${new Date(iso)}`;
  }
  const moved = new Map<Bucket, string[]>();
  events.forEach((e, i) => {
    if (payers[i] === e.currency) return;
    e.currency = payers[i];
    moved.set(payers[i], [...(moved.get(payers[i]) ?? []), e.id]);
  });
  for (const [currency, ids] of moved)
    await tx.$executeRaw`UPDATE "UsageEvent" SET "currency" = ${currency} WHERE "id" IN (${Prisma.join(ids)})`;

  // 5. Daily rollups: one multi-row upsert (rows sorted, so concurrent writers lock them in one order).
  type Roll = { keyRef: string; model: string; currency: string; modelType: string; n: bigint; iu: bigint; ou: bigint; xu: bigint; i: bigint; o: bigint; x: bigint; t: bigint };
  const rolls = new Map<string, Roll>();
  events.forEach((e, idx) => {
    const keyRef = e.apiKeyId ?? '';
    const k = `${keyRef}|${e.model}|${e.currency}`;
    const r = rolls.get(k) ?? { keyRef, model: e.model, currency: e.currency, modelType: items[idx].priced.modelType, n: 0n, iu: 0n, ou: 0n, xu: 0n, i: 0n, o: 0n, x: 0n, t: 0n };
    r.n += 1n;
    r.iu += BigInt(e.promptTokens ?? 0);
    r.ou += BigInt(e.completionTokens ?? 0);
    r.xu += e.unitType === 'tokens' ? 0n : 1n;
    r.i += e.inputNano;
    r.o += e.outputNano;
    r.x += e.amountNano - e.inputNano - e.outputNano;
    r.t += e.amountNano;
    rolls.set(k, r);
  });
  const day = dayStart(at);
  await tx.$executeRaw`INSERT INTO "UsageDaily" ("workspaceId", "day", "keyRef", "model", "currency", "modelType", "requests", "inputUnits", "outputUnits", "otherUnits", "inputNano", "outputNano", "otherNano", "totalNano")
    VALUES ${Prisma.join([...rolls.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, r]) => r).map((r) => Prisma.sql`(${workspaceId}, ${day}, ${r.keyRef}, ${r.model}, ${r.currency}, ${r.modelType}, ${r.n}, ${r.iu}, ${r.ou}, ${r.xu}, ${r.i}, ${r.o}, ${r.x}, ${r.t})`))}
    ON CONFLICT ("workspaceId", "day", "keyRef", "model", "currency") DO UPDATE SET
      "requests" = "UsageDaily"."requests" + excluded."requests",
      "inputUnits" = "UsageDaily"."inputUnits" + excluded."inputUnits",
      "outputUnits" = "UsageDaily"."outputUnits" + excluded."outputUnits",
      "otherUnits" = "UsageDaily"."otherUnits" + excluded."otherUnits",
      "inputNano" = "UsageDaily"."inputNano" + excluded."inputNano",
      "outputNano" = "UsageDaily"."outputNano" + excluded."outputNano",
      "otherNano" = "UsageDaily"."otherNano" + excluded."otherNano",
      "totalNano" = "UsageDaily"."totalNano" + excluded."totalNano"`;

  // 6. Thresholds, once per key of the batch (the workspace budget with each), on the counters as they now are.
  for (const apiKeyId of new Set(items.map((it) => it.input.apiKeyId))) await detectThresholds(tx, { workspaceId, apiKeyId, at });
  return { events, ensured };
}
