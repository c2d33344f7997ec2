// Alerts sent (the events recorded by detect.ts), for the key detail page and the console.
import { db } from '../db';
import type { Ctx } from '../context';
import { requirePermission } from '../context';
import type { AlertData } from './thresholds';

export interface AlertSent {
  id: string;
  type: string;
  createdAt: string;
  alert: AlertData;
  deliveries: { delivered: number; pending: number; failed: number };
}

const KEY_TYPES = ['api_key.spend_limit.warning', 'api_key.spend_limit.reached'];
const WS_TYPES = ['workspace.spend_budget.warning', 'workspace.spend_budget.reached'];

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
    const payload = JSON.parse(e.payload) as { data: { alert: AlertData } };
    return {
      id: e.id,
      type: e.type,
      createdAt: e.createdAt.toISOString(),
      alert: payload.data.alert,
      deliveries: { delivered: count('DELIVERED'), pending: count('PENDING'), failed: count('FAILED') + count('CANCELLED') },
    };
  });
}

export const listKeyAlerts = (ctx: Ctx, keyId: string, limit?: number) => listAlerts(ctx, keyId, limit);
