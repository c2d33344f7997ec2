// lib/services/keys.ts on a real database: spend windows at their UTC boundaries (keyObject(row, now)),
// list/object consistency, secrets, default limits, the audit row written in the same transaction, the
// workspace's own refusals in the key status (blocked_budget, blocked_no_credit), a new workspace's default
// limit, and the limit history drawn on the key chart.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, provider } from '@/lib/db';
import { isAppError } from '@/lib/errors';
import { isWellFormed } from '@/lib/keys/secret';
import { findKeyBySecret } from '@/lib/api/auth-key';
import { createKey, getKey, keyObject, listKeys, revokeKey, updateKey } from '@/lib/services/keys';
import { updateWorkspace } from '@/lib/services/workspace-settings';
import { createWorkspace, newWorkspaceKeyLimit } from '@/lib/services/workspaces';
import { capOn, keyDailySpend, limitHistory } from '@/lib/billing/key-series';
import { addDays, utcDay } from '@/lib/billing/days';
import { EPOCH, type Period } from '@/lib/periods';
import { auditCount, makeWorkspace, setCredit, setSpend, usd, type TestWorkspace } from './helpers';

let t: TestWorkspace;
beforeAll(async () => {
  t = await makeWorkspace('Keys service');
  // A funded workspace, so the statuses below speak for the key alone (no credit -> blocked_no_credit, tested below).
  await setCredit({ workspaceId: t.ws.id, bucket: 'USD', balanceNano: usd(1000) });
});

async function expectAppError(p: Promise<unknown>, status: number, code: string, param?: string | null) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e, 'expected the call to throw').not.toBeNull();
  if (!isAppError(e)) throw e;
  expect(e.status).toBe(status);
  expect(e.code).toBe(code);
  if (param !== undefined) expect(e.param).toBe(param);
}

const newKey = async (spendLimit: number | null, spendLimitPeriod?: Period) =>
  (await createKey(t.ownerCtx, { name: `k ${spendLimitPeriod ?? 'none'}`, spendLimit, spendLimitPeriod })).key;
const rowOf = (id: string) => db.apiKey.findUniqueOrThrow({ where: { id } });
const sec = (iso: string) => new Date(iso);
const plus1s = (d: Date) => new Date(d.getTime() + 1000);

describe('spend windows at UTC boundaries (keyObject(row, now))', () => {
  // [label, period, last second of a window, reset at that second, reset one second later]
  const cases: Array<[string, Period, string, string, string]> = [
    ['day', 'daily', '2026-03-14T23:59:59Z', '2026-03-15T00:00:00Z', '2026-03-16T00:00:00Z'],
    ['week: Sunday 23:59:59 → Monday 00:00', 'weekly', '2026-03-15T23:59:59Z', '2026-03-16T00:00:00Z', '2026-03-23T00:00:00Z'],
    ['month (31 days)', 'monthly', '2026-01-31T23:59:59Z', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z'],
    ['month (February, non-leap)', 'monthly', '2026-02-28T23:59:59Z', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'],
    ['year end, daily', 'daily', '2026-12-31T23:59:59Z', '2027-01-01T00:00:00Z', '2027-01-02T00:00:00Z'],
    ['year end, weekly (week spans the new year)', 'weekly', '2027-01-03T23:59:59Z', '2027-01-04T00:00:00Z', '2027-01-11T00:00:00Z'],
    ['year end, monthly', 'monthly', '2026-12-31T23:59:59Z', '2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z'],
    ['leap day eve, daily', 'daily', '2028-02-28T23:59:59Z', '2028-02-29T00:00:00Z', '2028-03-01T00:00:00Z'],
    ['leap day, daily', 'daily', '2028-02-29T23:59:59Z', '2028-03-01T00:00:00Z', '2028-03-02T00:00:00Z'],
    ['leap month, monthly', 'monthly', '2028-02-29T23:59:59Z', '2028-03-01T00:00:00Z', '2028-04-01T00:00:00Z'],
  ];

  it.each(cases)('%s', async (_label, period, lastIso, resetAtLast, resetAfter) => {
    const k = await newKey(5, period);
    const last = sec(lastIso);
    await setSpend({ workspaceId: t.ws.id, subject: k.id, period, at: last, spentNano: usd(5) });
    if (period !== 'monthly') await setSpend({ workspaceId: t.ws.id, subject: k.id, period: 'monthly', at: last, spentNano: usd(12) });
    const row = await rowOf(k.id);

    const atLast = await keyObject(row, last);
    expect(atLast).toMatchObject({ currentPeriodSpend: 5, spendLimitRemaining: 0, status: 'blocked', periodResetsAt: resetAtLast, spendLimitPeriod: period });
    expect(atLast.monthToDateSpend).toBe(period === 'monthly' ? 5 : 12);

    const next = plus1s(last);
    expect(next.toISOString().replace('.000', '')).toBe(resetAtLast); // one second later is the reset instant
    const after = await keyObject(row, next);
    expect(after).toMatchObject({ currentPeriodSpend: 0, spendLimitRemaining: 5, status: 'active', periodResetsAt: resetAfter });
    // the month counter resets only when the month changes
    const monthChanged = next.getUTCMonth() !== last.getUTCMonth();
    expect(after.monthToDateSpend).toBe(monthChanged ? 0 : atLast.monthToDateSpend);

    // the list computes the same object at the same instant
    const listed = (await listKeys(t.ownerCtx, last)).find((x) => x.id === k.id);
    expect(listed).toEqual(atLast);
    expect((await listKeys(t.ownerCtx, next)).find((x) => x.id === k.id)).toEqual(after);
  });

  it('the first instant of a window belongs to it (Monday 00:00 sees the whole week\'s spend)', async () => {
    const k = await newKey(5, 'weekly');
    const row = await rowOf(k.id);
    await setSpend({ workspaceId: t.ws.id, subject: k.id, period: 'weekly', at: sec('2026-03-12T10:00:00Z'), spentNano: usd(2) });
    for (const at of ['2026-03-09T00:00:00Z', '2026-03-12T10:00:00Z', '2026-03-15T23:59:59Z'])
      expect((await keyObject(row, sec(at))).currentPeriodSpend).toBe(2);
    expect((await keyObject(row, sec('2026-03-08T23:59:59Z'))).currentPeriodSpend).toBe(0);
  });

  it('total never resets: one counter at the epoch, periodResetsAt null', async () => {
    const k = await newKey(5, 'total');
    await setSpend({ workspaceId: t.ws.id, subject: k.id, period: 'total', at: sec('2026-06-01T00:00:00Z'), spentNano: usd(4) });
    expect((await db.spendCounter.findFirstOrThrow({ where: { subject: k.id, period: 'total' } })).windowStart).toEqual(EPOCH);
    const row = await rowOf(k.id);
    for (const at of ['2026-01-01T00:00:00Z', '2027-12-31T23:59:59Z', '2028-02-29T12:00:00Z']) {
      const o = await keyObject(row, sec(at));
      expect(o).toMatchObject({ currentPeriodSpend: 4, spendLimitRemaining: 1, periodResetsAt: null, status: 'active' });
    }
  });

  it('no limit: current spend is the month, remaining and reset are null', async () => {
    const k = await newKey(null);
    const at = sec('2026-05-20T08:00:00Z');
    await setSpend({ workspaceId: t.ws.id, subject: k.id, period: 'monthly', at, spentNano: usd(7.5) });
    await setSpend({ workspaceId: t.ws.id, subject: k.id, period: 'daily', at, spentNano: usd(1) });
    const o = await keyObject(await rowOf(k.id), at);
    expect(o).toMatchObject({ spendLimit: null, spendLimitPeriod: null, spendLimitRemaining: null, currentPeriodSpend: 7.5, monthToDateSpend: 7.5, periodResetsAt: null, status: 'active' });
  });

  it('changing the period takes effect at once on the counters of the new period', async () => {
    const k = await newKey(10, 'daily');
    const now = new Date();
    await setSpend({ workspaceId: t.ws.id, subject: k.id, period: 'daily', at: now, spentNano: usd(1) });
    await setSpend({ workspaceId: t.ws.id, subject: k.id, period: 'weekly', at: now, spentNano: usd(11) });
    expect((await getKey(t.ownerCtx, k.id)).status).toBe('active');
    const w = await updateKey(t.ownerCtx, k.id, { spendLimitPeriod: 'weekly' });
    expect(w).toMatchObject({ currentPeriodSpend: 11, spendLimitRemaining: 0, status: 'blocked' });
  });

  it('nano precision survives to the edges (no float drift in remaining)', async () => {
    const k = await newKey(0.3, 'daily');
    const at = sec('2026-07-01T12:00:00Z');
    await setSpend({ workspaceId: t.ws.id, subject: k.id, period: 'daily', at, spentNano: 100_000_000n }); // $0.1
    const o = await keyObject(await rowOf(k.id), at);
    expect(o.spendLimitRemaining).toBe(0.2);
    expect(o.currentPeriodSpend).toBe(0.1);
  });
});

describe('secrets, creation and defaults', () => {
  it('stores only the SHA-256 hash; the secret is well formed and findable by hash', async () => {
    const { key, secret } = await createKey(t.adminCtx, { name: 'svc', type: 'INFERENCE', spendLimit: '2.5' });
    expect(secret).toMatch(/^kc_inf_[0-9A-Za-z]{38}$/);
    expect(isWellFormed(secret)).toBe(true);
    expect(isWellFormed(secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A'))).toBe(false);
    const row = await rowOf(key.id);
    expect(row.hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(row.last6).toBe(secret.slice(-6));
    expect(row.createdById).toBe(t.admin.id);
    expect(Object.values(row).some((v) => typeof v === 'string' && v.includes(secret))).toBe(false);
    expect((await findKeyBySecret(secret))?.id).toBe(key.id);
    expect(await findKeyBySecret(secret + 'x')).toBeNull();
  });

  it('create writes exactly one audit row with the after state, in the same transaction', async () => {
    const a = await auditCount(t.ws.id, 'api_key.create');
    const { key } = await createKey(t.ownerCtx, { name: 'audited', spendLimit: 4, spendLimitPeriod: 'weekly' });
    expect(await auditCount(t.ws.id, 'api_key.create')).toBe(a + 1);
    const log = await db.auditLog.findFirstOrThrow({ where: { targetId: key.id, action: 'api_key.create' } });
    expect(log.before).toBeNull();
    expect(JSON.parse(log.after!)).toMatchObject({ name: 'audited', type: 'INFERENCE', spendLimitUsd: 4, spendLimitPeriod: 'weekly' });
    expect(log).toMatchObject({ workspaceId: t.ws.id, actorUserId: t.owner.id, actorLabel: t.owner.email });
  });

  it('workspace default: applies when spendLimit is omitted, not when it is null; a $0 default is refused', async () => {
    await updateWorkspace(t.adminCtx, { defaultSpendLimit: 10, defaultSpendLimitPeriod: 'weekly' });
    try {
      expect((await createKey(t.ownerCtx, { name: 'd1' })).key).toMatchObject({ spendLimit: 10, spendLimitPeriod: 'weekly' });
      expect((await createKey(t.ownerCtx, { name: 'd2', spendLimit: null })).key).toMatchObject({ spendLimit: null, spendLimitPeriod: null });
      await expectAppError(updateWorkspace(t.adminCtx, { defaultSpendLimit: 0 }), 400, 'invalid_request', 'defaultSpendLimit');
      await expectAppError(updateWorkspace(t.adminCtx, { defaultSpendLimit: '0' }), 400, 'invalid_request', 'defaultSpendLimit');
      expect((await db.workspace.findUniqueOrThrow({ where: { id: t.ws.id } })).defaultSpendLimitNano).toBe(usd(10));
    } finally {
      await updateWorkspace(t.adminCtx, { defaultSpendLimit: null });
    }
  });
});

describe('updates and the audit log', () => {
  it('every limit change leaves one audit row with before and after; hash untouched', async () => {
    const { key, secret } = await createKey(t.ownerCtx, { name: 'chain' });
    const changes = [
      { spendLimit: 5, spendLimitPeriod: 'daily' },
      { spendLimit: 20, spendLimitPeriod: 'monthly' },
      { spendLimit: null },
      { spendLimit: 3, spendLimitPeriod: 'weekly' },
    ] as const;
    for (const c of changes) await updateKey(t.adminCtx, key.id, c);
    const logs = await db.auditLog.findMany({ where: { targetId: key.id, action: 'api_key.update' } });
    expect(logs).toHaveLength(changes.length);
    expect(logs.every((l) => l.before && l.after && l.actorUserId === t.admin.id)).toBe(true);
    expect((await rowOf(key.id)).hash).toBe(createHash('sha256').update(secret).digest('hex'));
  });

  it('if the audit row cannot be written, the change is rolled back (same transaction)', async () => {
    const { key } = await createKey(t.ownerCtx, { name: 'atomic', spendLimit: 5, spendLimitPeriod: 'daily' });
    const before = await rowOf(key.id);
    const a = await auditCount(t.ws.id);
    await refuseAuditFor(key.id, async () => {
      await expect(updateKey(t.ownerCtx, key.id, { spendLimit: 50 })).rejects.toThrow();
      await expect(revokeKey(t.ownerCtx, key.id)).rejects.toThrow();
    });
    expect(await rowOf(key.id)).toEqual(before);
    expect(await auditCount(t.ws.id)).toBe(a);
    // and works again once the audit log accepts rows
    expect((await updateKey(t.ownerCtx, key.id, { spendLimit: 50 })).spendLimit).toBe(50);
  });

  it('revoke is final: status revoked, idempotent, and no further edits', async () => {
    const { key } = await createKey(t.ownerCtx, { name: 'revoke me', spendLimit: 1 });
    const r = await revokeKey(t.adminCtx, key.id);
    expect(r.status).toBe('revoked');
    expect(r.revokedAt).not.toBeNull();
    const again = await revokeKey(t.adminCtx, key.id);
    expect(again.revokedAt).toBe(r.revokedAt);
    expect(await db.auditLog.count({ where: { targetId: key.id, action: 'api_key.revoke' } })).toBe(1);
    await expectAppError(updateKey(t.adminCtx, key.id, { spendLimit: 100 }), 400, 'api_key_revoked');
    expect((await rowOf(key.id)).spendLimitNano).toBe(usd(1));
  });

  it('status precedence: revoked > expired > zero_limit > blocked > active', async () => {
    const { key } = await createKey(t.ownerCtx, { name: 'status', spendLimit: 0, confirmZeroLimit: true, spendLimitPeriod: 'daily' });
    const at = new Date();
    expect((await getKey(t.ownerCtx, key.id)).status).toBe('zero_limit');
    await updateKey(t.ownerCtx, key.id, { spendLimit: 1 });
    await setSpend({ workspaceId: t.ws.id, subject: key.id, period: 'daily', at, spentNano: usd(1) });
    expect((await getKey(t.ownerCtx, key.id)).status).toBe('blocked');
    await db.apiKey.update({ where: { id: key.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await getKey(t.ownerCtx, key.id)).status).toBe('expired');
    await db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    expect((await getKey(t.ownerCtx, key.id)).status).toBe('revoked');
  });

  it('the workspace refuses, not the key: blocked_budget, then blocked_no_credit; the key\'s own causes come first', async () => {
    const w = await makeWorkspace('Workspace refusals');
    const { key } = await createKey(w.ownerCtx, { name: 'fine by itself', spendLimit: 5, spendLimitPeriod: 'daily' });
    const at = new Date();
    // no credit at all: every key is refused with insufficient_balance
    expect((await getKey(w.ownerCtx, key.id)).status).toBe('blocked_no_credit');
    await setCredit({ workspaceId: w.ws.id, bucket: 'BUNDLED_CREDITS', balanceNano: usd(3) });
    expect((await getKey(w.ownerCtx, key.id)).status).toBe('active');
    // credit held by open reservations is not headroom (admission reads balance - reserved)
    await setCredit({ workspaceId: w.ws.id, bucket: 'BUNDLED_CREDITS', balanceNano: usd(3), reservedNano: usd(3) });
    expect((await getKey(w.ownerCtx, key.id)).status).toBe('blocked_no_credit');
    await setCredit({ workspaceId: w.ws.id, bucket: 'BUNDLED_CREDITS', balanceNano: usd(3) });

    // the month counter at the budget (spent + reserved >= budget): blocked_budget, whatever the key's own headroom
    await updateWorkspace(w.ownerCtx, { monthlyBudget: 10 });
    await setSpend({ workspaceId: w.ws.id, subject: `ws:${w.ws.id}`, period: 'monthly', at, spentNano: usd(9), reservedNano: usd(0.5) });
    expect((await getKey(w.ownerCtx, key.id)).status).toBe('active');
    await setSpend({ workspaceId: w.ws.id, subject: `ws:${w.ws.id}`, period: 'monthly', at, spentNano: usd(9.5), reservedNano: usd(0.5) });
    expect((await getKey(w.ownerCtx, key.id)).status).toBe('blocked_budget');
    // budget before credit, as the gate checks them
    await setCredit({ workspaceId: w.ws.id, bucket: 'BUNDLED_CREDITS', balanceNano: 0n });
    expect((await getKey(w.ownerCtx, key.id)).status).toBe('blocked_budget');
    // the key's own cap is the first cause
    await setSpend({ workspaceId: w.ws.id, subject: key.id, period: 'daily', at, spentNano: usd(5) });
    expect((await getKey(w.ownerCtx, key.id)).status).toBe('blocked');
    // a $0 budget: blocked from the start; the list agrees with getKey
    await setSpend({ workspaceId: w.ws.id, subject: key.id, period: 'daily', at, spentNano: 0n });
    await setCredit({ workspaceId: w.ws.id, bucket: 'USD', balanceNano: usd(50) });
    await setSpend({ workspaceId: w.ws.id, subject: `ws:${w.ws.id}`, period: 'monthly', at, spentNano: 0n });
    await updateWorkspace(w.ownerCtx, { monthlyBudget: 0, confirmZeroBudget: true });
    const list = await listKeys(w.memberCtx);
    expect(list.find((k) => k.id === key.id)?.status).toBe('blocked_budget');
    for (const k of list) expect(k).toEqual(await getKey(w.memberCtx, k.id));
    await updateWorkspace(w.ownerCtx, { monthlyBudget: null });
    expect((await getKey(w.ownerCtx, key.id)).status).toBe('active');
    // revoked and expired keys say so, not what the workspace would do
    await revokeKey(w.ownerCtx, key.id);
    await setCredit({ workspaceId: w.ws.id, bucket: 'USD', balanceNano: 0n });
    expect((await getKey(w.ownerCtx, key.id)).status).toBe('revoked');
  });

  it('listKeys returns the workspace\'s keys newest first, each equal to getKey', async () => {
    const list = await listKeys(t.memberCtx);
    expect(list.length).toBeGreaterThan(5);
    expect(list.every((k) => k.id)).toBe(true);
    const times = list.map((k) => Date.parse(k.createdAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    const ids = new Set((await db.apiKey.findMany({ where: { workspaceId: t.ws.id }, select: { id: true } })).map((k) => k.id));
    expect(new Set(list.map((k) => k.id))).toEqual(ids);
    for (const k of list.slice(0, 5)) expect(await getKey(t.memberCtx, k.id)).toEqual(k);
  });
});

describe('a new workspace starts with a visible default limit', () => {
  it('createWorkspace sets $25 per month unless told otherwise; new keys inherit it', async () => {
    if (process.env.KEYCAP_DEFAULT_KEY_LIMIT_USD || process.env.KEYCAP_DEFAULT_KEY_LIMIT_PERIOD) return; // configured otherwise for this run
    const owner = await db.user.create({ data: { email: `default-${Date.now()}@test.keycap.dev` } });
    const ws = await db.$transaction((tx) => createWorkspace(tx, 'Fresh default', owner.id, owner.email));
    expect(ws).toMatchObject({ defaultSpendLimitNano: usd(25), defaultSpendLimitPeriod: 'monthly' });
    const ctx = { workspaceId: ws.id, workspaceSlug: ws.slug, actor: { kind: 'user' as const, userId: owner.id, role: 'OWNER' as const, label: owner.email } };
    expect((await createKey(ctx, { name: 'inherits' })).key).toMatchObject({ spendLimit: 25, spendLimitPeriod: 'monthly' });
    expect((await createKey(ctx, { name: 'explicitly none', spendLimit: null })).key).toMatchObject({ spendLimit: null });
    const created = await db.auditLog.findFirstOrThrow({ where: { workspaceId: ws.id, action: 'workspace.create' } });
    expect(JSON.parse(created.after!)).toMatchObject({ defaultSpendLimitUsd: 25, defaultSpendLimitPeriod: 'monthly' });
    // a caller may choose another default, or none
    const none = await db.$transaction((tx) => createWorkspace(tx, 'Fresh none', owner.id, owner.email, { defaultKeyLimit: null }));
    expect(none).toMatchObject({ defaultSpendLimitNano: null, defaultSpendLimitPeriod: null });
  });

  it('is configurable (KEYCAP_DEFAULT_KEY_LIMIT_USD / _PERIOD, "none" for no default) and refuses nonsense', () => {
    expect(newWorkspaceKeyLimit({})).toEqual({ nano: usd(25), period: 'monthly' });
    expect(newWorkspaceKeyLimit({ KEYCAP_DEFAULT_KEY_LIMIT_USD: '10.5', KEYCAP_DEFAULT_KEY_LIMIT_PERIOD: 'weekly' })).toEqual({ nano: usd(10.5), period: 'weekly' });
    expect(newWorkspaceKeyLimit({ KEYCAP_DEFAULT_KEY_LIMIT_USD: 'none' })).toEqual({ nano: null, period: null });
    for (const bad of [{ KEYCAP_DEFAULT_KEY_LIMIT_USD: '0' }, { KEYCAP_DEFAULT_KEY_LIMIT_USD: '-5' }, { KEYCAP_DEFAULT_KEY_LIMIT_USD: 'lots' }, { KEYCAP_DEFAULT_KEY_LIMIT_PERIOD: 'yearly' }])
      expect(() => newWorkspaceKeyLimit(bad), JSON.stringify(bad)).toThrow(/KEYCAP_DEFAULT_KEY_LIMIT/);
  });
});

describe('limit history (the cap drawn on the key chart)', () => {
  it('each day carries the limit in effect at its end, only while it was in the current period', async () => {
    const { key } = await createKey(t.ownerCtx, { name: 'history', spendLimit: 100, spendLimitPeriod: 'monthly' });
    const now = new Date();
    const today = utcDay(now);
    // pretend the key was created 10 days ago with $100/month, moved to $5/day 5 days ago, then $40/month today
    await db.apiKey.update({ where: { id: key.id }, data: { createdAt: addDays(today, -10) } });
    await updateKey(t.ownerCtx, key.id, { spendLimit: 5, spendLimitPeriod: 'daily' });
    await updateKey(t.ownerCtx, key.id, { spendLimit: 40, spendLimitPeriod: 'monthly' });
    const logs = await db.auditLog.findMany({ where: { targetId: key.id, action: 'api_key.update' }, orderBy: { createdAt: 'asc' } });
    await db.auditLog.update({ where: { id: logs[0].id }, data: { createdAt: new Date(addDays(today, -5).getTime() + 3_600_000) } });
    const create = await db.auditLog.findFirstOrThrow({ where: { targetId: key.id, action: 'api_key.create' } });
    await db.auditLog.update({ where: { id: create.id }, data: { createdAt: new Date(addDays(today, -10).getTime() + 3_600_000) } });

    const row = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    const h = await limitHistory(t.ownerCtx, row);
    expect(h.map((x) => [x.limitUsd, x.period])).toEqual([[100, 'monthly'], [5, 'daily'], [40, 'monthly']]);
    expect(h[0].at.getTime()).toBe(addDays(today, -10).getTime()); // the created state counts from the key's creation
    // monthly now: the $100/month days carry 100, the $5/day days none (another period), today 40
    expect(capOn(h, addDays(today, -8), 'monthly')).toBe(100);
    expect(capOn(h, addDays(today, -3), 'monthly')).toBeNull();
    expect(capOn(h, today, 'monthly')).toBe(40);
    expect(capOn(h, addDays(today, -20), 'monthly')).toBe(100); // before creation: as created
    expect(capOn(h, today, null)).toBeNull();

    const series = await keyDailySpend(t.ownerCtx, key.id, now);
    expect(series.data.at(-1)).toMatchObject({ cap: 40 });
    expect(series.data.filter((d) => d.cap === null).length).toBeGreaterThan(0);
  });
});

/** Makes inserting an audit row for `targetId` fail (a database trigger) while `fn` runs. */
async function refuseAuditFor(targetId: string, fn: () => Promise<void>) {
  const safeId = targetId.replace(/[^a-z0-9]/gi, '');
  if (provider === 'postgresql') {
    await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION keycap_test_refuse_audit() RETURNS trigger AS $$
      BEGIN IF NEW."targetId" = '${safeId}' THEN RAISE EXCEPTION 'audit refused (test)'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`CREATE TRIGGER keycap_test_refuse_audit BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION keycap_test_refuse_audit()`);
  } else {
    await db.$executeRawUnsafe(`CREATE TRIGGER keycap_test_refuse_audit BEFORE INSERT ON "AuditLog"
      WHEN NEW."targetId" = '${safeId}' BEGIN SELECT RAISE(ABORT, 'audit refused (test)'); END`);
  }
  try {
    await fn();
  } finally {
    await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS keycap_test_refuse_audit${provider === 'postgresql' ? ' ON "AuditLog"' : ''}`);
    if (provider === 'postgresql') await db.$executeRawUnsafe('DROP FUNCTION IF EXISTS keycap_test_refuse_audit()');
  }
}
