// The outbox: an event and one WebhookDelivery per subscribed endpoint, written in the caller's
// transaction (the one that crossed the threshold), so an event exists if and only if its spend does.
import type { Tx } from '../db';
import { decodeEvents, type EventType, type WebhookPayload } from './events';
import { newMessageId } from './signing';

export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED', 'CANCELLED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface NewEvent {
  workspaceId: string;
  type: EventType;
  /** What the event is about: an API key id, or ws:<workspaceId>. */
  subject: string | null;
  data: unknown;
  id?: string;
  createdAt?: Date;
  /** Deliver only to this endpoint, whatever it subscribes to (test events). */
  onlyEndpointId?: string;
  /** Create the delivery already leased to this worker (the caller delivers it at once). */
  lockFor?: { workerId: string; until: Date };
}

const toJson = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));

export async function enqueueEvent(tx: Tx, e: NewEvent): Promise<{ eventId: string; deliveryIds: string[] }> {
  const id = e.id ?? newMessageId();
  const createdAt = e.createdAt ?? new Date();
  const payload: WebhookPayload = { id, type: e.type, createdAt: createdAt.toISOString(), data: e.data };
  await tx.webhookEvent.create({ data: { id, workspaceId: e.workspaceId, type: e.type, subject: e.subject, payload: toJson(payload), createdAt } });
  const endpoints = e.onlyEndpointId
    ? await tx.webhookEndpoint.findMany({ where: { id: e.onlyEndpointId, workspaceId: e.workspaceId } })
    : (await tx.webhookEndpoint.findMany({ where: { workspaceId: e.workspaceId, enabled: true } })).filter((ep) =>
        (decodeEvents(ep.events) as string[]).includes(e.type),
      );
  const deliveryIds: string[] = [];
  for (const ep of endpoints) {
    const d = await tx.webhookDelivery.create({
      data: {
        workspaceId: e.workspaceId,
        eventId: id,
        endpointId: ep.id,
        nextAttemptAt: createdAt,
        lockedBy: e.lockFor?.workerId ?? null,
        lockedUntil: e.lockFor?.until ?? null,
      },
      select: { id: true },
    });
    deliveryIds.push(d.id);
  }
  return { eventId: id, deliveryIds };
}
