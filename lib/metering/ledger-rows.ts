// What a usage event writes besides the counters, shared by the single path (record.ts) and group commit
// (record-batch.ts): the ledger row, the daily rollup rows, and releasing reservation holds on buckets.
import { randomBytes } from 'node:crypto';
import { Prisma } from '../generated/prisma/client';
import type { UsageEvent } from '../generated/prisma/client';
import type { Tx } from '../db';
import { dayStart } from '../periods';
import type { Bucket } from './buckets';
import type { Priced, RecordInput } from './record';

// Ledger ids that sort in arrival order within a process (time, then a counter), then random.
let seq = 0;
const newId = () => `c${Date.now().toString(36)}${(seq++ % 1_679_616).toString(36).padStart(4, '0')}${randomBytes(8).toString('hex')}`;

/** The ledger row of one usage event. */
export function eventRow(input: RecordInput, priced: Priced, bodyHash: string, currency: Bucket, at: Date): UsageEvent {
  const pt = input.promptTokens ?? null;
  const ct = input.completionTokens ?? null;
  const units = BigInt((pt ?? 0) + (ct ?? 0));
  const amount = priced.amountNano;
  return {
    id: newId(),
    workspaceId: input.workspaceId,
    apiKeyId: input.apiKeyId,
    requestId: input.requestId,
    model: input.model,
    sku: units > 0n ? `${input.model}-tokens` : `${input.model}-request`,
    unitType: units > 0n ? 'tokens' : 'request',
    units: units > 0n ? units : 1n,
    unitPriceNano: units > 0n ? amount / units : amount,
    amountNano: amount,
    inputNano: priced.inputNano,
    outputNano: priced.outputNano,
    currency,
    promptTokens: pt,
    completionTokens: ct,
    executionTimeMs: input.executionTimeMs ?? null,
    notes: input.notes ?? null,
    bodyHash,
    reservationId: input.reservationId ?? null,
    createdAt: at,
  };
}

/** Adds events (with their final currency) to the daily rollups: one multi-row upsert, rows in a fixed order. */
export async function upsertRollups(tx: Tx, workspaceId: string, events: { event: UsageEvent; modelType: string }[]) {
  type Roll = { day: Date; keyRef: string; model: string; currency: string; modelType: string; n: bigint; iu: bigint; ou: bigint; xu: bigint; i: bigint; o: bigint; x: bigint; t: bigint };
  const rolls = new Map<string, Roll>();
  for (const { event: e, modelType } of events) {
    const day = dayStart(e.createdAt);
    const keyRef = e.apiKeyId ?? '';
    const k = `${day.toISOString()}|${keyRef}|${e.model}|${e.currency}`;
    const r = rolls.get(k) ?? { day, keyRef, model: e.model, currency: e.currency, modelType, n: 0n, iu: 0n, ou: 0n, xu: 0n, i: 0n, o: 0n, x: 0n, t: 0n };
    r.n += 1n;
    r.iu += BigInt(e.promptTokens ?? 0);
    r.ou += BigInt(e.completionTokens ?? 0);
    r.xu += e.unitType === 'tokens' ? 0n : 1n;
    r.i += e.inputNano;
    r.o += e.outputNano;
    r.x += e.amountNano - e.inputNano - e.outputNano;
    r.t += e.amountNano;
    rolls.set(k, r);
  }
  const rows = [...rolls.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  if (!rows.length) return;
  await tx.$executeRaw`INSERT INTO "UsageDaily" ("workspaceId", "day", "keyRef", "model", "currency", "modelType", "requests", "inputUnits", "outputUnits", "otherUnits", "inputNano", "outputNano", "otherNano", "totalNano")
    VALUES ${Prisma.join(rows.map((r) => Prisma.sql`(${workspaceId}, ${r.day}, ${r.keyRef}, ${r.model}, ${r.currency}, ${r.modelType}, ${r.n}, ${r.iu}, ${r.ou}, ${r.xu}, ${r.i}, ${r.o}, ${r.x}, ${r.t})`))}
    ON CONFLICT ("workspaceId", "day", "keyRef", "model", "currency") DO UPDATE SET
      "requests" = "UsageDaily"."requests" + excluded."requests",
      "inputUnits" = "UsageDaily"."inputUnits" + excluded."inputUnits",
      "outputUnits" = "UsageDaily"."outputUnits" + excluded."outputUnits",
      "otherUnits" = "UsageDaily"."otherUnits" + excluded."otherUnits",
      "inputNano" = "UsageDaily"."inputNano" + excluded."inputNano",
      "outputNano" = "UsageDaily"."outputNano" + excluded."outputNano",
      "otherNano" = "UsageDaily"."otherNano" + excluded."otherNano",
      "totalNano" = "UsageDaily"."totalNano" + excluded."totalNano"`;
}

/** Bucket-row key for hold maps: `${bucket}|${epoch ISO}`. */
export const holdKey = (bucket: string, epoch: Date) => `${bucket}|${epoch.toISOString()}`;

/** Releases reservation holds (never below 0) on the bucket rows in `holds` (keyed by holdKey). */
export async function releaseHolds(tx: Tx, workspaceId: string, holds: Map<string, bigint>) {
  for (const [k, rel] of holds) {
    const [bucket, iso] = k.split('|');
    await tx.$executeRaw`UPDATE "CreditBucket" SET "reservedNano" = CASE WHEN "reservedNano" >= ${rel} THEN "reservedNano" - ${rel} ELSE ${0n} END
      WHERE "workspaceId" = ${workspaceId} AND "bucket" = ${bucket} AND "epochStart" = ${new Date(iso)}`;
  }
}
