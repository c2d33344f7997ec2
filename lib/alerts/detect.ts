// Threshold detection (80 % / 100 %) for key limits and the workspace budget. Called by the metering
// code inside the same transaction that recorded the spend, after the counters were updated.
// Each alert fires at most once per (subject, window, limit value, threshold): the AlertState row is
// inserted with ON CONFLICT DO NOTHING, and only the transaction whose insert took effect writes the
// event and its outbox rows. A new limit value or a new window has no row yet, so it re-arms both.
import { randomBytes } from 'node:crypto';
import type { Tx } from '../db';
import { nanoToUsd } from '../money';
import { isPeriod, isoSeconds, type Period } from '../periods';
import { windowSpend, wsSubject } from '../metering/spend';
import { toKeyObject } from '../services/keys';
import { enqueueEvent } from '../webhooks/outbox';
import { newMessageId } from '../webhooks/signing';
import type { AlertEventType } from '../webhooks/events';
import { toWorkspaceObject } from '../services/workspace-settings';

export interface SpendRecorded {
  workspaceId: string;
  apiKeyId: string | null;
  at: Date; // time the spend was recorded (selects the windows)
}

export const THRESHOLDS = [80, 100] as const;
export type Threshold = (typeof THRESHOLDS)[number];

export interface AlertData {
  threshold: Threshold;
  limitUsd: number;
  spentUsd: number;
  period: Period;
  windowStart: string;
  resetsAt: string | null;
}

/** Thresholds met by `spent` against `limit` (exact, in nano-dollars). Nothing is met before any spend. */
export function thresholdsMet(spent: bigint, limit: bigint): Threshold[] {
  if (spent <= 0n) return [];
  return THRESHOLDS.filter((t) => spent * 100n >= limit * BigInt(t));
}

/** The dedupe key of key alerts includes the period, so switching daily → monthly on the 1st re-arms too. */
export const keyAlertSubject = (keyId: string, period: Period) => `${keyId}:${period}`;

/** Records that this alert fired; false when it already had (this or a concurrent transaction). */
async function claimAlert(tx: Tx, a: { workspaceId: string; subject: string; windowStart: Date; limitNano: bigint; threshold: number; eventId: string; at: Date }) {
  const id = 'al_' + randomBytes(12).toString('hex');
  const n = await tx.$executeRaw`INSERT INTO "AlertState" ("id", "workspaceId", "subject", "windowStart", "limitNano", "threshold", "eventId", "createdAt")
    VALUES (${id}, ${a.workspaceId}, ${a.subject}, ${a.windowStart}, ${a.limitNano}, ${a.threshold}, ${a.eventId}, ${a.at})
    ON CONFLICT ("subject", "windowStart", "limitNano", "threshold") DO NOTHING`;
  return n === 1;
}

async function fire(
  tx: Tx,
  e: SpendRecorded,
  o: { subject: string; alertSubject: string; limitNano: bigint; spentNano: bigint; period: Period; windowStart: Date; resetsAt: Date | null; object: () => unknown; types: Record<Threshold, AlertEventType> },
) {
  const met = thresholdsMet(o.spentNano, o.limitNano);
  let object: unknown;
  for (const threshold of met) {
    const eventId = newMessageId();
    const claimed = await claimAlert(tx, { workspaceId: e.workspaceId, subject: o.alertSubject, windowStart: o.windowStart, limitNano: o.limitNano, threshold, eventId, at: new Date() });
    if (!claimed) continue;
    object ??= o.object();
    const alert: AlertData = {
      threshold,
      limitUsd: nanoToUsd(o.limitNano) ?? 0,
      spentUsd: nanoToUsd(o.spentNano) ?? 0,
      period: o.period,
      windowStart: isoSeconds(o.windowStart)!,
      resetsAt: isoSeconds(o.resetsAt),
    };
    await enqueueEvent(tx, { workspaceId: e.workspaceId, type: o.types[threshold], subject: o.subject, id: eventId, data: { object, alert } });
  }
}

async function detectKey(tx: Tx, e: SpendRecorded, keyId: string) {
  const key = await tx.apiKey.findUnique({ where: { id: keyId } });
  if (!key || key.workspaceId !== e.workspaceId || key.spendLimitNano === null || !isPeriod(key.spendLimitPeriod)) return;
  const period = key.spendLimitPeriod;
  const w = await windowSpend(key.id, period, e.at, tx);
  if (!thresholdsMet(w.spentNano, key.spendLimitNano).length) return;
  const month = period === 'monthly' ? w : await windowSpend(key.id, 'monthly', e.at, tx);
  await fire(tx, e, {
    subject: key.id,
    alertSubject: keyAlertSubject(key.id, period),
    limitNano: key.spendLimitNano,
    spentNano: w.spentNano,
    period,
    windowStart: w.windowStart,
    resetsAt: w.resetsAt,
    object: () => toKeyObject(key, { periodSpent: w.spentNano, monthSpent: month.spentNano, resetsAt: w.resetsAt }, e.at),
    types: { 80: 'api_key.spend_limit.warning', 100: 'api_key.spend_limit.reached' },
  });
}

async function detectWorkspace(tx: Tx, e: SpendRecorded) {
  const ws = await tx.workspace.findUnique({ where: { id: e.workspaceId } });
  if (!ws || ws.monthlyBudgetNano === null) return;
  const w = await windowSpend(wsSubject(ws.id), 'monthly', e.at, tx);
  await fire(tx, e, {
    subject: wsSubject(ws.id),
    alertSubject: wsSubject(ws.id),
    limitNano: ws.monthlyBudgetNano,
    spentNano: w.spentNano,
    period: 'monthly',
    windowStart: w.windowStart,
    resetsAt: w.resetsAt,
    object: () => toWorkspaceObject(ws, w.spentNano, e.at),
    types: { 80: 'workspace.spend_budget.warning', 100: 'workspace.spend_budget.reached' },
  });
}

export async function detectThresholds(tx: Tx, e: SpendRecorded): Promise<void> {
  if (e.apiKeyId) await detectKey(tx, e, e.apiKeyId);
  await detectWorkspace(tx, e);
}
