// Workspaces: creation (the creator becomes OWNER), lookup by slug for a member.
import { randomBytes } from 'node:crypto';
import { db, type Tx } from '../db';
import { AppError, notFound } from '../errors';
import { nanoToUsd, parseUsd } from '../money';
import { isPeriod, type Period } from '../periods';
import type { Role } from '../permissions';
import { seedDefaultPrices } from './prices';

/** The default limit a new workspace gives its new keys, so no key starts uncapped by accident: $25 per month. */
export const NEW_WORKSPACE_KEY_LIMIT = { nano: 25_000_000_000n, period: 'monthly' as Period };

/**
 * The default key limit of a new workspace: KEYCAP_DEFAULT_KEY_LIMIT_USD (an amount above 0, or "none" for
 * no default) and KEYCAP_DEFAULT_KEY_LIMIT_PERIOD (daily | weekly | monthly | total), else $25 per month.
 * Owners and admins change it per workspace under Settings → General. A bad value is an error at the first
 * sign-up, never silently ignored.
 */
export function newWorkspaceKeyLimit(env: Record<string, string | undefined> = process.env): { nano: bigint | null; period: Period | null } {
  const rawUsd = env.KEYCAP_DEFAULT_KEY_LIMIT_USD?.trim();
  const rawPeriod = env.KEYCAP_DEFAULT_KEY_LIMIT_PERIOD?.trim();
  if (rawUsd === 'none') return { nano: null, period: null };
  const period = rawPeriod ? rawPeriod : NEW_WORKSPACE_KEY_LIMIT.period;
  if (!isPeriod(period)) throw new Error(`KEYCAP_DEFAULT_KEY_LIMIT_PERIOD must be daily, weekly, monthly or total (got "${rawPeriod}")`);
  if (!rawUsd) return { nano: NEW_WORKSPACE_KEY_LIMIT.nano, period };
  const p = parseUsd(rawUsd);
  if (!p.ok || p.nano === 0n) throw new Error(`KEYCAP_DEFAULT_KEY_LIMIT_USD must be an amount above 0 (e.g. 25) or "none" (got "${rawUsd}")`);
  return { nano: p.nano, period };
}

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

/** `defaultKeyLimit`: the new workspace's default limit for new keys (default: newWorkspaceKeyLimit(), $25 per month; null for none). */
export async function createWorkspace(tx: Tx, name: string, ownerId: string, ownerLabel: string, opts: { defaultKeyLimit?: { nano: bigint; period: Period } | null } = {}) {
  const slug = await uniqueSlug(tx, name);
  const limit = opts.defaultKeyLimit === undefined ? newWorkspaceKeyLimit() : (opts.defaultKeyLimit ?? { nano: null, period: null });
  const ws = await tx.workspace.create({ data: { name, slug, defaultSpendLimitNano: limit.nano, defaultSpendLimitPeriod: limit.period } });
  await tx.membership.create({ data: { workspaceId: ws.id, userId: ownerId, role: 'OWNER' } });
  await seedDefaultPrices(tx, ws.id);
  const after = { name, slug, defaultSpendLimitUsd: nanoToUsd(limit.nano), defaultSpendLimitPeriod: limit.period };
  await tx.auditLog.create({
    data: { workspaceId: ws.id, actorUserId: ownerId, actorLabel: ownerLabel, action: 'workspace.create', targetType: 'workspace', targetId: ws.id, after: JSON.stringify(after) },
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
