// /api/v1/api_keys, /api/v1/api_keys/{id}, /api/v1/api_keys/me and /api/v1/workspace: the real route
// handlers called in-process on a real database (no server, no mocks).
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as keysRoute from '@/app/api/v1/api_keys/route';
import * as keyRoute from '@/app/api/v1/api_keys/[id]/route';
import * as meRoute from '@/app/api/v1/api_keys/me/route';
import * as wsRoute from '@/app/api/v1/workspace/route';
import { db } from '@/lib/db';
import { generateSecret } from '@/lib/keys/secret';
import { isoSeconds, windowEnd } from '@/lib/periods';
import { wsSubject } from '@/lib/metering/spend';
import { auditCount, callRoute, makeWorkspace, setCredit, setSpend, usd, type TestWorkspace } from './helpers';

const KEY_FIELDS = [
  'id', 'name', 'type', 'last6', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt', 'spendLimit', 'spendLimitPeriod',
  'spendLimitRemaining', 'currentPeriodSpend', 'monthToDateSpend', 'periodResetsAt', 'status',
  'rateLimitRpm', 'rateLimitTpm', 'allowedModels',
].sort();
const WS_FIELDS = [
  'id', 'name', 'slug', 'monthlyBudget', 'monthToDateSpend', 'monthlyBudgetRemaining', 'budgetResetsAt',
  'defaultSpendLimit', 'defaultSpendLimitPeriod', 'diemEpochAllocation', 'defaultRateLimitRpm', 'defaultRateLimitTpm',
].sort();
const SECRET_RE = /^kc_(adm|inf)_[0-9A-Za-z]{38}$/;

let t: TestWorkspace;
let admin: string; // ADMIN key secret
let inference: string; // INFERENCE key secret

beforeAll(async () => {
  t = await makeWorkspace('Keys API');
  await setCredit({ workspaceId: t.ws.id, bucket: 'USD', balanceNano: usd(100) }); // funded: keys read "active", not "blocked_no_credit"
  admin = t.adminKey.secret;
  inference = t.inferenceKey.secret;
});

const create = (body: unknown, secret = admin) => callRoute(keysRoute.POST, { method: 'POST', secret, body, path: '/api/v1/api_keys' });
const patch = (id: string, body: unknown, secret = admin) => callRoute(keyRoute.PATCH, { method: 'PATCH', secret, body, params: { id } });
const getOne = (id: string, secret = admin) => callRoute(keyRoute.GET, { secret, params: { id } });
const del = (id: string, secret = admin) => callRoute(keyRoute.DELETE, { method: 'DELETE', secret, params: { id } });
const me = (secret: string) => callRoute(meRoute.GET, { secret, path: '/api/v1/api_keys/me' });
const keyCount = () => db.apiKey.count({ where: { workspaceId: t.ws.id } });
const row = (id: string) => db.apiKey.findUniqueOrThrow({ where: { id } });

function expectError(r: { status: number; body: Record<string, unknown> }, status: number, code: string, param?: string | null) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  const e = r.body.error as Record<string, unknown>;
  expect(Object.keys(e)).toEqual(expect.arrayContaining(['type', 'code', 'message', 'param']));
  expect(e.code).toBe(code);
  expect(typeof e.message).toBe('string');
  expect((e.message as string).length).toBeGreaterThan(10);
  if (param !== undefined) expect(e.param).toBe(param);
}

describe('authentication', () => {
  it('no Authorization header → 401 invalid_api_key in the error envelope', async () => {
    const r = await callRoute(keysRoute.GET, {});
    expectError(r, 401, 'invalid_api_key', null);
    expect(r.body.error.type).toBe('authentication_error');
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('unknown (well-formed) key → 401 invalid_api_key, on admin routes and on /me', async () => {
    const ghost = generateSecret('ADMIN');
    expectError(await callRoute(keysRoute.GET, { secret: ghost }), 401, 'invalid_api_key');
    expectError(await me(ghost), 401, 'invalid_api_key');
    expectError(await callRoute(wsRoute.GET, { secret: 'not-a-key' }), 401, 'invalid_api_key');
  });

  it('INFERENCE key on every ADMIN route → 401 admin_key_required, nothing changed', async () => {
    const id = t.inferenceKey.key.id;
    const beforeRow = await row(id);
    const beforeWs = await db.workspace.findUniqueOrThrow({ where: { id: t.ws.id } });
    const [n, a] = [await keyCount(), await auditCount(t.ws.id)];
    const calls = [
      callRoute(keysRoute.GET, { secret: inference }),
      create({ name: 'sneaky', type: 'ADMIN' }, inference),
      getOne(id, inference),
      patch(id, { spendLimit: 1000 }, inference),
      del(id, inference),
      callRoute(wsRoute.GET, { secret: inference }),
      callRoute(wsRoute.PATCH, { method: 'PATCH', secret: inference, body: { monthlyBudget: null } }),
    ];
    for (const r of await Promise.all(calls)) {
      expectError(r, 401, 'admin_key_required', null);
      expect(r.body.error.message).toContain('Test inference key');
    }
    expect(await keyCount()).toBe(n);
    expect(await auditCount(t.ws.id)).toBe(a);
    expect({ ...(await row(id)), lastUsedAt: null }).toEqual({ ...beforeRow, lastUsedAt: null });
    expect(await db.workspace.findUniqueOrThrow({ where: { id: t.ws.id } })).toEqual(beforeWs);
  });

  it('INFERENCE key may call /me', async () => {
    const r = await me(inference);
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(t.inferenceKey.key.id);
    expect(r.body.type).toBe('INFERENCE');
  });

  it('revoked via DELETE → 401 api_key_revoked on /me and on admin routes', async () => {
    const inf = await create({ name: 'to revoke' });
    const adm = await create({ name: 'admin to revoke', type: 'ADMIN' });
    expect(inf.status).toBe(201);
    expect((await me(inf.body.secret)).status).toBe(200);
    const d = await del(inf.body.id);
    expect(d.status).toBe(200);
    expect(d.body.status).toBe('revoked');
    expect(d.body.revokedAt).toEqual(expect.any(String));
    expect((await row(inf.body.id)).revokedAt).not.toBeNull();
    const r = await me(inf.body.secret);
    expectError(r, 401, 'api_key_revoked');
    expect(r.body.error.message).toContain('to revoke');
    // DELETE is idempotent: the second one returns the same revoked key and writes no second audit row
    const a = await auditCount(t.ws.id, 'api_key.revoke');
    const d2 = await del(inf.body.id);
    expect(d2.status).toBe(200);
    expect(d2.body.revokedAt).toBe(d.body.revokedAt);
    expect(await auditCount(t.ws.id, 'api_key.revoke')).toBe(a);
    // a revoked ADMIN key loses the admin routes too
    expect((await del(adm.body.id)).status).toBe(200);
    expectError(await callRoute(keysRoute.GET, { secret: adm.body.secret }), 401, 'api_key_revoked');
  });

  it('a revoked key cannot be edited (400 api_key_revoked), row unchanged', async () => {
    const k = await create({ name: 'revoked edit' });
    await del(k.body.id);
    const before = await row(k.body.id);
    expectError(await patch(k.body.id, { spendLimit: 5 }), 400, 'api_key_revoked');
    expect(await row(k.body.id)).toEqual(before);
  });

  it('expired (expiresAt in the past, set in the DB) → 401 api_key_expired', async () => {
    const k = await create({ name: 'short lived', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    expect(k.status).toBe(201);
    expect((await me(k.body.secret)).status).toBe(200);
    await db.apiKey.update({ where: { id: k.body.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const r = await me(k.body.secret);
    expectError(r, 401, 'api_key_expired');
    expect(r.body.error.message).toContain('short lived');
    expect((await getOne(k.body.id)).body.status).toBe('expired');
  });
});

describe('key object and secret', () => {
  it('POST → 201 with exactly the key object fields + secret; only the SHA-256 hash is stored', async () => {
    const r = await create({ name: 'backend prod', spendLimit: 5, spendLimitPeriod: 'daily' });
    expect(r.status).toBe(201);
    const { secret, ...obj } = r.body;
    expect(Object.keys(obj).sort()).toEqual([...KEY_FIELDS, 'forecast', 'projectedExhaustionAt'].sort());
    expect(secret).toMatch(SECRET_RE);
    expect(secret.startsWith('kc_inf_')).toBe(true); // type defaults to INFERENCE
    expect(obj).toMatchObject({
      name: 'backend prod', type: 'INFERENCE', last6: secret.slice(-6), expiresAt: null, lastUsedAt: null, revokedAt: null,
      spendLimit: 5, spendLimitPeriod: 'daily', spendLimitRemaining: 5, currentPeriodSpend: 0, monthToDateSpend: 0, status: 'active',
    });
    expect(obj.periodResetsAt).toBe(isoSeconds(windowEnd('daily', new Date())));
    expect(new Date(obj.createdAt).toISOString()).toBe(obj.createdAt);

    const dbRow = await row(obj.id);
    expect(dbRow.hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(dbRow.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(dbRow.last6).toBe(secret.slice(-6));
    expect(JSON.stringify(dbRow, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain(secret.slice(7, -6));
    expect(Object.keys(dbRow)).not.toContain('secret');

    // GET never returns the secret, and returns the same object
    const g = await getOne(obj.id);
    expect(g.status).toBe(200);
    expect(Object.keys(g.body).sort()).toEqual([...KEY_FIELDS, 'forecast', 'projectedExhaustionAt'].sort());
    expect(g.body).toEqual(obj);
    // the list carries the same object
    const l = await callRoute(keysRoute.GET, { secret: admin });
    expect(l.status).toBe(200);
    expect(Object.keys(l.body)).toEqual(['data']);
    const inList = (l.body.data as Array<Record<string, unknown>>).find((k) => k.id === obj.id);
    expect(inList).toEqual(obj);
    expect(JSON.stringify(l.body)).not.toContain(secret);
  });

  it('ADMIN keys get the kc_adm_ prefix; two keys never share a secret', async () => {
    const a = await create({ name: 'ci admin', type: 'ADMIN' });
    const b = await create({ name: 'ci admin', type: 'ADMIN' });
    expect(a.body.secret).toMatch(/^kc_adm_[0-9A-Za-z]{38}$/);
    expect(a.body.type).toBe('ADMIN');
    expect(a.body.secret).not.toBe(b.body.secret);
    // a fresh ADMIN key works on admin routes at once
    expect((await callRoute(keysRoute.GET, { secret: a.body.secret })).status).toBe(200);
  });

  it('GET of an unknown id → 404 not_found', async () => {
    expectError(await getOne('does-not-exist'), 404, 'not_found');
    expectError(await patch('does-not-exist', { name: 'x' }), 404, 'not_found');
    expectError(await del('does-not-exist'), 404, 'not_found');
  });
});

describe('bad input on create → 400 naming the field, nothing created', () => {
  const past = new Date(Date.now() - 86400_000).toISOString();
  const cases: Array<[string, unknown, string]> = [
    ['negative limit', { name: 'k', spendLimit: -1 }, 'spendLimit'],
    ['"NaN" string', { name: 'k', spendLimit: 'NaN' }, 'spendLimit'],
    ['boolean limit', { name: 'k', spendLimit: true }, 'spendLimit'],
    ['object limit', { name: 'k', spendLimit: {} }, 'spendLimit'],
    ['non-numeric string', { name: 'k', spendLimit: 'five' }, 'spendLimit'],
    ['limit > 1e9', { name: 'k', spendLimit: 1e9 + 1 }, 'spendLimit'],
    ['limit > 1e9 as string', { name: 'k', spendLimit: '1000000000.000000001' }, 'spendLimit'],
    ['too many decimals as string', { name: 'k', spendLimit: '1.0000000001' }, 'spendLimit'],
    ['period yearly', { name: 'k', spendLimit: 5, spendLimitPeriod: 'yearly' }, 'spendLimitPeriod'],
    ['period without limit', { name: 'k', spendLimitPeriod: 'daily' }, 'spendLimitPeriod'],
    ['period with null limit', { name: 'k', spendLimit: null, spendLimitPeriod: 'daily' }, 'spendLimitPeriod'],
    ['name too long (65)', { name: 'a'.repeat(65) }, 'name'],
    ['empty name', { name: '' }, 'name'],
    ['blank name', { name: '   ' }, 'name'],
    ['missing name', {}, 'name'],
    ['unknown field', { name: 'k', foo: 1 }, 'foo'],
    ['unknown type', { name: 'k', type: 'SUPERUSER' }, 'type'],
    ['bad expiresAt', { name: 'k', expiresAt: 'tomorrow' }, 'expiresAt'],
    ['expiresAt in the past', { name: 'k', expiresAt: past }, 'expiresAt'],
    ['confirmZeroLimit not boolean', { name: 'k', spendLimit: 0, confirmZeroLimit: 'yes' }, 'confirmZeroLimit'],
  ];
  it.each(cases)('%s', async (_label, body, param) => {
    const [n, a] = [await keyCount(), await auditCount(t.ws.id)];
    const r = await create(body);
    expectError(r, 400, 'invalid_request', param);
    expect(r.body.error.type).toBe('invalid_request_error');
    expect(await keyCount()).toBe(n);
    expect(await auditCount(t.ws.id)).toBe(a);
  });

  it('$0 limit without confirmZeroLimit → 400 zero_limit_requires_confirmation; with it → 201 zero_limit', async () => {
    const n = await keyCount();
    const r = await create({ name: 'zero', spendLimit: 0, spendLimitPeriod: 'daily' });
    expectError(r, 400, 'zero_limit_requires_confirmation', 'spendLimit');
    expect(r.body.error.message).toMatch(/\$0/);
    expectError(await create({ name: 'zero', spendLimit: '0.000', confirmZeroLimit: false }), 400, 'zero_limit_requires_confirmation', 'spendLimit');
    expect(await keyCount()).toBe(n);

    const ok = await create({ name: 'zero', spendLimit: 0, spendLimitPeriod: 'daily', confirmZeroLimit: true });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ spendLimit: 0, spendLimitPeriod: 'daily', spendLimitRemaining: 0, status: 'zero_limit' });
    const m = await me(ok.body.secret);
    expect(m.body.accessPermitted).toBe(false);
    expect(m.body.causes[0]).toBe('key_spend_limit_exceeded');
  });

  it('malformed JSON (a bare NaN literal) → 400 invalid_json, nothing created', async () => {
    const n = await keyCount();
    const r = await callRoute(keysRoute.POST, { method: 'POST', secret: admin, rawBody: '{"name":"k","spendLimit":NaN}' });
    expectError(r, 400, 'invalid_json', null);
    expect(await keyCount()).toBe(n);
  });

  it('boundaries that are accepted: exactly $1e9, nine decimals, a decimal string', async () => {
    const big = await create({ name: 'max', spendLimit: 1e9 });
    expect(big.status).toBe(201);
    expect(big.body.spendLimit).toBe(1e9);
    expect((await row(big.body.id)).spendLimitNano).toBe(1_000_000_000_000_000_000n);
    const fine = await create({ name: 'fine', spendLimit: '0.000000001', spendLimitPeriod: 'total' });
    expect(fine.status).toBe(201);
    expect((await row(fine.body.id)).spendLimitNano).toBe(1n);
    expect(fine.body.periodResetsAt).toBeNull();
    const s = await create({ name: 'str', spendLimit: ' 12.50 ' });
    expect((await row(s.body.id)).spendLimitNano).toBe(12_500_000_000n);
    expect(s.body.spendLimitPeriod).toBe('monthly'); // a limit without a period is monthly
  });
});

describe('bad input on PATCH → 400 naming the field, row and audit log unchanged', () => {
  let id: string;
  beforeAll(async () => {
    id = (await create({ name: 'patch target', spendLimit: 5, spendLimitPeriod: 'daily' })).body.id;
  });
  const cases: Array<[string, unknown, string]> = [
    ['negative limit', { spendLimit: -0.01 }, 'spendLimit'],
    ['"NaN" string', { spendLimit: 'NaN' }, 'spendLimit'],
    ['array limit', { spendLimit: [5] }, 'spendLimit'],
    ['"Infinity" string', { spendLimit: 'Infinity' }, 'spendLimit'],
    ['limit > 1e9', { spendLimit: 2e9 }, 'spendLimit'],
    ['period yearly', { spendLimitPeriod: 'yearly' }, 'spendLimitPeriod'],
    ['period yearly with limit', { spendLimit: 3, spendLimitPeriod: 'yearly' }, 'spendLimitPeriod'],
    ['name too long (65)', { name: 'b'.repeat(65) }, 'name'],
    ['empty name', { name: '' }, 'name'],
    ['unknown field', { foo: 1 }, 'foo'],
    ['read-only field', { type: 'ADMIN' }, 'type'],
    ['read-only secret', { secret: 'kc_inf_x' }, 'secret'],
    ['expiresAt in the past', { expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
  ];
  it.each(cases)('%s', async (_label, body, param) => {
    const before = await row(id);
    const a = await auditCount(t.ws.id);
    expectError(await patch(id, body), 400, 'invalid_request', param);
    expect(await row(id)).toEqual(before);
    expect(await auditCount(t.ws.id)).toBe(a);
  });

  it('$0 without confirmZeroLimit → 400 zero_limit_requires_confirmation; with it → zero_limit', async () => {
    const before = await row(id);
    expectError(await patch(id, { spendLimit: 0 }), 400, 'zero_limit_requires_confirmation', 'spendLimit');
    expect(await row(id)).toEqual(before);
    const ok = await patch(id, { spendLimit: 0, confirmZeroLimit: true });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ spendLimit: 0, spendLimitPeriod: 'daily', status: 'zero_limit', spendLimitRemaining: 0 });
  });
});

describe('editing the limit keeps the secret and audits every change', () => {
  it('5 daily → 20 monthly → none → 3 weekly: same secret works after each, one audit row per change', async () => {
    const c = await create({ name: 'editable' });
    expect(c.status).toBe(201);
    const { id, secret } = c.body;
    const hash = (await row(id)).hash;
    const a0 = await auditCount(t.ws.id, 'api_key.update');
    const steps: Array<[Record<string, unknown>, number | null, string | null]> = [
      [{ spendLimit: 5, spendLimitPeriod: 'daily' }, 5, 'daily'],
      [{ spendLimit: 20, spendLimitPeriod: 'monthly' }, 20, 'monthly'],
      [{ spendLimit: null }, null, null],
      [{ spendLimit: 3, spendLimitPeriod: 'weekly' }, 3, 'weekly'],
    ];
    for (const [body, limit, period] of steps) {
      const p = await patch(id, body);
      expect(p.status, JSON.stringify(p.body)).toBe(200);
      expect(p.body).toMatchObject({ id, spendLimit: limit, spendLimitPeriod: period, last6: secret.slice(-6) });
      expect(p.body.periodResetsAt).toBe(period ? isoSeconds(windowEnd(period as 'daily', new Date())) : null);
      const m = await me(secret);
      expect(m.status).toBe(200);
      expect(m.body).toMatchObject({ id, spendLimit: limit, spendLimitPeriod: period });
      expect((await row(id)).hash).toBe(hash);
    }
    expect(await auditCount(t.ws.id, 'api_key.update')).toBe(a0 + steps.length);
    const logs = await db.auditLog.findMany({ where: { workspaceId: t.ws.id, action: 'api_key.update', targetId: id } });
    expect(logs).toHaveLength(4);
    const pairs = logs.map((l) => {
      const b = JSON.parse(l.before ?? 'null');
      const af = JSON.parse(l.after ?? 'null');
      return [b.spendLimitUsd, b.spendLimitPeriod, af.spendLimitUsd, af.spendLimitPeriod];
    });
    expect(pairs).toEqual(
      expect.arrayContaining([
        [null, null, 5, 'daily'],
        [5, 'daily', 20, 'monthly'],
        [20, 'monthly', null, null],
        [null, null, 3, 'weekly'],
      ]),
    );
    for (const l of logs) {
      expect(l.actorKeyId).toBe(t.adminKey.key.id);
      expect(l.actorLabel).toBe('key:Test admin key');
    }
  });

  it('PATCH of the period alone keeps the amount; spendLimitPeriod null removes the limit', async () => {
    const { id } = (await create({ name: 'period only', spendLimit: 7, spendLimitPeriod: 'daily' })).body;
    expect((await patch(id, { spendLimitPeriod: 'total' })).body).toMatchObject({ spendLimit: 7, spendLimitPeriod: 'total', periodResetsAt: null });
    expect((await patch(id, { spendLimit: 9 })).body).toMatchObject({ spendLimit: 9, spendLimitPeriod: 'total' });
    expect((await patch(id, { spendLimitPeriod: null })).body).toMatchObject({ spendLimit: null, spendLimitPeriod: null, spendLimitRemaining: null });
    // a period for a key without a limit is refused
    expectError(await patch(id, { spendLimitPeriod: 'daily' }), 400, 'invalid_request', 'spendLimitPeriod');
    // rename and expiry
    const exp = new Date(Date.now() + 7 * 86400_000);
    const r = await patch(id, { name: '  renamed  ', expiresAt: exp.toISOString() });
    expect(r.body).toMatchObject({ name: 'renamed', expiresAt: exp.toISOString() });
    expect((await patch(id, { expiresAt: null })).body.expiresAt).toBeNull();
  });
});

describe('workspace default limit', () => {
  it('10/weekly default applies to keys created without spendLimit; explicit null means no limit; 0 refused', async () => {
    const w = await callRoute(wsRoute.PATCH, { method: 'PATCH', secret: admin, body: { defaultSpendLimit: 10, defaultSpendLimitPeriod: 'weekly' } });
    expect(w.status).toBe(200);
    expect(w.body).toMatchObject({ defaultSpendLimit: 10, defaultSpendLimitPeriod: 'weekly' });
    try {
      const d = await create({ name: 'defaulted' });
      expect(d.body).toMatchObject({ spendLimit: 10, spendLimitPeriod: 'weekly', status: 'active' });
      const none = await create({ name: 'unlimited', spendLimit: null });
      expect(none.body).toMatchObject({ spendLimit: null, spendLimitPeriod: null, spendLimitRemaining: null });
      const own = await create({ name: 'own', spendLimit: 2, spendLimitPeriod: 'daily' });
      expect(own.body).toMatchObject({ spendLimit: 2, spendLimitPeriod: 'daily' });
      const periodOnly = await create({ name: 'period only', spendLimitPeriod: 'daily' });
      expect(periodOnly.body).toMatchObject({ spendLimit: 10, spendLimitPeriod: 'daily' });

      const before = await db.workspace.findUniqueOrThrow({ where: { id: t.ws.id } });
      const a = await auditCount(t.ws.id);
      const z = await callRoute(wsRoute.PATCH, { method: 'PATCH', secret: admin, body: { defaultSpendLimit: 0 } });
      expectError(z, 400, 'invalid_request', 'defaultSpendLimit');
      expect(await db.workspace.findUniqueOrThrow({ where: { id: t.ws.id } })).toEqual(before);
      expect(await auditCount(t.ws.id)).toBe(a);
    } finally {
      const off = await callRoute(wsRoute.PATCH, { method: 'PATCH', secret: admin, body: { defaultSpendLimit: null } });
      expect(off.body).toMatchObject({ defaultSpendLimit: null, defaultSpendLimitPeriod: null });
    }
    expect((await create({ name: 'after default removed' })).body.spendLimit).toBeNull();
  });
});

describe('GET / PATCH /workspace', () => {
  it('returns the workspace object of the calling key', async () => {
    const r = await callRoute(wsRoute.GET, { secret: admin });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual([...WS_FIELDS, 'forecast', 'projectedExhaustionAt'].sort());
    expect(r.body).toMatchObject({ id: t.ws.id, slug: t.ws.slug, name: 'Keys API', monthlyBudget: null, monthlyBudgetRemaining: null });
    expect(r.body.budgetResetsAt).toBe(isoSeconds(windowEnd('monthly', new Date())));
  });

  it('monthly budget: set, change, remove (null); spend counts against it; each change audited', async () => {
    const put = (body: unknown) => callRoute(wsRoute.PATCH, { method: 'PATCH', secret: admin, body });
    const a0 = await auditCount(t.ws.id, 'workspace.update');
    await setSpend({ workspaceId: t.ws.id, subject: wsSubject(t.ws.id), period: 'monthly', at: new Date(), spentNano: usd(30.25) });
    let r = await put({ monthlyBudget: 100 });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(WS_FIELDS);
    expect(r.body).toMatchObject({ monthlyBudget: 100, monthToDateSpend: 30.25, monthlyBudgetRemaining: 69.75 });
    r = await put({ monthlyBudget: '250.5' });
    expect(r.body).toMatchObject({ monthlyBudget: 250.5, monthlyBudgetRemaining: 220.25 });
    r = await put({ monthlyBudget: 20 });
    expect(r.body).toMatchObject({ monthlyBudget: 20, monthlyBudgetRemaining: 0 }); // never negative
    expect((await callRoute(wsRoute.GET, { secret: admin })).body).toMatchObject({ monthlyBudget: 20, monthToDateSpend: 30.25 });
    r = await put({ monthlyBudget: null });
    expect(r.body).toMatchObject({ monthlyBudget: null, monthlyBudgetRemaining: null, monthToDateSpend: 30.25 });
    expect((await db.workspace.findUniqueOrThrow({ where: { id: t.ws.id } })).monthlyBudgetNano).toBeNull();
    expect(await auditCount(t.ws.id, 'workspace.update')).toBe(a0 + 4);
    const last = await db.auditLog.findFirst({ where: { workspaceId: t.ws.id, action: 'workspace.update' }, orderBy: { createdAt: 'desc' } });
    expect(JSON.parse(last!.after!).monthlyBudgetUsd).toBeNull();
    await setSpend({ workspaceId: t.ws.id, subject: wsSubject(t.ws.id), period: 'monthly', at: new Date(), spentNano: 0n });
  });

  it.each([
    ['unknown field', { foo: 1 }, 'foo'],
    ['negative budget', { monthlyBudget: -5 }, 'monthlyBudget'],
    ['NaN budget', { monthlyBudget: 'NaN' }, 'monthlyBudget'],
    ['budget > 1e9', { monthlyBudget: 1e10 }, 'monthlyBudget'],
    ['period yearly', { defaultSpendLimitPeriod: 'yearly' }, 'defaultSpendLimitPeriod'],
    ['read-only slug', { slug: 'other' }, 'slug'],
    ['read-only monthToDateSpend', { monthToDateSpend: 0 }, 'monthToDateSpend'],
  ])('bad input: %s → 400 naming the field, nothing changed', async (_l, body, param) => {
    const before = await db.workspace.findUniqueOrThrow({ where: { id: t.ws.id } });
    const a = await auditCount(t.ws.id);
    expectError(await callRoute(wsRoute.PATCH, { method: 'PATCH', secret: admin, body }), 400, 'invalid_request', param);
    expect(await db.workspace.findUniqueOrThrow({ where: { id: t.ws.id } })).toEqual(before);
    expect(await auditCount(t.ws.id)).toBe(a);
  });
});

describe('key spend in the key object (API, current window)', () => {
  it('current-period and month-to-date spend, remaining, reset time, blocked at the limit', async () => {
    const { id } = (await create({ name: 'spender', spendLimit: 5, spendLimitPeriod: 'daily' })).body;
    const now = new Date();
    await setSpend({ workspaceId: t.ws.id, subject: id, period: 'daily', at: now, spentNano: usd(3.25) });
    await setSpend({ workspaceId: t.ws.id, subject: id, period: 'monthly', at: now, spentNano: usd(10) });
    let g = (await getOne(id)).body;
    expect(g).toMatchObject({ currentPeriodSpend: 3.25, monthToDateSpend: 10, spendLimitRemaining: 1.75, status: 'active' });
    expect(g.periodResetsAt).toBe(isoSeconds(windowEnd('daily', now)));
    await setSpend({ workspaceId: t.ws.id, subject: id, period: 'daily', at: now, spentNano: usd(5) });
    g = (await getOne(id)).body;
    expect(g).toMatchObject({ currentPeriodSpend: 5, spendLimitRemaining: 0, status: 'blocked' });
    await setSpend({ workspaceId: t.ws.id, subject: id, period: 'daily', at: now, spentNano: usd(5.0031) });
    g = (await getOne(id)).body;
    expect(g).toMatchObject({ currentPeriodSpend: 5.0031, spendLimitRemaining: 0, status: 'blocked' });
    // raising the limit unblocks at once
    g = (await patch(id, { spendLimit: 6 })).body;
    expect(g).toMatchObject({ spendLimitRemaining: 0.9969, status: 'active' });
    // removing it: no remaining, current spend falls back to the month
    g = (await patch(id, { spendLimit: null })).body;
    expect(g).toMatchObject({ spendLimitRemaining: null, currentPeriodSpend: 10, monthToDateSpend: 10, periodResetsAt: null, status: 'active' });
  });
});

describe('GET /api_keys/me: accessPermitted and causes in enforcement order', () => {
  let u: TestWorkspace;
  beforeAll(async () => {
    u = await makeWorkspace('Me checks');
  });
  const mk = async (body: Record<string, unknown>) => (await create(body, u.adminKey.secret)).body as { id: string; secret: string };

  it('no credit at all → insufficient_balance only; a USD top-up clears it', async () => {
    const r = await me(u.inferenceKey.secret);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual([...KEY_FIELDS, 'accessPermitted', 'causes'].sort());
    expect(r.body).toMatchObject({ id: u.inferenceKey.key.id, accessPermitted: false, causes: ['insufficient_balance'] });
    await setCredit({ workspaceId: u.ws.id, bucket: 'USD', balanceNano: usd(10) });
    expect((await me(u.inferenceKey.secret)).body).toMatchObject({ accessPermitted: true, causes: [] });
  });

  it('balance: fully reserved USD is not available; BUNDLED_CREDITS or today\'s DIEM (or the allocation) suffice; yesterday\'s DIEM does not', async () => {
    const s = u.inferenceKey.secret;
    await setCredit({ workspaceId: u.ws.id, bucket: 'USD', balanceNano: usd(10), reservedNano: usd(10) });
    expect((await me(s)).body.causes).toEqual(['insufficient_balance']);
    await setCredit({ workspaceId: u.ws.id, bucket: 'USD', balanceNano: -5n });
    expect((await me(s)).body.causes).toEqual(['insufficient_balance']);
    await setCredit({ workspaceId: u.ws.id, bucket: 'BUNDLED_CREDITS', balanceNano: 1n });
    expect((await me(s)).body.causes).toEqual([]);
    await setCredit({ workspaceId: u.ws.id, bucket: 'BUNDLED_CREDITS', balanceNano: 0n });
    const today = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
    const yesterday = new Date(today.getTime() - 86400_000);
    await db.workspace.update({ where: { id: u.ws.id }, data: { diemEpochAllocationNano: usd(1) } });
    // yesterday's DIEM is gone: only today's row counts
    await setCredit({ workspaceId: u.ws.id, bucket: 'DIEM', balanceNano: usd(50), epochStart: yesterday });
    await setCredit({ workspaceId: u.ws.id, bucket: 'DIEM', balanceNano: 0n, epochStart: today });
    expect((await me(s)).body.causes).toEqual(['insufficient_balance']);
    // today's row not created yet: it will be, with the allocation
    await db.creditBucket.delete({ where: { workspaceId_bucket_epochStart: { workspaceId: u.ws.id, bucket: 'DIEM', epochStart: today } } });
    expect((await me(s)).body).toMatchObject({ accessPermitted: true, causes: [] });
    await setCredit({ workspaceId: u.ws.id, bucket: 'DIEM', balanceNano: usd(0.5), epochStart: today });
    expect((await me(s)).body).toMatchObject({ accessPermitted: true, causes: [] });
    await setCredit({ workspaceId: u.ws.id, bucket: 'DIEM', balanceNano: usd(0.5), reservedNano: usd(0.5), epochStart: today });
    expect((await me(s)).body.causes).toEqual(['insufficient_balance']);
    await db.workspace.update({ where: { id: u.ws.id }, data: { diemEpochAllocationNano: null } });
  });

  it('key limit: spend + open reservations ≥ limit → key_spend_limit_exceeded; just below → allowed', async () => {
    await setCredit({ workspaceId: u.ws.id, bucket: 'USD', balanceNano: usd(100) });
    const k = await mk({ name: 'limited', spendLimit: 5, spendLimitPeriod: 'daily' });
    const now = new Date();
    await setSpend({ workspaceId: u.ws.id, subject: k.id, period: 'daily', at: now, spentNano: usd(4.99) });
    expect((await me(k.secret)).body).toMatchObject({ accessPermitted: true, causes: [] });
    await setSpend({ workspaceId: u.ws.id, subject: k.id, period: 'daily', at: now, spentNano: usd(4.99), reservedNano: usd(0.01) });
    expect((await me(k.secret)).body).toMatchObject({ accessPermitted: false, causes: ['key_spend_limit_exceeded'] });
    // spend in another period's counter does not count against a daily limit
    await setSpend({ workspaceId: u.ws.id, subject: k.id, period: 'daily', at: now, spentNano: 0n });
    await setSpend({ workspaceId: u.ws.id, subject: k.id, period: 'monthly', at: now, spentNano: usd(500) });
    expect((await me(k.secret)).body.causes).toEqual([]);
  });

  it('$0 limit refuses even with no spend', async () => {
    const k = await mk({ name: 'zero', spendLimit: 0, confirmZeroLimit: true });
    expect((await me(k.secret)).body).toMatchObject({ accessPermitted: false, causes: ['key_spend_limit_exceeded'], status: 'zero_limit' });
  });

  it('workspace budget reached → spend_budget_exceeded; all three causes come in enforcement order', async () => {
    const k = await mk({ name: 'everything', spendLimit: 1, spendLimitPeriod: 'weekly' });
    const now = new Date();
    await callRoute(wsRoute.PATCH, { method: 'PATCH', secret: u.adminKey.secret, body: { monthlyBudget: 10 } });
    await setSpend({ workspaceId: u.ws.id, subject: wsSubject(u.ws.id), period: 'monthly', at: now, spentNano: usd(9), reservedNano: usd(0.5) });
    expect((await me(k.secret)).body.causes).toEqual([]);
    await setSpend({ workspaceId: u.ws.id, subject: wsSubject(u.ws.id), period: 'monthly', at: now, spentNano: usd(9.5), reservedNano: usd(0.5) });
    expect((await me(k.secret)).body.causes).toEqual(['spend_budget_exceeded']);
    await setSpend({ workspaceId: u.ws.id, subject: k.id, period: 'weekly', at: now, spentNano: usd(1) });
    await setCredit({ workspaceId: u.ws.id, bucket: 'USD', balanceNano: 0n });
    await setCredit({ workspaceId: u.ws.id, bucket: 'DIEM', balanceNano: 0n, epochStart: new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z') });
    const r = await me(k.secret);
    expect(r.body).toMatchObject({
      accessPermitted: false,
      causes: ['key_spend_limit_exceeded', 'spend_budget_exceeded', 'insufficient_balance'],
      status: 'blocked',
      currentPeriodSpend: 1,
    });
    // /me is read-only: asking does not change the key or write audit rows
    const a = await auditCount(u.ws.id);
    await me(k.secret);
    expect(await auditCount(u.ws.id)).toBe(a);
  });
});

describe('lastUsedAt', () => {
  it('is set on first use and written at most once a minute per key, not on every request', async () => {
    const c = await create({ name: 'last used', type: 'INFERENCE' });
    const id = c.body.id as string;
    const secret = c.body.secret as string;
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeNull();
    const t0 = Date.now();
    expect((await me(secret)).status).toBe(200);
    await expect.poll(async () => (await db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt?.getTime() ?? 0).toBeGreaterThanOrEqual(t0 - 1000);
    const first = (await db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt!;
    for (let i = 0; i < 5; i++) expect((await me(secret)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt!.getTime()).toBe(first.getTime());
    expect((await getOne(id)).body.lastUsedAt).toBe(first.toISOString());
  });
});
