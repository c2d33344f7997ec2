// Group commit: several live usage events of one workspace written by ONE transaction with multi-row
// statements — the ledger rows, the reservations they settle, the counters, the credit buckets, the
// rollups and the threshold alerts. The same outcome as recording them one by one in arrival order
// (record.ts `chargeInTx`), at the cost of about one statement per table instead of ~8 per event.
//
// Anything irregular (a replay, a reservation that is not open or not the key's) throws BatchFallback:
// the transaction rolls back and every event of the batch goes through the single path, so errors and
// replays keep their exact per-request answers.
import { Prisma } from '../generated/prisma/client';
import type { Tx } from '../db';
import { detectThresholds } from '../alerts/detect';
import { ensureBucketsOnce, payersFor, readBuckets, readBucketsLocked, type Bucket } from './buckets';
import { applyCounterOps, spendOps, type CounterOp } from './counters';
import { settleReservations } from './reservations';
import { eventRow, holdKey, releaseHolds, upsertRollups } from './ledger-rows';
import type { Priced, RecordInput } from './record';

export class BatchFallback extends Error {}

export interface BatchItem {
  input: RecordInput & { apiKeyId: string | null };
  priced: Priced;
  bodyHash: string;
}

export async function chargeBatchInTx(tx: Tx, workspaceId: string, diemAllocation: bigint | null, items: BatchItem[], at: Date) {
  const ensured = await ensureBucketsOnce(tx, workspaceId, diemAllocation, at);
  const amounts = items.map((it) => it.priced.amountNano);
  // 1. The ledger rows, with the payer guessed from an unlocked read (corrected in step 4 if it moved).
  const guess = payersFor(await readBuckets(tx, workspaceId, diemAllocation, at), amounts);
  const events = items.map((it, i) => eventRow(it.input, it.priced, it.bodyHash, guess[i], at));
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
  const holds = new Map<string, bigint>();
  for (const r of closed) {
    ops.push(...r.ops);
    if (r.bucket && r.bucketEpoch) {
      const k = holdKey(r.bucket, r.bucketEpoch);
      holds.set(k, (holds.get(k) ?? 0n) + r.estimateNano);
    }
  }

  // 3. Counters: one multi-row upsert, rows in canonical order (after the reservation rows, as the single path).
  await applyCounterOps(tx, workspaceId, ops);

  // 4. Credit buckets: locked, then each event pays in arrival order exactly as one-by-one settlement would.
  const buckets = await readBucketsLocked(tx, workspaceId, diemAllocation, at);
  const payers = payersFor(buckets, amounts);
  for (const row of buckets) {
    const k = holdKey(row.bucket, row.epochStart);
    const charge = amounts.reduce((s, a, i) => (payers[i] === row.bucket ? s + a : s), 0n);
    const rel = holds.get(k) ?? 0n;
    holds.delete(k);
    if (charge === 0n && rel === 0n) continue;
    const n = await tx.$executeRaw`UPDATE "CreditBucket" SET "balanceNano" = "balanceNano" - ${charge},
      "reservedNano" = CASE WHEN "reservedNano" >= ${rel} THEN "reservedNano" - ${rel} ELSE ${0n} END
      WHERE "workspaceId" = ${workspaceId} AND "bucket" = ${row.bucket} AND "epochStart" = ${row.epochStart}`;
    // A row that does not exist (e.g. today's DIEM row not created yet) must not swallow a charge.
    if (n !== 1 && charge > 0n) throw new BatchFallback(`no ${row.bucket} bucket row to charge`);
  }
  await releaseHolds(tx, workspaceId, holds);
  const moved = new Map<Bucket, string[]>();
  events.forEach((e, i) => {
    if (payers[i] === e.currency) return;
    e.currency = payers[i];
    moved.set(payers[i], [...(moved.get(payers[i]) ?? []), e.id]);
  });
  for (const [currency, ids] of moved)
    await tx.$executeRaw`UPDATE "UsageEvent" SET "currency" = ${currency} WHERE "id" IN (${Prisma.join(ids)})`;

  // 5. Daily rollups: one multi-row upsert.
  await upsertRollups(tx, workspaceId, events.map((event, i) => ({ event, modelType: items[i].priced.modelType })));

  // 6. Thresholds, once per key of the batch (the workspace budget with each), on the counters as they now are.
  for (const apiKeyId of new Set(items.map((it) => it.input.apiKeyId))) await detectThresholds(tx, { workspaceId, apiKeyId, at });
  return { events, ensured };
}
