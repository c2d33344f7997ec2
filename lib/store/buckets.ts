// CreditBucket statements: the only writer of bucket balances and holds on the data plane (top-ups are
// the console's, lib/services/credits.ts). Buckets are consumed in the order DIEM -> BUNDLED_CREDITS -> USD;
// USD and BUNDLED_CREDITS have one row each (epoch 1970-01-01), DIEM one row per UTC day, created with the
// workspace's epoch allocation.
import { dayStart, EPOCH } from '../periods';
import { all, big, date, floor0, isPg, run, ts, type Q } from './sql';
import { BUCKETS, type Bucket, type BucketRow } from './rows';

export const bucketEpoch = (bucket: Bucket, at: Date) => (bucket === 'DIEM' ? dayStart(at) : EPOCH);
const active = (diem: bigint | null) => BUCKETS.filter((b) => b !== 'DIEM' || diem !== null);

/** Makes sure the rows exist (DIEM filled with the allocation on the first touch of a UTC day). */
export function* ensureBuckets(workspaceId: string, diem: bigint | null, at: Date): Q<void> {
  const rows: unknown[][] = [
    [workspaceId, 'USD', ts(EPOCH), 0n],
    [workspaceId, 'BUNDLED_CREDITS', ts(EPOCH), 0n],
  ];
  if (diem !== null && at.getTime() >= dayStart(new Date()).getTime()) rows.push([workspaceId, 'DIEM', ts(dayStart(at)), diem]);
  yield* run(
    `INSERT INTO "CreditBucket" ("workspaceId", "bucket", "epochStart", "balanceNano", "reservedNano") VALUES ${rows.map(() => '(?, ?, ?, ?, 0)').join(', ')}
     ON CONFLICT ("workspaceId", "bucket", "epochStart") DO NOTHING`,
    rows.flat(),
  );
}

// A process remembers which rows it has ensured, but only after the ensuring transaction committed.
const ensured = new Set<string>();
/** ensureBuckets once per (workspace, allocation, day) per process; call the returned function after COMMIT. */
export function* ensureBucketsOnce(workspaceId: string, diem: bigint | null, at: Date): Q<() => void> {
  const k = `${workspaceId}|${diem ?? ''}|${dayStart(at).getTime()}`;
  if (ensured.has(k)) return () => {};
  yield* ensureBuckets(workspaceId, diem, at);
  return () => {
    if (ensured.size > 50_000) ensured.clear();
    ensured.add(k);
  };
}

/**
 * Current rows in consumption order; DIEM (only with an allocation) reads as the full allocation until first
 * used that day. `lock`: FOR UPDATE on PostgreSQL (SQLite's write transaction already excludes writers).
 */
export function* readBuckets(workspaceId: string, diem: bigint | null, at: Date, lock = false): Q<BucketRow[]> {
  const keys = active(diem).map((b) => ({ bucket: b, epochStart: bucketEpoch(b, at) }));
  const rows = yield* all(
    `SELECT "bucket", "epochStart", "balanceNano", "reservedNano" FROM "CreditBucket" WHERE "workspaceId" = ? AND (${keys.map(() => '("bucket" = ? AND "epochStart" = ?)').join(' OR ')})
     ORDER BY CASE "bucket" WHEN 'DIEM' THEN 0 WHEN 'BUNDLED_CREDITS' THEN 1 ELSE 2 END${lock && isPg ? ' FOR UPDATE' : ''}`,
    [workspaceId, ...keys.flatMap((k) => [k.bucket, ts(k.epochStart)])],
  );
  return keys.map((k) => {
    const r = rows.find((x) => x.bucket === k.bucket && date(x.epochStart).getTime() === k.epochStart.getTime());
    const fallback = k.bucket === 'DIEM' ? (diem ?? 0n) : 0n;
    return { bucket: k.bucket, epochStart: k.epochStart, balanceNano: r ? big(r.balanceNano) : fallback, reservedNano: r ? big(r.reservedNano) : 0n };
  });
}

/**
 * Holds `amount` on the first bucket (in order) with headroom (balance - reserved > 0), in one statement.
 * The bucket, or null. (The rows must exist: ensureBucketsOnce.)
 */
export function* holdOnFirst(workspaceId: string, diem: bigint | null, at: Date, amount: bigint): Q<Bucket | null> {
  const r = yield* all(
    `UPDATE "CreditBucket" SET "reservedNano" = "reservedNano" + ?
     WHERE "workspaceId" = ? AND ("bucket", "epochStart") = (
       SELECT "bucket", "epochStart" FROM "CreditBucket"
       WHERE "workspaceId" = ? AND "balanceNano" - "reservedNano" > 0
         AND (("bucket" IN ('BUNDLED_CREDITS', 'USD') AND "epochStart" = ?) OR (CAST(? AS BOOLEAN) AND "bucket" = 'DIEM' AND "epochStart" = ?))
       ORDER BY CASE "bucket" WHEN 'DIEM' THEN 0 WHEN 'BUNDLED_CREDITS' THEN 1 ELSE 2 END LIMIT 1)
     RETURNING "bucket"`,
    [amount, workspaceId, workspaceId, ts(EPOCH), diem !== null, ts(dayStart(at))],
  );
  return (r[0]?.bucket as Bucket | undefined) ?? null;
}

/**
 * Charges `charge` and releases `release` of holds (never below 0) on one bucket row, in one statement.
 * `positiveOnly`: only while the balance is still positive (re-checked under the row lock, so concurrent
 * charges cannot all drain the same bucket). Returns whether the row was updated.
 */
export function* chargeBucket(workspaceId: string, row: Pick<BucketRow, 'bucket' | 'epochStart'>, charge: bigint, release: bigint, positiveOnly = false): Q<boolean> {
  const n = yield* run(
    `UPDATE "CreditBucket" SET "balanceNano" = "balanceNano" - ?, "reservedNano" = ${floor0(`"reservedNano" - ?`)}
     WHERE "workspaceId" = ? AND "bucket" = ? AND "epochStart" = ?${positiveOnly ? ' AND "balanceNano" > 0' : ''}`,
    [charge, release, workspaceId, row.bucket, ts(row.epochStart)],
  );
  return n === 1;
}

/** Bucket-row key for hold maps. */
export const holdKey = (bucket: string, epoch: Date) => `${bucket}|${epoch.toISOString()}`;

/** Releases holds (keyed by holdKey) with no charge. */
export function* releaseHolds(workspaceId: string, holds: Map<string, bigint>): Q<void> {
  for (const [k, rel] of holds) {
    const [bucket, iso] = k.split('|');
    if (rel > 0n) yield* chargeBucket(workspaceId, { bucket: bucket as Bucket, epochStart: new Date(iso) }, 0n, rel);
  }
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
