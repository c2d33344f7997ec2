// Settlement inside one transaction (statement generators, see lib/store/sql.ts): the ledger row, the
// reservation it settles, the counters, the credit bucket charge, the daily rollup and the thresholds.
//   chargeOne  — one event (the single path);
//   chargeBatch — several live events of one workspace with one statement per table (group commit), the
//                 same outcome as chargeOne for each in arrival order; anything irregular throws
//                 BatchFallback and the caller records each event alone.
import { conflict, notFound, unauthorized, AppError } from '../errors';
import { assertKeyUsable } from '../keys/errors';
import { formatUsd, maxBig, nanoToUsd } from '../money';
import { PERIODS, isPeriod, isoSeconds, monthStart, windowEnd, windowStart } from '../periods';
import { settleMaxMultiple, settleMinSlackNano } from '../config';
import { applyOps, readCounters , wsSubject } from '../store/counters';
import { chargeBucket, ensureBucketsOnce, holdKey, payersFor, readBuckets, releaseHolds } from '../store/buckets';
import { closeReservations, holdsOf, reservationOf, WrongOwner } from '../store/reservations';
import { eventByRequestId, insertEvents, newEventId, setCurrency } from '../store/ledger';
import { addToRollups } from '../store/rollups';
import { keysByIds } from '../store/keys';
import { Rollback, type Q } from '../store/sql';
import type { Bucket, CounterOp, EventRow, KeyRow, ReservationRow, WorkspaceRow } from '../store/rows';

/** What settlement needs of the workspace row (cached by the caller). */
export type WsForCharge = Pick<WorkspaceRow, 'slug' | 'monthlyBudgetNano' | 'diemEpochAllocationNano' | 'defaultRateLimitRpm' | 'defaultRateLimitTpm'>;

/** Tokens of live usage, counted for keys with a tokens-per-minute limit (theirs or the workspace default). */
function tokenRows(items: { key: KeyRow | undefined; input: RecordInput }[], ws: WsForCharge, at: Date) {
  return items
    .filter((x) => x.key && ratesOf(x.key, ws).tpm !== null)
    .map((x) => ({ subject: x.key!.id, windowStart: minuteStart(at), tokens: (x.input.promptTokens ?? 0) + (x.input.completionTokens ?? 0) }));
}
import { detectThresholds } from './thresholds';
import { headroomUsd } from './headroom';
import { checkModel, minuteStart, ratesOf } from './limits';
import { addTokens } from '../store/rates';
import type { Priced, RecordInput, Remaining } from './types';

export class BatchFallback extends Error {}

export interface Item {
  input: RecordInput;
  priced: Priced;
  bodyHash: string;
}


/** The ledger row of one usage event. */
export function eventRow(input: RecordInput, priced: Priced, bodyHash: string, currency: Bucket, at: Date): EventRow {
  const pt = input.promptTokens ?? null;
  const ct = input.completionTokens ?? null;
  const units = BigInt((pt ?? 0) + (ct ?? 0));
  const amount = priced.amountNano;
  return {
    id: newEventId(),
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

/** The counter rows a charge at `at` adds to: every period of the key, and the workspace month. */
export function spendOps(workspaceId: string, apiKeyId: string | null, amount: bigint, at: Date): CounterOp[] {
  const ops: CounterOp[] = [];
  if (apiKeyId) for (const p of PERIODS) ops.push({ subject: apiKeyId, period: p, windowStart: windowStart(p, at), spent: amount, release: 0n });
  ops.push({ subject: wsSubject(workspaceId), period: 'monthly', windowStart: monthStart(at), spent: amount, release: 0n });
  return ops;
}

/** The most a settle against a reservation of `estimate` may cost when reported by a client. */
export const settleBound = (estimate: bigint) => {
  const byMultiple = (estimate * BigInt(Math.round(settleMaxMultiple() * 1000))) / 1000n;
  return maxBig(byMultiple, estimate + settleMinSlackNano());
};

function checkBound(input: RecordInput, priced: Priced, r: ReservationRow) {
  if (!input.live?.bounded) return;
  const bound = settleBound(r.estimateNano);
  if (priced.amountNano <= bound) return;
  const param = input.costNano !== undefined ? 'costUsd' : 'usage';
  throw new AppError(
    400,
    'invalid_request_error',
    'settle_exceeds_reservation',
    `${param}: this settle costs ${formatUsd(priced.amountNano)}, more than reservation ${r.id} allows: at most ${formatUsd(bound)} (the larger of ${settleMaxMultiple()} × its ${formatUsd(r.estimateNano)} estimate and the estimate + ${formatUsd(settleMinSlackNano())}). Nothing was recorded. Authorize with a larger estimate (maxTokens or estimatedCostUsd), or report this usage with an ADMIN key.`,
    param,
    { boundUsd: nanoToUsd(bound), estimateUsd: nanoToUsd(r.estimateNano), costUsd: nanoToUsd(priced.amountNano), reservationId: r.id },
  );
}

/** A live key's state, re-checked inside the transaction: revoked or expired keys add no spend. */
function checkLiveKey(k: KeyRow | undefined, at: Date) {
  if (!k) throw unauthorized('invalid_api_key', 'Invalid API key.');
  assertKeyUsable(k, at);
}

/** Headroom of a key and its workspace after the transaction's writes (read inside it). */
export function* remainingIn(workspaceId: string, key: KeyRow, budgetNano: bigint | null, diem: bigint | null, at: Date): Q<Remaining> {
  const period = key.spendLimitNano !== null && isPeriod(key.spendLimitPeriod) ? key.spendLimitPeriod : null;
  const wsRow = { subject: wsSubject(workspaceId), period: 'monthly' as const, windowStart: monthStart(at) };
  const rows = yield* readCounters(period ? [wsRow, { subject: key.id, period, windowStart: windowStart(period, at) }] : [wsRow]);
  const [wsC, keyC] = [rows[0], period ? rows[1] : null];
  const buckets = yield* readBuckets(workspaceId, diem, at);
  return {
    keyUsd: headroomUsd(key.spendLimitNano, keyC),
    keyResetsAt: period ? isoSeconds(windowEnd(period, at)) : null,
    budgetUsd: headroomUsd(budgetNano, wsC),
    balanceUsd: nanoToUsd(buckets.reduce((a, b) => a + b.balanceNano, 0n)) ?? 0,
  };
}

export interface Charged {
  event: EventRow;
  replay: boolean;
  ensured: () => void;
  remaining?: Remaining;
}

/** The single path: one event, one transaction. A replay rolls back (Rollback) with the first event. */
export function* chargeOne(item: Item, at: Date, ws: WsForCharge): Q<Charged> {
  const { input, priced, bodyHash } = item;
  const { workspaceId, apiKeyId } = input;
  const diem = ws.diemEpochAllocationNano;
  let key: KeyRow | undefined;
  if (input.live && apiKeyId) {
    [key] = yield* keysByIds(workspaceId, [apiKeyId]);
    checkLiveKey(key, at);
    if (input.live.bounded) checkModel(key!, ws.slug, input.model);
  }
  // Which bucket pays: the first with a positive balance (DIEM -> BUNDLED_CREDITS -> USD); USD when none.
  // The read is a guess; the charge re-checks "balance > 0" under the row lock, so concurrent settles on
  // PostgreSQL cannot all drain the same bucket: only the one request that crosses zero goes below it.
  const ensured = yield* ensureBucketsOnce(workspaceId, diem, at);
  const buckets = yield* readBuckets(workspaceId, diem, at);
  const guess: Bucket = buckets.find((b) => b.balanceNano > 0n)?.bucket ?? 'USD';
  // The ledger row goes first: its unique (workspaceId, requestId) turns a replay into no insert.
  const event = eventRow(input, priced, bodyHash, guess, at);
  if (!(yield* insertEvents([event])).has(event.id)) {
    const prior = yield* eventByRequestId(workspaceId, input.requestId);
    if (!prior) throw new BatchFallback('a requestId conflicted but no row was found'); // retried by the caller
    if (prior.bodyHash !== bodyHash)
      throw conflict('request_id_conflict', `requestId "${input.requestId}" was already recorded with a different body. Use a new requestId for a new request.`, 'requestId');
    throw new Rollback<Charged>({ event: prior, replay: true, ensured: () => {} });
  }
  const ops = spendOps(workspaceId, apiKeyId, priced.amountNano, at);
  const holds = new Map<string, bigint>();
  if (input.reservationId) {
    const owner = { id: input.reservationId, apiKeyId };
    // An OPEN reservation is settled and its holds released; an EXPIRED one (its holds were released at
    // expiry) may still be settled once, late. Settled or released ones cannot take more usage.
    let [r] = yield* closeReservations(workspaceId, [owner], 'SETTLED', at, ['OPEN']);
    const wasOpen = !!r;
    if (!r) [r] = yield* closeReservations(workspaceId, [owner], 'SETTLED', at, ['EXPIRED']);
    if (!r) {
      const found = yield* reservationOf(workspaceId, input.reservationId, owner.apiKeyId);
      if (!found) throw notFound('Reservation');
      throw conflict('reservation_closed', `Reservation ${found.id} is already ${found.status.toLowerCase()}; it cannot take more usage. Authorize a new request.`, 'reservationId');
    }
    checkBound(input, priced, r);
    if (wasOpen) {
      const h = holdsOf(r);
      ops.push(...h.ops);
      if (h.bucket && h.bucketEpoch) holds.set(holdKey(h.bucket, h.bucketEpoch), h.estimateNano);
    }
  }
  yield* applyOps(workspaceId, ops);
  // Charge the first bucket, from the guess on, that still has a positive balance; USD takes it otherwise.
  // The reservation's hold on the paying row is released in the same statement.
  let payer: Bucket = 'USD';
  for (const row of buckets.slice(buckets.findIndex((b) => b.bucket === guess))) {
    const k = holdKey(row.bucket, row.epochStart);
    if (yield* chargeBucket(workspaceId, row, priced.amountNano, holds.get(k) ?? 0n, row.bucket !== 'USD')) {
      payer = row.bucket;
      holds.delete(k);
      break;
    }
  }
  if (payer !== guess) {
    event.currency = payer;
    yield* setCurrency(workspaceId, payer, [event.id]);
  }
  yield* releaseHolds(workspaceId, holds);
  yield* addToRollups(workspaceId, [{ event, modelType: priced.modelType }]);
  yield* addTokens(workspaceId, tokenRows([{ key, input }], ws, at));
  yield* detectThresholds(workspaceId, [apiKeyId], at, { keys: key ? [key] : undefined });
  // Headroom for the gate's settle response (the gateway sent its headers at admission: it needs none).
  const remaining = key && input.live?.bounded ? yield* remainingIn(workspaceId, key, ws.monthlyBudgetNano, diem, at) : undefined;
  return { event, replay: false, ensured, remaining };
}

const boundOk = (it: Item, r: ReservationRow) => !it.input.live?.bounded || it.priced.amountNano <= settleBound(r.estimateNano);

/** Group commit: several live events of one workspace in one transaction. Throws BatchFallback on anything irregular. */
export function* chargeBatch(items: Item[], at: Date, workspaceId: string, ws: WsForCharge): Q<{ charged: Charged[]; ensured: () => void }> {
  const diem = ws.diemEpochAllocationNano;
  const keyIds = [...new Set(items.map((it) => it.input.apiKeyId).filter((x): x is string => !!x))];
  const keys = yield* keysByIds(workspaceId, keyIds);
  for (const id of keyIds) {
    const k = keys.find((x) => x.id === id);
    if (!k || k.revokedAt || (k.expiresAt && k.expiresAt <= at)) throw new BatchFallback('a key is no longer active');
  }
  for (const it of items) {
    const k = keys.find((x) => x.id === it.input.apiKeyId);
    if (k && it.input.live?.bounded) {
      try {
        checkModel(k, ws.slug, it.input.model);
      } catch {
        throw new BatchFallback('a settle names a model its key may not call');
      }
    }
  }
  const ensured = yield* ensureBucketsOnce(workspaceId, diem, at);
  const amounts = items.map((it) => it.priced.amountNano);
  // 1. The ledger rows, with the payer guessed from an unlocked read (corrected in step 4 if it moved).
  const guess = payersFor(yield* readBuckets(workspaceId, diem, at), amounts);
  const events = items.map((it, i) => eventRow(it.input, it.priced, it.bodyHash, guess[i], at));
  if ((yield* insertEvents(events)).size !== items.length) throw new BatchFallback('a requestId was already recorded');

  // 2. The reservations they settle, each only with its own key, each within its settle bound.
  const ops: CounterOp[] = items.flatMap((it) => spendOps(workspaceId, it.input.apiKeyId, it.priced.amountNano, at));
  const pairs = items.filter((it) => it.input.reservationId).map((it) => ({ id: it.input.reservationId!, apiKeyId: it.input.apiKeyId }));
  let closed: ReservationRow[];
  try {
    closed = yield* closeReservations(workspaceId, pairs, 'SETTLED', at, ['OPEN']);
  } catch (e) {
    if (e instanceof WrongOwner) throw new BatchFallback('a reservation is another key’s');
    throw e;
  }
  if (closed.length !== pairs.length) throw new BatchFallback('a reservation was not open, or not this key’s');
  for (const it of items) {
    const r = it.input.reservationId ? closed.find((c) => c.id === it.input.reservationId) : undefined;
    if (r && !boundOk(it, r)) throw new BatchFallback('a settle exceeds its reservation’s bound');
  }
  const holds = new Map<string, bigint>();
  for (const r of closed) {
    const h = holdsOf(r);
    ops.push(...h.ops);
    if (h.bucket && h.bucketEpoch) {
      const k = holdKey(h.bucket, h.bucketEpoch);
      holds.set(k, (holds.get(k) ?? 0n) + h.estimateNano);
    }
  }

  // 3. Counters: one multi-row upsert, rows in canonical order.
  yield* applyOps(workspaceId, ops);

  // 4. Credit buckets: locked, then each event pays in arrival order exactly as one-by-one settlement would.
  const buckets = yield* readBuckets(workspaceId, diem, at, true);
  const payers = payersFor(buckets, amounts);
  for (const row of buckets) {
    const k = holdKey(row.bucket, row.epochStart);
    const charge = amounts.reduce((s, a, i) => (payers[i] === row.bucket ? s + a : s), 0n);
    const rel = holds.get(k) ?? 0n;
    holds.delete(k);
    if (charge === 0n && rel === 0n) continue;
    // A row that does not exist (e.g. today's DIEM row not created yet) must not swallow a charge.
    if (!(yield* chargeBucket(workspaceId, row, charge, rel)) && charge > 0n) throw new BatchFallback(`no ${row.bucket} bucket row to charge`);
  }
  yield* releaseHolds(workspaceId, holds);
  const moved = new Map<Bucket, string[]>();
  events.forEach((e, i) => {
    if (payers[i] === e.currency) return;
    e.currency = payers[i];
    moved.set(payers[i], [...(moved.get(payers[i]) ?? []), e.id]);
  });
  for (const [currency, ids] of moved) yield* setCurrency(workspaceId, currency, ids);

  // 5. Daily rollups: one multi-row upsert. 6. Thresholds once per key (and the budget), on the counters as they now are.
  yield* addToRollups(workspaceId, events.map((event, i) => ({ event, modelType: items[i].priced.modelType })));
  yield* addTokens(workspaceId, tokenRows(items.map((it) => ({ key: keys.find((k) => k.id === it.input.apiKeyId), input: it.input })), ws, at));
  yield* detectThresholds(workspaceId, keyIds.length ? keyIds : [null], at, { keys });
  const remaining = new Map<string, Remaining>();
  for (const k of keys)
    if (items.some((it) => it.input.apiKeyId === k.id && it.input.live?.bounded)) remaining.set(k.id, yield* remainingIn(workspaceId, k, ws.monthlyBudgetNano, diem, at));
  return { charged: events.map((event, i) => ({ event, replay: false, ensured, remaining: items[i].input.apiKeyId ? remaining.get(items[i].input.apiKeyId!) : undefined })), ensured };
}
