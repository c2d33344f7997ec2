// The gate on a real database: admission order, atomic reservations, settle idempotency, release, expiry.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { POST as authorize } from '@/app/api/v1/gate/authorize/route';
import { POST as settle } from '@/app/api/v1/gate/settle/route';
import { POST as release } from '@/app/api/v1/gate/release/route';
import { windowSpend, wsSubject } from '@/lib/metering/spend';
import { expireReservations } from '@/lib/metering/reservations';
import { reconcile } from '@/lib/metering/reconcile';
import { updateKey } from '@/lib/services/keys';
import { gateWorkspace, noParams, req } from './fixtures/workspace';

const call = async (h: typeof authorize, path: string, secret: string, body: unknown) => {
  const r = await h(req(path, secret, body), noParams);
  return { status: r.status, body: await r.json(), headers: r.headers };
};

describe('gate', () => {
  it('refuses a $0 key limit with a body that says so, and charges nothing', async () => {
    const w = await gateWorkspace({ creditUsd: 100 });
    const k = await w.key({ name: 'backend prod', spendLimit: 0, spendLimitPeriod: 'daily', confirmZeroLimit: true });
    const r = await call(authorize, '/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.01 });
    expect(r.status).toBe(402);
    expect(r.body.error).toMatchObject({ type: 'spend_limit_exceeded', code: 'key_spend_limit_exceeded', scope: 'api_key', apiKeyId: k.id, limitUsd: 0, period: 'daily', causes: ['key_spend_limit_exceeded'], param: null });
    expect(r.body.error.message).toContain('spend limit of $0');
    expect(r.body.error.message).toContain('backend prod');
    expect(r.body.error.fixUrl).toContain(`/keys/${k.id}`);
    expect(await db.reservation.count({ where: { workspaceId: w.ws.id } })).toBe(0);
  });

  it('names the key limit, spent amount and reset time when the cap is reached', async () => {
    const w = await gateWorkspace({ creditUsd: 100 });
    const k = await w.key({ name: 'backend prod', spendLimit: 5, spendLimitPeriod: 'daily' });
    await w.spend(k.id, 'r1', 5.0031);
    const r = await call(authorize, '/api/v1/gate/authorize', k.secret, { model: 'keycap-echo' });
    expect(r.status).toBe(402);
    expect(r.body.error.limitUsd).toBe(5);
    expect(r.body.error.spentUsd).toBe(5.0031);
    expect(r.body.error.message).toMatch(/reached its spend limit of \$5\.00 per day \(\$5\.0031 spent\)\. It resets at \d{4}-\d\d-\d\dT00:00:00Z\./);
    expect(r.body.error.resetsAt).toMatch(/T00:00:00Z$/);
  });

  it('lists every failing cause, primary first', async () => {
    const w = await gateWorkspace({ creditUsd: 0, budgetUsd: 1 });
    const k = await w.key({ spendLimit: 1, spendLimitPeriod: 'monthly' });
    await w.spend(k.id, 'big', 2);
    const r = await call(authorize, '/api/v1/gate/authorize', k.secret, {});
    expect(r.status).toBe(402);
    expect(r.body.error.causes).toEqual(['key_spend_limit_exceeded', 'spend_budget_exceeded', 'insufficient_balance']);
  });

  it('refuses with insufficient_balance when no bucket has credit, then admits after a top-up', async () => {
    const w = await gateWorkspace({ creditUsd: 0 });
    const k = await w.key();
    const r = await call(authorize, '/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.01 });
    expect(r.status).toBe(402);
    expect(r.body.error).toMatchObject({ type: 'insufficient_balance', code: 'insufficient_balance' });
    const { addCredits } = await import('@/lib/services/credits');
    await addCredits(w.ctx, { bucket: 'USD', usd: 1, note: 'top-up' });
    const ok = await call(authorize, '/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.01 });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-keycap-balance-usd')).toBe('1');
  });

  it('64 concurrent authorizations cannot all pass on the same headroom', async () => {
    const w = await gateWorkspace({ creditUsd: 100 });
    const k = await w.key({ spendLimit: 1, spendLimitPeriod: 'daily' });
    const results = await Promise.all(Array.from({ length: 64 }, () => call(authorize, '/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.1 })));
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length).toBe(10); // admitted while spent + reserved < $1: 0.0, 0.1 … 0.9
    expect(results.filter((r) => r.status === 402).every((r) => r.body.error.code === 'key_spend_limit_exceeded')).toBe(true);
    // Settle each at a slightly higher real cost: overshoot is bounded by in-flight requests' excess over estimates.
    await Promise.all(ok.map((r, i) => call(settle, '/api/v1/gate/settle', k.secret, { reservationId: r.body.reservationId, requestId: `c${i}`, model: 'keycap-echo', costUsd: 0.1 })));
    const s = await windowSpend(k.id, 'daily', new Date());
    expect(s.spentNano).toBe(1_000_000_000n);
    expect(s.reservedNano).toBe(0n);
    expect((await call(authorize, '/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.1 })).status).toBe(402);
    expect((await reconcile({ workspaceId: w.ws.id, dryRun: true })).drift).toBe(0);
  });

  it('settle is idempotent per requestId: a replay charges nothing, a different body is a 409', async () => {
    const w = await gateWorkspace({ creditUsd: 10 });
    const k = await w.key();
    const a = await call(authorize, '/api/v1/gate/authorize', k.secret, { model: 'keycap-echo', maxTokens: 100 });
    expect(a.status).toBe(200);
    expect(a.body.reservedUsd).toBe(0.0002); // 100 tokens × $2/Mtok
    const body = { reservationId: a.body.reservationId, requestId: 'req-1', model: 'keycap-echo', usage: { promptTokens: 1000, completionTokens: 500 } };
    const first = await call(settle, '/api/v1/gate/settle', k.secret, body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ replay: false, costUsd: 0.002, currency: 'USD' }); // 1000×$1 + 500×$2 per Mtok
    const again = await call(settle, '/api/v1/gate/settle', k.secret, body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replay: true, eventId: first.body.eventId, costUsd: 0.002 });
    const diff = await call(settle, '/api/v1/gate/settle', k.secret, { ...body, usage: { promptTokens: 1, completionTokens: 1 } });
    expect(diff.status).toBe(409);
    expect(diff.body.error.code).toBe('request_id_conflict');
    expect(await db.usageEvent.count({ where: { workspaceId: w.ws.id } })).toBe(1);
    const spent = await windowSpend(wsSubject(w.ws.id), 'monthly', new Date());
    expect(spent.spentNano).toBe(2_000_000n);
    expect(spent.reservedNano).toBe(0n);
    // concurrent duplicates: exactly one charge
    const gw = await w.key({ type: 'ADMIN' }); // settling without a reservation: a trusted gateway's ADMIN key
    const dup = { requestId: 'req-2', model: 'keycap-echo', costUsd: 0.5 };
    const many = await Promise.all(Array.from({ length: 8 }, () => call(settle, '/api/v1/gate/settle', gw.secret, dup)));
    expect(many.every((m) => m.status === 200)).toBe(true);
    expect(many.filter((m) => !m.body.replay).length).toBe(1);
    expect(await db.usageEvent.count({ where: { workspaceId: w.ws.id } })).toBe(2);
    expect((await reconcile({ workspaceId: w.ws.id, dryRun: true })).drift).toBe(0);
  });

  it('release frees the reservation at no charge; expired reservations free themselves', async () => {
    const w = await gateWorkspace({ creditUsd: 10 });
    const k = await w.key({ spendLimit: 1, spendLimitPeriod: 'weekly' });
    const a = await call(authorize, '/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.6 });
    expect((await windowSpend(k.id, 'weekly', new Date())).reservedNano).toBe(600_000_000n);
    const rel = await call(release, '/api/v1/gate/release', k.secret, { reservationId: a.body.reservationId });
    expect(rel.body).toMatchObject({ released: true, status: 'RELEASED' });
    const rel2 = await call(release, '/api/v1/gate/release', k.secret, { reservationId: a.body.reservationId });
    expect(rel2.body).toMatchObject({ released: false, status: 'RELEASED' });
    expect((await windowSpend(k.id, 'weekly', new Date())).reservedNano).toBe(0n);
    expect(await db.usageEvent.count({ where: { workspaceId: w.ws.id } })).toBe(0);
    const b = await call(authorize, '/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.9 });
    expect(b.status).toBe(200);
    expect(await expireReservations(new Date(Date.now() + 3600_000))).toBeGreaterThanOrEqual(1);
    expect((await windowSpend(k.id, 'weekly', new Date())).reservedNano).toBe(0n);
    expect((await db.reservation.findUniqueOrThrow({ where: { id: b.body.reservationId } })).status).toBe('EXPIRED');
  });

  it('a settled cost is visible to the very next check (read-your-writes), and a raised limit applies at once', async () => {
    const w = await gateWorkspace({ creditUsd: 10 });
    const k = await w.key({ spendLimit: 0.5, spendLimitPeriod: 'daily' });
    await w.spend(k.id, 'x', 0.5);
    expect((await call(authorize, '/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.01 })).status).toBe(402);
    await updateKey(w.ctx, k.id, { spendLimit: 2 });
    const ok = await call(authorize, '/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.01 });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-keycap-key-remaining-usd')).toBe('1.49');
  });

  it('charges DIEM first, then bundled credits, then USD', async () => {
    const w = await gateWorkspace({ creditUsd: 10 });
    await db.workspace.update({ where: { id: w.ws.id }, data: { diemEpochAllocationNano: 1_000_000_000n } });
    const { addCredits, getBalances } = await import('@/lib/services/credits');
    await addCredits(w.ctx, { bucket: 'BUNDLED_CREDITS', usd: 1, note: 'bundle' });
    const k = await w.key({ type: 'ADMIN' });
    const currencies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await call(settle, '/api/v1/gate/settle', k.secret, { requestId: `d${i}`, model: 'keycap-echo', costUsd: 0.7 });
      currencies.push(r.body.currency);
    }
    expect(currencies).toEqual(['DIEM', 'DIEM', 'BUNDLED_CREDITS']); // DIEM 1.0 → 0.3 → -0.4 (crossed by one request)
    const b = await getBalances(w.ctx);
    expect(b).toMatchObject({ diem: -0.4, bundledCredits: 0.3, usd: 10, consumptionCurrency: 'BUNDLED_CREDITS', canConsume: true });
    expect((await reconcile({ workspaceId: w.ws.id, dryRun: true })).drift).toBe(0);
  });

  it('64 parallel authorize→settle pairs admit exactly the headroom; replaying every request id charges nothing', async () => {
    const w = await gateWorkspace({ creditUsd: 100 });
    const k = await w.key({ spendLimit: 1, spendLimitPeriod: 'daily' });
    const pairs = await Promise.all(
      Array.from({ length: 64 }, async (_, i) => {
        const a = await call(authorize, '/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.1 });
        if (a.status !== 200) return { i, status: a.status, code: a.body.error?.code as string | undefined };
        const body = { reservationId: a.body.reservationId, requestId: `p${i}`, model: 'keycap-echo', costUsd: 0.1 };
        const st = await call(settle, '/api/v1/gate/settle', k.secret, body);
        expect(st.status).toBe(200);
        expect(st.body.replay).toBe(false);
        return { i, status: 200, body };
      }),
    );
    const admitted = pairs.filter((p) => p.status === 200);
    expect(admitted.length).toBe(10); // fixed cost = estimate: exactly $1 of headroom, no overshoot
    expect(pairs.filter((p) => p.status === 402).every((p) => p.code === 'key_spend_limit_exceeded')).toBe(true);
    const usdBefore = (await db.creditBucket.findFirstOrThrow({ where: { workspaceId: w.ws.id, bucket: 'USD' } })).balanceNano;
    // Replay every settle, all at once: each answers with the first result and charges nothing.
    const replays = await Promise.all(admitted.map((p) => call(settle, '/api/v1/gate/settle', k.secret, (p as { body: unknown }).body)));
    expect(replays.every((r) => r.status === 200 && r.body.replay === true)).toBe(true);
    expect(await db.usageEvent.count({ where: { workspaceId: w.ws.id } })).toBe(10);
    const s = await windowSpend(k.id, 'daily', new Date());
    expect(s.spentNano).toBe(1_000_000_000n);
    expect(s.reservedNano).toBe(0n);
    expect((await db.creditBucket.findFirstOrThrow({ where: { workspaceId: w.ws.id, bucket: 'USD' } })).balanceNano).toBe(usdBefore);
    expect(usdBefore).toBe(99_000_000_000n);
    const r = await reconcile({ workspaceId: w.ws.id, dryRun: true });
    expect(r.details).toEqual([]);
    expect(r.drift).toBe(0);
  });

  it('concurrent settles take a credit bucket below zero by one request at most', async () => {
    const w = await gateWorkspace({ creditUsd: 10 });
    await db.workspace.update({ where: { id: w.ws.id }, data: { diemEpochAllocationNano: 1_000_000_000n } });
    const { addCredits, getBalances } = await import('@/lib/services/credits');
    await addCredits(w.ctx, { bucket: 'BUNDLED_CREDITS', usd: 1, note: 'bundle' });
    const k = await w.key({ type: 'ADMIN' });
    const { groupCommitStats } = await import('@/lib/metering/record');
    const before = { ...groupCommitStats };
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => call(settle, '/api/v1/gate/settle', k.secret, { requestId: `b${i}`, model: 'keycap-echo', costUsd: 0.3 })),
    );
    // concurrent settles were group-committed (several per transaction), without falling back
    expect(groupCommitStats.batches).toBeGreaterThan(before.batches);
    expect(groupCommitStats.events - before.events).toBeGreaterThan(groupCommitStats.batches - before.batches);
    expect(groupCommitStats.fallbacks).toBe(before.fallbacks);
    expect(results.every((r) => r.status === 200)).toBe(true);
    const by = (c: string) => results.filter((r) => r.body.currency === c).length;
    // DIEM 1.0 → 0.7 → 0.4 → 0.1 → -0.2 (crossed by one); BUNDLED 1.0 → … → -0.2; the other 16 pay in USD.
    expect([by('DIEM'), by('BUNDLED_CREDITS'), by('USD')]).toEqual([4, 4, 16]);
    expect(await getBalances(w.ctx)).toMatchObject({ diem: -0.2, bundledCredits: -0.2, usd: 5.2 });
    const ledger = await db.usageEvent.groupBy({ by: ['currency'], where: { workspaceId: w.ws.id }, _count: true });
    expect(Object.fromEntries(ledger.map((g) => [g.currency, g._count]))).toEqual({ DIEM: 4, BUNDLED_CREDITS: 4, USD: 16 });
    expect((await reconcile({ workspaceId: w.ws.id, dryRun: true })).drift).toBe(0);
  });

  it('rolls the daily window over at 00:00 UTC: yesterday\'s spend does not count against today', async () => {
    const { recordUsage } = await import('@/lib/metering/record');
    const { admit } = await import('@/lib/metering/gate');
    const { findKeyBySecret } = await import('@/lib/api/auth-key');
    const w = await gateWorkspace({ creditUsd: 100 });
    const k = await w.key({ spendLimit: 1, spendLimitPeriod: 'daily' });
    const today = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
    const lastSecondYesterday = new Date(today.getTime() - 1000);
    await recordUsage({ workspaceId: w.ws.id, apiKeyId: k.id, requestId: 'yesterday', model: 'keycap-echo', costNano: 1_000_000_000n, at: lastSecondYesterday });
    const key = (await findKeyBySecret(k.secret))!;
    // Still yesterday: the cap is reached.
    await expect(admit(key, 10_000_000n, 'keycap-echo', lastSecondYesterday)).resolves.toMatchObject({ allowed: false, causes: ['key_spend_limit_exceeded'] });
    // The first second of today: a fresh window.
    const a = await admit(key, 10_000_000n, 'keycap-echo', today);
    if (!a.allowed) throw new Error('refused');
    expect(a.remaining.keyUsd).toBe(0.99);
    // And through the route now: yesterday's $1 is not counted.
    const r = await call(authorize, '/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.01 });
    expect(r.status).toBe(200);
    expect(Number(r.headers.get('x-keycap-key-remaining-usd'))).toBeCloseTo(0.98, 9);
    expect((await windowSpend(k.id, 'daily', lastSecondYesterday)).spentNano).toBe(1_000_000_000n);
    expect((await windowSpend(k.id, 'daily', new Date())).spentNano).toBe(0n);
  });

  it("settling or releasing another key's reservation is a 404 that records nothing and leaves it open", async () => {
    const w = await gateWorkspace({ creditUsd: 10 });
    const a = await w.key({ name: 'owner of the hold' });
    const b = await w.key({ name: 'someone else' });
    const other = await gateWorkspace({ creditUsd: 10 });
    const c = await other.key({ name: 'other workspace' });
    const hold = await call(authorize, '/api/v1/gate/authorize', a.secret, { estimatedCostUsd: 0.2 });
    expect(hold.status).toBe(200);
    const id = hold.body.reservationId;
    for (const secret of [b.secret, c.secret]) {
      const s = await call(settle, '/api/v1/gate/settle', secret, { reservationId: id, requestId: `steal-${secret.slice(-4)}`, model: 'keycap-echo', costUsd: 0.01 });
      expect(s.status).toBe(404);
      expect(s.body.error.code).toBe('not_found');
      const r = await call(release, '/api/v1/gate/release', secret, { reservationId: id });
      expect(r.status).toBe(404);
    }
    expect(await db.usageEvent.count({ where: { workspaceId: { in: [w.ws.id, other.ws.id] } } })).toBe(0);
    expect((await db.reservation.findUniqueOrThrow({ where: { id } })).status).toBe('OPEN');
    expect((await windowSpend(wsSubject(w.ws.id), 'monthly', new Date())).reservedNano).toBe(200_000_000n);
    // its own key settles it
    const ok = await call(settle, '/api/v1/gate/settle', a.secret, { reservationId: id, requestId: 'mine', model: 'keycap-echo', costUsd: 0.05 });
    expect(ok.status).toBe(200);
    expect((await windowSpend(wsSubject(w.ws.id), 'monthly', new Date())).reservedNano).toBe(0n);
    expect((await reconcile({ workspaceId: w.ws.id, dryRun: true })).drift).toBe(0);
  });

  it('rejects bad gate input with 400 naming the field', async () => {
    const w = await gateWorkspace({ creditUsd: 1 });
    const k = await w.key();
    const bad: [unknown, string][] = [
      [{ maxTokens: -1 }, 'maxTokens'],
      [{ estimatedCostUsd: 'NaN' }, 'estimatedCostUsd'],
      [{ foo: 1 }, 'foo'],
    ];
    for (const [body, param] of bad) {
      const r = await call(authorize, '/api/v1/gate/authorize', k.secret, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.param).toBe(param);
    }
    const s = await call(settle, '/api/v1/gate/settle', k.secret, { requestId: 'a', model: 'm' });
    expect(s.status).toBe(400);
    expect(s.body.error.param).toBe('usage');
    const gw = await w.key({ type: 'ADMIN' });
    const unpriced = await call(settle, '/api/v1/gate/settle', gw.secret, { requestId: 'a', model: 'no-such-model', usage: { promptTokens: 1, completionTokens: 1 } });
    expect(unpriced.status).toBe(400);
    expect(unpriced.body.error.code).toBe('model_not_priced');
    const notJson = await authorize(req('/api/v1/gate/authorize', k.secret, '{oops'), noParams);
    expect(notJson.status).toBe(400);
    const both = await call(settle, '/api/v1/gate/settle', k.secret, { requestId: 'b', model: 'keycap-echo', costUsd: 'x' });
    expect(both.status).toBe(400);
    expect(both.body.error.param).toBe('costUsd');
    const noId = await call(settle, '/api/v1/gate/settle', k.secret, { model: 'keycap-echo', costUsd: 0.1 });
    expect(noId.status).toBe(400);
    expect(noId.body.error.param).toBe('requestId');
    const rel = await call(release, '/api/v1/gate/release', k.secret, { reservationId: 42 });
    expect(rel.status).toBe(400);
    expect(rel.body.error.param).toBe('reservationId');
    expect(await db.reservation.count({ where: { workspaceId: w.ws.id } })).toBe(0);
    expect(await db.usageEvent.count({ where: { workspaceId: w.ws.id } })).toBe(0);
  });
});
