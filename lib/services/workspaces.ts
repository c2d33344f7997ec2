// Workspaces: creation (the creator becomes OWNER), lookup by slug for a member.
import { randomBytes } from 'node:crypto';
import { db, type Tx } from '../db';
import { AppError, notFound } from '../errors';
import type { Role } from '../permissions';
import { seedDefaultPrices } from './prices';

export function slugify(name: string): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32) || 'workspace';
  return base;
}

async function uniqueSlug(tx: Tx, name: string): Promise<string> {
  const base = slugify(name);
  if (!(await tx.workspace.findUnique({ where: { slug: base } }))) return base;
  for (;;) {
    const s = `${base}-${randomBytes(3).toString('hex')}`;
    if (!(await tx.workspace.findUnique({ where: { slug: s } }))) return s;
  }
}

export async function createWorkspace(tx: Tx, name: string, ownerId: string, ownerLabel: string) {
  const slug = await uniqueSlug(tx, name);
  const ws = await tx.workspace.create({ data: { name, slug } });
  await tx.membership.create({ data: { workspaceId: ws.id, userId: ownerId, role: 'OWNER' } });
  await seedDefaultPrices(tx, ws.id);
  await tx.auditLog.create({
    data: { workspaceId: ws.id, actorUserId: ownerId, actorLabel: ownerLabel, action: 'workspace.create', targetType: 'workspace', targetId: ws.id, after: JSON.stringify({ name, slug }) },
  });
  return ws;
}

/** Gives a user with no workspace one of their own (OAuth sign-ups). */
export async function ensurePersonalWorkspace(userId: string, email: string) {
  const count = await db.membership.count({ where: { userId } });
  if (count > 0) return;
  await db.$transaction((tx) => createWorkspace(tx, `${email.split('@')[0]}'s workspace`, userId, email));
}

export interface MembershipInfo {
  workspace: { id: string; name: string; slug: string };
  role: Role;
}

/** The user's membership in the workspace with this slug; 404 when not a member (no existence leak). */
export async function membershipBySlug(userId: string, slug: string): Promise<MembershipInfo> {
  const m = await db.membership.findFirst({
    where: { userId, workspace: { slug } },
    include: { workspace: { select: { id: true, name: true, slug: true } } },
  });
  if (!m) throw notFound('Workspace');
  return { workspace: m.workspace, role: m.role as Role };
}

export async function listUserWorkspaces(userId: string) {
  const rows = await db.membership.findMany({
    where: { userId },
    include: { workspace: { select: { id: true, name: true, slug: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((r) => ({ ...r.workspace, role: r.role as Role }));
}

export function assertName(name: string, param = 'name') {
  if (!name.trim() || name.length > 64) throw new AppError(400, 'invalid_request_error', 'invalid_name', 'Name must be 1–64 characters.', param);
}
