// POST /api/v1/usage: records what already happened (no admission), idempotent per requestId, tenant-scoped.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { POST as importRoute } from '@/app/api/v1/usage/route';
import { windowSpend, wsSubject } from '@/lib/metering/spend';
import { reconcile } from '@/lib/metering/reconcile';
import { gateWorkspace, noParams, req } from './fixtures/workspace';

const post = async (secret: string, body: unknown) => {
  const r = await importRoute(req('/api/v1/usage', secret, body), noParams);
  return { status: r.status, body: await r.json() };
};

describe('usage import', () => {
  it('records a batch once, charges like any usage (even past a cap), and replays as duplicates', async () => {
    const w = await gateWorkspace({ creditUsd: 1 });
    const admin = await w.key({ type: 'ADMIN', name: 'importer' });
    const k = await w.key({ spendLimit: 0.5, spendLimitPeriod: 'monthly' });
    const ts = new Date().toISOString();
    const events = [
      { requestId: 'imp-1', apiKeyId: k.id, timestamp: ts, model: 'gpt-4o', promptTokens: 10, completionTokens: 5, costUsd: 0.4 },
      { requestId: 'imp-2', apiKeyId: k.id, timestamp: ts, model: 'gpt-4o', costUsd: 0.4 },
      { requestId: 'imp-3', apiKeyId: null, timestamp: ts, model: 'keycap-echo', costUsd: 0.25 },
    ];
    const r = await post(admin.secret, { events });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ recorded: 3, duplicates: 0, conflicts: 0 });
    expect((await windowSpend(k.id, 'monthly', new Date())).spentNano).toBe(800_000_000n); // no admission check
    expect((await windowSpend(wsSubject(w.ws.id), 'monthly', new Date())).spentNano).toBe(1_050_000_000n);
    const again = await post(admin.secret, { events });
    expect(again.body).toMatchObject({ recorded: 0, duplicates: 3 });
    const changed = await post(admin.secret, { events: [{ ...events[0], costUsd: 9 }] });
    expect(changed.body).toMatchObject({ recorded: 0, conflicts: 1 });
    expect(await db.usageEvent.count({ where: { workspaceId: w.ws.id } })).toBe(3);
    expect((await db.usageEvent.findFirstOrThrow({ where: { workspaceId: w.ws.id, requestId: 'imp-3' } })).apiKeyId).toBeNull();
    expect((await reconcile({ workspaceId: w.ws.id, dryRun: true })).drift).toBe(0);
  });

  it('refuses bad batches with 400 naming the field, INFERENCE keys with 401, other tenants\' keys with 400', async () => {
    const w = await gateWorkspace();
    const other = await gateWorkspace();
    const admin = await w.key({ type: 'ADMIN' });
    const inf = await w.key();
    const foreign = await other.key();
    const ev = { requestId: 'x', apiKeyId: null, timestamp: new Date().toISOString(), model: 'm', costUsd: 1 };
    const cases: [unknown, string][] = [
      [{ events: [] }, 'events'],
      [{ events: Array.from({ length: 1001 }, (_, i) => ({ ...ev, requestId: `r${i}` })) }, 'events'],
      [{ events: [{ ...ev, costUsd: -1 }] }, 'events.0.costUsd'],
      [{ events: [{ ...ev, timestamp: 'yesterday' }] }, 'events.0.timestamp'],
      [{ events: [{ ...ev, extra: true }] }, 'events.0.extra'],
      [{ events: [{ ...ev, apiKeyId: foreign.id }] }, 'events.0.apiKeyId'],
      [{ events: [{ ...ev, timestamp: new Date(Date.now() + 86400_000).toISOString() }] }, 'events.0.timestamp'],
    ];
    for (const [body, param] of cases) {
      const r = await post(admin.secret, body);
      expect(r.status, param).toBe(400);
      expect(r.body.error.param).toBe(param);
    }
    expect((await post(inf.secret, { events: [ev] })).body.error.code).toBe('admin_key_required');
    expect(await db.usageEvent.count({ where: { workspaceId: { in: [w.ws.id, other.ws.id] } } })).toBe(0);
  });

  it('rounds float noise in measured costs to the nano-dollar instead of failing', async () => {
    const w = await gateWorkspace({ creditUsd: 1 });
    const admin = await w.key({ type: 'ADMIN', name: 'importer' });
    const r = await post(admin.secret, { events: [{ requestId: 'noise', apiKeyId: null, timestamp: new Date().toISOString(), model: 'gpt-4o', costUsd: 2.5e-6 * 3000 }] });
    expect(r.status).toBe(200);
    expect(r.body.results[0]).toMatchObject({ status: 'recorded', costUsd: 0.0075 });
  });
});
