// Webhook endpoints: the one service behind Settings → Webhooks and /api/v1/webhooks.
// Every function checks `webhooks.manage` (OWNER, ADMIN, ADMIN keys) and scopes by workspace.
import { db } from '../db';
import type { Ctx } from '../context';
import { requirePermission } from '../context';
import { audit } from '../audit';
import { badRequest, notFound } from '../errors';
import { parseInput } from '../schemas/parse';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../generated/prisma/client';
import { decodeEvents, encodeEvents, TEST_EVENT_TYPE, type AlertEventType } from './events';
import {
  createEndpointSchema, listDeliveriesQuery, rotateSecretSchema, updateEndpointSchema, type CreateEndpointInput, type RotateSecretInput, type UpdateEndpointInput,
} from './schemas';
import { generateWebhookSecret, secretHint, signingSecrets } from './signing';
import { assertPublicWebhookUrl, type Resolver } from './ssrf';
import { enqueueEvent } from './outbox';
import { LEASE_MS } from './backoff';
import { deliverNow, newWorkerId, type DrainOptions } from './worker';

export const MAX_ENDPOINTS = 20;

export interface EndpointObject {
  id: string;
  url: string;
  description: string | null;
  events: AlertEventType[];
  enabled: boolean;
  secretHint: string;
  /** While a rotated-out secret still signs deliveries (a second signature): its hint and when it stops. */
  previousSecretHint: string | null;
  previousSecretExpiresAt: string | null;
  createdAt: string;
  failingSince: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
}

export interface AttemptObject {
  attempt: number;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
}

export interface DeliveryObject {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
  nextAttemptAt: string | null;
  createdAt: string;
  attemptLog: AttemptObject[];
}

export const toEndpointObject = (e: WebhookEndpoint, now = new Date()): EndpointObject => {
  const overlap = signingSecrets(e, now).length > 1;
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: decodeEvents(e.events),
    enabled: e.enabled,
    secretHint: secretHint(e.secret),
    previousSecretHint: overlap ? secretHint(e.previousSecret!) : null,
    previousSecretExpiresAt: overlap ? e.previousSecretExpiresAt!.toISOString() : null,
    createdAt: e.createdAt.toISOString(),
  failingSince: e.failingSince?.toISOString() ?? null,
  disabledAt: e.disabledAt?.toISOString() ?? null,
    disabledReason: e.disabledReason,
  };
};

const toAttempt = (a: WebhookAttempt): AttemptObject => ({
  attempt: a.attempt,
  startedAt: a.startedAt.toISOString(),
  durationMs: a.durationMs,
  statusCode: a.statusCode,
  error: a.error,
  responseExcerpt: a.responseExcerpt,
});

const auditView = (e: WebhookEndpoint) => ({ url: e.url, description: e.description, events: decodeEvents(e.events), enabled: e.enabled });

async function endpointRow(ctx: Ctx, id: string): Promise<WebhookEndpoint> {
  const e = await db.webhookEndpoint.findFirst({ where: { id, workspaceId: ctx.workspaceId } });
  if (!e) throw notFound('Webhook endpoint');
  return e;
}

export async function listEndpoints(ctx: Ctx): Promise<EndpointObject[]> {
  requirePermission(ctx, 'webhooks.manage');
  const rows = await db.webhookEndpoint.findMany({ where: { workspaceId: ctx.workspaceId }, orderBy: { createdAt: 'asc' } });
  return rows.map((r) => toEndpointObject(r));
}

export async function getEndpoint(ctx: Ctx, id: string): Promise<EndpointObject> {
  requirePermission(ctx, 'webhooks.manage');
  return toEndpointObject(await endpointRow(ctx, id));
}

export interface ServiceOptions {
  /** DNS resolver for the save-time SSRF check (tests inject one). */
  resolve?: Resolver;
}

export async function createEndpoint(ctx: Ctx, raw: CreateEndpointInput | unknown, o: ServiceOptions = {}): Promise<{ endpoint: EndpointObject; secret: string }> {
  requirePermission(ctx, 'webhooks.manage');
  const input = parseInput(createEndpointSchema, raw);
  const url = (await assertPublicWebhookUrl(input.url, o.resolve)).toString();
  const count = await db.webhookEndpoint.count({ where: { workspaceId: ctx.workspaceId } });
  if (count >= MAX_ENDPOINTS) throw badRequest(null, `A workspace can have at most ${MAX_ENDPOINTS} webhook endpoints. Delete one first.`, 'too_many_endpoints');
  const secret = generateWebhookSecret();
  const row = await db.$transaction(async (tx) => {
    const e = await tx.webhookEndpoint.create({
      data: { workspaceId: ctx.workspaceId, url, description: input.description || null, events: encodeEvents(input.events), enabled: input.enabled, secret },
    });
    await audit(tx, ctx, 'webhook.create', { type: 'webhook_endpoint', id: e.id }, null, auditView(e));
    return e;
  });
  return { endpoint: toEndpointObject(row), secret };
}

export async function updateEndpoint(ctx: Ctx, id: string, raw: UpdateEndpointInput | unknown, o: ServiceOptions = {}): Promise<EndpointObject> {
  requirePermission(ctx, 'webhooks.manage');
  const input = parseInput(updateEndpointSchema, raw);
  const before = await endpointRow(ctx, id);
  const data: Partial<WebhookEndpoint> = {};
  if (input.url !== undefined) data.url = (await assertPublicWebhookUrl(input.url, o.resolve)).toString();
  if (input.events !== undefined) data.events = encodeEvents(input.events);
  if (input.description !== undefined) data.description = input.description || null;
  if (input.enabled !== undefined) {
    data.enabled = input.enabled;
    // Re-enabling starts over: the failure streak and the automatic-disable notice are cleared.
    if (input.enabled && !before.enabled) Object.assign(data, { disabledAt: null, disabledReason: null, failingSince: null });
  }
  const row = await db.$transaction(async (tx) => {
    const e = await tx.webhookEndpoint.update({ where: { id: before.id }, data });
    if (input.enabled === false && before.enabled)
      await tx.webhookDelivery.updateMany({ where: { endpointId: e.id, status: 'PENDING', lockedBy: null }, data: { status: 'CANCELLED' } });
    await audit(tx, ctx, 'webhook.update', { type: 'webhook_endpoint', id: e.id }, auditView(before), auditView(e));
    return e;
  });
  return toEndpointObject(row);
}

/**
 * Replaces the signing secret. The replaced secret keeps signing too — a second signature in
 * `webhook-signature` — for `overlapHours` (default 24, 0–168; 0 = it stops at once), so receivers can
 * switch without dropping deliveries. Only one previous secret is kept: rotating again during an
 * overlap ends the older secret's overlap at once.
 */
export async function rotateSecret(ctx: Ctx, id: string, raw: RotateSecretInput | unknown = {}): Promise<{ endpoint: EndpointObject; secret: string }> {
  requirePermission(ctx, 'webhooks.manage');
  const { overlapHours } = parseInput(rotateSecretSchema, raw);
  const before = await endpointRow(ctx, id);
  const secret = generateWebhookSecret();
  const now = new Date();
  const expiresAt = overlapHours > 0 ? new Date(now.getTime() + Math.round(overlapHours * 3600_000)) : null;
  const row = await db.$transaction(async (tx) => {
    const e = await tx.webhookEndpoint.update({
      where: { id: before.id },
      data: { secret, previousSecret: expiresAt ? before.secret : null, previousSecretExpiresAt: expiresAt },
    });
    await audit(
      tx,
      ctx,
      'webhook.rotate_secret',
      { type: 'webhook_endpoint', id: e.id },
      { secret: secretHint(before.secret) },
      { secret: secretHint(secret), previousSecretExpiresAt: expiresAt?.toISOString() ?? null },
    );
    return e;
  });
  return { endpoint: toEndpointObject(row, now), secret };
}

export async function deleteEndpoint(ctx: Ctx, id: string): Promise<{ id: string; deleted: true }> {
  requirePermission(ctx, 'webhooks.manage');
  const before = await endpointRow(ctx, id);
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`DELETE FROM "WebhookAttempt" WHERE "deliveryId" IN (SELECT "id" FROM "WebhookDelivery" WHERE "endpointId" = ${before.id})`;
    await tx.webhookDelivery.deleteMany({ where: { endpointId: before.id, workspaceId: ctx.workspaceId } });
    await tx.webhookEndpoint.delete({ where: { id: before.id } });
    await audit(tx, ctx, 'webhook.delete', { type: 'webhook_endpoint', id: before.id }, auditView(before), null);
  });
  return { id: before.id, deleted: true };
}

async function deliveryObjects(rows: WebhookDelivery[]): Promise<DeliveryObject[]> {
  const ids = rows.map((r) => r.id);
  const [events, attempts] = await Promise.all([
    db.webhookEvent.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.eventId))] } }, select: { id: true, type: true } }),
    ids.length ? db.webhookAttempt.findMany({ where: { deliveryId: { in: ids } }, orderBy: { attempt: 'asc' } }) : [],
  ]);
  const type = new Map(events.map((e) => [e.id, e.type]));
  return rows.map((d) => ({
    id: d.id,
    eventId: d.eventId,
    eventType: type.get(d.eventId) ?? 'unknown',
    status: d.status,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    nextAttemptAt: d.status === 'PENDING' ? d.nextAttemptAt.toISOString() : null,
    createdAt: d.createdAt.toISOString(),
    attemptLog: attempts.filter((a) => a.deliveryId === d.id).map(toAttempt),
  }));
}

export async function listDeliveries(ctx: Ctx, endpointId: string, rawQuery: unknown = {}) {
  requirePermission(ctx, 'webhooks.manage');
  const q = parseInput(listDeliveriesQuery, rawQuery);
  const ep = await endpointRow(ctx, endpointId);
  const where = { endpointId: ep.id, workspaceId: ctx.workspaceId, ...(q.status ? { status: q.status } : {}) };
  const [total, rows] = await Promise.all([
    db.webhookDelivery.count({ where }),
    db.webhookDelivery.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: q.limit, skip: (q.page - 1) * q.limit }),
  ]);
  return { data: await deliveryObjects(rows), pagination: { limit: q.limit, page: q.page, total, totalPages: Math.ceil(total / q.limit) } };
}

async function deliveryById(ctx: Ctx, id: string): Promise<DeliveryObject> {
  const d = await db.webhookDelivery.findFirst({ where: { id, workspaceId: ctx.workspaceId } });
  if (!d) throw notFound('Webhook delivery');
  return (await deliveryObjects([d]))[0];
}

/** Sends a `webhook.test` event to this endpoint now (whatever it subscribes to) and returns the delivery with its attempt. */
export async function sendTestEvent(ctx: Ctx, endpointId: string, o: DrainOptions = {}): Promise<DeliveryObject> {
  requirePermission(ctx, 'webhooks.manage');
  const ep = await endpointRow(ctx, endpointId);
  const workerId = newWorkerId('inline');
  const { deliveryIds } = await db.$transaction((tx) =>
    enqueueEvent(tx, {
      workspaceId: ctx.workspaceId,
      type: TEST_EVENT_TYPE,
      subject: `webhook:${ep.id}`,
      data: { object: toEndpointObject(ep), message: 'This is a test event sent from Keycap. Verify its signature with your endpoint secret.' },
      onlyEndpointId: ep.id,
      lockFor: { workerId, until: new Date(Date.now() + LEASE_MS) },
    }),
  );
  await deliverNow(deliveryIds[0], workerId, o);
  return deliveryById(ctx, deliveryIds[0]);
}

/** Re-sends an earlier delivery's event (same webhook-id) to the same endpoint as a new delivery, now. */
export async function resendDelivery(ctx: Ctx, endpointId: string, deliveryId: string, o: DrainOptions = {}): Promise<DeliveryObject> {
  requirePermission(ctx, 'webhooks.manage');
  const ep = await endpointRow(ctx, endpointId);
  const prev = await db.webhookDelivery.findFirst({ where: { id: deliveryId, endpointId: ep.id, workspaceId: ctx.workspaceId } });
  if (!prev) throw notFound('Webhook delivery');
  if (!ep.enabled) throw badRequest(null, 'This endpoint is disabled. Enable it first, then re-send.', 'endpoint_disabled');
  const workerId = newWorkerId('inline');
  const d = await db.$transaction(async (tx) => {
    const row = await tx.webhookDelivery.create({
      data: { workspaceId: ctx.workspaceId, eventId: prev.eventId, endpointId: ep.id, nextAttemptAt: new Date(), lockedBy: workerId, lockedUntil: new Date(Date.now() + LEASE_MS) },
    });
    await audit(tx, ctx, 'webhook.resend', { type: 'webhook_delivery', id: row.id }, null, { eventId: prev.eventId, endpointId: ep.id });
    return row;
  });
  await deliverNow(d.id, workerId, o);
  return deliveryById(ctx, d.id);
}
