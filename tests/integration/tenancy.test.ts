// Tenant isolation: nothing of workspace A is readable or changeable with a key or a user of workspace B
// (404, never 403, so ids do not leak), and MEMBERs cannot change keys or settings (403).
import { beforeAll, describe, expect, it } from 'vitest';
import * as keysRoute from '@/app/api/v1/api_keys/route';
import * as keyRoute from '@/app/api/v1/api_keys/[id]/route';
import * as meRoute from '@/app/api/v1/api_keys/me/route';
import * as wsRoute from '@/app/api/v1/workspace/route';
import { db } from '@/lib/db';
import { isAppError } from '@/lib/errors';
import type { Ctx } from '@/lib/context';
import { createKey, getKey, getKeyRow, listKeys, revokeKey, updateKey } from '@/lib/services/keys';
import { getWorkspace, updateWorkspace } from '@/lib/services/workspace-settings';
import { changeRole, createInvitation, listMembers, removeMember, revokeInvitation } from '@/lib/services/members';
import { membershipBySlug } from '@/lib/services/workspaces';
import { auditCount, callRoute, makeWorkspace, type TestWorkspace } from './helpers';

let A: TestWorkspace;
let B: TestWorkspace;
let aKeyId: string; // an INFERENCE key of A with a limit
beforeAll(async () => {
  A = await makeWorkspace('Tenant A');
  B = await makeWorkspace('Tenant B');
  aKeyId = (await createKey(A.ownerCtx, { name: 'A secret project', spendLimit: 5, spendLimitPeriod: 'daily' })).key.id;
});

async function thrown(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (e === null) throw new Error('expected the call to be refused, it succeeded');
  if (!isAppError(e)) throw e;
  return e;
}

/** Snapshot of everything of A that B might touch. */
async function snapshotA() {
  return {
    keys: await db.apiKey.findMany({ where: { workspaceId: A.ws.id }, orderBy: { id: 'asc' } }),
    ws: await db.workspace.findUniqueOrThrow({ where: { id: A.ws.id } }),
    members: await db.membership.findMany({ where: { workspaceId: A.ws.id }, orderBy: { id: 'asc' } }),
    invitations: await db.invitation.findMany({ where: { workspaceId: A.ws.id }, orderBy: { id: 'asc' } }),
    audit: await auditCount(A.ws.id),
  };
}
const stripLastUsed = (s: Awaited<ReturnType<typeof snapshotA>>) => ({ ...s, keys: s.keys.map((k) => ({ ...k, lastUsedAt: null })) });

describe('HTTP: B\'s ADMIN key on A\'s key ids', () => {
  it('GET / PATCH / DELETE /api_keys/{A\'s id} → 404 not_found, A unchanged', async () => {
    const before = await snapshotA();
    const b = B.adminKey.secret;
    const calls = [
      callRoute(keyRoute.GET, { secret: b, params: { id: aKeyId } }),
      callRoute(keyRoute.PATCH, { method: 'PATCH', secret: b, params: { id: aKeyId }, body: { spendLimit: null } }),
      callRoute(keyRoute.PATCH, { method: 'PATCH', secret: b, params: { id: aKeyId }, body: { name: 'pwned' } }),
      callRoute(keyRoute.DELETE, { method: 'DELETE', secret: b, params: { id: aKeyId } }),
      callRoute(keyRoute.GET, { secret: b, params: { id: A.adminKey.key.id } }),
      callRoute(keyRoute.DELETE, { method: 'DELETE', secret: b, params: { id: A.adminKey.key.id } }),
    ];
    for (const r of await Promise.all(calls)) {
      expect(r.status, JSON.stringify(r.body)).toBe(404);
      expect(r.body.error).toMatchObject({ type: 'not_found_error', code: 'not_found' });
      expect(JSON.stringify(r.body)).not.toContain('A secret project');
    }
    expect(await snapshotA()).toEqual(before);
    // same answer as an id that does not exist at all (no existence oracle)
    const ghost = await callRoute(keyRoute.GET, { secret: b, params: { id: 'nonexistent' } });
    expect(ghost.body).toEqual((await callRoute(keyRoute.GET, { secret: b, params: { id: aKeyId } })).body);
  });

  it('B\'s list, /workspace and /me show only B', async () => {
    const l = await callRoute(keysRoute.GET, { secret: B.adminKey.secret });
    const ids = (l.body.data as Array<{ id: string }>).map((k) => k.id);
    expect(ids).toEqual(expect.arrayContaining([B.adminKey.key.id, B.inferenceKey.key.id]));
    expect(ids).not.toContain(aKeyId);
    expect(ids).not.toContain(A.adminKey.key.id);
    const w = await callRoute(wsRoute.GET, { secret: B.adminKey.secret });
    expect(w.body.id).toBe(B.ws.id);
    expect((await callRoute(meRoute.GET, { secret: B.inferenceKey.secret })).body.id).toBe(B.inferenceKey.key.id);
  });

  it('PATCH /workspace with B\'s key changes B only; a workspace id in the body is refused', async () => {
    const before = await snapshotA();
    const r = await callRoute(wsRoute.PATCH, { method: 'PATCH', secret: B.adminKey.secret, body: { monthlyBudget: 42 } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: B.ws.id, monthlyBudget: 42 });
    const sneaky = await callRoute(wsRoute.PATCH, { method: 'PATCH', secret: B.adminKey.secret, body: { id: A.ws.id, monthlyBudget: 1 } });
    expect(sneaky.status).toBe(400);
    expect(sneaky.body.error.param).toBe('id');
    const sneaky2 = await callRoute(wsRoute.PATCH, { method: 'PATCH', secret: B.adminKey.secret, body: { workspaceId: A.ws.id } });
    expect(sneaky2.body.error.param).toBe('workspaceId');
    expect(await snapshotA()).toEqual(before);
    expect((await db.workspace.findUniqueOrThrow({ where: { id: B.ws.id } })).monthlyBudgetNano).toBe(42_000_000_000n);
  });

  it('A key created by B lands in B, whatever the body says', async () => {
    const r = await callRoute(keysRoute.POST, { method: 'POST', secret: B.adminKey.secret, body: { name: 'x', workspaceId: A.ws.id } });
    expect(r.status).toBe(400);
    expect(r.body.error.param).toBe('workspaceId');
    const ok = await callRoute(keysRoute.POST, { method: 'POST', secret: B.adminKey.secret, body: { name: 'made by B' } });
    expect(ok.status).toBe(201);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: ok.body.id } })).workspaceId).toBe(B.ws.id);
  });
});

describe('services: B\'s contexts on A\'s ids', () => {
  const bCtxs = (): Array<[string, Ctx]> => [
    ['owner', B.ownerCtx],
    ['admin', B.adminCtx],
    ['system', B.systemCtx],
  ];

  it('getKey / getKeyRow / updateKey / revokeKey → 404, A unchanged', async () => {
    const before = await snapshotA();
    for (const [who, ctx] of bCtxs()) {
      // thunks, so each promise exists only while awaited (no unhandled rejection in between)
      for (const call of [() => getKey(ctx, aKeyId), () => getKeyRow(ctx, aKeyId), () => updateKey(ctx, aKeyId, { spendLimit: 1000 }), () => revokeKey(ctx, aKeyId)]) {
        const e = await thrown(call());
        expect(e.status, who).toBe(404);
      }
      expect((await listKeys(ctx)).map((k) => k.id)).not.toContain(aKeyId);
      expect((await getWorkspace(ctx)).id).toBe(B.ws.id);
    }
    expect(stripLastUsed(await snapshotA())).toEqual(stripLastUsed(before));
  });

  it('members, roles and invitations across workspaces → 404, A unchanged', async () => {
    const inv = await createInvitation(A.ownerCtx, { role: 'MEMBER', email: 'x@example.com' });
    const aMembers = await listMembers(A.ownerCtx);
    const aAdmin = aMembers.find((m) => m.role === 'ADMIN')!;
    const aOwner = aMembers.find((m) => m.role === 'OWNER')!;
    const before = await snapshotA();
    for (const p of [() => changeRole(B.ownerCtx, aAdmin.id, 'OWNER'), () => changeRole(B.ownerCtx, aOwner.id, 'MEMBER'), () => removeMember(B.ownerCtx, aAdmin.id), () => removeMember(B.ownerCtx, aOwner.id), () => revokeInvitation(B.ownerCtx, inv.id)]) {
      expect((await thrown(p())).status).toBe(404);
    }
    expect(await snapshotA()).toEqual(before);
    // B's member list has none of A's people
    const bUserIds = (await listMembers(B.ownerCtx)).map((m) => m.userId);
    for (const m of aMembers) expect(bUserIds).not.toContain(m.userId);
    // a user of B does not get into A by slug
    expect((await thrown(membershipBySlug(B.owner.id, A.ws.slug))).status).toBe(404);
  });
});

describe('MEMBER role → 403 on changes; ADMIN cannot manage members', () => {
  it('createKey / updateKey / revokeKey / updateWorkspace → 403 forbidden, nothing changed', async () => {
    const m = A.memberCtx;
    const before = await snapshotA();
    for (const p of [() => createKey(m, { name: 'member key' }), () => updateKey(m, aKeyId, { spendLimit: null }), () => revokeKey(m, aKeyId), () => updateWorkspace(m, { monthlyBudget: 1 }), () => updateWorkspace(m, { defaultSpendLimit: 5 })]) {
      const e = await thrown(p());
      expect(e.status).toBe(403);
      expect(e.code).toBe('forbidden');
    }
    expect(await snapshotA()).toEqual(before);
    // …but may read
    expect((await listKeys(m)).map((k) => k.id)).toContain(aKeyId);
    expect((await getKey(m, aKeyId)).id).toBe(aKeyId);
    expect((await getWorkspace(m)).id).toBe(A.ws.id);
  });

  it('permission is checked before the body: a MEMBER with invalid input still gets 403', async () => {
    const e = await thrown(createKey(A.memberCtx, { foo: 1 }));
    expect(e.status).toBe(403);
  });

  it('ADMIN cannot change roles, remove members or invite (OWNER only)', async () => {
    const before = await snapshotA();
    const aMember = (await listMembers(A.ownerCtx)).find((x) => x.role === 'MEMBER')!;
    for (const p of [() => changeRole(A.adminCtx, aMember.id, 'ADMIN'), () => removeMember(A.adminCtx, aMember.id), () => createInvitation(A.adminCtx, { role: 'OWNER' })]) {
      expect((await thrown(p())).status).toBe(403);
    }
    expect(await snapshotA()).toEqual(before);
  });
});
