// The lean data-plane server over real HTTP, and the settle rules that keep one leaked key from hurting the
// workspace: a reservation is required (INFERENCE keys), a settle is bounded by its reservation, a revoked
// key or a lowered limit binds at once even through a stale cache (another instance), closed reservations
// take no more usage. Also: the key object counts open reservations, as admission does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { revokeKey, getKey } from '@/lib/services/keys';
import { admit, settle } from '@/lib/metering/gate';
import { expireReservations } from '@/lib/metering/reservations';
import { reconcile } from '@/lib/metering/reconcile';
import { windowSpend } from '@/lib/metering/spend';
import { listenDataPlane } from '../support/dataplane';
import { gateWorkspace } from './fixtures/workspace';

let server: Awaited<ReturnType<typeof listenDataPlane>>;
beforeAll(async () => {
  server = await listenDataPlane();
});
afterAll(async () => server?.close());

async function post(path: string, secret: string | null, body: unknown, headers: Record<string, string> = {}) {
  const r = await fetch(`${server.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, headers: r.headers, body: text ? JSON.parse(text) : null };
}

describe('lean server', () => {
  it('answers the gate with headroom headers, 401 without a key, 405 for another method, and leaves other paths to the fallback', async () => {
    const w = await gateWorkspace({ creditUsd: 10 });
    const k = await w.key({ spendLimit: 1, spendLimitPeriod: 'daily' });
    const a = await post('/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.25 });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ allowed: true, reservedUsd: 0.25 });
    expect(a.headers.get('x-keycap-key-remaining-usd')).toBe('0.75');
    expect(a.headers.get('x-keycap-balance-usd')).toBe('10');
    const none = await post('/api/v1/gate/authorize', null, {});
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('invalid_api_key');
    const get = await fetch(`${server.base}/api/v1/gate/authorize`);
    expect(get.status).toBe(405);
    expect((await get.json()).error.code).toBe('method_not_allowed');
    const other = await fetch(`${server.base}/api/v1/workspace`);
    expect(other.status).toBe(404);
    expect(await other.text()).toBe('not a data-plane route');
  });

  it('refuses a body over the size limit with 413 naming it, and deep JSON with 400, changing nothing', async () => {
    const w = await gateWorkspace({ creditUsd: 10 });
    const k = await w.key();
    const prev = process.env.KEYCAP_MAX_BODY_BYTES;
    process.env.KEYCAP_MAX_BODY_BYTES = '1000';
    try {
      const big = await post('/api/v1/chat/completions', k.secret, { model: 'keycap-echo', messages: [{ role: 'user', content: 'x'.repeat(5000) }] });
      expect(big.status).toBe(413);
      expect(big.body.error).toMatchObject({ code: 'body_too_large', limitBytes: 1000 });
      expect(big.body.error.message).toContain('1,000 bytes');
    } finally {
      if (prev === undefined) delete process.env.KEYCAP_MAX_BODY_BYTES;
      else process.env.KEYCAP_MAX_BODY_BYTES = prev;
    }
    const deep = '{"model":"keycap-echo","messages":' + '['.repeat(20_000) + ']'.repeat(20_000) + '}';
    const d = await post('/api/v1/chat/completions', k.secret, deep);
    expect(d.status).toBe(400);
    expect(d.body.error.code).toBe('json_too_deep');
    const e = await post('/api/v1/embeddings', k.secret, '{"model":"keycap-echo","input":' + '['.repeat(20_000) + '"a"' + ']'.repeat(20_000) + '}');
    expect(e.status).toBe(400);
    expect(await db.reservation.count({ where: { workspaceId: w.ws.id } })).toBe(0);
    expect(await db.usageEvent.count({ where: { workspaceId: w.ws.id } })).toBe(0);
  });
});

describe('settle rules', () => {
  it('an INFERENCE key cannot settle without a reservation; an ADMIN key (a trusted gateway) can', async () => {
    const w = await gateWorkspace({ creditUsd: 10 });
    const k = await w.key({ spendLimit: 0.05, spendLimitPeriod: 'total' });
    const r = await post('/api/v1/gate/settle', k.secret, { requestId: 'r1', model: 'gpt-4o', costUsd: 1000 });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'reservation_required', param: 'reservationId' });
    expect(r.body.error.message).toContain('ADMIN key');
    const adm = await w.key({ type: 'ADMIN' });
    const ok = await post('/api/v1/gate/settle', adm.secret, { requestId: 'r2', model: 'keycap-echo', costUsd: 0.5 });
    expect(ok.status).toBe(200);
    expect(await db.usageEvent.count({ where: { workspaceId: w.ws.id } })).toBe(1);
    expect((await db.creditBucket.findFirstOrThrow({ where: { workspaceId: w.ws.id, bucket: 'USD' } })).balanceNano).toBe(9_500_000_000n);
  });

  it('a settle above its reservation’s bound is refused with the bound named, and records nothing', async () => {
    const w = await gateWorkspace({ creditUsd: 100 });
    const k = await w.key({ spendLimit: 1, spendLimitPeriod: 'daily' });
    const a = await post('/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.03 });
    const over = await post('/api/v1/gate/settle', k.secret, { reservationId: a.body.reservationId, requestId: 'big', model: 'keycap-echo', costUsd: 1000 });
    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ code: 'settle_exceeds_reservation', param: 'costUsd', boundUsd: 0.06, estimateUsd: 0.03 });
    expect(over.body.error.message).toContain('$0.06');
    expect(await db.usageEvent.count({ where: { workspaceId: w.ws.id } })).toBe(0);
    expect((await db.reservation.findUniqueOrThrow({ where: { id: a.body.reservationId } })).status).toBe('OPEN');
    // within the bound (2 × the estimate): recorded
    const ok = await post('/api/v1/gate/settle', k.secret, { reservationId: a.body.reservationId, requestId: 'ok', model: 'keycap-echo', costUsd: 0.06 });
    expect(ok.status).toBe(200);
    expect((await windowSpend(k.id, 'daily', new Date())).spentNano).toBe(60_000_000n);
    // a small estimate may still settle up to the estimate + $0.01
    const b = await post('/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.001 });
    expect((await post('/api/v1/gate/settle', k.secret, { reservationId: b.body.reservationId, requestId: 's2', model: 'keycap-echo', costUsd: 0.011 })).status).toBe(200);
    expect((await reconcile({ workspaceId: w.ws.id, dryRun: true })).drift).toBe(0);
  });

  it('settled and released reservations take no more usage; an expired one may be settled once, late', async () => {
    const w = await gateWorkspace({ creditUsd: 100 });
    const k = await w.key();
    const a = await post('/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.01 });
    expect((await post('/api/v1/gate/settle', k.secret, { reservationId: a.body.reservationId, requestId: 'one', model: 'keycap-echo', costUsd: 0.01 })).status).toBe(200);
    const again = await post('/api/v1/gate/settle', k.secret, { reservationId: a.body.reservationId, requestId: 'two', model: 'keycap-echo', costUsd: 0.01 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('reservation_closed');
    const b = await post('/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.01 });
    expect((await post('/api/v1/gate/release', k.secret, { reservationId: b.body.reservationId })).body).toMatchObject({ released: true });
    expect((await post('/api/v1/gate/settle', k.secret, { reservationId: b.body.reservationId, requestId: 'three', model: 'keycap-echo', costUsd: 0.01 })).status).toBe(409);
    const c = await post('/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.01 });
    expect(await expireReservations(new Date(Date.now() + 3600_000))).toBeGreaterThanOrEqual(1);
    expect((await post('/api/v1/gate/settle', k.secret, { reservationId: c.body.reservationId, requestId: 'late', model: 'keycap-echo', costUsd: 0.01 })).status).toBe(200);
    expect((await post('/api/v1/gate/settle', k.secret, { reservationId: c.body.reservationId, requestId: 'later', model: 'keycap-echo', costUsd: 0.01 })).status).toBe(409);
    expect(await db.usageEvent.count({ where: { workspaceId: w.ws.id } })).toBe(2);
    expect((await reconcile({ workspaceId: w.ws.id, dryRun: true })).drift).toBe(0);
  });

  it('a revoked key adds nothing, even through a stale cached key (another instance)', async () => {
    const w = await gateWorkspace({ creditUsd: 100 });
    const k = await w.key();
    const stale = await k.authed(); // what another instance's cache still holds
    const a = await admit(stale, 10_000_000n, 'keycap-echo');
    if (!a.allowed) throw new Error('refused');
    await revokeKey(w.ctx, k.id);
    await expect(settle(stale, { reservationId: a.reservationId, requestId: 'after-revoke', model: 'keycap-echo', costUsd: 0.01 })).rejects.toMatchObject({ status: 401, code: 'api_key_revoked' });
    await expect(admit(stale, 10_000_000n, 'keycap-echo')).rejects.toMatchObject({ status: 401, code: 'api_key_revoked' });
    expect(await db.usageEvent.count({ where: { workspaceId: w.ws.id } })).toBe(0);
  });

  it('a limit lowered on another instance binds admission at once', async () => {
    const w = await gateWorkspace({ creditUsd: 100 });
    const k = await w.key({ spendLimit: 100, spendLimitPeriod: 'daily' });
    const stale = await k.authed();
    // written straight to the database, as another instance would: no cache of this process is cleared
    await db.apiKey.update({ where: { id: k.id }, data: { spendLimitNano: 0n } });
    const r = await admit(stale, 10_000_000n, 'keycap-echo');
    expect(r.allowed).toBe(false);
    if (!r.allowed) expect(r.causes[0]).toBe('key_spend_limit_exceeded');
  });
});

describe('key object', () => {
  it('spendLimitRemaining and status count open reservations, as admission does', async () => {
    const w = await gateWorkspace({ creditUsd: 100 });
    const k = await w.key({ spendLimit: 1, spendLimitPeriod: 'daily' });
    const a = await post('/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.9 });
    expect(a.status).toBe(200);
    const obj = await getKey(w.ctx, k.id);
    expect(obj.spendLimitRemaining).toBe(0.1);
    expect(obj.currentPeriodSpend).toBe(0);
    const me = await fetch(`${server.base}/api/v1/api_keys/me`, { headers: { authorization: `Bearer ${k.secret}` } });
    expect(await me.json()).toMatchObject({ spendLimitRemaining: 0.1, status: 'active', accessPermitted: true });
    // what the key says is what admission does: $0.10 fits, then nothing does
    expect((await post('/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.1 })).status).toBe(200);
    expect((await getKey(w.ctx, k.id)).status).toBe('blocked');
    expect((await post('/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.01 })).status).toBe(402);
  });
});

describe('retention', () => {
  it('prunes closed reservations past RESERVATION_RETENTION_DAYS, never open ones or the ledger', async () => {
    const { pruneReservations } = await import('@/lib/metering/reservations');
    const w = await gateWorkspace({ creditUsd: 100 });
    const k = await w.key();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await post('/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.01 })).body.reservationId);
    await post('/api/v1/gate/settle', k.secret, { reservationId: ids[0], requestId: 'kept-in-ledger', model: 'keycap-echo', costUsd: 0.01 });
    await post('/api/v1/gate/release', k.secret, { reservationId: ids[1] });
    // ids[2] stays open. Forty days later, with the default 30 days:
    const removed = await pruneReservations(new Date(Date.now() + 40 * 86_400_000));
    expect(removed).toBeGreaterThanOrEqual(2);
    expect((await db.reservation.findMany({ where: { workspaceId: w.ws.id } })).map((r) => r.id)).toEqual([ids[2]]);
    expect(await db.usageEvent.count({ where: { workspaceId: w.ws.id } })).toBe(1);
    expect(await pruneReservations(new Date(Date.now() + 40 * 86_400_000), 0)).toBe(0);
  });
});

describe('console API bodies', () => {
  it('the Next /api/v1 routes refuse deep JSON with 400 and oversized bodies with 413 too', async () => {
    const { PATCH } = await import('@/app/api/v1/workspace/route');
    const { req, noParams } = await import('./fixtures/workspace');
    const w = await gateWorkspace();
    const admin = await w.key({ type: 'ADMIN' });
    const deep = await PATCH(req('/api/v1/workspace', admin.secret, '{"name":' + '['.repeat(20_000) + ']'.repeat(20_000) + '}', 'PATCH'), noParams);
    expect(deep.status).toBe(400);
    expect((await deep.json()).error.code).toBe('json_too_deep');
    const big = await PATCH(req('/api/v1/workspace', admin.secret, JSON.stringify({ name: 'x'.repeat(2_000_000) }), 'PATCH'), noParams);
    expect(big.status).toBe(413);
    expect((await db.workspace.findUniqueOrThrow({ where: { id: w.ws.id } })).name).toBe(w.ws.name);
  });
});

describe('links in refusals', () => {
  it('fixUrl points at the origin the request came to when APP_URL is unset (never a made-up localhost)', async () => {
    expect(process.env.APP_URL).toBeUndefined();
    const w = await gateWorkspace({ creditUsd: 10 });
    const k = await w.key({ spendLimit: 0, spendLimitPeriod: 'daily', confirmZeroLimit: true });
    const r = await post('/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.01 }, { 'x-forwarded-host': 'keycap.example.com', 'x-forwarded-proto': 'https' });
    expect(r.status).toBe(402);
    expect(r.body.error.fixUrl).toBe(`https://keycap.example.com/w/${w.ws.slug}/keys/${k.id}`);
    expect(r.body.error.message).toContain(`https://keycap.example.com/w/${w.ws.slug}/keys/${k.id}`);
    const direct = await post('/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.01 });
    expect(direct.body.error.fixUrl.startsWith(`${server.base}/w/`)).toBe(true);
  });
});
