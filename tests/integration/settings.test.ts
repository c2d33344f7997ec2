// Settings and keys through their real server actions (General budget / default limit, keys with the
// $0 confirmation, prices, credits) and the audit log service, plus the same rules through
// PATCH /api/v1/workspace and /api/v1/api_keys. Only the session lookup is stood in for; membership,
// permissions, validation, services and the database are real.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth', () => ({
  currentUserId: async () => session.userId,
  auth: async () => (session.userId ? { user: { id: session.userId } } : null),
}));

import { db } from '@/lib/db';
import { isAppError } from '@/lib/errors';
import { getWorkspace } from '@/lib/services/workspace-settings';
import { getBalances, listTopUps } from '@/lib/services/credits';
import { getPrice } from '@/lib/services/prices';
import { listAuditLog } from '@/lib/services/audit-log';
import { updateWorkspaceAction } from '@/app/w/[slug]/settings/actions';
import { setPriceAction, deletePriceAction } from '@/app/w/[slug]/settings/prices/actions';
import { addCreditsAction } from '@/app/w/[slug]/settings/credits/actions';
import { createKeyAction, revokeKeyAction, updateKeyAction } from '@/app/w/[slug]/keys/actions';
import * as wsRoute from '@/app/api/v1/workspace/route';
import * as keysRoute from '@/app/api/v1/api_keys/route';
import * as keyRoute from '@/app/api/v1/api_keys/[id]/route';
import { auditCount, callRoute, makeWorkspace, setCredit, type TestWorkspace } from './helpers';

let A: TestWorkspace;
let B: TestWorkspace;
const as = (user: { id: string } | null) => {
  session.userId = user?.id ?? null;
};
const wsRow = (t: TestWorkspace) => db.workspace.findUniqueOrThrow({ where: { id: t.ws.id } });

beforeAll(async () => {
  A = await makeWorkspace('Settings A');
  B = await makeWorkspace('Settings B');
});
beforeEach(() => as(null));

describe('General: monthly budget', () => {
  it('OWNER and ADMIN set, change and remove it; audited with before and after', async () => {
    as(A.owner);
    const r = await updateWorkspaceAction(A.ws.slug, { monthlyBudget: '1234.5' });
    expect(r).toMatchObject({ ok: true, data: { monthlyBudget: 1234.5, monthToDateSpend: 0, monthlyBudgetRemaining: 1234.5 } });
    expect((await wsRow(A)).monthlyBudgetNano).toBe(1_234_500_000_000n);
    const entry = await db.auditLog.findFirstOrThrow({ where: { workspaceId: A.ws.id, action: 'workspace.update' }, orderBy: { createdAt: 'desc' } });
    expect(JSON.parse(entry.before!).monthlyBudgetUsd).toBeNull();
    expect(JSON.parse(entry.after!).monthlyBudgetUsd).toBe(1234.5);

    as(A.admin);
    expect(await updateWorkspaceAction(A.ws.slug, { monthlyBudget: 99.99 })).toMatchObject({ ok: true, data: { monthlyBudget: 99.99 } });
    expect(await updateWorkspaceAction(A.ws.slug, { monthlyBudget: null })).toMatchObject({ ok: true, data: { monthlyBudget: null, monthlyBudgetRemaining: null } });
    expect((await wsRow(A)).monthlyBudgetNano).toBeNull();
  });

  it('a MEMBER is refused (403) and nothing changes; another workspace\'s user gets 404', async () => {
    as(A.owner);
    await updateWorkspaceAction(A.ws.slug, { monthlyBudget: 50 });
    const audits = await auditCount(A.ws.id);
    as(A.member);
    expect(await updateWorkspaceAction(A.ws.slug, { monthlyBudget: 1e6 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    as(B.owner);
    expect(await updateWorkspaceAction(A.ws.slug, { monthlyBudget: 1e6 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await wsRow(A)).monthlyBudgetNano).toBe(50_000_000_000n);
    expect(await auditCount(A.ws.id)).toBe(audits);
  });

  it('bad input is a 400 naming the field, nothing changed', async () => {
    as(A.owner);
    await updateWorkspaceAction(A.ws.slug, { monthlyBudget: 50 });
    for (const [input, param] of [
      [{ monthlyBudget: '-5' }, 'monthlyBudget'],
      [{ monthlyBudget: '12.3.4' }, 'monthlyBudget'],
      [{ monthlyBudget: '0.0000000001' }, 'monthlyBudget'],
      [{ defaultSpendLimitPeriod: 'yearly' }, 'defaultSpendLimitPeriod'],
      [{ budget: 5 }, 'budget'],
    ] as const) {
      const r = await updateWorkspaceAction(A.ws.slug, input as never);
      expect(r, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid_request', param } });
    }
    expect((await wsRow(A)).monthlyBudgetNano).toBe(50_000_000_000n);
  });
});

describe('Amounts finer than a nano-dollar are refused, not rounded', () => {
  const patchWs = (t: TestWorkspace, body: unknown) => callRoute(wsRoute.PATCH, { method: 'PATCH', secret: t.adminKey.secret, body });

  it('PATCH /workspace: more than 9 decimals is a 400 naming the field; nothing changes', async () => {
    const t = await makeWorkspace('Sub-nano workspace');
    expect((await patchWs(t, { monthlyBudget: 50, defaultSpendLimit: 5 })).status).toBe(200);
    const before = await wsRow(t);
    const audits = await auditCount(t.ws.id);
    for (const [body, param] of [
      [{ monthlyBudget: 1e-10 }, 'monthlyBudget'],
      [{ monthlyBudget: 1e-10, confirmZeroBudget: true }, 'monthlyBudget'],
      [{ monthlyBudget: 5.0000000001 }, 'monthlyBudget'],
      [{ monthlyBudget: '0.0000000001' }, 'monthlyBudget'],
      [{ defaultSpendLimit: 1e-10 }, 'defaultSpendLimit'],
      [{ defaultSpendLimit: 2.0000000001 }, 'defaultSpendLimit'],
      [{ diemEpochAllocation: 1e-10 }, 'diemEpochAllocation'],
    ] as const) {
      const r = await patchWs(t, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error, JSON.stringify(body)).toMatchObject({ type: 'invalid_request_error', code: 'invalid_request', param });
      expect(r.body.error.message, JSON.stringify(body)).toMatch(new RegExp(`^${param}: .*at most 9 decimals`));
    }
    expect(await wsRow(t)).toEqual(before);
    expect(await auditCount(t.ws.id)).toBe(audits);

    // Plain JavaScript numbers with at most 9 decimals are still exact.
    const ok = await patchWs(t, { monthlyBudget: 0.1, defaultSpendLimit: 1e-9 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ monthlyBudget: 0.1, defaultSpendLimit: 1e-9 });
    expect((await wsRow(t)).monthlyBudgetNano).toBe(100_000_000n);
    expect((await wsRow(t)).defaultSpendLimitNano).toBe(1n);
  });

  it('a key limit with more than 9 decimals is a 400 naming spendLimit, on create and on update', async () => {
    const t = await makeWorkspace('Sub-nano keys');
    const count = await db.apiKey.count({ where: { workspaceId: t.ws.id } });
    for (const spendLimit of [1e-10, 3.0000000001]) {
      const r = await callRoute(keysRoute.POST, { method: 'POST', secret: t.adminKey.secret, body: { name: 'tiny', spendLimit, spendLimitPeriod: 'daily', confirmZeroLimit: true } });
      expect(r.status, String(spendLimit)).toBe(400);
      expect(r.body.error, String(spendLimit)).toMatchObject({ code: 'invalid_request', param: 'spendLimit' });
      expect(r.body.error.message).toMatch(/^spendLimit: .*at most 9 decimals/);
    }
    expect(await db.apiKey.count({ where: { workspaceId: t.ws.id } })).toBe(count);

    const id = t.inferenceKey.key.id;
    const before = (await db.apiKey.findUniqueOrThrow({ where: { id } })).spendLimitNano;
    const patched = await callRoute(keyRoute.PATCH, { method: 'PATCH', secret: t.adminKey.secret, params: { id }, body: { spendLimit: 2.0000000001 } });
    expect(patched.status).toBe(400);
    expect(patched.body.error).toMatchObject({ code: 'invalid_request', param: 'spendLimit' });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).spendLimitNano).toBe(before);
    // the console's key form says the same
    as(t.owner);
    expect(await updateKeyAction(t.ws.slug, { id, patch: { spendLimit: '2.0000000001' } })).toMatchObject({ ok: false, error: { param: 'spendLimit' } });
  });
});

describe('General: a $0 budget needs explicit confirmation', () => {
  const patchWs = (t: TestWorkspace, body: unknown) => callRoute(wsRoute.PATCH, { method: 'PATCH', secret: t.adminKey.secret, body });

  it('PATCH /workspace {monthlyBudget: 0} without confirmZeroBudget is a 400 that says how to confirm; with it, 200', async () => {
    const t = await makeWorkspace('Zero budget API');
    expect((await patchWs(t, { monthlyBudget: 50 })).status).toBe(200);
    const audits = await auditCount(t.ws.id);
    for (const body of [{ monthlyBudget: 0 }, { monthlyBudget: '0' }, { monthlyBudget: 0, confirmZeroBudget: false }]) {
      const r = await patchWs(t, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error).toMatchObject({ type: 'invalid_request_error', code: 'zero_budget_requires_confirmation', param: 'monthlyBudget' });
      expect(r.body.error.message).toMatch(/^monthlyBudget: .*\$0.*confirmZeroBudget: true/);
    }
    expect((await wsRow(t)).monthlyBudgetNano).toBe(50_000_000_000n);
    expect(await auditCount(t.ws.id)).toBe(audits);

    const ok = await patchWs(t, { monthlyBudget: 0, confirmZeroBudget: true });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ monthlyBudget: 0, monthlyBudgetRemaining: 0 });
    expect(ok.body).not.toHaveProperty('confirmZeroBudget');
    expect((await wsRow(t)).monthlyBudgetNano).toBe(0n);
    expect(await auditCount(t.ws.id, 'workspace.update')).toBeGreaterThan(0);
    // Already $0: other changes do not need the confirmation again; raising it does not either.
    expect((await patchWs(t, { monthlyBudget: 0, name: 'Zero budget API renamed' })).status).toBe(200);
    expect((await patchWs(t, { monthlyBudget: 10 })).body).toMatchObject({ monthlyBudget: 10 });
  });

  it('the settings action refuses $0 without the confirmation and accepts it with', async () => {
    const t = await makeWorkspace('Zero budget console');
    as(t.admin);
    expect(await updateWorkspaceAction(t.ws.slug, { monthlyBudget: '0.00' })).toMatchObject({ ok: false, error: { code: 'zero_budget_requires_confirmation', param: 'monthlyBudget' } });
    expect((await wsRow(t)).monthlyBudgetNano).toBeNull();
    expect(await updateWorkspaceAction(t.ws.slug, { monthlyBudget: '0.00', confirmZeroBudget: true })).toMatchObject({ ok: true, data: { monthlyBudget: 0 } });
    expect((await wsRow(t)).monthlyBudgetNano).toBe(0n);
  });
});

describe('General: default limit for new keys', () => {
  it('refuses $0, pre-sets new keys, and can be removed', async () => {
    const t = await makeWorkspace('Settings defaults');
    await setCredit({ workspaceId: t.ws.id, bucket: 'USD', balanceNano: 100_000_000_000n });
    as(t.owner);
    const before = (await wsRow(t)).defaultSpendLimitNano; // a new workspace's default (see keys-service.test.ts)
    const zero = await updateWorkspaceAction(t.ws.slug, { defaultSpendLimit: '0' });
    expect(zero).toMatchObject({ ok: false, error: { param: 'defaultSpendLimit' } });
    expect((await wsRow(t)).defaultSpendLimitNano).toBe(before);
    // A period without an amount is refused too.
    expect(await updateWorkspaceAction(t.ws.slug, { defaultSpendLimit: null })).toMatchObject({ ok: true });
    expect(await updateWorkspaceAction(t.ws.slug, { defaultSpendLimitPeriod: 'daily' })).toMatchObject({ ok: false, error: { param: 'defaultSpendLimitPeriod' } });

    expect(await updateWorkspaceAction(t.ws.slug, { defaultSpendLimit: '7.5', defaultSpendLimitPeriod: 'weekly' }))
      .toMatchObject({ ok: true, data: { defaultSpendLimit: 7.5, defaultSpendLimitPeriod: 'weekly' } });
    const k = await createKeyAction(t.ws.slug, { name: 'inherits the default' });
    expect(k).toMatchObject({ ok: true, data: { key: { spendLimit: 7.5, spendLimitPeriod: 'weekly', status: 'active' } } });
    // An explicit "no limit" overrides the default.
    expect(await createKeyAction(t.ws.slug, { name: 'explicitly unlimited', spendLimit: null })).toMatchObject({ ok: true, data: { key: { spendLimit: null } } });

    expect(await updateWorkspaceAction(t.ws.slug, { defaultSpendLimit: null })).toMatchObject({ ok: true, data: { defaultSpendLimit: null, defaultSpendLimitPeriod: null } });
    expect(await getWorkspace(t.ownerCtx)).toMatchObject({ defaultSpendLimit: null, defaultSpendLimitPeriod: null });
  });
});

describe('Keys actions', () => {
  it('a $0 limit needs explicit confirmation; with it the key is "zero_limit"', async () => {
    as(A.admin);
    const count = await db.apiKey.count({ where: { workspaceId: A.ws.id } });
    const refused = await createKeyAction(A.ws.slug, { name: 'zero', spendLimit: '0', spendLimitPeriod: 'daily' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'zero_limit_requires_confirmation', param: 'spendLimit' } });
    expect(await db.apiKey.count({ where: { workspaceId: A.ws.id } })).toBe(count);

    const ok = await createKeyAction(A.ws.slug, { name: 'zero', spendLimit: '0', spendLimitPeriod: 'daily', confirmZeroLimit: true });
    if (!ok.ok) throw new Error(ok.error.message);
    expect(ok.data.key).toMatchObject({ spendLimit: 0, status: 'zero_limit' });
    expect(ok.data.secret).toMatch(/^kc_inf_/);

    // Raising it unblocks at once; lowering another key back to $0 needs the confirmation again.
    const raised = await updateKeyAction(A.ws.slug, { id: ok.data.key.id, patch: { spendLimit: '2.5' } });
    // the key's own limit no longer refuses it; A has no credit yet, so the workspace does (status says which)
    expect(raised).toMatchObject({ ok: true, data: { spendLimit: 2.5, spendLimitPeriod: 'daily', status: 'blocked_no_credit' } });
    expect(await updateKeyAction(A.ws.slug, { id: ok.data.key.id, patch: { spendLimit: 0 } })).toMatchObject({ ok: false, error: { code: 'zero_limit_requires_confirmation' } });
  });

  it('name over 64 characters and unknown fields are 400 naming the field', async () => {
    as(A.owner);
    expect(await createKeyAction(A.ws.slug, { name: 'x'.repeat(65) })).toMatchObject({ ok: false, error: { param: 'name' } });
    expect(await createKeyAction(A.ws.slug, { name: 'ok', secret: 'mine' } as never)).toMatchObject({ ok: false, error: { param: 'secret' } });
    expect(await updateKeyAction(A.ws.slug, { id: A.inferenceKey.key.id, patch: { spendLimit: 'lots' } })).toMatchObject({ ok: false, error: { param: 'spendLimit' } });
  });

  it('a MEMBER cannot create, edit or revoke; another workspace cannot reach A\'s keys', async () => {
    const before = await db.apiKey.findUniqueOrThrow({ where: { id: A.inferenceKey.key.id } });
    as(A.member);
    expect(await createKeyAction(A.ws.slug, { name: 'nope' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await updateKeyAction(A.ws.slug, { id: A.inferenceKey.key.id, patch: { spendLimit: 1 } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await revokeKeyAction(A.ws.slug, { id: A.inferenceKey.key.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    as(B.owner);
    expect(await updateKeyAction(B.ws.slug, { id: A.inferenceKey.key.id, patch: { spendLimit: 1 } })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await revokeKeyAction(B.ws.slug, { id: A.inferenceKey.key.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: A.inferenceKey.key.id } });
    expect(row.spendLimitNano).toBe(before.spendLimitNano);
    expect(row.revokedAt).toBeNull();
  });
});

describe('Prices', () => {
  it('OWNER/ADMIN add, edit and delete per-million prices; MEMBER is refused', async () => {
    as(A.admin);
    expect(await setPriceAction(A.ws.slug, { model: 'my-model', inputUsdPerMtok: '0.25', outputUsdPerMtok: 1.25 })).toEqual({ ok: true, data: { model: 'my-model' } });
    expect(await getPrice(A.ws.id, 'my-model')).toMatchObject({ inputNanoPerToken: 250n, outputNanoPerToken: 1250n, modelType: 'text' });
    expect(await setPriceAction(A.ws.slug, { model: 'my-model', inputUsdPerMtok: '0.3', outputUsdPerMtok: '1', defaultReserveUsd: 0.05 })).toMatchObject({ ok: true });
    expect(await getPrice(A.ws.id, 'my-model')).toMatchObject({ inputNanoPerToken: 300n, outputNanoPerToken: 1000n, defaultReserveNano: 50_000_000n });

    const bad = await setPriceAction(A.ws.slug, { model: 'my-model', inputUsdPerMtok: '0.3', outputUsdPerMtok: '1.0001' });
    expect(bad).toMatchObject({ ok: false, error: { param: 'output' } });
    expect((await getPrice(A.ws.id, 'my-model'))?.outputNanoPerToken).toBe(1000n);

    as(A.member);
    expect(await setPriceAction(A.ws.slug, { model: 'my-model', inputUsdPerMtok: '0', outputUsdPerMtok: '0' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await deletePriceAction(A.ws.slug, { model: 'my-model' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await getPrice(A.ws.id, 'my-model')).not.toBeNull();

    as(A.owner);
    expect(await deletePriceAction(A.ws.slug, { model: 'my-model' })).toMatchObject({ ok: true });
    expect(await getPrice(A.ws.id, 'my-model')).toBeNull();
    expect(await auditCount(A.ws.id, 'price.delete')).toBe(1);
  });
});

describe('Credits', () => {
  it('only an OWNER tops up; balances and history reflect it', async () => {
    as(A.admin);
    expect(await addCreditsAction(A.ws.slug, { bucket: 'USD', usd: '10', note: 'admin tries' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    as(A.owner);
    expect(await addCreditsAction(A.ws.slug, { bucket: 'USD', usd: '0', note: 'nothing' })).toMatchObject({ ok: false, error: { param: 'usd' } });
    expect(await addCreditsAction(A.ws.slug, { bucket: 'USD', usd: '10', note: '' })).toMatchObject({ ok: false, error: { param: 'note' } });
    expect((await getBalances(A.ownerCtx)).usd).toBe(0);

    expect(await addCreditsAction(A.ws.slug, { bucket: 'USD', usd: '12.345', note: 'Invoice 1' })).toMatchObject({ ok: true, data: { amountUsd: 12.345, balanceUsd: 12.345 } });
    expect(await addCreditsAction(A.ws.slug, { bucket: 'BUNDLED_CREDITS', usd: 5, note: 'Promo' })).toMatchObject({ ok: true });
    expect(await getBalances(A.memberCtx)).toMatchObject({ usd: 12.345, bundledCredits: 5, consumptionCurrency: 'BUNDLED_CREDITS', canConsume: true });
    const history = await listTopUps(A.memberCtx);
    expect(history.map((h) => [h.bucket, h.amountUsd, h.note, h.actorLabel])).toEqual([
      ['BUNDLED_CREDITS', 5, 'Promo', A.owner.email],
      ['USD', 12.345, 'Invoice 1', A.owner.email],
    ]);
  });
});

describe('DIEM daily allocation: OWNER only, like credit top-ups', () => {
  it('an OWNER sets and removes it; an ADMIN (console or ADMIN key) is refused and nothing changes', async () => {
    const t = await makeWorkspace('Settings DIEM');
    as(t.owner);
    expect(await updateWorkspaceAction(t.ws.slug, { diemEpochAllocation: '3' })).toMatchObject({ ok: true, data: { diemEpochAllocation: 3 } });
    const audits = await auditCount(t.ws.id);

    as(t.admin);
    expect(await updateWorkspaceAction(t.ws.slug, { diemEpochAllocation: '300' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // mixed with a setting an admin may change: the whole request is refused, nothing is written
    expect(await updateWorkspaceAction(t.ws.slug, { monthlyBudget: 99, diemEpochAllocation: null })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // an ADMIN API key acts as ADMIN
    const api = await callRoute(wsRoute.PATCH, { method: 'PATCH', secret: t.adminKey.secret, body: { diemEpochAllocation: 50 } });
    expect(api.status).toBe(403);
    expect((await wsRow(t)).diemEpochAllocationNano).toBe(3_000_000_000n);
    expect((await wsRow(t)).monthlyBudgetNano).toBeNull();
    expect(await auditCount(t.ws.id)).toBe(audits);
    // sending the current value back (read-modify-write clients) is not a change, and the rest applies
    expect(await updateWorkspaceAction(t.ws.slug, { monthlyBudget: 99, diemEpochAllocation: 3 })).toMatchObject({ ok: true, data: { monthlyBudget: 99, diemEpochAllocation: 3 } });

    as(t.member);
    expect(await updateWorkspaceAction(t.ws.slug, { diemEpochAllocation: '1' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    as(t.owner);
    expect(await updateWorkspaceAction(t.ws.slug, { diemEpochAllocation: null })).toMatchObject({ ok: true, data: { diemEpochAllocation: null } });
  });
});

describe('Audit log service', () => {
  it('filters by action prefix, actor and date range; paginates; newest first', async () => {
    const t = await makeWorkspace('Settings audit');
    as(t.owner);
    await updateWorkspaceAction(t.ws.slug, { monthlyBudget: 10 });
    as(t.admin);
    await updateWorkspaceAction(t.ws.slug, { monthlyBudget: 20 });
    await createKeyAction(t.ws.slug, { name: 'by admin' });

    const all = await listAuditLog(t.memberCtx, {});
    // workspace.create + 2 key creations by makeWorkspace + 2 updates + 1 key creation
    expect(all.pagination).toEqual({ limit: 50, page: 1, total: 6, totalPages: 1 });
    expect(all.data.map((e) => e.action)).toEqual(['api_key.create', 'workspace.update', 'workspace.update', 'api_key.create', 'api_key.create', 'workspace.create']);
    expect(all.actors).toEqual([t.admin.email, t.owner.email].sort());

    const keys = await listAuditLog(t.ownerCtx, { action: 'api_key.' });
    expect(keys.data.every((e) => e.action === 'api_key.create')).toBe(true);
    expect(keys.pagination.total).toBe(3);
    const byAdminKey = keys.data.find((e) => e.actorLabel === t.admin.email)!;
    expect(byAdminKey.before).toBeNull();
    expect(byAdminKey.after).toMatchObject({ name: 'by admin', type: 'INFERENCE' });
    expect(byAdminKey.targetLabel).toBe('by admin');

    const admin = await listAuditLog(t.ownerCtx, { action: 'workspace.', actor: t.admin.email });
    expect(admin.data).toHaveLength(1);
    expect(admin.data[0]).toMatchObject({ before: { monthlyBudgetUsd: 10 }, after: { monthlyBudgetUsd: 20 } });

    const today = new Date().toISOString().slice(0, 10);
    expect((await listAuditLog(t.ownerCtx, { from: today, to: today })).pagination.total).toBe(6);
    expect((await listAuditLog(t.ownerCtx, { to: '2001-01-01' })).pagination.total).toBe(0);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await listAuditLog(t.ownerCtx, { from: tomorrow })).pagination.total).toBe(0);

    const p1 = await listAuditLog(t.ownerCtx, { limit: '4', page: '1' });
    const p2 = await listAuditLog(t.ownerCtx, { limit: '4', page: '2' });
    expect(p1.pagination).toEqual({ limit: 4, page: 1, total: 6, totalPages: 2 });
    expect(p1.data).toHaveLength(4);
    expect(p2.data).toHaveLength(2);
    expect(new Set([...p1.data, ...p2.data].map((e) => e.id)).size).toBe(6);
  });

  it('is tenant-scoped: another workspace never sees these entries', async () => {
    const a = await listAuditLog(A.ownerCtx, { limit: 200 });
    const b = await listAuditLog(B.ownerCtx, { limit: 200 });
    const aIds = new Set(a.data.map((e) => e.id));
    expect(b.data.some((e) => aIds.has(e.id))).toBe(false);
    expect(b.actors).not.toContain(A.owner.email);
    expect((await listAuditLog(B.ownerCtx, { actor: A.owner.email })).pagination.total).toBe(0);
  });

  it('bad filters are a 400 naming the field', async () => {
    for (const [f, param] of [
      [{ from: 'yesterday' }, 'from'],
      [{ to: '2026-02-30' }, 'to'],
      [{ from: '2026-03-02', to: '2026-03-01' }, 'to'],
      [{ limit: '0' }, 'limit'],
      [{ limit: '201' }, 'limit'],
      [{ page: '-1' }, 'page'],
      [{ user: 'x' }, 'user'],
    ] as const) {
      try {
        await listAuditLog(A.ownerCtx, f);
        throw new Error(`accepted ${JSON.stringify(f)}`);
      } catch (e) {
        expect(isAppError(e) && e.status, JSON.stringify(f)).toBe(400);
        expect(isAppError(e) && e.param, JSON.stringify(f)).toBe(param);
      }
    }
  });
});
