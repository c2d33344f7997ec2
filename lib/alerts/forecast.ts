// Forecast alerts (run by the alert sweep): when, at its last-24-hours spend rate, a capped key or the workspace
// budget will reach its limit within FORECAST_HORIZON_MS, one `api_key.spend_limit.forecast` /
// `workspace.spend_budget.forecast` event — once per subject, window and limit value (AlertState threshold 0,
// claimed by one insert, so several instances sweeping at once send it once). Never resolved: a forecast is a
// heads-up; the 80 % / 100 % alerts and their `…resolved` events carry the incident.
import type { Ctx } from '../context';
import { db } from '../db';
import { nanoToUsd } from '../money';
import { isoSeconds } from '../periods';
import { keyForecasts, workspaceForecast, type CapForecast } from '../services/forecast';
import { keyObject } from '../services/keys';
import { getWorkspace } from '../services/workspace-settings';
import { claimAlert } from '../store/alerts';
import { tx } from '../store/tx';
import { wsSubject } from '../store/counters';
import { keyAlertSubject } from './thresholds';
import { endpointsOnce, writeAlertEvent } from '../metering/thresholds';
import { newMessageId } from '../webhooks/signing';
import type { AlertEventType } from '../webhooks/events';

export const FORECAST_HORIZON_MS = 24 * 3_600_000;
/** AlertState.threshold of a forecast (the spend alerts are 80 and 100). */
export const FORECAST_THRESHOLD = 0;

/** The `alert` of a forecast event. */
export interface ForecastAlertData {
  limitUsd: number;
  spentUsd: number;
  period: CapForecast['period'];
  windowStart: string;
  resetsAt: string | null;
  projectedExhaustionAt: string;
  /** USD per day over the last 24 hours (the projection's rate) and the last 7 days */
  spendRate24h: number;
  spendRate7d: number;
}

const due = (f: CapForecast, now: Date) =>
  f.forecast.state === 'projected' && f.forecast.projectedExhaustionAt !== null && f.forecast.projectedExhaustionAt.getTime() - now.getTime() <= FORECAST_HORIZON_MS;

async function send(workspaceId: string, f: CapForecast, subject: string, alertSubject: string, type: AlertEventType, object: () => Promise<{ currentPeriodSpend?: number; monthToDateSpend?: number }>, now: Date): Promise<boolean> {
  const claimed = await db.alertState.findUnique({
    where: { subject_windowStart_limitNano_threshold: { subject: alertSubject, windowStart: f.windowStart, limitNano: f.limitNano, threshold: FORECAST_THRESHOLD } },
    select: { id: true },
  });
  if (claimed) return false; // sent already (the claim below is what guarantees it; this skips the work)
  const obj = await object();
  const alert: ForecastAlertData = {
    limitUsd: nanoToUsd(f.limitNano) ?? 0,
    spentUsd: obj.currentPeriodSpend ?? obj.monthToDateSpend ?? 0,
    period: f.period,
    windowStart: isoSeconds(f.windowStart)!,
    resetsAt: isoSeconds(f.windowEnd),
    projectedExhaustionAt: isoSeconds(f.forecast.projectedExhaustionAt)!,
    spendRate24h: f.forecast.spendRate24hUsdPerDay,
    spendRate7d: f.forecast.spendRate7dUsdPerDay,
  };
  return tx(function* () {
    const id = newMessageId();
    if (!(yield* claimAlert({ workspaceId, subject: alertSubject, windowStart: f.windowStart, limitNano: f.limitNano, threshold: FORECAST_THRESHOLD, eventId: id, at: now }))) return false;
    yield* writeAlertEvent({ id, workspaceId, type, subject, object: obj, alert }, endpointsOnce(workspaceId));
    return true;
  });
}

/** Sends the forecasts of one workspace that became due at `now`; returns how many were sent. */
export async function sendDueForecasts(workspaceId: string, now = new Date()): Promise<number> {
  if (!(await db.workspace.count({ where: { id: workspaceId } }))) return 0; // deleted since it was listed
  const [keys, ws] = await Promise.all([keyForecasts(workspaceId, now), workspaceForecast(workspaceId, now)]);
  let sent = 0;
  for (const k of keys.filter((x) => due(x, now))) {
    const object = async () => keyObject(await db.apiKey.findUniqueOrThrow({ where: { id: k.keyId } }), now);
    if (await send(workspaceId, k, k.keyId, keyAlertSubject(k.keyId, k.period), 'api_key.spend_limit.forecast', object, now)) sent++;
  }
  if (ws && due(ws, now)) {
    const ctx: Ctx = { workspaceId, workspaceSlug: '', actor: { kind: 'system', label: 'forecast sweep' } };
    if (await send(workspaceId, ws, wsSubject(workspaceId), wsSubject(workspaceId), 'workspace.spend_budget.forecast', () => getWorkspace(ctx, now), now)) sent++;
  }
  return sent;
}

/** Workspaces with spend since yesterday (UTC) — the only ones whose 24 h rate can project anything. */
export async function workspacesWithRecentSpend(now = new Date()): Promise<string[]> {
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1));
  // UsageDaily @@index([day, workspaceId]): an index range, grouped in the database
  const rows = await db.usageDaily.groupBy({ by: ['workspaceId'], where: { day: { gte: since } } });
  return rows.map((r) => r.workspaceId);
}
