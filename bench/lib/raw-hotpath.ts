// The statements lib/metering/gate.ts admit() and settle() issue (as of this writing), replayed through the
// raw driver: the baseline for "how much does the ORM + our code cost on top of the database".
// Two variants each:
//   full   — every statement the hot path sends, reads before/after the transaction included, writes in one
//            transaction (what the same design costs with zero ORM overhead);
//   writes — only the INSERT/UPDATE statements, in one transaction (the floor for this write set).
// Workspace: USD bucket only (no DIEM allocation), a monthly budget, a key with a daily limit — the same
// configuration as the Prisma measurement.
import { randomBytes } from 'node:crypto';
import type { RawDb } from './raw';
import { PERIODS, monthStart, windowStart, dayStart, EPOCH } from '../../lib/periods';

export interface RawCtx {
  workspaceId: string;
  keyId: string;
  keyLimitNano: bigint;
  budgetNano: bigint;
}

const id = () => 'raw' + randomBytes(10).toString('hex');

export async function rawAdmit(db: RawDb, c: RawCtx, est: bigint, mode: 'full' | 'writes', at = new Date()): Promise<string> {
  const d = db.date.bind(db);
  const b = db.big.bind(db);
  const ws = `ws:${c.workspaceId}`;
  const day = d(windowStart('daily', at));
  const month = d(monthStart(at));
  if (mode === 'full') await db.query('SELECT * FROM "Workspace" WHERE "id" = $1 LIMIT 1', [c.workspaceId]);
  const resId = id();
  await db.tx(async (q) => {
    // ensureCounters: both rows, canonical order (subject|period|window sorted: the key id sorts before "ws:")
    await q(
      `INSERT INTO "SpendCounter" ("subject", "period", "windowStart", "workspaceId", "spentNano", "reservedNano")
       VALUES ($1, $2, $3, $4, $5, $6), ($7, $8, $9, $10, $11, $12) ON CONFLICT ("subject", "period", "windowStart") DO NOTHING`,
      [c.keyId, 'daily', day, c.workspaceId, b(0n), b(0n), ws, 'monthly', month, c.workspaceId, b(0n), b(0n)],
    );
    const k = await q(
      `UPDATE "SpendCounter" SET "reservedNano" = "reservedNano" + $1 WHERE "subject" = $2 AND "period" = $3 AND "windowStart" = $4 AND "spentNano" + "reservedNano" < $5`,
      [b(est), c.keyId, 'daily', day, b(c.keyLimitNano)],
    );
    if (k.count !== 1) throw new Error('raw admit: key limit reached');
    const w = await q(
      `UPDATE "SpendCounter" SET "reservedNano" = "reservedNano" + $1 WHERE "subject" = $2 AND "period" = $3 AND "windowStart" = $4 AND "spentNano" + "reservedNano" < $5`,
      [b(est), ws, 'monthly', month, b(c.budgetNano)],
    );
    if (w.count !== 1) throw new Error('raw admit: budget reached');
    await q(
      `INSERT INTO "CreditBucket" ("workspaceId", "bucket", "epochStart", "balanceNano", "reservedNano") VALUES ($1, 'USD', $2, $3, $4), ($5, 'BUNDLED_CREDITS', $6, $7, $8)
       ON CONFLICT ("workspaceId", "bucket", "epochStart") DO NOTHING`,
      [c.workspaceId, d(EPOCH), b(0n), b(0n), c.workspaceId, d(EPOCH), b(0n), b(0n)],
    );
    let got = false;
    for (const bucket of ['BUNDLED_CREDITS', 'USD']) {
      const u = await q(
        `UPDATE "CreditBucket" SET "reservedNano" = "reservedNano" + $1 WHERE "workspaceId" = $2 AND "bucket" = $3 AND "epochStart" = $4 AND "balanceNano" - "reservedNano" > $5`,
        [b(est), c.workspaceId, bucket, d(EPOCH), b(0n)],
      );
      if (u.count === 1) {
        got = true;
        break;
      }
    }
    if (!got) throw new Error('raw admit: no balance');
    await q(
      `INSERT INTO "Reservation" ("id", "workspaceId", "apiKeyId", "model", "estimateNano", "bucket", "bucketEpoch", "keyPeriod", "keyWindowStart", "wsWindowStart", "status", "expiresAt", "createdAt")
       VALUES ($1, $2, $3, $4, $5, 'USD', $6, 'daily', $7, $8, 'OPEN', $9, $10) RETURNING *`,
      [resId, c.workspaceId, c.keyId, null, b(est), d(EPOCH), day, month, d(new Date(at.getTime() + 600_000)), d(at)],
    );
  });
  if (mode === 'full') await remaining(db, c, at);
  return resId;
}

async function remaining(db: RawDb, c: RawCtx, at: Date) {
  const d = db.date.bind(db);
  await db.query('SELECT * FROM "Workspace" WHERE "id" = $1 LIMIT 1', [c.workspaceId]);
  await db.query('SELECT * FROM "SpendCounter" WHERE "subject" = $1 AND "period" = $2 AND "windowStart" = $3 LIMIT 1', [c.keyId, 'daily', d(windowStart('daily', at))]);
  await db.query('SELECT * FROM "SpendCounter" WHERE "subject" = $1 AND "period" = $2 AND "windowStart" = $3 LIMIT 1', [`ws:${c.workspaceId}`, 'monthly', d(monthStart(at))]);
  await db.query(`SELECT * FROM "CreditBucket" WHERE "workspaceId" = $1 AND (("bucket" = 'BUNDLED_CREDITS' AND "epochStart" = $2) OR ("bucket" = 'USD' AND "epochStart" = $3))`, [
    c.workspaceId,
    d(EPOCH),
    d(EPOCH),
  ]);
}

export async function rawSettle(db: RawDb, c: RawCtx, reservationId: string, est: bigint, requestId: string, cost: bigint, mode: 'full' | 'writes', at = new Date()) {
  const d = db.date.bind(db);
  const b = db.big.bind(db);
  const model = 'keycap-echo';
  if (mode === 'full') {
    await db.query('SELECT * FROM "Reservation" WHERE "id" = $1 AND "workspaceId" = $2 AND "apiKeyId" = $3 LIMIT 1', [reservationId, c.workspaceId, c.keyId]);
    await db.query('SELECT * FROM "UsageEvent" WHERE "workspaceId" = $1 AND "requestId" = $2 LIMIT 1', [c.workspaceId, requestId]);
    await db.query('SELECT * FROM "ModelPrice" WHERE "workspaceId" = $1 AND "model" = $2 LIMIT 1', [c.workspaceId, model]);
    await db.query('SELECT "diemEpochAllocationNano" FROM "Workspace" WHERE "id" = $1 LIMIT 1', [c.workspaceId]);
  }
  await db.tx(async (q) => {
    await q(
      `INSERT INTO "CreditBucket" ("workspaceId", "bucket", "epochStart", "balanceNano", "reservedNano") VALUES ($1, 'USD', $2, $3, $4), ($5, 'BUNDLED_CREDITS', $6, $7, $8)
       ON CONFLICT ("workspaceId", "bucket", "epochStart") DO NOTHING`,
      [c.workspaceId, d(EPOCH), b(0n), b(0n), c.workspaceId, d(EPOCH), b(0n), b(0n)],
    );
    if (mode === 'full') await q(`SELECT * FROM "CreditBucket" WHERE "workspaceId" = $1 AND (("bucket" = 'BUNDLED_CREDITS' AND "epochStart" = $2) OR ("bucket" = 'USD' AND "epochStart" = $3))`, [c.workspaceId, d(EPOCH), d(EPOCH)]);
    await q(
      `INSERT INTO "UsageEvent" ("id", "workspaceId", "apiKeyId", "requestId", "model", "sku", "unitType", "units", "unitPriceNano", "amountNano", "inputNano", "outputNano", "currency", "promptTokens", "completionTokens", "executionTimeMs", "notes", "bodyHash", "reservationId", "createdAt")
       VALUES ($1, $2, $3, $4, $5, $6, 'request', $7, $8, $9, $10, $11, 'USD', NULL, NULL, NULL, NULL, $12, $13, $14) RETURNING *`,
      [id(), c.workspaceId, c.keyId, requestId, model, `${model}-request`, b(1n), b(cost), b(cost), b(0n), b(0n), 'h'.repeat(64), reservationId, d(at)],
    );
    await q(`UPDATE "Reservation" SET "status" = 'SETTLED', "closedAt" = $1 WHERE "id" = $2 AND "status" = 'OPEN'`, [d(at), reservationId]);
    if (mode === 'full') await q('SELECT * FROM "Reservation" WHERE "id" = $1 LIMIT 1', [reservationId]);
    // spend on every key period + the workspace month; the reservation released on its two rows (merged, sorted)
    const ops = PERIODS.map((p) => ({ subject: c.keyId, period: p, w: windowStart(p, at), spent: cost, release: p === 'daily' ? est : 0n }));
    ops.push({ subject: `ws:${c.workspaceId}`, period: 'monthly', w: monthStart(at), spent: cost, release: est });
    ops.sort((x, y) => (`${x.subject}|${x.period}` < `${y.subject}|${y.period}` ? -1 : 1));
    for (const o of ops)
      await q(
        `INSERT INTO "SpendCounter" ("subject", "period", "windowStart", "workspaceId", "spentNano", "reservedNano") VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT ("subject", "period", "windowStart") DO UPDATE SET "spentNano" = "SpendCounter"."spentNano" + $7,
           "reservedNano" = CASE WHEN "SpendCounter"."reservedNano" >= $8 THEN "SpendCounter"."reservedNano" - $9 ELSE $10 END`,
        [o.subject, o.period, d(o.w), c.workspaceId, b(o.spent), b(0n), b(o.spent), b(o.release), b(o.release), b(0n)],
      );
    await q(
      `UPDATE "CreditBucket" SET "balanceNano" = "balanceNano" - $1, "reservedNano" = CASE WHEN "reservedNano" >= $2 THEN "reservedNano" - $3 ELSE $4 END
       WHERE "workspaceId" = $5 AND "bucket" = 'USD' AND "epochStart" = $6`,
      [b(cost), b(est), b(est), b(0n), c.workspaceId, d(EPOCH)],
    );
    await q(
      `INSERT INTO "UsageDaily" ("workspaceId", "day", "keyRef", "model", "currency", "modelType", "requests", "inputUnits", "outputUnits", "otherUnits", "inputNano", "outputNano", "otherNano", "totalNano")
       VALUES ($1, $2, $3, $4, 'USD', 'text', $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT ("workspaceId", "day", "keyRef", "model", "currency") DO UPDATE SET
         "requests" = "UsageDaily"."requests" + excluded."requests", "inputUnits" = "UsageDaily"."inputUnits" + excluded."inputUnits",
         "outputUnits" = "UsageDaily"."outputUnits" + excluded."outputUnits", "otherUnits" = "UsageDaily"."otherUnits" + excluded."otherUnits",
         "inputNano" = "UsageDaily"."inputNano" + excluded."inputNano", "outputNano" = "UsageDaily"."outputNano" + excluded."outputNano",
         "otherNano" = "UsageDaily"."otherNano" + excluded."otherNano", "totalNano" = "UsageDaily"."totalNano" + excluded."totalNano"`,
      [c.workspaceId, d(dayStart(at)), c.keyId, model, b(1n), b(0n), b(0n), b(1n), b(0n), b(0n), b(cost), b(cost)],
    );
    if (mode === 'full') {
      // detectThresholds: key row + its window counter, workspace row + its month counter
      await q('SELECT * FROM "ApiKey" WHERE "id" = $1 LIMIT 1', [c.keyId]);
      await q('SELECT * FROM "SpendCounter" WHERE "subject" = $1 AND "period" = $2 AND "windowStart" = $3 LIMIT 1', [c.keyId, 'daily', d(windowStart('daily', at))]);
      await q('SELECT * FROM "Workspace" WHERE "id" = $1 LIMIT 1', [c.workspaceId]);
      await q('SELECT * FROM "SpendCounter" WHERE "subject" = $1 AND "period" = $2 AND "windowStart" = $3 LIMIT 1', [`ws:${c.workspaceId}`, 'monthly', d(monthStart(at))]);
    }
  });
  if (mode === 'full') await remaining(db, c, at);
}
