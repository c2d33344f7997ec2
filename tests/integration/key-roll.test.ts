// Rolling a key: a new secret, the old one working for the grace period and refused after it, both in
// the audit log; the key keeps its id, limit and spend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { POST as roll } from '@/app/api/v1/api_keys/[id]/roll/route';
import { listenDataPlane } from '../support/dataplane';
import { gateWorkspace, req } from './fixtures/workspace';

let server: Awaited<ReturnType<typeof listenDataPlane>>;
beforeAll(async () => {
  server = await listenDataPlane();
});
afterAll(async () => server?.close());

const me = async (secret: string) => {
  const r = await fetch(`${server.base}/api/v1/api_keys/me`, { headers: { authorization: `Bearer ${secret}` } });
  return { status: r.status, body: await r.json() };
};
const rollIt = async (adminSecret: string, id: string, body: unknown) => {
  const r = await roll(req(`/api/v1/api_keys/${id}/roll`, adminSecret, body), { params: Promise.resolve({ id }) });
  return { status: r.status, body: await r.json() };
};

describe('key roll', () => {
  it('gives a new secret; the old one works inside the grace period and is refused after it', async () => {
    const w = await gateWorkspace({ creditUsd: 10 });
    const admin = await w.key({ type: 'ADMIN' });
    const k = await w.key({ name: 'backend prod', spendLimit: 5, spendLimitPeriod: 'daily' });
    await w.spend(k.id, 'before-roll', 1);
    const r = await rollIt(admin.secret, k.id, { gracePeriodHours: 2 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: k.id, name: 'backend prod', spendLimit: 5, currentPeriodSpend: 1, previousSecretLast6: k.secret.slice(-6) });
    expect(r.body.secret).toMatch(/^kc_inf_/);
    expect(r.body.secret).not.toBe(k.secret);
    expect(new Date(r.body.previousSecretExpiresAt).getTime() - Date.now()).toBeGreaterThan(7100_000);
    // both work now, as the same key
    expect((await me(r.body.secret)).body).toMatchObject({ id: k.id, last6: r.body.secret.slice(-6) });
    expect((await me(k.secret)).status).toBe(200);
    // after the grace period: the old secret is refused, saying why; the new one works
    await db.apiKey.update({ where: { id: k.id }, data: { previousHashExpiresAt: new Date(Date.now() - 1000) } });
    const old = await me(k.secret);
    expect(old.status).toBe(401);
    expect(old.body.error.code).toBe('api_key_rolled');
    expect((await me(r.body.secret)).status).toBe(200);
    const log = await db.auditLog.findFirstOrThrow({ where: { workspaceId: w.ws.id, action: 'api_key.roll' } });
    expect(log.after).toContain(k.secret.slice(-6));
    expect(log.after).toContain(r.body.secret.slice(-6));
  });

  it('a grace period of 0 refuses the old secret at once; a revoked key cannot be rolled; bad input is a 400', async () => {
    const w = await gateWorkspace({ creditUsd: 10 });
    const admin = await w.key({ type: 'ADMIN' });
    const k = await w.key();
    const r = await rollIt(admin.secret, k.id, { gracePeriodHours: 0 });
    expect(r.body.previousSecretExpiresAt).toBeNull();
    expect((await me(k.secret)).status).toBe(401);
    expect((await me(r.body.secret)).status).toBe(200);
    const bad = await rollIt(admin.secret, k.id, { gracePeriodHours: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('gracePeriodHours');
    const other = await gateWorkspace();
    expect((await rollIt(admin.secret, (await other.key()).id, {})).status).toBe(404);
    await db.apiKey.update({ where: { id: k.id }, data: { revokedAt: new Date() } });
    expect((await rollIt(admin.secret, k.id, {})).status).toBe(400);
  });
});
