// PROPOSAL (prototype, not used by the product): admission and settlement with the same semantics as
// lib/metering/gate.ts + record.ts in far fewer statements, measured by `BENCH_ONLY=proposals npm run bench`.
// See bench/proposals/README.md for what it changes and what it would take in lib/metering.
//
//   admit:  cached workspace row; counter/bucket rows ensured once per window per process; the two counter
//           checks as UPDATE … RETURNING (the headroom comes back with them, so no remainingFor reads);
//           the bucket picked and reserved by ONE UPDATE (first bucket with headroom, in DIEM → BUNDLED → USD
//           order); reservation INSERT through $executeRaw. 4 statements in the transaction + 1 bucket read.
//   settle: no pre-reads (ownership check folded into the reservation UPDATE, replay detected by the ledger
//           INSERT … ON CONFLICT DO NOTHING); cached price and workspace; every counter row (spend + release)
//           in ONE multi-row upsert … RETURNING; thresholds checked on the returned values (the detector
//           only runs when one is met). 6 statements in the transaction, none outside.
import { randomBytes } from 'node:crypto';
import { Prisma } from '../../lib/generated/prisma/client';
import { db, type Tx } from '../../lib/db';
import { PERIODS, dayStart, isPeriod, monthStart, windowStart, EPOCH, type Period } from '../../lib/periods';
import { reservationTtlMs } from '../../lib/config';
import { getPrice } from '../../lib/services/prices';
import { wsSubject } from '../../lib/metering/spend';
import { meteringTx, isUniqueViolation } from '../../lib/metering/tx';
import { ensureCounters } from '../../lib/metering/counters';
import { ensureBuckets, bucketEpoch } from '../../lib/metering/buckets';
import { detectThresholds, thresholdsMet } from '../../lib/alerts/detect';
import { admit, settle } from '../../lib/metering/gate';
import type { AuthedKey } from '../../lib/api/auth-key';

const TTL = 2000;
type WsRow = { id: string; monthlyBudgetNano: bigint | null; diemEpochAllocationNano: bigint | null };
const wsCache = new Map<string, { row: WsRow; at: number }>();
const priceCache = new Map<string, { p: Awaited<ReturnType<typeof getPrice>>; at: number }>();
const ensured = new Set<string>();

async function workspace(id: string): Promise<WsRow> {
  const hit = wsCache.get(id);
  if (hit && Date.now() - hit.at < TTL) return hit.row;
  const row = await db.workspace.findUniqueOrThrow({ where: { id }, select: { id: true, monthlyBudgetNano: true, diemEpochAllocationNano: true } });
  wsCache.set(id, { row, at: Date.now() });
  return row;
}

async function price(workspaceId: string, model: string) {
  const k = `${workspaceId}|${model}`;
  const hit = priceCache.get(k);
  if (hit && Date.now() - hit.at < TTL) return hit.p;
  const p = await getPrice(workspaceId, model);
  priceCache.set(k, { p, at: Date.now() });
  return p;
}

const big = (v: unknown) => (typeof v === 'bigint' ? v : BigInt(v as number | string));
const newId = () => 'c' + Date.now().toString(36) + randomBytes(8).toString('hex');
const keyPeriodOf = (key: AuthedKey): Period | null => (key.spendLimitNano !== null && isPeriod(key.spendLimitPeriod) ? key.spendLimitPeriod : null);

class Fallback extends Error {}

async function ensureOnce(tx: Tx, ws: WsRow, rows: { subject: string; period: Period; windowStart: Date }[], at: Date) {
  const missing = rows.filter((r) => !ensured.has(`${r.subject}|${r.period}|${r.windowStart.getTime()}`));
  const bucketKey = `${ws.id}|buckets|${dayStart(at).getTime()}`;
  if (missing.length) await ensureCounters(tx, ws.id, missing);
  if (!ensured.has(bucketKey)) await ensureBuckets(tx, ws.id, ws.diemEpochAllocationNano, at);
  return () => {
    for (const r of missing) ensured.add(`${r.subject}|${r.period}|${r.windowStart.getTime()}`);
    ensured.add(bucketKey);
  };
}

const bucketKeys = (ws: WsRow, at: Date) =>
  Prisma.sql`("bucket" = 'DIEM' AND "epochStart" = ${dayStart(at)} AND ${ws.diemEpochAllocationNano !== null ? 1 : 0} = 1) OR ("bucket" = 'BUNDLED_CREDITS' AND "epochStart" = ${EPOCH}) OR ("bucket" = 'USD' AND "epochStart" = ${EPOCH})`;

/** Lean admission. Any unusual case (refusal, lost race on a bucket) falls back to the product's admit(). */
export async function leanAdmit(key: AuthedKey, est: bigint, model: string | null, now = new Date()) {
  const ws = await workspace(key.workspaceId);
  const period = keyPeriodOf(key);
  const keyRow = period ? { subject: key.id, period, windowStart: windowStart(period, now) } : null;
  const wsRow = { subject: wsSubject(ws.id), period: 'monthly' as const, windowStart: monthStart(now) };
  try {
    const out = await meteringTx(async (tx) => {
      const done = await ensureOnce(tx, ws, keyRow ? [keyRow, wsRow] : [wsRow], now);
      let keyLeft: bigint | null = null;
      if (keyRow) {
        const k = await tx.$queryRaw<{ s: unknown; r: unknown }[]>`UPDATE "SpendCounter" SET "reservedNano" = "reservedNano" + ${est}
          WHERE "subject" = ${keyRow.subject} AND "period" = ${keyRow.period} AND "windowStart" = ${keyRow.windowStart} AND "spentNano" + "reservedNano" < ${key.spendLimitNano}
          RETURNING "spentNano" AS s, "reservedNano" AS r`;
        if (k.length !== 1) throw new Fallback();
        keyLeft = key.spendLimitNano! - big(k[0].s) - big(k[0].r);
      }
      const w = ws.monthlyBudgetNano === null
        ? await tx.$queryRaw<{ s: unknown; r: unknown }[]>`UPDATE "SpendCounter" SET "reservedNano" = "reservedNano" + ${est}
            WHERE "subject" = ${wsRow.subject} AND "period" = 'monthly' AND "windowStart" = ${wsRow.windowStart} RETURNING "spentNano" AS s, "reservedNano" AS r`
        : await tx.$queryRaw<{ s: unknown; r: unknown }[]>`UPDATE "SpendCounter" SET "reservedNano" = "reservedNano" + ${est}
            WHERE "subject" = ${wsRow.subject} AND "period" = 'monthly' AND "windowStart" = ${wsRow.windowStart} AND "spentNano" + "reservedNano" < ${ws.monthlyBudgetNano}
            RETURNING "spentNano" AS s, "reservedNano" AS r`;
      if (w.length !== 1) throw new Fallback();
      const b = await tx.$queryRaw<{ bucket: string; epochStart: unknown }[]>`UPDATE "CreditBucket" SET "reservedNano" = "reservedNano" + ${est}
        WHERE "workspaceId" = ${ws.id} AND "balanceNano" - "reservedNano" > ${0n} AND ("bucket", "epochStart") = (
          SELECT "bucket", "epochStart" FROM "CreditBucket" WHERE "workspaceId" = ${ws.id} AND (${bucketKeys(ws, now)}) AND "balanceNano" - "reservedNano" > ${0n}
          ORDER BY CASE "bucket" WHEN 'DIEM' THEN 0 WHEN 'BUNDLED_CREDITS' THEN 1 ELSE 2 END LIMIT 1)
        RETURNING "bucket", "epochStart"`;
      if (b.length !== 1) throw new Fallback();
      const balances = await tx.$queryRaw<{ b: unknown }[]>`SELECT "balanceNano" AS b FROM "CreditBucket" WHERE "workspaceId" = ${ws.id} AND (${bucketKeys(ws, now)})`;
      const id = newId();
      const bucket = b[0].bucket as 'DIEM' | 'BUNDLED_CREDITS' | 'USD';
      await tx.$executeRaw`INSERT INTO "Reservation" ("id", "workspaceId", "apiKeyId", "model", "estimateNano", "bucket", "bucketEpoch", "keyPeriod", "keyWindowStart", "wsWindowStart", "status", "createdAt", "expiresAt")
        VALUES (${id}, ${ws.id}, ${key.id}, ${model}, ${est}, ${bucket}, ${bucketEpoch(bucket, now)}, ${keyRow?.period ?? null}, ${keyRow?.windowStart ?? null}, ${wsRow.windowStart}, 'OPEN', ${now}, ${new Date(now.getTime() + reservationTtlMs())})`;
      done();
      return {
        reservationId: id,
        keyLeft,
        budgetLeft: ws.monthlyBudgetNano === null ? null : ws.monthlyBudgetNano - big(w[0].s) - big(w[0].r),
        balance: balances.reduce((s, r) => s + big(r.b), 0n),
      };
    });
    return out;
  } catch (e) {
    if (!(e instanceof Fallback)) throw e;
    const a = await admit(key, est, model, now); // refusal (402) or a lost race: the product's path decides
    return { reservationId: a.reservationId, keyLeft: null, budgetLeft: null, balance: 0n };
  }
}

class Replay extends Error {}

/** Lean settlement with an explicit cost (what the gate's settle does with costUsd). */
export async function leanSettle(key: AuthedKey, input: { reservationId?: string; requestId: string; model: string; costNano: bigint; bodyHash: string }, at = new Date()) {
  const ws = await workspace(key.workspaceId);
  const p = await price(ws.id, input.model);
  const modelType = p?.modelType ?? 'text';
  const amount = input.costNano;
  try {
    return await meteringTx(async (tx) => {
      const done = await ensureOnce(tx, ws, [], at);
      const buckets = await tx.$queryRaw<{ bucket: string; epochStart: unknown; b: unknown }[]>`SELECT "bucket", "epochStart", "balanceNano" AS b FROM "CreditBucket" WHERE "workspaceId" = ${ws.id} AND (${bucketKeys(ws, at)})`;
      const order = ['DIEM', 'BUNDLED_CREDITS', 'USD'];
      buckets.sort((x, y) => order.indexOf(x.bucket) - order.indexOf(y.bucket));
      const payer = buckets.find((r) => big(r.b) > 0n)?.bucket ?? 'USD';
      const eventId = newId();
      const ins = await tx.$queryRaw<{ id: string }[]>`INSERT INTO "UsageEvent" ("id", "workspaceId", "apiKeyId", "requestId", "model", "sku", "unitType", "units", "unitPriceNano", "amountNano", "inputNano", "outputNano", "currency", "bodyHash", "reservationId", "createdAt")
        VALUES (${eventId}, ${ws.id}, ${key.id}, ${input.requestId}, ${input.model}, ${`${input.model}-request`}, 'request', ${1n}, ${amount}, ${amount}, ${0n}, ${0n}, ${payer}, ${input.bodyHash}, ${input.reservationId ?? null}, ${at})
        ON CONFLICT ("workspaceId", "requestId") DO NOTHING RETURNING "id"`;
      if (ins.length !== 1) throw new Replay();
      // counter rows: spend on every key period + the workspace month; the reservation's two rows released
      const rows = new Map<string, { subject: string; period: string; w: Date; spent: bigint; release: bigint }>();
      const add = (subject: string, period: string, w: Date, spent: bigint, release: bigint) => {
        const k = `${subject}|${period}|${w.toISOString()}`;
        const cur = rows.get(k) ?? { subject, period, w, spent: 0n, release: 0n };
        cur.spent += spent;
        cur.release += release;
        rows.set(k, cur);
      };
      for (const pd of PERIODS) add(key.id, pd, windowStart(pd, at), amount, 0n);
      add(wsSubject(ws.id), 'monthly', monthStart(at), amount, 0n);
      let rel: { est: bigint; bucket: string | null; epoch: Date | null } | null = null;
      if (input.reservationId) {
        const r = await tx.$queryRaw<{ e: unknown; bucket: string | null; be: unknown; kp: string | null; kw: unknown; ww: unknown }[]>`UPDATE "Reservation" SET "status" = 'SETTLED', "closedAt" = ${at}
          WHERE "id" = ${input.reservationId} AND "workspaceId" = ${ws.id} AND "apiKeyId" = ${key.id} AND "status" = 'OPEN'
          RETURNING "estimateNano" AS e, "bucket", "bucketEpoch" AS be, "keyPeriod" AS kp, "keyWindowStart" AS kw, "wsWindowStart" AS ww`;
        if (r.length === 1) {
          const x = r[0];
          rel = { est: big(x.e), bucket: x.bucket, epoch: x.be ? new Date(x.be as string) : null };
          add(wsSubject(ws.id), 'monthly', new Date(x.ww as string), 0n, rel.est);
          if (x.kp && x.kw) add(key.id, x.kp, new Date(x.kw as string), 0n, rel.est);
        } else if ((await tx.reservation.count({ where: { id: input.reservationId, workspaceId: ws.id, apiKeyId: key.id } })) === 0) throw new Fallback(); // 404 via the product's path
      }
      const sorted = [...rows.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, v]) => v);
      const releaseCase = sorted.filter((o) => o.release > 0n);
      const upd = await tx.$queryRaw<{ subject: string; period: string; s: unknown; r: unknown }[]>`INSERT INTO "SpendCounter" ("subject", "period", "windowStart", "workspaceId", "spentNano", "reservedNano")
        VALUES ${Prisma.join(sorted.map((o) => Prisma.sql`(${o.subject}, ${o.period}, ${o.w}, ${ws.id}, ${o.spent}, ${0n})`))}
        ON CONFLICT ("subject", "period", "windowStart") DO UPDATE SET "spentNano" = "SpendCounter"."spentNano" + excluded."spentNano",
          "reservedNano" = ${
            releaseCase.length
              ? Prisma.sql`CASE ${Prisma.join(
                  releaseCase.map((o) => Prisma.sql`WHEN excluded."subject" = ${o.subject} AND excluded."period" = ${o.period} AND excluded."windowStart" = ${o.w} THEN CASE WHEN "SpendCounter"."reservedNano" >= ${o.release} THEN "SpendCounter"."reservedNano" - ${o.release} ELSE ${0n} END`),
                  ' ',
                )} ELSE "SpendCounter"."reservedNano" END`
              : Prisma.sql`"SpendCounter"."reservedNano"`
          }
        RETURNING "subject", "period", "spentNano" AS s, "reservedNano" AS r`;
      // credit bucket: charge the payer, release the reservation's bucket (same row in the common case)
      const epoch = bucketEpoch(payer as 'USD', at);
      const sameRow = rel?.bucket === payer && rel.epoch?.getTime() === epoch.getTime();
      const charged = await tx.$queryRaw<{ b: unknown }[]>`UPDATE "CreditBucket" SET "balanceNano" = "balanceNano" - ${amount},
        "reservedNano" = CASE WHEN "reservedNano" >= ${sameRow ? rel!.est : 0n} THEN "reservedNano" - ${sameRow ? rel!.est : 0n} ELSE ${0n} END
        WHERE "workspaceId" = ${ws.id} AND "bucket" = ${payer} AND "epochStart" = ${epoch} RETURNING "balanceNano" AS b`;
      if (rel?.bucket && rel.epoch && !sameRow)
        await tx.$executeRaw`UPDATE "CreditBucket" SET "reservedNano" = CASE WHEN "reservedNano" >= ${rel.est} THEN "reservedNano" - ${rel.est} ELSE ${0n} END
          WHERE "workspaceId" = ${ws.id} AND "bucket" = ${rel.bucket} AND "epochStart" = ${rel.epoch}`;
      await tx.$executeRaw`INSERT INTO "UsageDaily" ("workspaceId", "day", "keyRef", "model", "currency", "modelType", "requests", "inputUnits", "outputUnits", "otherUnits", "inputNano", "outputNano", "otherNano", "totalNano")
        VALUES (${ws.id}, ${dayStart(at)}, ${key.id}, ${input.model}, ${payer}, ${modelType}, ${1n}, ${0n}, ${0n}, ${1n}, ${0n}, ${0n}, ${amount}, ${amount})
        ON CONFLICT ("workspaceId", "day", "keyRef", "model", "currency") DO UPDATE SET
          "requests" = "UsageDaily"."requests" + excluded."requests", "otherUnits" = "UsageDaily"."otherUnits" + excluded."otherUnits",
          "otherNano" = "UsageDaily"."otherNano" + excluded."otherNano", "totalNano" = "UsageDaily"."totalNano" + excluded."totalNano"`;
      // thresholds on the values just written; the detector (reads + alert rows) runs only when one is met
      const period = keyPeriodOf(key);
      const keySpent = period ? upd.find((u) => u.subject === key.id && u.period === period) : undefined;
      const wsSpent = upd.find((u) => u.subject === wsSubject(ws.id));
      if ((period && keySpent && thresholdsMet(big(keySpent.s), key.spendLimitNano!).length) || (ws.monthlyBudgetNano !== null && wsSpent && thresholdsMet(big(wsSpent.s), ws.monthlyBudgetNano).length))
        await detectThresholds(tx, { workspaceId: ws.id, apiKeyId: key.id, at });
      done();
      const balance = buckets.reduce((s, r) => s + (r.bucket === payer ? big(charged[0]?.b ?? r.b) : big(r.b)), 0n);
      return { replay: false, eventId, balance, keySpent: keySpent ? big(keySpent.s) : null };
    });
  } catch (e) {
    if (e instanceof Replay || e instanceof Fallback || isUniqueViolation(e)) {
      const r = await settle(key, { reservationId: input.reservationId, requestId: input.requestId, model: input.model, costUsd: Number(input.costNano) / 1e9 });
      return { replay: r.replay, eventId: r.eventId, balance: 0n, keySpent: null };
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Group commit for settle: concurrent settles of one workspace queue up while a transaction is in flight and
// are written together by the next one — one multi-row ledger INSERT, one reservation UPDATE, one counter
// upsert, one bucket UPDATE per bucket row, one rollup upsert. No added latency when idle (a lone settle
// flushes at once); under load the per-event cost becomes the cost of its ledger row.

interface Pending {
  key: AuthedKey;
  input: { reservationId?: string; requestId: string; model: string; costNano: bigint; bodyHash: string };
  resolve: (v: { replay: boolean; eventId: string }) => void;
  reject: (e: unknown) => void;
}
const queues = new Map<string, Pending[]>();
const flushing = new Set<string>();
const MAX_BATCH = 256;

export function groupSettle(key: AuthedKey, input: Pending['input']): Promise<{ replay: boolean; eventId: string }> {
  return new Promise((resolve, reject) => {
    const q = queues.get(key.workspaceId) ?? queues.set(key.workspaceId, []).get(key.workspaceId)!;
    q.push({ key, input, resolve, reject });
    if (!flushing.has(key.workspaceId)) void flush(key.workspaceId);
  });
}

async function flush(workspaceId: string) {
  flushing.add(workspaceId);
  const q = queues.get(workspaceId)!;
  try {
    while (q.length) {
      const batch = q.splice(0, MAX_BATCH);
      try {
        const out = await settleBatch(workspaceId, batch);
        batch.forEach((p, i) => (out[i] ? p.resolve(out[i]!) : leanSettle(p.key, p.input).then(p.resolve, p.reject)));
      } catch (e) {
        // the batch failed as a whole (nothing of it was written): each settles alone, errors stay its own
        for (const p of batch) leanSettle(p.key, p.input).then(p.resolve, p.reject);
        if (!isUniqueViolation(e)) console.error('[group-settle] batch failed, settled one by one', e);
      }
    }
  } finally {
    flushing.delete(workspaceId);
  }
}

/** Writes a batch; returns per item its result, or null when it must go the single path (replay, 404…). */
async function settleBatch(workspaceId: string, batch: Pending[]): Promise<({ replay: boolean; eventId: string } | null)[]> {
  const ws = await workspace(workspaceId);
  const at = new Date();
  const modelTypes = new Map<string, string>();
  for (const p of batch) if (!modelTypes.has(p.input.model)) modelTypes.set(p.input.model, (await price(ws.id, p.input.model))?.modelType ?? 'text');
  const seen = new Set<string>();
  const items = batch.map((p) => {
    const dup = seen.has(p.input.requestId); // the same requestId twice in one batch: the second replays alone
    seen.add(p.input.requestId);
    return { p, dup, eventId: newId() };
  });
  return meteringTx(async (tx) => {
    const done = await ensureOnce(tx, ws, [], at);
    const buckets = await tx.$queryRaw<{ bucket: string; b: unknown }[]>`SELECT "bucket", "balanceNano" AS b FROM "CreditBucket" WHERE "workspaceId" = ${ws.id} AND (${bucketKeys(ws, at)})`;
    const order = ['DIEM', 'BUNDLED_CREDITS', 'USD'];
    const bal = new Map(buckets.map((r) => [r.bucket, big(r.b)]));
    const live = items.filter((x) => !x.dup);
    const payers = live.map((x) => {
      const payer = order.find((b) => (bal.get(b) ?? 0n) > 0n) ?? 'USD';
      bal.set(payer, (bal.get(payer) ?? 0n) - x.p.input.costNano);
      return payer;
    });
    const inserted = new Set(
      (
        await tx.$queryRaw<{ requestId: string }[]>`INSERT INTO "UsageEvent" ("id", "workspaceId", "apiKeyId", "requestId", "model", "sku", "unitType", "units", "unitPriceNano", "amountNano", "inputNano", "outputNano", "currency", "bodyHash", "reservationId", "createdAt")
          VALUES ${Prisma.join(
            live.map((x, i) => {
              const c = x.p.input.costNano;
              return Prisma.sql`(${x.eventId}, ${ws.id}, ${x.p.key.id}, ${x.p.input.requestId}, ${x.p.input.model}, ${`${x.p.input.model}-request`}, 'request', ${1n}, ${c}, ${c}, ${0n}, ${0n}, ${payers[i]}, ${x.p.input.bodyHash}, ${x.p.input.reservationId ?? null}, ${at})`;
            }),
          )}
          ON CONFLICT ("workspaceId", "requestId") DO NOTHING RETURNING "requestId"`
      ).map((r) => r.requestId),
    );
    const written = live.map((x, i) => ({ ...x, payer: payers[i] })).filter((x) => inserted.has(x.p.input.requestId));
    if (written.length !== live.length) throw new Error('replay in batch: settle one by one'); // rare: keeps the payer simulation exact
    // reservations of the written events, each only with its own key
    const withRes = written.filter((x) => x.p.input.reservationId);
    const closed = withRes.length
      ? await tx.$queryRaw<{ id: string; e: unknown; bucket: string | null; be: unknown; kp: string | null; kw: unknown; ww: unknown; k: string }[]>`UPDATE "Reservation" SET "status" = 'SETTLED', "closedAt" = ${at}
          WHERE "workspaceId" = ${ws.id} AND "status" = 'OPEN' AND ("id", "apiKeyId") IN (${Prisma.join(withRes.map((x) => Prisma.sql`(${x.p.input.reservationId}, ${x.p.key.id})`))})
          RETURNING "id", "estimateNano" AS e, "bucket", "bucketEpoch" AS be, "keyPeriod" AS kp, "keyWindowStart" AS kw, "wsWindowStart" AS ww, "apiKeyId" AS k`
      : [];
    if (closed.length !== withRes.length) throw new Error('a reservation was not open: settle one by one');
    const rows = new Map<string, { subject: string; period: string; w: Date; spent: bigint; release: bigint }>();
    const add = (subject: string, period: string, w: Date, spent: bigint, release: bigint) => {
      const k = `${subject}|${period}|${w.toISOString()}`;
      const cur = rows.get(k) ?? { subject, period, w, spent: 0n, release: 0n };
      cur.spent += spent;
      cur.release += release;
      rows.set(k, cur);
    };
    const bucketOps = new Map<string, { bucket: string; epoch: Date; charge: bigint; release: bigint }>();
    const bop = (bucket: string, epoch: Date, charge: bigint, release: bigint) => {
      const k = `${bucket}|${epoch.toISOString()}`;
      const cur = bucketOps.get(k) ?? { bucket, epoch, charge: 0n, release: 0n };
      cur.charge += charge;
      cur.release += release;
      bucketOps.set(k, cur);
    };
    const rollups = new Map<string, { key: string; model: string; currency: string; n: bigint; total: bigint }>();
    for (const x of written) {
      const c = x.p.input.costNano;
      for (const pd of PERIODS) add(x.p.key.id, pd, windowStart(pd, at), c, 0n);
      add(wsSubject(ws.id), 'monthly', monthStart(at), c, 0n);
      bop(x.payer, bucketEpoch(x.payer as 'USD', at), c, 0n);
      const rk = `${x.p.key.id}|${x.p.input.model}|${x.payer}`;
      const r = rollups.get(rk) ?? { key: x.p.key.id, model: x.p.input.model, currency: x.payer, n: 0n, total: 0n };
      r.n += 1n;
      r.total += c;
      rollups.set(rk, r);
    }
    for (const r of closed) {
      const e = big(r.e);
      add(wsSubject(ws.id), 'monthly', new Date(r.ww as string), 0n, e);
      if (r.kp && r.kw) add(r.k, r.kp, new Date(r.kw as string), 0n, e);
      if (r.bucket && r.be) bop(r.bucket, new Date(r.be as string), 0n, e);
    }
    const sorted = [...rows.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, v]) => v);
    const rel = sorted.filter((o) => o.release > 0n);
    const upd = await tx.$queryRaw<{ subject: string; period: string; s: unknown }[]>`INSERT INTO "SpendCounter" ("subject", "period", "windowStart", "workspaceId", "spentNano", "reservedNano")
      VALUES ${Prisma.join(sorted.map((o) => Prisma.sql`(${o.subject}, ${o.period}, ${o.w}, ${ws.id}, ${o.spent}, ${0n})`))}
      ON CONFLICT ("subject", "period", "windowStart") DO UPDATE SET "spentNano" = "SpendCounter"."spentNano" + excluded."spentNano",
        "reservedNano" = ${
          rel.length
            ? Prisma.sql`CASE ${Prisma.join(
                rel.map((o) => Prisma.sql`WHEN excluded."subject" = ${o.subject} AND excluded."period" = ${o.period} AND excluded."windowStart" = ${o.w} THEN CASE WHEN "SpendCounter"."reservedNano" >= ${o.release} THEN "SpendCounter"."reservedNano" - ${o.release} ELSE ${0n} END`),
                ' ',
              )} ELSE "SpendCounter"."reservedNano" END`
            : Prisma.sql`"SpendCounter"."reservedNano"`
        }
      RETURNING "subject", "period", "spentNano" AS s`;
    for (const b of [...bucketOps.values()].sort((x, y) => order.indexOf(x.bucket) - order.indexOf(y.bucket)))
      await tx.$executeRaw`UPDATE "CreditBucket" SET "balanceNano" = "balanceNano" - ${b.charge},
        "reservedNano" = CASE WHEN "reservedNano" >= ${b.release} THEN "reservedNano" - ${b.release} ELSE ${0n} END
        WHERE "workspaceId" = ${ws.id} AND "bucket" = ${b.bucket} AND "epochStart" = ${b.epoch}`;
    await tx.$executeRaw`INSERT INTO "UsageDaily" ("workspaceId", "day", "keyRef", "model", "currency", "modelType", "requests", "inputUnits", "outputUnits", "otherUnits", "inputNano", "outputNano", "otherNano", "totalNano")
      VALUES ${Prisma.join(
        [...rollups.values()].map((r) => Prisma.sql`(${ws.id}, ${dayStart(at)}, ${r.key}, ${r.model}, ${r.currency}, ${modelTypes.get(r.model) ?? 'text'}, ${r.n}, ${0n}, ${0n}, ${r.n}, ${0n}, ${0n}, ${r.total}, ${r.total})`),
      )}
      ON CONFLICT ("workspaceId", "day", "keyRef", "model", "currency") DO UPDATE SET
        "requests" = "UsageDaily"."requests" + excluded."requests", "otherUnits" = "UsageDaily"."otherUnits" + excluded."otherUnits",
        "otherNano" = "UsageDaily"."otherNano" + excluded."otherNano", "totalNano" = "UsageDaily"."totalNano" + excluded."totalNano"`;
    // thresholds on the returned values; the detector runs (once per key) only when one is met
    const keys = new Map(written.map((x) => [x.p.key.id, x.p.key]));
    for (const key of keys.values()) {
      const period = keyPeriodOf(key);
      const ks = period ? upd.find((u) => u.subject === key.id && u.period === period) : undefined;
      const wsS = upd.find((u) => u.subject === wsSubject(ws.id));
      if ((ks && thresholdsMet(big(ks.s), key.spendLimitNano!).length) || (ws.monthlyBudgetNano !== null && wsS && thresholdsMet(big(wsS.s), ws.monthlyBudgetNano).length))
        await detectThresholds(tx, { workspaceId: ws.id, apiKeyId: key.id, at });
    }
    done();
    return items.map((x) => (x.dup ? null : { replay: false, eventId: x.eventId }));
  });
}
