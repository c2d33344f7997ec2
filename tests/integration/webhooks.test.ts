// Webhook endpoints and delivery: the service (permissions, validation, SSRF guard), the signed
// outbox delivery with retries and backoff (time driven by drainOnce({ now })), redirects refused,
// auto-disable after 5 days of failures, and two workers draining one outbox.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { db } from '@/lib/db';
import {
  createEndpoint, deleteEndpoint, getEndpoint, listDeliveries, listEndpoints, resendDelivery, rotateSecret, sendTestEvent, updateEndpoint,
} from '@/lib/webhooks/service';
import { enqueueEvent } from '@/lib/webhooks/outbox';
import { drainOnce } from '@/lib/webhooks/worker';
import { MAX_ATTEMPTS } from '@/lib/webhooks/backoff';
import { ALERT_EVENT_TYPES } from '@/lib/webhooks/events';
import { auditCount, makeWorkspace, type TestWorkspace } from './helpers';
import { startReceiver, type Receiver } from './webhooks-receiver';
import type { AppError } from '@/lib/errors';

let rx: Receiver;
let t: TestWorkspace;
beforeAll(async () => {
  rx = await startReceiver();
  t = await makeWorkspace('Webhooks');
});
afterAll(() => rx.close());
afterEach(() => {
  rx.received.length = 0;
  rx.reply = () => ({ status: 200, body: 'ok' });
  process.env.WEBHOOK_ALLOW_PRIVATE_URLS = 'true';
});

async function fails(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

async function endpoint(ws: TestWorkspace = t, url = rx.url) {
  const { endpoint, secret } = await createEndpoint(ws.ownerCtx, { url });
  rx.secret = secret;
  return endpoint;
}

const event = (ws: TestWorkspace, type: (typeof ALERT_EVENT_TYPES)[number] = 'api_key.spend_limit.warning', createdAt?: Date) =>
  db.$transaction((tx) => enqueueEvent(tx, { workspaceId: ws.ws.id, type, subject: 'test', data: { hello: 'world' }, createdAt }));

describe('endpoints service', () => {
  it('creates with a whsec_ secret returned once, lists without it, audits, and updates', async () => {
    const ws = await makeWorkspace('Webhooks CRUD');
    const before = await auditCount(ws.ws.id, 'webhook.create');
    const { endpoint: ep, secret } = await createEndpoint(ws.adminCtx, { url: rx.url, description: 'ops', events: ['api_key.spend_limit.reached'] });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);
    expect(ep).toMatchObject({ url: rx.url, description: 'ops', events: ['api_key.spend_limit.reached'], enabled: true, secretHint: `whsec_…${secret.slice(-4)}` });
    expect(JSON.stringify(await listEndpoints(ws.ownerCtx))).not.toContain(secret);
    expect(await auditCount(ws.ws.id, 'webhook.create')).toBe(before + 1);
    const audit = await db.auditLog.findFirstOrThrow({ where: { workspaceId: ws.ws.id, action: 'webhook.create' } });
    expect(audit.after).not.toContain(secret.slice(6));

    const up = await updateEndpoint(ws.ownerCtx, ep.id, { events: [...ALERT_EVENT_TYPES], enabled: false });
    expect(up.events).toEqual([...ALERT_EVENT_TYPES]);
    expect(up.enabled).toBe(false);

    const rotated = await rotateSecret(ws.ownerCtx, ep.id);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).secret).toBe(rotated.secret);
    expect(rotated.endpoint).toMatchObject({ secretHint: `whsec_…${rotated.secret.slice(-4)}`, previousSecretHint: `whsec_…${secret.slice(-4)}` });
    const rotAudit = await db.auditLog.findFirstOrThrow({ where: { workspaceId: ws.ws.id, action: 'webhook.rotate_secret' } });
    expect(`${rotAudit.before}${rotAudit.after}`).not.toContain(secret.slice(6, 20));
    expect(`${rotAudit.before}${rotAudit.after}`).not.toContain(rotated.secret.slice(6, 20));
    expect(JSON.parse(rotAudit.after!)).toMatchObject({ previousSecretExpiresAt: rotated.endpoint.previousSecretExpiresAt });

    await deleteEndpoint(ws.ownerCtx, ep.id);
    expect(await listEndpoints(ws.ownerCtx)).toEqual([]);
  });

  it('refuses bad input with 400 naming the field, and changes nothing', async () => {
    const ws = await makeWorkspace('Webhooks validation');
    const cases: [unknown, string][] = [
      [{ url: 'not a url' }, 'url'],
      [{ url: 'ftp://example.com/x' }, 'url'],
      [{ url: '' }, 'url'],
      [{}, 'url'],
      [{ url: rx.url, events: ['nope'] }, 'events.0'],
      [{ url: rx.url, events: [] }, 'events'],
      [{ url: rx.url, enabled: 'yes' }, 'enabled'],
      [{ url: rx.url, secret: 'whsec_mine' }, 'secret'],
    ];
    for (const [input, param] of cases) {
      const e = await fails(createEndpoint(ws.ownerCtx, input));
      expect([e.status, e.param], JSON.stringify(input)).toEqual([400, param]);
    }
    expect(await db.webhookEndpoint.count({ where: { workspaceId: ws.ws.id } })).toBe(0);
    const { endpoint: ep } = await createEndpoint(ws.ownerCtx, { url: rx.url });
    const e = await fails(updateEndpoint(ws.ownerCtx, ep.id, { url: 'gopher://x' }));
    expect([e.status, e.param]).toEqual([400, 'url']);
    expect((await getEndpoint(ws.ownerCtx, ep.id)).url).toBe(rx.url);
  });

  it('MEMBERs cannot manage webhooks; another workspace sees 404', async () => {
    const ws = await makeWorkspace('Webhooks perms');
    const { endpoint: ep } = await createEndpoint(ws.ownerCtx, { url: rx.url });
    expect((await fails(createEndpoint(ws.memberCtx, { url: rx.url }))).status).toBe(403);
    expect((await fails(listEndpoints(ws.memberCtx))).status).toBe(403);
    expect((await fails(sendTestEvent(ws.memberCtx, ep.id))).status).toBe(403);
    const other = await makeWorkspace('Webhooks other');
    expect((await fails(getEndpoint(other.ownerCtx, ep.id))).status).toBe(404);
    expect((await fails(updateEndpoint(other.ownerCtx, ep.id, { enabled: false }))).status).toBe(404);
    expect((await fails(deleteEndpoint(other.ownerCtx, ep.id))).status).toBe(404);
    expect((await fails(listDeliveries(other.ownerCtx, ep.id))).status).toBe(404);
    expect((await getEndpoint(ws.ownerCtx, ep.id)).enabled).toBe(true);
  });
});

describe('SSRF guard', () => {
  const refused = [
    'http://127.0.0.1/hook',
    'http://127.1.2.3:8080/hook',
    'http://10.0.0.1/hook',
    'http://172.16.5.4/hook',
    'http://192.168.1.1/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://[::1]/hook',
    'http://[::]/hook',
    'http://[fd00::1]/hook',
    'http://[fe80::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:a9fe:a9fe]/hook',
    'http://localhost/hook',
    'http://localhost.:3000/hook',
  ];
  it.each(refused)('refuses %s at save time unless allowed', async (url) => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = 'false';
    const e = await fails(createEndpoint(t.ownerCtx, { url }));
    expect([e.status, e.param, e.code]).toEqual([400, 'url', 'invalid_webhook_url']);
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = 'true';
    const { endpoint: ep } = await createEndpoint(t.ownerCtx, { url });
    await deleteEndpoint(t.ownerCtx, ep.id);
  });

  it('refuses a hostname that resolves to a private address (injected resolver), accepts a public one', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = 'false';
    const resolve = async (h: string) =>
      h === 'evil.example' ? [{ address: '93.184.216.34', family: 4 }, { address: '10.1.2.3', family: 4 }] : [{ address: '93.184.216.34', family: 4 }];
    const e = await fails(createEndpoint(t.ownerCtx, { url: 'https://evil.example/hook' }, { resolve }));
    expect([e.status, e.param]).toEqual([400, 'url']);
    expect(e.message).toContain('10.1.2.3');
    const ok = await createEndpoint(t.ownerCtx, { url: 'https://hooks.example.com/keycap' }, { resolve });
    expect(ok.endpoint.url).toBe('https://hooks.example.com/keycap');
    const literal = await createEndpoint(t.ownerCtx, { url: 'https://93.184.216.34/hook' });
    await deleteEndpoint(t.ownerCtx, ok.endpoint.id);
    await deleteEndpoint(t.ownerCtx, literal.endpoint.id);
  });

  it('refuses a private address again at delivery time: nothing reaches the receiver, the attempt is logged as failed', async () => {
    const ws = await makeWorkspace('Webhooks SSRF delivery');
    const ep = await endpoint(ws, rx.url); // saved while private URLs were allowed
    const byName = await endpoint(ws, rx.url.replace('127.0.0.1', 'localhost'));
    await event(ws);
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = 'false';
    const r = await drainOnce({ workspaceId: ws.ws.id });
    expect(r).toMatchObject({ claimed: 2, delivered: 0, failed: 2 });
    expect(rx.received).toHaveLength(0);
    for (const id of [ep.id, byName.id]) {
      const [d] = (await listDeliveries(ws.ownerCtx, id)).data;
      expect(d.status).toBe('PENDING');
      expect(d.attemptLog[0]).toMatchObject({ attempt: 1, statusCode: null });
      expect(d.attemptLog[0].error).toMatch(/^Refused: /);
    }
    // allowed again: the retries go through, the hostname one via the guarded DNS lookup
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = 'true';
    expect(await drainOnce({ workspaceId: ws.ws.id, now: new Date(Date.now() + 10_000) })).toMatchObject({ claimed: 2, delivered: 2 });
    expect(rx.received).toHaveLength(2);
    expect(new Set(rx.received.map((r) => r.id)).size).toBe(1); // one event, one delivery per endpoint
    expect(rx.received.filter((r) => r.verified)).toHaveLength(1); // rx.secret is the second endpoint's
  });

  it('does not follow a redirect (to loopback): the 3xx is a failed attempt and the target is never hit', async () => {
    const ws = await makeWorkspace('Webhooks redirect');
    const ep = await endpoint(ws);
    rx.reply = (r) => (r.path === '/hooks' ? { status: 302, headers: { location: `http://127.0.0.1:${rx.port}/internal` } } : { status: 200 });
    await event(ws);
    const r = await drainOnce({ workspaceId: ws.ws.id });
    expect(r).toMatchObject({ claimed: 1, failed: 1 });
    expect(rx.received.map((x) => x.path)).toEqual(['/hooks']);
    const [d] = (await listDeliveries(ws.ownerCtx, ep.id)).data;
    expect(d).toMatchObject({ status: 'PENDING', lastStatus: 302 });
    expect(d.attemptLog[0].statusCode).toBe(302);
    expect(d.attemptLog[0].error).toMatch(/Redirect \(302 to http:\/\/127\.0\.0\.1:\d+\/internal\) not followed/);
  });
});

describe('delivery and retries', () => {
  it('retries a 500 with the same webhook-id, after the backoff, and logs both attempts', async () => {
    const ws = await makeWorkspace('Webhooks retry');
    const ep = await endpoint(ws);
    let calls = 0;
    rx.reply = () => (++calls === 1 ? { status: 500, body: 'boom' } : { status: 204 });
    const t0 = new Date();
    const { eventId } = await event(ws, 'api_key.spend_limit.warning', t0);
    expect(await drainOnce({ now: t0, workspaceId: ws.ws.id })).toMatchObject({ claimed: 1, failed: 1 });
    expect(await drainOnce({ now: new Date(t0.getTime() + 3000), workspaceId: ws.ws.id })).toMatchObject({ claimed: 0 }); // not due before ~5 s
    expect(await drainOnce({ now: new Date(t0.getTime() + 6000), workspaceId: ws.ws.id })).toMatchObject({ claimed: 1, delivered: 1 });
    expect(rx.received.map((r) => r.id)).toEqual([eventId, eventId]);
    expect(rx.received.map((r) => r.body)).toEqual([rx.received[0].body, rx.received[0].body]);
    expect(rx.received.every((r) => r.verified)).toBe(true);
    const [d] = (await listDeliveries(ws.ownerCtx, ep.id)).data;
    expect(d).toMatchObject({ status: 'DELIVERED', attempts: 2, lastStatus: 204, nextAttemptAt: null });
    expect(d.attemptLog.map((a) => [a.attempt, a.statusCode, a.responseExcerpt])).toEqual([[1, 500, 'boom'], [2, 204, null]]);
    expect(d.attemptLog[0].error).toBe('HTTP 500');
    expect(d.attemptLog.every((a) => a.durationMs >= 0)).toBe(true);
    expect(await drainOnce({ now: new Date(t0.getTime() + 86_400_000), workspaceId: ws.ws.id })).toMatchObject({ claimed: 0 });
    expect((await getEndpoint(ws.ownerCtx, ep.id)).failingSince).toBeNull();
  });

  it('keeps retrying for at least 72 hours, then gives up', async () => {
    const ws = await makeWorkspace('Webhooks give up');
    const ep = await endpoint(ws);
    rx.reply = () => ({ status: 503 });
    const t0 = new Date('2030-01-01T00:00:00Z');
    await event(ws, 'api_key.spend_limit.warning', t0);
    let now = t0;
    for (let i = 0; i < 40; i++) {
      await drainOnce({ now, workspaceId: ws.ws.id });
      const d = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
      if (d.status !== 'PENDING') break;
      now = d.nextAttemptAt;
    }
    const [d] = (await listDeliveries(ws.ownerCtx, ep.id)).data;
    expect(d.status).toBe('FAILED');
    expect(d.attempts).toBe(MAX_ATTEMPTS);
    expect(rx.received).toHaveLength(MAX_ATTEMPTS);
    expect(new Set(rx.received.map((r) => r.id)).size).toBe(1);
    const span = new Date(d.attemptLog.at(-1)!.startedAt).getTime() - t0.getTime();
    expect(span).toBeGreaterThanOrEqual(72 * 3600_000);
    // the gaps grow
    const starts = d.attemptLog.map((a) => new Date(a.startedAt).getTime());
    const gaps = starts.slice(1).map((s, i) => s - starts[i]);
    expect(gaps[0]).toBeLessThan(10_000);
    expect(gaps[3]).toBeGreaterThan(gaps[1]);
  });

  it('disables an endpoint that failed continuously for 5 days, with a visible reason; re-enabling clears it', async () => {
    const ws = await makeWorkspace('Webhooks disable');
    const ep = await endpoint(ws);
    rx.reply = () => ({ status: 500 });
    const t0 = new Date('2030-02-01T00:00:00Z');
    await event(ws, 'api_key.spend_limit.warning', t0);
    await drainOnce({ now: t0, workspaceId: ws.ws.id });
    expect((await getEndpoint(ws.ownerCtx, ep.id)).failingSince).toBe(t0.toISOString());
    const t1 = new Date(t0.getTime() + 4 * 86_400_000);
    await event(ws, 'api_key.spend_limit.reached', t1);
    await drainOnce({ now: t1, workspaceId: ws.ws.id });
    expect((await getEndpoint(ws.ownerCtx, ep.id)).enabled).toBe(true);
    const t2 = new Date(t0.getTime() + 5 * 86_400_000 + 1000);
    await event(ws, 'workspace.spend_budget.warning', t2);
    await drainOnce({ now: t2, workspaceId: ws.ws.id });
    const after = await getEndpoint(ws.ownerCtx, ep.id);
    expect(after).toMatchObject({ enabled: false, disabledAt: t2.toISOString() });
    expect(after.disabledReason).toMatch(/failed since 2030-02-01T00:00:00.000Z \(5 days\)/);
    // pending retries are cancelled and new events are not queued for it
    expect(await db.webhookDelivery.count({ where: { endpointId: ep.id, status: 'PENDING' } })).toBe(0);
    const { deliveryIds } = await event(ws);
    expect(deliveryIds).toEqual([]);
    const re = await updateEndpoint(ws.ownerCtx, ep.id, { enabled: true });
    expect(re).toMatchObject({ enabled: true, disabledAt: null, disabledReason: null, failingSince: null });
  });

  it('keeps at most 1 KB of the response and times out a receiver that never answers', async () => {
    const ws = await makeWorkspace('Webhooks excerpt');
    const ep = await endpoint(ws);
    rx.reply = () => ({ status: 200, body: 'x'.repeat(5000) });
    await event(ws);
    await drainOnce({ workspaceId: ws.ws.id });
    let [d] = (await listDeliveries(ws.ownerCtx, ep.id)).data;
    expect(d.attemptLog[0].responseExcerpt).toHaveLength(1024);
    rx.reply = () => 'hang';
    await event(ws);
    const started = Date.now();
    await drainOnce({ timeoutMs: 300, workspaceId: ws.ws.id });
    expect(Date.now() - started).toBeLessThan(5000);
    [d] = (await listDeliveries(ws.ownerCtx, ep.id)).data;
    expect(d.attemptLog[0]).toMatchObject({ statusCode: null, error: 'Timed out after 300 ms' });
  });

  it('two workers draining one outbox deliver each attempt exactly once', async () => {
    const ws = await makeWorkspace('Webhooks two workers');
    const ep = await endpoint(ws);
    rx.reply = async () => {
      await new Promise((r) => setTimeout(r, 5));
      return { status: 200 };
    };
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await event(ws)).eventId);
    const [a, b] = await Promise.all([
      drainOnce({ workerId: 'worker-a', concurrency: 4, workspaceId: ws.ws.id }),
      drainOnce({ workerId: 'worker-b', concurrency: 4, workspaceId: ws.ws.id }),
    ]);
    expect(a.claimed + b.claimed).toBe(20);
    expect(a.delivered + b.delivered).toBe(20);
    const counts = new Map<string, number>();
    for (const r of rx.received) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...ids].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await db.webhookAttempt.count({ where: { deliveryId: { in: (await db.webhookDelivery.findMany({ where: { endpointId: ep.id } })).map((d) => d.id) } } })).toBe(20);
  });
});

describe('secret rotation with overlap', () => {
  const HOUR = 3600_000;
  /** Verifies a received delivery with `secret` the way a receiver does (standardwebhooks); true when accepted. */
  const accepts = (secret: string, r: { id: string; timestamp: string; signature: string; body: string }) => {
    try {
      new Webhook(secret).verify(r.body, { 'webhook-id': r.id, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature });
      return true;
    } catch {
      return false;
    }
  };
  const deliverOne = async (ws: TestWorkspace, at: Date) => {
    rx.received.length = 0;
    await event(ws, 'api_key.spend_limit.warning', at);
    expect(await drainOnce({ now: at, workspaceId: ws.ws.id })).toMatchObject({ claimed: 1, delivered: 1 });
    expect(rx.received).toHaveLength(1);
    return rx.received[0];
  };

  it('keeps the old secret signing for 24 h by default: either secret verifies during the overlap, only the new one after', async () => {
    const ws = await makeWorkspace('Webhooks rotate overlap');
    const { endpoint: ep, secret: oldSecret } = await createEndpoint(ws.ownerCtx, { url: rx.url });
    const t0 = Date.now();
    const { endpoint: rotated, secret: newSecret } = await rotateSecret(ws.ownerCtx, ep.id);
    const expires = new Date(rotated.previousSecretExpiresAt!).getTime();
    expect(expires).toBeGreaterThanOrEqual(t0 + 24 * HOUR);
    expect(expires).toBeLessThan(Date.now() + 24 * HOUR + 1000);
    expect(rotated.previousSecretHint).toBe(`whsec_…${oldSecret.slice(-4)}`);

    const during = await deliverOne(ws, new Date(expires - HOUR));
    expect(during.signature.split(' ')).toHaveLength(2);
    expect(during.signature).toMatch(/^v1,[A-Za-z0-9+/=]+ v1,[A-Za-z0-9+/=]+$/);
    expect(accepts(newSecret, during)).toBe(true);
    expect(accepts(oldSecret, during)).toBe(true);
    // a test event and a re-send during the overlap carry both signatures too
    rx.received.length = 0;
    const test = await sendTestEvent(ws.ownerCtx, ep.id);
    expect(test.status).toBe('DELIVERED');
    expect([accepts(oldSecret, rx.received[0]), accepts(newSecret, rx.received[0])]).toEqual([true, true]);

    const after = await deliverOne(ws, new Date(expires + 1000));
    expect(after.signature.split(' ')).toHaveLength(1);
    expect(accepts(newSecret, after)).toBe(true);
    expect(accepts(oldSecret, after)).toBe(false);
  });

  it('overlapHours is configurable per call (0 = the old secret stops at once) and validated', async () => {
    const ws = await makeWorkspace('Webhooks rotate options');
    const { endpoint: ep, secret: s1 } = await createEndpoint(ws.ownerCtx, { url: rx.url });
    const now = Date.now();
    const r2 = await rotateSecret(ws.ownerCtx, ep.id, { overlapHours: 2 });
    expect(new Date(r2.endpoint.previousSecretExpiresAt!).getTime() - now).toBeGreaterThanOrEqual(2 * HOUR);
    expect(new Date(r2.endpoint.previousSecretExpiresAt!).getTime() - now).toBeLessThan(2 * HOUR + 5000);
    const mid = await deliverOne(ws, new Date(now + HOUR));
    expect([accepts(s1, mid), accepts(r2.secret, mid)]).toEqual([true, true]);

    // rotating again during an overlap: the secret being replaced overlaps, the older one stops
    const r3 = await rotateSecret(ws.ownerCtx, ep.id);
    const again = await deliverOne(ws, new Date(now + HOUR));
    expect([accepts(s1, again), accepts(r2.secret, again), accepts(r3.secret, again)]).toEqual([false, true, true]);

    const r4 = await rotateSecret(ws.ownerCtx, ep.id, { overlapHours: 0 });
    expect(r4.endpoint).toMatchObject({ previousSecretHint: null, previousSecretExpiresAt: null });
    const none = await deliverOne(ws, new Date());
    expect([accepts(r3.secret, none), accepts(r4.secret, none)]).toEqual([false, true]);

    for (const bad of [{ overlapHours: 169 }, { overlapHours: -1 }, { overlapHours: '24' }, { overlapHours: null }, { overlap: 1 }]) {
      const e = await fails(rotateSecret(ws.ownerCtx, ep.id, bad));
      expect([e.status, e.param], JSON.stringify(bad)).toEqual([400, Object.keys(bad)[0]]);
    }
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).secret).toBe(r4.secret);
    const max = await rotateSecret(ws.ownerCtx, ep.id, { overlapHours: 168 });
    expect(new Date(max.endpoint.previousSecretExpiresAt!).getTime()).toBeGreaterThanOrEqual(now + 168 * HOUR);
  });
});

describe('test event and re-send', () => {
  it('sends a signed webhook.test now and returns the 2xx attempt; re-send uses the same webhook-id', async () => {
    const ws = await makeWorkspace('Webhooks test event');
    const ep = await endpoint(ws);
    const d = await sendTestEvent(ws.adminCtx, ep.id);
    expect(d).toMatchObject({ status: 'DELIVERED', eventType: 'webhook.test', attempts: 1 });
    expect(d.attemptLog[0].statusCode).toBe(200);
    expect(rx.received).toHaveLength(1);
    expect(rx.received[0]).toMatchObject({ verified: true, id: d.eventId });
    expect(rx.received[0].json.type).toBe('webhook.test');

    const again = await resendDelivery(ws.ownerCtx, ep.id, d.id);
    expect(again.id).not.toBe(d.id);
    expect(again).toMatchObject({ eventId: d.eventId, status: 'DELIVERED' });
    expect(rx.received.map((r) => r.id)).toEqual([d.eventId, d.eventId]);
    const log = await listDeliveries(ws.ownerCtx, ep.id);
    expect(log.pagination).toMatchObject({ total: 2, page: 1 });
    expect(await drainOnce({ workspaceId: ws.ws.id })).toMatchObject({ claimed: 0 }); // nothing left for the worker to send twice
  });

  it('deleting an endpoint removes its deliveries; a rotated secret signs the next delivery', async () => {
    const ws = await makeWorkspace('Webhooks delete');
    const ep = await endpoint(ws);
    const { secret } = await rotateSecret(ws.ownerCtx, ep.id);
    rx.secret = secret;
    await sendTestEvent(ws.ownerCtx, ep.id);
    expect(rx.received[0].verified).toBe(true);
    await event(ws);
    await deleteEndpoint(ws.ownerCtx, ep.id);
    expect(await db.webhookDelivery.count({ where: { endpointId: ep.id } })).toBe(0);
    expect(await drainOnce({ workspaceId: ws.ws.id })).toMatchObject({ claimed: 0 });
  });
});
