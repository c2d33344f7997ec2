// /api/v1/webhooks…: the real route handlers in-process on a real database, ADMIN keys only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as listRoute from '@/app/api/v1/webhooks/route';
import * as oneRoute from '@/app/api/v1/webhooks/[id]/route';
import * as deliveriesRoute from '@/app/api/v1/webhooks/[id]/deliveries/route';
import * as testRoute from '@/app/api/v1/webhooks/[id]/test/route';
import * as rotateRoute from '@/app/api/v1/webhooks/[id]/rotate-secret/route';
import * as resendRoute from '@/app/api/v1/webhooks/[id]/deliveries/[deliveryId]/resend/route';
import { db } from '@/lib/db';
import { callRoute, makeWorkspace, type TestWorkspace } from './helpers';
import { startReceiver, type Receiver } from './webhooks-receiver';

const ENDPOINT_FIELDS = ['id', 'url', 'description', 'events', 'enabled', 'secretHint', 'previousSecretHint', 'previousSecretExpiresAt', 'createdAt', 'failingSince', 'disabledAt', 'disabledReason'].sort();

let t: TestWorkspace;
let rx: Receiver;
let admin: string;
beforeAll(async () => {
  t = await makeWorkspace('Webhooks API');
  admin = t.adminKey.secret;
  rx = await startReceiver();
});
afterAll(() => rx.close());

describe('/api/v1/webhooks', () => {
  it('needs an ADMIN key', async () => {
    const r = await callRoute(listRoute.GET, { secret: t.inferenceKey.secret });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('admin_key_required');
    const p = await callRoute(listRoute.POST, { method: 'POST', secret: t.inferenceKey.secret, body: { url: rx.url } });
    expect(p.status).toBe(401);
    expect(await db.webhookEndpoint.count({ where: { workspaceId: t.ws.id } })).toBe(0);
    expect((await callRoute(listRoute.GET, {})).status).toBe(401);
  });

  it('create → list → get → patch → test → deliveries → resend → rotate → delete', async () => {
    const c = await callRoute(listRoute.POST, { method: 'POST', secret: admin, body: { url: rx.url, events: ['api_key.spend_limit.warning', 'workspace.spend_budget.reached'] } });
    expect(c.status).toBe(201);
    expect(Object.keys(c.body).sort()).toEqual([...ENDPOINT_FIELDS, 'secret'].sort());
    expect(c.body.secret).toMatch(/^whsec_/);
    rx.secret = c.body.secret;
    const id = c.body.id as string;

    const list = await callRoute(listRoute.GET, { secret: admin });
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(Object.keys(list.body.data[0]).sort()).toEqual(ENDPOINT_FIELDS);
    expect(JSON.stringify(list.body)).not.toContain(c.body.secret);

    const g = await callRoute(oneRoute.GET, { secret: admin, params: { id } });
    expect(g.body).toMatchObject({ id, url: rx.url, enabled: true, events: ['api_key.spend_limit.warning', 'workspace.spend_budget.reached'] });

    const bad = await callRoute(oneRoute.PATCH, { method: 'PATCH', secret: admin, params: { id }, body: { events: ['api_key.spend_limit.exploded'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('events.0');
    const unknown = await callRoute(oneRoute.PATCH, { method: 'PATCH', secret: admin, params: { id }, body: { colour: 'red' } });
    expect([unknown.status, unknown.body.error.param]).toEqual([400, 'colour']);
    const p = await callRoute(oneRoute.PATCH, { method: 'PATCH', secret: admin, params: { id }, body: { description: 'pager' } });
    expect(p.body).toMatchObject({ id, description: 'pager' });

    const tst = await callRoute(testRoute.POST, { method: 'POST', secret: admin, params: { id } });
    expect(tst.status).toBe(200);
    expect(tst.body).toMatchObject({ status: 'DELIVERED', eventType: 'webhook.test' });
    expect(tst.body.attemptLog[0]).toMatchObject({ attempt: 1, statusCode: 200, responseExcerpt: 'ok' });
    expect(rx.received.at(-1)).toMatchObject({ verified: true, id: tst.body.eventId });

    const dl = await callRoute(deliveriesRoute.GET, { secret: admin, params: { id }, path: '/api/v1/webhooks/x/deliveries?limit=10' });
    expect(dl.status).toBe(200);
    expect(dl.body.data).toHaveLength(1);
    expect(dl.body.pagination).toEqual({ limit: 10, page: 1, total: 1, totalPages: 1 });
    const badq = await callRoute(deliveriesRoute.GET, { secret: admin, params: { id }, path: '/api/v1/webhooks/x/deliveries?limit=1000' });
    expect([badq.status, badq.body.error.param]).toEqual([400, 'limit']);

    const rs = await callRoute(resendRoute.POST, { method: 'POST', secret: admin, params: { id, deliveryId: tst.body.id } });
    expect(rs.status).toBe(200);
    expect(rs.body).toMatchObject({ eventId: tst.body.eventId, status: 'DELIVERED' });

    const rot = await callRoute(rotateRoute.POST, { method: 'POST', secret: admin, params: { id } });
    expect(rot.status).toBe(200);
    expect(rot.body.secret).toMatch(/^whsec_/);
    expect(rot.body.secret).not.toBe(c.body.secret);
    expect(rot.body.previousSecretHint).toBe(`whsec_…${c.body.secret.slice(-4)}`);
    const overlapMs = new Date(rot.body.previousSecretExpiresAt).getTime() - Date.now();
    expect(overlapMs).toBeGreaterThan(24 * 3600_000 - 60_000); // default 24 h
    expect(overlapMs).toBeLessThanOrEqual(24 * 3600_000);
    const rot2 = await callRoute(rotateRoute.POST, { method: 'POST', secret: admin, params: { id }, body: { overlapHours: 1 } });
    expect(new Date(rot2.body.previousSecretExpiresAt).getTime() - Date.now()).toBeLessThanOrEqual(3600_000);
    expect(rot2.body.previousSecretHint).toBe(`whsec_…${rot.body.secret.slice(-4)}`);
    const rot0 = await callRoute(rotateRoute.POST, { method: 'POST', secret: admin, params: { id }, body: { overlapHours: 0 } });
    expect(rot0.body).toMatchObject({ previousSecretHint: null, previousSecretExpiresAt: null });
    for (const body of [{ overlapHours: 200 }, { overlapHours: 'soon' }, { keep: true }]) {
      const bad = await callRoute(rotateRoute.POST, { method: 'POST', secret: admin, params: { id }, body });
      expect([bad.status, bad.body.error.param], JSON.stringify(body)).toEqual([400, Object.keys(body)[0]]);
    }
    const badJson = await callRoute(rotateRoute.POST, { method: 'POST', secret: admin, params: { id }, rawBody: '{' });
    expect([badJson.status, badJson.body.error.code]).toEqual([400, 'invalid_json']);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id } })).secret).toBe(rot0.body.secret);

    const d = await callRoute(oneRoute.DELETE, { method: 'DELETE', secret: admin, params: { id } });
    expect(d.body).toEqual({ id, deleted: true });
    expect((await callRoute(oneRoute.GET, { secret: admin, params: { id } })).status).toBe(404);
  });

  it('refuses a private URL with 400 naming url when private URLs are not allowed', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = 'false';
    try {
      const r = await callRoute(listRoute.POST, { method: 'POST', secret: admin, body: { url: 'http://169.254.169.254/latest' } });
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'invalid_webhook_url', param: 'url', type: 'invalid_request_error' });
    } finally {
      process.env.WEBHOOK_ALLOW_PRIVATE_URLS = 'true';
    }
  });

  it("another workspace's endpoint is 404 on every route", async () => {
    const other = await makeWorkspace('Webhooks API other');
    const c = await callRoute(listRoute.POST, { method: 'POST', secret: other.adminKey.secret, body: { url: rx.url } });
    const id = c.body.id as string;
    for (const [h, method] of [[oneRoute.GET, 'GET'], [oneRoute.PATCH, 'PATCH'], [oneRoute.DELETE, 'DELETE'], [deliveriesRoute.GET, 'GET'], [testRoute.POST, 'POST'], [rotateRoute.POST, 'POST']] as const) {
      const r = await callRoute(h, { method, secret: admin, params: { id }, body: method === 'PATCH' ? { enabled: false } : undefined });
      expect(r.status, `${method}`).toBe(404);
    }
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id } })).enabled).toBe(true);
  });
});
