// PostgreSQL admission in ONE statement (one round trip, autocommit): lock the key's counter row, the
// workspace month row and the credit buckets (FOR UPDATE, in the canonical order the settle path uses),
// decide from their current values and the key row as it is now, and — only if everything passes —
// reserve on all three and insert the reservation. The rows must exist (ensureCountersOnce /
// ensureBucketsOnce run first, once per window per process). SQLite runs the same checks as a
// synchronous multi-statement transaction instead (lib/metering/admit.ts), where a statement costs µs.
//
// If the key's limit period changed since the caller's cached copy (another instance), or the key now has
// rate limits or a model allowlist, the statement answers 'stale' and the caller takes the transaction path.
import { EPOCH, type Period } from '../periods';
import { big, bigOrNull, one, ts, type Q } from './sql';
import type { Bucket } from './rows';

export interface PgAdmitInput {
  reservationId: string;
  keyId: string;
  workspaceId: string;
  period: Period | null; // the key's limit period as the caller believes it
  keyWindowStart: Date | null;
  wsSubject: string;
  monthStart: Date;
  diem: boolean;
  dayStart: Date;
  est: bigint;
  budgetNano: bigint | null;
  model: string | null;
  now: Date;
  expiresAt: Date;
}

export interface PgAdmitRow {
  keyState: 'ok' | 'revoked' | 'expired' | 'stale' | 'missing';
  keyName: string | null;
  last6: string | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
  failed: 'key_spend_limit_exceeded' | 'spend_budget_exceeded' | 'insufficient_balance' | null;
  payer: Bucket | null;
  limitNano: bigint | null;
  keyAfter: { spentNano: bigint; reservedNano: bigint } | null;
  wsAfter: { spentNano: bigint; reservedNano: bigint } | null;
  balanceNano: bigint;
}

const SQL = `
WITH k AS (
  SELECT "name", "last6", "revokedAt", "expiresAt", "spendLimitNano" AS lim,
         ("rateLimitRpm" IS NOT NULL OR "rateLimitTpm" IS NOT NULL OR "allowedModels" IS NOT NULL) AS extra,
         CASE WHEN "spendLimitNano" IS NOT NULL AND "spendLimitPeriod" IN ('daily', 'weekly', 'monthly', 'total') THEN "spendLimitPeriod" END AS per
  FROM "ApiKey" WHERE "id" = ? AND "workspaceId" = ?
), kc AS (
  SELECT "spentNano" AS s, "reservedNano" AS r FROM "SpendCounter"
  WHERE ?::boolean AND "subject" = ? AND "period" = ? AND "windowStart" = ?::timestamp FOR UPDATE
), wc AS (
  SELECT "spentNano" AS s, "reservedNano" AS r FROM "SpendCounter"
  WHERE "subject" = ? AND "period" = 'monthly' AND "windowStart" = ?::timestamp FOR UPDATE
), b AS (
  SELECT "bucket", "balanceNano" AS bal, "reservedNano" AS r, CASE "bucket" WHEN 'DIEM' THEN 0 WHEN 'BUNDLED_CREDITS' THEN 1 ELSE 2 END AS ord
  FROM "CreditBucket"
  WHERE "workspaceId" = ? AND (("bucket" IN ('BUNDLED_CREDITS', 'USD') AND "epochStart" = ?::timestamp) OR (?::boolean AND "bucket" = 'DIEM' AND "epochStart" = ?::timestamp))
  ORDER BY ord FOR UPDATE
), d0 AS (
  SELECT
    -- lock the counter rows first, whatever short-circuits below (no budget, say): the settle path locks
    -- counters before buckets, and taking the buckets first here deadlocked against it on PostgreSQL
    (SELECT count(*) FROM kc) + (SELECT count(*) FROM wc) AS locked,
    COALESCE((SELECT CASE WHEN k."revokedAt" IS NOT NULL THEN 'revoked'
                          WHEN k."expiresAt" IS NOT NULL AND k."expiresAt" <= ?::timestamp THEN 'expired'
                          WHEN k.per IS DISTINCT FROM ?::text OR k.extra THEN 'stale' ELSE 'ok' END FROM k), 'missing') AS key_state,
    (SELECT k.lim FROM k) AS lim,
    (NOT ?::boolean) OR COALESCE((SELECT kc.s + kc.r < (SELECT k.lim FROM k) FROM kc), false) AS key_ok,
    ?::bigint IS NULL OR COALESCE((SELECT wc.s + wc.r < ?::bigint FROM wc), false) AS ws_ok,
    (SELECT b."bucket" FROM b WHERE b.bal - b.r > 0 ORDER BY b.ord LIMIT 1) AS payer,
    (SELECT COALESCE(SUM(b.bal), 0) FROM b) AS balance
), d AS (
  SELECT d0.*, (d0.locked >= 0 AND d0.key_state = 'ok' AND d0.key_ok AND d0.ws_ok AND d0.payer IS NOT NULL) AS go FROM d0
), uk AS (
  UPDATE "SpendCounter" c SET "reservedNano" = c."reservedNano" + ? FROM d
  WHERE d.go AND ?::boolean AND c."subject" = ? AND c."period" = ? AND c."windowStart" = ?::timestamp
  RETURNING c."spentNano" AS s, c."reservedNano" AS r
), uw AS (
  UPDATE "SpendCounter" c SET "reservedNano" = c."reservedNano" + ? FROM d
  WHERE d.go AND c."subject" = ? AND c."period" = 'monthly' AND c."windowStart" = ?::timestamp
  RETURNING c."spentNano" AS s, c."reservedNano" AS r
), ub AS (
  UPDATE "CreditBucket" c SET "reservedNano" = c."reservedNano" + ? FROM d
  WHERE d.go AND c."workspaceId" = ? AND c."bucket" = d.payer AND c."epochStart" = CASE WHEN d.payer = 'DIEM' THEN ?::timestamp ELSE ?::timestamp END
  RETURNING c."bucket"
), ins AS (
  INSERT INTO "Reservation" ("id", "workspaceId", "apiKeyId", "model", "estimateNano", "bucket", "bucketEpoch", "keyPeriod", "keyWindowStart", "wsWindowStart", "status", "createdAt", "expiresAt")
  SELECT ?, ?, ?, ?, ?, d.payer, CASE WHEN d.payer = 'DIEM' THEN ?::timestamp ELSE ?::timestamp END, ?, ?::timestamp, ?::timestamp, 'OPEN', ?::timestamp, ?::timestamp FROM d WHERE d.go
  RETURNING "id"
)
SELECT d.key_state, d.lim, d.key_ok, d.ws_ok, d.payer, d.go, d.balance,
  (SELECT "name" FROM k) AS key_name, (SELECT "last6" FROM k) AS last6, (SELECT "revokedAt" FROM k) AS revoked_at, (SELECT "expiresAt" FROM k) AS expires_at,
  (SELECT s FROM uk) AS ks, (SELECT r FROM uk) AS kr, (SELECT s FROM uw) AS wss, (SELECT r FROM uw) AS wsr,
  (SELECT count(*) FROM ub) AS held, (SELECT count(*) FROM ins) AS inserted
FROM d`;

export function* admitPg(i: PgAdmitInput): Q<PgAdmitRow> {
  const hasKey = i.period !== null;
  const kw = i.keyWindowStart ? ts(i.keyWindowStart) : null;
  const epoch = ts(EPOCH);
  const day = ts(i.dayStart);
  const month = ts(i.monthStart);
  const params: unknown[] = [
    // k
    i.keyId, i.workspaceId,
    // kc
    hasKey, i.keyId, i.period, kw,
    // wc
    i.wsSubject, month,
    // b
    i.workspaceId, epoch, i.diem, day,
    // d0
    ts(i.now), i.period, hasKey, i.budgetNano, i.budgetNano,
    // uk
    i.est, hasKey, i.keyId, i.period, kw,
    // uw
    i.est, i.wsSubject, month,
    // ub
    i.est, i.workspaceId, day, epoch,
    // ins
    i.reservationId, i.workspaceId, i.keyId, i.model, i.est, day, epoch, i.period, kw, month, ts(i.now), ts(i.expiresAt),
  ];
  const r = (yield* one(SQL, params))!;
  const go = r.go === true;
  const failed = go || r.key_state !== 'ok' ? null : !r.key_ok ? 'key_spend_limit_exceeded' : !r.ws_ok ? 'spend_budget_exceeded' : 'insufficient_balance';
  if (go && (Number(r.held) !== 1 || Number(r.inserted) !== 1)) throw new Error('one-statement admission: a row to reserve on was missing');
  return {
    keyState: r.key_state as PgAdmitRow['keyState'],
    keyName: (r.key_name as string | null) ?? null,
    last6: (r.last6 as string | null) ?? null,
    revokedAt: (r.revoked_at as Date | null) ?? null,
    expiresAt: (r.expires_at as Date | null) ?? null,
    failed,
    payer: go ? (r.payer as Bucket) : null,
    limitNano: bigOrNull(r.lim),
    keyAfter: go && hasKey ? { spentNano: big(r.ks), reservedNano: big(r.kr) } : null,
    wsAfter: go ? { spentNano: big(r.wss), reservedNano: big(r.wsr) } : null,
    balanceNano: big(r.balance),
  };
}
