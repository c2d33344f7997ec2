// Alert lifecycle: an 80 % / 100 % alert stays open (AlertState.resolvedAt null) until the spend it was about
// falls back below its threshold — the limit was raised or removed, the window reset, the key was revoked or
// expired, or its period changed. Then exactly one `…resolved` event is written for it (claimResolution is a
// conditional UPDATE, so concurrent sweeps on several instances write it once), carrying the id of the event
// that opened it. Runs after every limit change (lib/services/limit-hooks.ts) and in the worker's sweep
// (window resets happen with no request to notice them).
import { nanoToUsd } from '../money';
import { isPeriod, isoSeconds, monthStart, windowEnd, windowStart, type Period } from '../periods';
import { thresholdsMet, type Threshold } from '../alerts/thresholds';
import { newMessageId } from '../webhooks/signing';
import { toKeyObject } from '../keys/object';
import { toWorkspaceObject } from '../workspace-object';
import { claimResolution, openAlerts, type OpenAlert } from '../store/alerts';
import { lockCounters, readCounters, wsSubject } from '../store/counters';
import { keyById } from '../store/keys';
import { workspaceById } from '../store/workspaces';
import type { Q } from '../store/sql';
import type { CounterKey, KeyRow } from '../store/rows';
import { endpointsOnce, workspaceGateOnce, writeAlertEvent } from './thresholds';

export type ResolvedReason = 'limit_raised' | 'limit_removed' | 'window_reset' | 'period_changed' | 'key_revoked' | 'key_expired' | 'key_deleted';

/** The `alert` of a `…resolved` event: the alert it closes (its threshold, limit and window) and why. */
export interface ResolvedAlertData {
  threshold: Threshold;
  /** the limit the alert fired at */
  limitUsd: number;
  /** the limit now (null: no limit any more) */
  currentLimitUsd: number | null;
  /** spend in the alert's window if it is still the current one, else in the current window */
  spentUsd: number;
  period: Period;
  windowStart: string;
  resetsAt: string | null;
  reason: ResolvedReason;
  /** the id of the warning / reached event this one closes */
  openedEventId: string;
}

interface Current {
  limitNano: bigint | null;
  period: Period;
  spentNano: bigint;
  gone?: 'key_revoked' | 'key_expired' | 'key_deleted';
}

/** Why an open alert no longer holds, or null while it still does. */
export function resolution(a: Pick<OpenAlert, 'windowStart' | 'limitNano' | 'threshold'>, alertPeriod: Period, cur: Current, at: Date): ResolvedReason | null {
  if (cur.gone) return cur.gone;
  if (cur.limitNano === null) return 'limit_removed';
  if (cur.period !== alertPeriod) return 'period_changed';
  if (windowStart(alertPeriod, at).getTime() !== a.windowStart.getTime()) return 'window_reset';
  // spend only grows within a window, so falling below the threshold means the limit went up
  return thresholdsMet(cur.spentNano, cur.limitNano).includes(a.threshold as Threshold) ? null : 'limit_raised';
}

/** Resolves what no longer holds among the workspace's open alerts, at `at`. Returns the events written. */
export function* resolveAlerts(workspaceId: string, at: Date): Q<number> {
  const open = yield* openAlerts(workspaceId);
  if (!open.length) return 0;
  const endpoints = endpointsOnce(workspaceId);
  const ws = yield* workspaceById(workspaceId);
  const gate = workspaceGateOnce(workspaceId, ws, at);
  let written = 0;
  const bySubject = new Map<string, OpenAlert[]>();
  for (const a of open) bySubject.set(a.subject, [...(bySubject.get(a.subject) ?? []), a]);
  // The keys, then a lock on the counter rows every decision below reads (in the settle path's order), so a
  // settle crossing a threshold again waits for this transaction and then sees the alert resolved.
  const keys = new Map<string, KeyRow | null>();
  const decide: CounterKey[] = [];
  for (const subject of bySubject.keys()) {
    if (subject.startsWith('ws:')) {
      decide.push({ subject: wsSubject(workspaceId), period: 'monthly', windowStart: monthStart(at) });
      continue;
    }
    const [keyId, p] = subject.split(':');
    const key = keys.has(keyId) ? keys.get(keyId)! : ((yield* keyById(workspaceId, keyId)) ?? null);
    keys.set(keyId, key);
    const period = key && isPeriod(key.spendLimitPeriod) ? key.spendLimitPeriod : isPeriod(p) ? p : 'monthly';
    decide.push({ subject: keyId, period, windowStart: windowStart(period, at) });
  }
  yield* lockCounters(decide);

  for (const [subject, alerts] of bySubject) {
    const isWs = subject.startsWith('ws:');
    let cur: Current;
    let alertPeriod: Period;
    let object: () => Q<unknown>;
    if (isWs) {
      alertPeriod = 'monthly';
      const [m] = yield* readCounters([{ subject: wsSubject(workspaceId), period: 'monthly', windowStart: monthStart(at) }]);
      cur = { limitNano: ws?.monthlyBudgetNano ?? null, period: 'monthly', spentNano: m.spentNano, gone: ws ? undefined : 'key_deleted' };
      // eslint-disable-next-line require-yield -- same shape as the key branch, which reads the workspace gate
      object = function* () {
        return ws ? toWorkspaceObject(ws, m.spentNano, at) : null;
      };
    } else {
      const [keyId, p] = subject.split(':');
      alertPeriod = isPeriod(p) ? p : 'monthly';
      const key = keys.get(keyId) ?? null;
      const period = key && isPeriod(key.spendLimitPeriod) ? key.spendLimitPeriod : alertPeriod;
      const [w, m] = yield* readCounters([
        { subject: keyId, period, windowStart: windowStart(period, at) },
        { subject: keyId, period: 'monthly', windowStart: monthStart(at) },
      ]);
      const gone = !key ? 'key_deleted' : key.revokedAt ? 'key_revoked' : key.expiresAt && key.expiresAt <= at ? 'key_expired' : undefined;
      cur = { limitNano: key?.spendLimitNano ?? null, period, spentNano: w.spentNano, gone };
      object = function* () {
        return key ? toKeyObject(key, { periodSpent: w.spentNano, periodReserved: w.reservedNano, monthSpent: m.spentNano, resetsAt: windowEnd(period, at) }, at, yield* gate()) : null;
      };
    }
    let obj: unknown;
    let built = false;
    for (const a of alerts) {
      const reason = resolution(a, alertPeriod, cur, at);
      if (!reason) continue;
      const eventId = newMessageId();
      if (!(yield* claimResolution(a.id, eventId, at))) continue;
      if (!built) {
        obj = yield* object();
        built = true;
      }
      const alert: ResolvedAlertData = {
        threshold: a.threshold as Threshold,
        limitUsd: nanoToUsd(a.limitNano) ?? 0,
        currentLimitUsd: nanoToUsd(cur.limitNano),
        spentUsd: nanoToUsd(cur.spentNano) ?? 0,
        period: alertPeriod,
        windowStart: isoSeconds(a.windowStart)!,
        resetsAt: isoSeconds(windowEnd(alertPeriod, a.windowStart)),
        reason,
        openedEventId: a.eventId,
      };
      const type = isWs ? 'workspace.spend_budget.resolved' : 'api_key.spend_limit.resolved';
      yield* writeAlertEvent({ id: eventId, workspaceId, type, subject: isWs ? subject : subject.split(':')[0], object: obj, alert }, endpoints);
      written++;
    }
  }
  return written;
}

