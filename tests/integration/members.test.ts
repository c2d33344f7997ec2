// Members and invitations through the real server actions of Settings → Members (the same functions a
// browser posts to), with the signed-in user supplied by a stand-in for the session lookup only:
// membership, permissions, validation, services and the database are all real. A forged call by a
// MEMBER or ADMIN is refused (403) and changes nothing; a user of another workspace gets 404.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth', () => ({
  currentUserId: async () => session.userId,
  auth: async () => (session.userId ? { user: { id: session.userId } } : null),
}));

import { db } from '@/lib/db';
import type { Ctx } from '@/lib/context';
import { isAppError } from '@/lib/errors';
import { acceptInvitation, changeRole, createInvitation, describeInvitation, listInvitations, listMembers, removeMember } from '@/lib/services/members';
import { changeRoleAction, createInvitationAction, removeMemberAction, revokeInvitationAction } from '@/app/w/[slug]/settings/members/actions';
import { auditCount, makeWorkspace, uniqueTag, type TestWorkspace } from './helpers';

let A: TestWorkspace;
let B: TestWorkspace;
const as = (user: { id: string } | null) => {
  session.userId = user?.id ?? null;
};
const membershipOf = (t: TestWorkspace, userId: string) => db.membership.findFirstOrThrow({ where: { workspaceId: t.ws.id, userId } });
const tokenOf = (url: string) => url.split('/invite/')[1];

async function status(p: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (isAppError(e)) return e.status;
    throw e;
  }
}

beforeAll(async () => {
  A = await makeWorkspace('Members A');
  B = await makeWorkspace('Members B');
});
beforeEach(() => as(null));

describe('owner', () => {
  it('creates an invitation link for a role; the invitee joins with that role, once', async () => {
    as(A.owner);
    const r = await createInvitationAction(A.ws.slug, { role: 'MEMBER' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.data.url).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);
    expect(r.data.role).toBe('MEMBER');
    const token = tokenOf(r.data.url);
    expect(await describeInvitation(token)).toMatchObject({ workspaceSlug: A.ws.slug, role: 'MEMBER', email: null });
    expect((await listInvitations(A.ownerCtx)).map((i) => i.id)).toContain(r.data.id);

    const newcomer = await db.user.create({ data: { email: `newcomer-${uniqueTag()}@test.keycap.dev` } });
    expect(await acceptInvitation(newcomer.id, token)).toEqual({ workspaceSlug: A.ws.slug });
    expect((await membershipOf(A, newcomer.id)).role).toBe('MEMBER');
    expect(await auditCount(A.ws.id, 'member.join')).toBe(1);
    // Used: the link no longer works, for anyone.
    expect(await describeInvitation(token)).toBeNull();
    const other = await db.user.create({ data: { email: `other-${uniqueTag()}@test.keycap.dev` } });
    await expect(acceptInvitation(other.id, token)).rejects.toMatchObject({ status: 410, code: 'invitation_invalid' });
    expect(await db.membership.count({ where: { workspaceId: A.ws.id, userId: other.id } })).toBe(0);
  });

  it('an invitation bound to an email only works for that address; a revoked one not at all', async () => {
    as(A.owner);
    const email = `bound-${uniqueTag()}@test.keycap.dev`;
    const r = await createInvitationAction(A.ws.slug, { role: 'ADMIN', email: email.toUpperCase() });
    if (!r.ok) throw new Error(r.error.message);
    const stranger = await db.user.create({ data: { email: `stranger-${uniqueTag()}@test.keycap.dev` } });
    await expect(acceptInvitation(stranger.id, tokenOf(r.data.url))).rejects.toMatchObject({ status: 400, code: 'invitation_email_mismatch' });
    const right = await db.user.create({ data: { email } });
    await acceptInvitation(right.id, tokenOf(r.data.url));
    expect((await membershipOf(A, right.id)).role).toBe('ADMIN');

    const r2 = await createInvitationAction(A.ws.slug, { role: 'OWNER' });
    if (!r2.ok) throw new Error(r2.error.message);
    expect(await revokeInvitationAction(A.ws.slug, { id: r2.data.id })).toEqual({ ok: true, data: undefined });
    await expect(acceptInvitation(stranger.id, tokenOf(r2.data.url))).rejects.toMatchObject({ status: 410 });
  });

  it('changes a role and removes a member, audited with before and after', async () => {
    const t = await makeWorkspace('Members roles');
    as(t.owner);
    const m = await membershipOf(t, t.member.id);
    expect(await changeRoleAction(t.ws.slug, { membershipId: m.id, role: 'ADMIN' })).toEqual({ ok: true, data: undefined });
    expect((await membershipOf(t, t.member.id)).role).toBe('ADMIN');
    const entry = await db.auditLog.findFirstOrThrow({ where: { workspaceId: t.ws.id, action: 'member.role_change' } });
    expect(entry.actorLabel).toBe(t.owner.email);
    expect(JSON.parse(entry.before!)).toEqual({ email: t.member.email, role: 'MEMBER' });
    expect(JSON.parse(entry.after!)).toEqual({ email: t.member.email, role: 'ADMIN' });

    expect(await removeMemberAction(t.ws.slug, { membershipId: m.id })).toEqual({ ok: true, data: undefined });
    expect(await db.membership.count({ where: { id: m.id } })).toBe(0);
    expect(await auditCount(t.ws.id, 'member.remove')).toBe(1);
  });

  it('never demotes or removes the last owner', async () => {
    const t = await makeWorkspace('Members last owner');
    as(t.owner);
    const own = await membershipOf(t, t.owner.id);
    const demote = await changeRoleAction(t.ws.slug, { membershipId: own.id, role: 'ADMIN' });
    expect(demote).toMatchObject({ ok: false, error: { code: 'last_owner', param: 'role' } });
    expect(await removeMemberAction(t.ws.slug, { membershipId: own.id })).toMatchObject({ ok: false, error: { code: 'last_owner' } });
    expect((await membershipOf(t, t.owner.id)).role).toBe('OWNER');
    // With a second owner, the first may step down.
    const adm = await membershipOf(t, t.admin.id);
    expect((await changeRoleAction(t.ws.slug, { membershipId: adm.id, role: 'OWNER' })).ok).toBe(true);
    expect((await changeRoleAction(t.ws.slug, { membershipId: own.id, role: 'MEMBER' })).ok).toBe(true);
  });

  // The last-owner rule is checked inside the transaction that changes the role (owner rows locked
  // on PostgreSQL, the write lock taken first on SQLite), so two owners stepping down at once cannot
  // both see "there is another owner" and leave the workspace with none.
  it.each([
    ['two demotions', 'demote', 'demote'],
    ['two removals', 'remove', 'remove'],
    ['a demotion and a removal', 'demote', 'remove'],
  ] as const)('concurrently, %s of the only two owners leave exactly one owner; the loser gets 409 last_owner', async (_name, opA, opB) => {
    for (let round = 0; round < 3; round++) {
      const t = await makeWorkspace('Members race');
      const own = await membershipOf(t, t.owner.id);
      const adm = await membershipOf(t, t.admin.id);
      await changeRole(t.ownerCtx, adm.id, 'OWNER');
      const secondOwnerCtx: Ctx = { ...t.adminCtx, actor: { kind: 'user', userId: t.admin.id, role: 'OWNER', label: t.admin.email } };
      const run = (op: 'demote' | 'remove', ctx: Ctx, id: string) => (op === 'demote' ? changeRole(ctx, id, 'MEMBER') : removeMember(ctx, id));
      const results = await Promise.allSettled([run(opA, t.ownerCtx, own.id), run(opB, secondOwnerCtx, adm.id)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toMatchObject({ status: 409, code: 'last_owner' });
      expect(await db.membership.count({ where: { workspaceId: t.ws.id, role: 'OWNER' } })).toBe(1);
      // the loser's transaction left nothing behind: its member is still there, an owner, and not audited
      const loserId = results[0].status === 'rejected' ? own.id : adm.id;
      expect((await db.membership.findUniqueOrThrow({ where: { id: loserId } })).role).toBe('OWNER');
      expect(await auditCount(t.ws.id, 'member.role_change') + (await auditCount(t.ws.id, 'member.remove'))).toBe(2); // the promotion + the winner
    }
  });

  it('bad input is a 400 naming the field, and changes nothing', async () => {
    as(A.owner);
    const m = await membershipOf(A, A.member.id);
    const before = await auditCount(A.ws.id);
    const bad = await changeRoleAction(A.ws.slug, { membershipId: m.id, role: 'SUPERUSER' as never });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request', param: 'role' } });
    expect(await createInvitationAction(A.ws.slug, { role: 'MEMBER', email: 'not-an-email' })).toMatchObject({ ok: false, error: { param: 'email' } });
    expect(await createInvitationAction(A.ws.slug, { role: 'MEMBER', admin: true } as never)).toMatchObject({ ok: false, error: { param: 'admin' } });
    expect(await changeRoleAction(A.ws.slug, { membershipId: 'nope', role: 'ADMIN' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await membershipOf(A, A.member.id)).role).toBe('MEMBER');
    expect(await auditCount(A.ws.id)).toBe(before);
  });
});

describe('forged calls', () => {
  it('a MEMBER cannot change roles, remove members or invite: 403, nothing changed', async () => {
    as(A.member);
    const self = await membershipOf(A, A.member.id);
    const owner = await membershipOf(A, A.owner.id);
    const invitations = await db.invitation.count({ where: { workspaceId: A.ws.id } });
    const audits = await auditCount(A.ws.id);

    for (const r of [
      await changeRoleAction(A.ws.slug, { membershipId: self.id, role: 'OWNER' }),
      await changeRoleAction(A.ws.slug, { membershipId: owner.id, role: 'MEMBER' }),
      await removeMemberAction(A.ws.slug, { membershipId: owner.id }),
      await createInvitationAction(A.ws.slug, { role: 'OWNER' }),
    ]) {
      expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect((await membershipOf(A, A.member.id)).role).toBe('MEMBER');
    expect((await membershipOf(A, A.owner.id)).role).toBe('OWNER');
    expect(await db.invitation.count({ where: { workspaceId: A.ws.id } })).toBe(invitations);
    expect(await auditCount(A.ws.id)).toBe(audits);
  });

  it('an ADMIN cannot manage members either (OWNER only)', async () => {
    as(A.admin);
    const m = await membershipOf(A, A.member.id);
    expect(await changeRoleAction(A.ws.slug, { membershipId: m.id, role: 'ADMIN' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await createInvitationAction(A.ws.slug, { role: 'MEMBER' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await membershipOf(A, A.member.id)).role).toBe('MEMBER');
  });

  it('the services refuse too, whatever the caller (403 for MEMBER and ADMIN ctx)', async () => {
    const m = await membershipOf(A, A.member.id);
    for (const ctx of [A.memberCtx, A.adminCtx] as Ctx[]) {
      expect(await status(changeRole(ctx, m.id, 'OWNER'))).toBe(403);
      expect(await status(removeMember(ctx, m.id))).toBe(403);
      expect(await status(createInvitation(ctx, { role: 'OWNER' }))).toBe(403);
      expect(await status(listInvitations(ctx))).toBe(403);
    }
    expect(await status(listMembers(A.memberCtx))).toBe('ok'); // everyone may see who is in the workspace
  });

  it('a user of another workspace gets 404 for workspace A, and cannot reach A\'s members from B', async () => {
    const target = await membershipOf(A, A.member.id);
    as(B.owner); // OWNER of B, not a member of A
    expect(await changeRoleAction(A.ws.slug, { membershipId: target.id, role: 'OWNER' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await removeMemberAction(A.ws.slug, { membershipId: target.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await createInvitationAction(A.ws.slug, { role: 'OWNER' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Through their own workspace, with A's membership id: tenant-scoped, so not found either.
    expect(await changeRoleAction(B.ws.slug, { membershipId: target.id, role: 'OWNER' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await removeMemberAction(B.ws.slug, { membershipId: target.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await status(changeRole(B.ownerCtx, target.id, 'OWNER'))).toBe(404);
    expect((await membershipOf(A, A.member.id)).role).toBe('MEMBER');
  });

  it('without a session every action is refused as unauthenticated', async () => {
    as(null);
    const m = await membershipOf(A, A.member.id);
    expect(await changeRoleAction(A.ws.slug, { membershipId: m.id, role: 'OWNER' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await createInvitationAction(A.ws.slug, { role: 'OWNER' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });
});
