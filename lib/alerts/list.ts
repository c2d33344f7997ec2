// Alerts sent (warning / reached / resolved / forecast events, recorded by lib/metering/thresholds.ts,
// resolve.ts and the forecast sweep), for the key detail page and the console.
import { db } from '../db';
import type { Ctx } from '../context';
import { requirePermission } from '../context';
import type { AlertData } from './thresholds';

/** The `alert` of an event: AlertData for warning / reached, plus what a resolved or forecast event adds. */
export type SentAlertData = Omit<AlertData, 'threshold'> & {
  threshold?: AlertData['threshold'];
  /** resolved: why, the limit now, and the event it closes */
  reason?: string;
  currentLimitUsd?: number | null;
  openedEventId?: string;
  /** forecast: when the limit is reached at the 24 h rate, and that rate (USD per day) */
  projectedExhaustionAt?: string;
  spendRate24h?: number;
};

export interface AlertSent {
  id: string;
  type: string;
  kind: 'warning' | 'reached' | 'resolved' | 'forecast';
  createdAt: string;
  alert: SentAlertData;
  deliveries: { delivered: number; pending: number; failed: number };
}

const KINDS = ['warning', 'reached', 'resolved', 'forecast'] as const;
const KEY_TYPES = KINDS.map((k) => `api_key.spend_limit.${k}`);
const WS_TYPES = KINDS.map((k) => `workspace.spend_budget.${k}`);
const kindOf = (type: string) => KINDS.find((k) => type.endsWith(`.${k}`)) ?? 'warning';

/** Alerts fired for a subject (an API key id, or ws:<workspaceId>), newest first. */
export async function listAlerts(ctx: Ctx, subject: string, limit = 20): Promise<AlertSent[]> {
  requirePermission(ctx, 'workspace.view');
  const events = await db.webhookEvent.findMany({
    where: { workspaceId: ctx.workspaceId, subject, type: { in: subject.startsWith('ws:') ? WS_TYPES : KEY_TYPES } },
    orderBy: { createdAt: 'desc' },
    take: limit,
  });
  const ids = events.map((e) => e.id);
  const deliveries = ids.length
    ? await db.webhookDelivery.groupBy({ by: ['eventId', 'status'], where: { workspaceId: ctx.workspaceId, eventId: { in: ids } }, _count: { _all: true } })
    : [];
  return events.map((e) => {
    const count = (s: string) => deliveries.filter((d) => d.eventId === e.id && d.status === s).reduce((n, d) => n + d._count._all, 0);
    const payload = JSON.parse(e.payload) as { data: { alert: SentAlertData } };
    return {
      id: e.id,
      type: e.type,
      kind: kindOf(e.type),
      createdAt: e.createdAt.toISOString(),
      alert: payload.data.alert,
      deliveries: { delivered: count('DELIVERED'), pending: count('PENDING'), failed: count('FAILED') + count('CANCELLED') },
    };
  });
}

export const listKeyAlerts = (ctx: Ctx, keyId: string, limit?: number) => listAlerts(ctx, keyId, limit);
