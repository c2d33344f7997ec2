// Retention of the webhook log (lib/webhooks/retention.ts): finished deliveries older than the
// retention period go with their attempts, and events once nothing references them; PENDING
// deliveries (and their events), recent rows, the ledger and the alert dedup state always stay.
// The worker loop runs it at most hourly.
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createEndpoint } from '@/lib/webhooks/service';
import { enqueueEvent } from '@/lib/webhooks/outbox';
import { pruneWebhookData, retentionDays } from '@/lib/webhooks/retention';
import { startWorker } from '@/lib/webhooks/worker';
import { makeWorkspace, type TestWorkspace } from './helpers';

const DAY = 86_400_000;

afterEach(() => {
  delete process.env.WEBHOOK_RETENTION_DAYS;
});

/** An event with one delivery per endpoint, dated `ageDays` ago, in `status`, with one attempt each. */
async function aged(ws: TestWorkspace, ageDays: number, status: 'DELIVERED' | 'FAILED' | 'CANCELLED' | 'PENDING', now = new Date()) {
  const at = new Date(now.getTime() - ageDays * DAY);
  const { eventId, deliveryIds } = await db.$transaction((tx) =>
    enqueueEvent(tx, { workspaceId: ws.ws.id, type: 'api_key.spend_limit.warning', subject: 'retention', data: { ageDays }, createdAt: at }),
  );
  for (const id of deliveryIds) {
    await db.webhookDelivery.update({ where: { id }, data: { status, attempts: 1, createdAt: at, updatedAt: at, nextAttemptAt: status === 'PENDING' ? new Date(now.getTime() + DAY) : at } });
    await db.webhookAttempt.create({ data: { deliveryId: id, attempt: 1, startedAt: at, durationMs: 5, statusCode: status === 'DELIVERED' ? 200 : 500 } });
  }
  return { eventId, deliveryIds };
}

const exists = async (r: { eventId: string; deliveryIds: string[] }) => ({
  event: (await db.webhookEvent.count({ where: { id: r.eventId } })) === 1,
  deliveries: await db.webhookDelivery.count({ where: { id: { in: r.deliveryIds } } }),
  attempts: await db.webhookAttempt.count({ where: { deliveryId: { in: r.deliveryIds } } }),
});

describe('webhook data retention', () => {
  it('prunes finished deliveries older than 90 days with their attempts and events; keeps recent and PENDING ones, the ledger and alert state', async () => {
    const ws = await makeWorkspace('Webhooks retention');
    await createEndpoint(ws.ownerCtx, { url: 'http://127.0.0.1:9/hooks' });
    const oldDelivered = await aged(ws, 91, 'DELIVERED');
    const oldFailed = await aged(ws, 200, 'FAILED');
    const oldCancelled = await aged(ws, 120, 'CANCELLED');
    const oldPending = await aged(ws, 150, 'PENDING'); // undelivered: never pruned, nor its event
    const recent = await aged(ws, 89, 'DELIVERED');
    // an old event whose old delivery was re-sent recently: the old delivery goes, the event stays
    const resent = await aged(ws, 100, 'DELIVERED');
    const again = await db.webhookDelivery.create({ data: { workspaceId: ws.ws.id, eventId: resent.eventId, endpointId: (await db.webhookEndpoint.findFirstOrThrow({ where: { workspaceId: ws.ws.id } })).id, status: 'DELIVERED' } });
    // an old event no endpoint subscribed to (no deliveries at all)
    const { eventId: lonely } = await db.$transaction((tx) =>
      enqueueEvent(tx, { workspaceId: ws.ws.id, type: 'workspace.spend_budget.warning', subject: 'retention', data: {}, createdAt: new Date(Date.now() - 95 * DAY), onlyEndpointId: 'none' }),
    );
    const alertState = await db.alertState.create({
      data: { workspaceId: ws.ws.id, subject: 'retention', windowStart: new Date(Date.now() - 365 * DAY), limitNano: 1n, threshold: 80, eventId: oldDelivered.eventId, createdAt: new Date(Date.now() - 365 * DAY) },
    });
    const ledgerBefore = await db.usageEvent.count();

    const r = await pruneWebhookData({ workspaceId: ws.ws.id });
    expect(r).toMatchObject({ deliveries: 4, attempts: 4, events: 4 });

    for (const gone of [oldDelivered, oldFailed, oldCancelled]) expect(await exists(gone)).toEqual({ event: false, deliveries: 0, attempts: 0 });
    expect(await exists(oldPending)).toEqual({ event: true, deliveries: 1, attempts: 1 });
    expect(await exists(recent)).toEqual({ event: true, deliveries: 1, attempts: 1 });
    expect(await exists(resent)).toEqual({ event: true, deliveries: 0, attempts: 0 });
    expect(await db.webhookDelivery.count({ where: { id: again.id } })).toBe(1);
    expect(await db.webhookEvent.count({ where: { id: lonely } })).toBe(0);
    expect(await db.alertState.count({ where: { id: alertState.id } })).toBe(1); // "at most once per window" survives
    expect(await db.usageEvent.count()).toBe(ledgerBefore);

    // idempotent
    expect(await pruneWebhookData({ workspaceId: ws.ws.id })).toMatchObject({ deliveries: 0, attempts: 0, events: 0 });
  });

  it('the period is configurable (WEBHOOK_RETENTION_DAYS; 0 keeps everything), and batches', async () => {
    expect(retentionDays()).toBe(90);
    const ws = await makeWorkspace('Webhooks retention config');
    await createEndpoint(ws.ownerCtx, { url: 'http://127.0.0.1:9/hooks' });
    const rows = [];
    for (let i = 0; i < 5; i++) rows.push(await aged(ws, 10 + i, 'DELIVERED'));
    process.env.WEBHOOK_RETENTION_DAYS = '0';
    expect(retentionDays()).toBe(0);
    expect(await pruneWebhookData({ workspaceId: ws.ws.id })).toMatchObject({ deliveries: 0, events: 0 });
    process.env.WEBHOOK_RETENTION_DAYS = '12';
    expect(await pruneWebhookData({ workspaceId: ws.ws.id, batch: 2 })).toMatchObject({ deliveries: 3, attempts: 3, events: 3 });
    expect(await exists(rows[0])).toEqual({ event: true, deliveries: 1, attempts: 1 });
    expect(await exists(rows[1])).toEqual({ event: true, deliveries: 1, attempts: 1 });
    expect(await exists(rows[2])).toMatchObject({ event: false });
    expect(await pruneWebhookData({ workspaceId: ws.ws.id, days: 5 })).toMatchObject({ deliveries: 2 });
  });

  it('clears a rotated-out secret once its overlap has ended', async () => {
    const ws = await makeWorkspace('Webhooks retention secrets');
    const { endpoint } = await createEndpoint(ws.ownerCtx, { url: 'http://127.0.0.1:9/hooks' });
    await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { previousSecret: 'whsec_old', previousSecretExpiresAt: new Date(Date.now() - 1000) } });
    const live = await createEndpoint(ws.ownerCtx, { url: 'http://127.0.0.1:9/other' });
    await db.webhookEndpoint.update({ where: { id: live.endpoint.id }, data: { previousSecret: 'whsec_live', previousSecretExpiresAt: new Date(Date.now() + 3600_000) } });
    expect(await pruneWebhookData({ workspaceId: ws.ws.id })).toMatchObject({ secretsCleared: 1 });
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ previousSecret: null, previousSecretExpiresAt: null });
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: live.endpoint.id } })).previousSecret).toBe('whsec_live');
  });

  it('the worker loop runs it at most hourly', async () => {
    let clock = Date.parse('2030-06-01T00:00:00Z');
    const runs: number[] = [];
    const w = startWorker({
      intervalMs: 5,
      label: 'retention-test',
      workspaceId: 'no-such-workspace', // drain nothing real
      log: () => {},
      clock: () => clock,
      retention: async () => {
        runs.push(clock);
        return { deliveries: 0, attempts: 0, events: 0, secretsCleared: 0 };
      },
    });
    const loops = async (n: number) => {
      for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 10));
    };
    try {
      await loops(5);
      expect(runs).toHaveLength(1); // once at start, not on every pass
      clock += 59 * 60_000;
      await loops(5);
      expect(runs).toHaveLength(1);
      clock += 61 * 60_000;
      await loops(5);
      expect(runs).toHaveLength(2);
    } finally {
      await w.stop();
    }
  });
});
