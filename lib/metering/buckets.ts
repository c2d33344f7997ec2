// Credit buckets, consumed in the order DIEM -> BUNDLED_CREDITS -> USD. USD and BUNDLED_CREDITS have one
// row each (epoch 1970-01-01); DIEM has one row per UTC day, created with the workspace's epoch allocation.
import { Prisma } from '../generated/prisma/client';
import { provider, type Tx } from '../db';
import { toBig } from '../money';
import { dayStart, EPOCH } from '../periods';

export const BUCKETS = ['DIEM', 'BUNDLED_CREDITS', 'USD'] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface BucketRow {
  bucket: Bucket;
  epochStart: Date;
  balanceNano: bigint;
  reservedNano: bigint;
}

export const bucketEpoch = (bucket: Bucket, at: Date) => (bucket === 'DIEM' ? dayStart(at) : EPOCH);

/** Makes sure today's rows exist (DIEM refilled with the allocation on the first touch of a new UTC day). */
export async function ensureBuckets(tx: Tx, workspaceId: string, diemAllocationNano: bigint | null, at: Date) {
  const rows = [Prisma.sql`(${workspaceId}, 'USD', ${EPOCH}, ${0n}, ${0n})`, Prisma.sql`(${workspaceId}, 'BUNDLED_CREDITS', ${EPOCH}, ${0n}, ${0n})`];
  if (diemAllocationNano !== null && at.getTime() >= dayStart(new Date()).getTime())
    rows.push(Prisma.sql`(${workspaceId}, 'DIEM', ${dayStart(at)}, ${diemAllocationNano}, ${0n})`);
  await tx.$executeRaw`INSERT INTO "CreditBucket" ("workspaceId", "bucket", "epochStart", "balanceNano", "reservedNano")
    VALUES ${Prisma.join(rows)} ON CONFLICT ("workspaceId", "bucket", "epochStart") DO NOTHING`;
}

/** Current rows in consumption order. DIEM (only with an allocation) reads as the full allocation until first used that day. */
export async function readBuckets(tx: Tx, workspaceId: string, diemAllocationNano: bigint | null, at: Date): Promise<BucketRow[]> {
  const keys = BUCKETS.filter((b) => b !== 'DIEM' || diemAllocationNano !== null).map((b) => ({ bucket: b, epochStart: bucketEpoch(b, at) }));
  const rows = await tx.creditBucket.findMany({ where: { workspaceId, OR: keys } });
  return keys.map((k) => {
    const r = rows.find((x) => x.bucket === k.bucket);
    const fallback = k.bucket === 'DIEM' ? (diemAllocationNano ?? 0n) : 0n;
    return { bucket: k.bucket, epochStart: k.epochStart, balanceNano: r?.balanceNano ?? fallback, reservedNano: r?.reservedNano ?? 0n };
  });
}

/** The bucket the next charge goes to: the first with a positive balance; USD when none is. */
export function chargeBucket(rows: BucketRow[]): BucketRow | null {
  return rows.find((r) => r.balanceNano > 0n) ?? null;
}

// Bucket rows exist once per workspace (and per UTC day for DIEM). A process remembers which it has already
// ensured, but only after the ensuring transaction committed (a rolled-back insert left nothing behind).
const ensured = new Set<string>();

/** ensureBuckets once per (workspace, allocation, day) per process. Call the returned function after COMMIT. */
export async function ensureBucketsOnce(tx: Tx, workspaceId: string, diemAllocationNano: bigint | null, at: Date): Promise<() => void> {
  const k = `${workspaceId}|${diemAllocationNano ?? ''}|${bucketEpoch('DIEM', at).getTime()}`;
  if (ensured.has(k)) return () => {};
  await ensureBuckets(tx, workspaceId, diemAllocationNano, at);
  return () => {
    if (ensured.size > 50_000) ensured.clear();
    ensured.add(k);
  };
}

/**
 * readBuckets with the rows locked until COMMIT on PostgreSQL (SELECT … FOR UPDATE), so a batch can decide
 * who pays from balances no concurrent transaction can change under it. On SQLite the write transaction
 * already excludes every other writer.
 */
export async function readBucketsLocked(tx: Tx, workspaceId: string, diemAllocationNano: bigint | null, at: Date): Promise<BucketRow[]> {
  if (provider !== 'postgresql') return readBuckets(tx, workspaceId, diemAllocationNano, at);
  const keys = BUCKETS.filter((b) => b !== 'DIEM' || diemAllocationNano !== null).map((b) => ({ bucket: b, epochStart: bucketEpoch(b, at) }));
  const rows = await tx.$queryRaw<{ bucket: string; epochStart: Date; balanceNano: unknown; reservedNano: unknown }[]>`
    SELECT "bucket", "epochStart", "balanceNano", "reservedNano" FROM "CreditBucket"
    WHERE "workspaceId" = ${workspaceId} AND (${Prisma.join(keys.map((k) => Prisma.sql`("bucket" = ${k.bucket} AND "epochStart" = ${k.epochStart})`), ' OR ')})
    ORDER BY CASE "bucket" WHEN 'DIEM' THEN 0 WHEN 'BUNDLED_CREDITS' THEN 1 ELSE 2 END FOR UPDATE`;
  return keys.map((k) => {
    const r = rows.find((x) => x.bucket === k.bucket);
    const fallback = k.bucket === 'DIEM' ? (diemAllocationNano ?? 0n) : 0n;
    return { bucket: k.bucket, epochStart: k.epochStart, balanceNano: r ? toBig(r.balanceNano) : fallback, reservedNano: r ? toBig(r.reservedNano) : 0n };
  });
}

/** Who pays each amount, in order: the first bucket with a positive balance at its turn; USD when none. */
export function payersFor(rows: BucketRow[], amounts: bigint[]): Bucket[] {
  const bal = rows.map((r) => r.balanceNano);
  const usd = rows.findIndex((r) => r.bucket === 'USD');
  return amounts.map((a) => {
    const i = bal.findIndex((b) => b > 0n);
    const at = i >= 0 ? i : usd;
    bal[at] -= a;
    return rows[at].bucket;
  });
}
