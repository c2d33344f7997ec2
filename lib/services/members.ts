// Members, roles and invitations. OWNER-only changes; never remove or demote the last owner.
import { createHash, randomBytes } from 'node:crypto';
import { db, provider, type Tx } from '../db';
import type { Ctx } from '../context';
import { requirePermission } from '../context';
import { audit } from '../audit';
import { AppError, badRequest, conflict, notFound } from '../errors';
import { ROLES, type Role } from '../permissions';
import { appUrl } from '../config';
import { revokeSessions } from '../auth/sessions';

const INVITE_TTL_MS = 7 * 24 * 3600_000;
const tokenHash = (t: string) => createHash('sha256').update(t).digest('hex');

export async function listMembers(ctx: Ctx) {
  requirePermission(ctx, 'workspace.view');
  const rows = await db.membership.findMany({
    where: { workspaceId: ctx.workspaceId },
    include: { user: { select: { id: true, email: true, name: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((m) => ({ id: m.id, userId: m.userId, email: m.user.email, name: m.user.name, role: m.role as Role, joinedAt: m.createdAt.toISOString() }));
}

export async function listInvitations(ctx: Ctx) {
  requirePermission(ctx, 'members.manage');
  const rows = await db.invitation.findMany({
    where: { workspaceId: ctx.workspaceId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map((i) => ({ id: i.id, role: i.role as Role, email: i.email, createdAt: i.createdAt.toISOString(), expiresAt: i.expiresAt.toISOString() }));
}

/** `baseUrl`: the console's public origin for the link (the console passes its request's; default APP_URL). */
export async function createInvitation(ctx: Ctx, input: { role: Role; email?: string | null }, opts: { baseUrl?: string } = {}) {
  requirePermission(ctx, 'members.manage');
  if (!ROLES.includes(input.role)) throw badRequest('role', 'role must be OWNER, ADMIN or MEMBER.');
  const token = randomBytes(24).toString('base64url');
  const inv = await db.$transaction(async (tx) => {
    const i = await tx.invitation.create({
      data: {
        workspaceId: ctx.workspaceId,
        role: input.role,
        email: input.email?.trim().toLowerCase() || null,
        tokenHash: tokenHash(token),
        createdById: ctx.actor.kind === 'user' ? ctx.actor.userId : 'system',
        expiresAt: new Date(Date.now() + INVITE_TTL_MS),
      },
    });
    await audit(tx, ctx, 'invitation.create', { type: 'invitation', id: i.id }, null, { role: i.role, email: i.email, expiresAt: i.expiresAt });
    return i;
  });
  return { id: inv.id, role: inv.role as Role, url: `${(opts.baseUrl ?? appUrl()).replace(/\/+$/, '')}/invite/${token}`, token, expiresAt: inv.expiresAt.toISOString() };
}

export async function revokeInvitation(ctx: Ctx, id: string) {
  requirePermission(ctx, 'members.manage');
  await db.$transaction(async (tx) => {
    const i = await tx.invitation.findFirst({ where: { id, workspaceId: ctx.workspaceId } });
    if (!i) throw notFound('Invitation');
    await tx.invitation.update({ where: { id }, data: { revokedAt: new Date() } });
    await audit(tx, ctx, 'invitation.revoke', { type: 'invitation', id }, { role: i.role, email: i.email }, null);
  });
}

/** Public: what an invitation link offers (for the accept page). */
export async function describeInvitation(token: string) {
  const i = await db.invitation.findUnique({ where: { tokenHash: tokenHash(token) }, include: { workspace: { select: { name: true, slug: true } } } });
  if (!i || i.revokedAt || i.acceptedAt || i.expiresAt <= new Date()) return null;
  return { workspaceName: i.workspace.name, workspaceSlug: i.workspace.slug, role: i.role as Role, email: i.email };
}

export async function acceptInvitation(userId: string, token: string) {
  return db.$transaction((tx) => acceptInvitationTx(tx, userId, token));
}

/** Joins `userId` to the invitation's workspace inside `tx` (sign-up uses it in the transaction that creates the user). */
export async function acceptInvitationTx(tx: Tx, userId: string, token: string) {
  {
    const i = await tx.invitation.findUnique({ where: { tokenHash: tokenHash(token) }, include: { workspace: true } });
    if (!i || i.revokedAt || i.acceptedAt || i.expiresAt <= new Date())
      throw new AppError(410, 'invalid_request_error', 'invitation_invalid', 'This invitation link is invalid, expired or already used. Ask for a new one.');
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
    if (i.email && i.email !== user.email) throw badRequest('email', `This invitation is for ${i.email}. Sign in with that address.`, 'invitation_email_mismatch');
    const existing = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId: i.workspaceId, userId } } });
    if (!existing) await tx.membership.create({ data: { workspaceId: i.workspaceId, userId, role: i.role } });
    await tx.invitation.update({ where: { id: i.id }, data: { acceptedAt: new Date(), acceptedById: userId } });
    const ctx: Ctx = { workspaceId: i.workspaceId, workspaceSlug: i.workspace.slug, actor: { kind: 'user', userId, role: i.role as Role, label: user.email } };
    await audit(tx, ctx, 'member.join', { type: 'member', id: userId }, null, { email: user.email, role: i.role });
    return { workspaceSlug: i.workspace.slug };
  }
}

/**
 * Serialises changes to a workspace's owners, as the first statement of the transaction that makes
 * one: on PostgreSQL by locking its OWNER memberships (SELECT … FOR UPDATE, in id order, so two
 * callers wait for each other instead of both counting the other as the remaining owner); on SQLite
 * by writing first (a no-op UPDATE takes the database's write lock before anything is read, so another
 * connection cannot change owners between our count and our commit).
 */
async function lockOwners(tx: Tx, workspaceId: string) {
  if (provider === 'postgresql')
    await tx.$queryRaw`SELECT "id" FROM "Membership" WHERE "workspaceId" = ${workspaceId} AND "role" = 'OWNER' ORDER BY "id" FOR UPDATE`;
  else await tx.$executeRaw`UPDATE "Membership" SET "role" = "role" WHERE "workspaceId" = ${workspaceId} AND "role" = 'OWNER'`;
}

/** Inside the transaction, after the change: none left → throw, which rolls the change back. */
async function assertOwnerLeft(tx: Tx, workspaceId: string, message: string, param: string | null) {
  if ((await tx.membership.count({ where: { workspaceId, role: 'OWNER' } })) === 0) throw conflict('last_owner', message, param);
}

export async function changeRole(ctx: Ctx, membershipId: string, role: Role) {
  requirePermission(ctx, 'members.manage');
  if (!ROLES.includes(role)) throw badRequest('role', 'role must be OWNER, ADMIN or MEMBER.');
  await db.$transaction(async (tx) => {
    await lockOwners(tx, ctx.workspaceId);
    const m = await tx.membership.findFirst({ where: { id: membershipId, workspaceId: ctx.workspaceId }, include: { user: true } });
    if (!m) throw notFound('Member');
    await tx.membership.update({ where: { id: m.id }, data: { role } });
    if (m.role === 'OWNER' && role !== 'OWNER')
      await assertOwnerLeft(tx, ctx.workspaceId, 'A workspace needs at least one owner. Make someone else an owner first.', 'role');
    await audit(tx, ctx, 'member.role_change', { type: 'member', id: m.userId }, { email: m.user.email, role: m.role }, { email: m.user.email, role });
  });
}

export async function removeMember(ctx: Ctx, membershipId: string) {
  requirePermission(ctx, 'members.manage');
  await db.$transaction(async (tx) => {
    await lockOwners(tx, ctx.workspaceId);
    const m = await tx.membership.findFirst({ where: { id: membershipId, workspaceId: ctx.workspaceId }, include: { user: true } });
    if (!m) throw notFound('Member');
    await tx.membership.delete({ where: { id: m.id } });
    if (m.role === 'OWNER') await assertOwnerLeft(tx, ctx.workspaceId, 'You cannot remove the last owner of a workspace.', null);
    await audit(tx, ctx, 'member.remove', { type: 'member', id: m.userId }, { email: m.user.email, role: m.role }, null);
    await revokeSessions(m.userId, tx); // end the removed member's sessions everywhere (lib/auth/sessions.ts)
  });
}
