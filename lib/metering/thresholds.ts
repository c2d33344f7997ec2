// Threshold detection (80 % / 100 %) for key limits and the workspace budget, inside the transaction that
// recorded the spend, after the counters were updated. Each alert fires at most once per (subject, window,
// limit value, threshold) — see lib/store/alerts.ts. A new window re-arms both; so does a new limit value,
// once the alert of the old one was resolved (lib/metering/resolve.ts).
import { nanoToUsd } from '../money';
import { isPeriod, isoSeconds, monthStart, windowEnd, windowStart, type Period } from '../periods';
import { thresholdsMet, keyAlertSubject, type AlertData, type Threshold } from '../alerts/thresholds';
import { decodeEvents, type AlertEventType } from '../webhooks/events';
import { newMessageId } from '../webhooks/signing';
import { toKeyObject, type WorkspaceGate } from '../keys/object';
import { readBuckets } from '../store/buckets';
import { toWorkspaceObject } from '../workspace-object';
import { claimAlert, enabledEndpoints, insertEvent } from '../store/alerts';
import { readCounters , wsSubject } from '../store/counters';
import { keyById } from '../store/keys';
import { workspaceById } from '../store/workspaces';
import type { Q } from '../store/sql';
import type { KeyRow, WorkspaceRow } from '../store/rows';

export const toJson = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));

interface Fire {
  workspaceId: string;
  subject: string;
  alertSubject: string;
  limitNano: bigint;
  spentNano: bigint;
  period: Period;
  windowStart: Date;
  object: () => unknown;
  types: Record<Threshold, AlertEventType>;
}

/** The enabled endpoints of a workspace, read at most once per transaction (nothing is read if nothing fires). */
export function endpointsOnce(workspaceId: string): () => Q<{ id: string; events: string }[]> {
  let eps: { id: string; events: string }[] | undefined;
  return function* () {
    return (eps ??= yield* enabledEndpoints(workspaceId));
  };
}

/** Writes an alert event and one delivery per endpoint subscribed to its type (same transaction). */
export function* writeAlertEvent(
  o: { id: string; workspaceId: string; type: AlertEventType; subject: string; object: unknown; alert: unknown },
  endpoints: () => Q<{ id: string; events: string }[]>,
): Q<void> {
  const createdAt = new Date();
  const subscribed = (yield* endpoints()).filter((ep) => (decodeEvents(ep.events) as string[]).includes(o.type)).map((ep) => ep.id);
  const payload = toJson({ id: o.id, type: o.type, createdAt: createdAt.toISOString(), data: { object: o.object, alert: o.alert } });
  yield* insertEvent({ id: o.id, workspaceId: o.workspaceId, type: o.type, subject: o.subject, payload, createdAt }, subscribed);
}

/** What the workspace itself refuses right now (for the key object in a payload), read once per transaction. */
export function workspaceGateOnce(workspaceId: string, ws: WorkspaceRow | null | undefined, at: Date): () => Q<WorkspaceGate> {
  let gate: WorkspaceGate | undefined;
  return function* () {
    if (gate) return gate;
    const [m] = yield* readCounters([{ subject: wsSubject(workspaceId), period: 'monthly', windowStart: monthStart(at) }]);
    const buckets = yield* readBuckets(workspaceId, ws?.diemEpochAllocationNano ?? null, at);
    gate = {
      budgetExceeded: ws?.monthlyBudgetNano != null && m.spentNano + m.reservedNano >= ws.monthlyBudgetNano,
      noCredit: buckets.every((b) => b.balanceNano - b.reservedNano <= 0n),
    };
    return gate;
  };
}

function* fire(o: Fire, at: Date, endpoints: () => Q<{ id: string; events: string }[]>): Q<void> {
  let object: unknown;
  for (const threshold of thresholdsMet(o.spentNano, o.limitNano)) {
    const eventId = newMessageId();
    if (!(yield* claimAlert({ workspaceId: o.workspaceId, subject: o.alertSubject, windowStart: o.windowStart, limitNano: o.limitNano, threshold, eventId, at: new Date() }))) continue;
    object ??= o.object();
    const alert: AlertData = {
      threshold,
      limitUsd: nanoToUsd(o.limitNano) ?? 0,
      spentUsd: nanoToUsd(o.spentNano) ?? 0,
      period: o.period,
      windowStart: isoSeconds(o.windowStart)!,
      resetsAt: isoSeconds(windowEnd(o.period, at)),
    };
    yield* writeAlertEvent({ id: eventId, workspaceId: o.workspaceId, type: o.types[threshold], subject: o.subject, object, alert }, endpoints);
  }
}

/**
 * Fires what the spend recorded at `at` crossed: the limits of `keyIds` (each read fresh here) and the
 * workspace budget (read fresh too), on the counters as they now are.
 */
export function* detectThresholds(workspaceId: string, keyIds: (string | null)[], at: Date, known: { keys?: KeyRow[]; ws?: WorkspaceRow } = {}): Q<void> {
  const endpoints = endpointsOnce(workspaceId);
  const ws = known.ws ?? (yield* workspaceById(workspaceId));
  // What the workspace itself refuses right now: the key object in a payload says it, exactly as GET does.
  const wsGate = workspaceGateOnce(workspaceId, ws, at);
  for (const id of new Set(keyIds)) {
    if (!id) continue;
    const key = known.keys?.find((k) => k.id === id) ?? (yield* keyById(workspaceId, id));
    if (!key || key.spendLimitNano === null || !isPeriod(key.spendLimitPeriod)) continue;
    const period = key.spendLimitPeriod;
    const [w, m] = yield* readCounters([
      { subject: key.id, period, windowStart: windowStart(period, at) },
      { subject: key.id, period: 'monthly', windowStart: monthStart(at) },
    ]);
    if (!thresholdsMet(w.spentNano, key.spendLimitNano).length) continue;
    const limit = key.spendLimitNano;
    const g = yield* wsGate();
    yield* fire(
      {
        workspaceId,
        subject: key.id,
        alertSubject: keyAlertSubject(key.id, period),
        limitNano: limit,
        spentNano: w.spentNano,
        period,
        windowStart: windowStart(period, at),
        object: () => toKeyObject(key, { periodSpent: w.spentNano, periodReserved: w.reservedNano, monthSpent: m.spentNano, resetsAt: windowEnd(period, at) }, at, g),
        types: { 80: 'api_key.spend_limit.warning', 100: 'api_key.spend_limit.reached' },
      },
      at,
      endpoints,
    );
  }
  if (!ws || ws.monthlyBudgetNano === null) return;
  const [w] = yield* readCounters([{ subject: wsSubject(ws.id), period: 'monthly', windowStart: monthStart(at) }]);
  if (!thresholdsMet(w.spentNano, ws.monthlyBudgetNano).length) return;
  yield* fire(
    {
      workspaceId,
      subject: wsSubject(ws.id),
      alertSubject: wsSubject(ws.id),
      limitNano: ws.monthlyBudgetNano,
      spentNano: w.spentNano,
      period: 'monthly',
      windowStart: monthStart(at),
      object: () => toWorkspaceObject(ws, w.spentNano, at),
      types: { 80: 'workspace.spend_budget.warning', 100: 'workspace.spend_budget.reached' },
    },
    at,
    endpoints,
  );
}
