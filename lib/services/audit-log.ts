// Reading the audit log (Settings → Audit): newest first, filtered and paginated, always tenant-scoped.
import { z } from 'zod';
import { db } from '../db';
import type { Ctx } from '../context';
import { requirePermission } from '../context';
import { badRequest } from '../errors';
import { parseInput } from '../schemas/parse';
import type { Prisma } from '../generated/prisma/client';

const day = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'must be a real date');
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const auditFiltersSchema = z.strictObject({
  /** Prefix of the action, e.g. `api_key.` or `member.role_change`. */
  action: z.preprocess(blankToUndefined, z.string().trim().max(64, 'must be at most 64 characters').optional()),
  /** Exact actor label (an email, a key name, "demo seed"…). */
  actor: z.preprocess(blankToUndefined, z.string().trim().max(200, 'must be at most 200 characters').optional()),
  /** Inclusive UTC dates. */
  from: z.preprocess(blankToUndefined, day.optional()),
  to: z.preprocess(blankToUndefined, day.optional()),
  page: z.preprocess(blankToUndefined, z.coerce.number().int('must be a whole number').min(1, 'must be ≥ 1').max(100_000).default(1)),
  limit: z.preprocess(blankToUndefined, z.coerce.number().int('must be a whole number').min(1, 'must be between 1 and 200').max(200, 'must be between 1 and 200').default(50)),
});
export type AuditFilters = z.input<typeof auditFiltersSchema>;

export interface AuditEntry {
  id: string;
  createdAt: string;
  action: string;
  actorLabel: string;
  actorUserId: string | null;
  actorKeyId: string | null;
  targetType: string;
  targetId: string | null;
  /** A readable name for the target where one exists: the key's name, the member's email. */
  targetLabel: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditPage {
  data: AuditEntry[];
  pagination: { limit: number; page: number; total: number; totalPages: number };
  /** Every actor label seen in this workspace's log (for the filter). */
  actors: string[];
}

function parseJson(s: string | null): unknown {
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** Names of the keys (this workspace's only) and emails of the members the entries point at. */
async function targetLabels(workspaceId: string, rows: { targetType: string; targetId: string | null }[]) {
  const ids = (type: string) => [...new Set(rows.filter((r) => r.targetType === type && r.targetId).map((r) => r.targetId as string))];
  const keyIds = ids('api_key');
  const userIds = ids('member');
  const [keys, members] = await Promise.all([
    keyIds.length ? db.apiKey.findMany({ where: { workspaceId, id: { in: keyIds } }, select: { id: true, name: true } }) : [],
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [],
  ]);
  const out = new Map<string, string>();
  for (const k of keys) out.set(`api_key:${k.id}`, k.name);
  for (const u of members) out.set(`member:${u.id}`, u.email);
  return out;
}

export async function listAuditLog(ctx: Ctx, raw: AuditFilters | unknown = {}): Promise<AuditPage> {
  requirePermission(ctx, 'workspace.view');
  const f = parseInput(auditFiltersSchema, raw ?? {});
  const createdAt: Prisma.DateTimeFilter = {};
  if (f.from) createdAt.gte = new Date(`${f.from}T00:00:00Z`);
  if (f.to) {
    const end = new Date(`${f.to}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    createdAt.lt = end;
  }
  if (f.from && f.to && f.from > f.to) throw badRequest('to', 'to: must be on or after from.');
  const where: Prisma.AuditLogWhereInput = {
    workspaceId: ctx.workspaceId,
    ...(f.action ? { action: { startsWith: f.action } } : {}),
    ...(f.actor ? { actorLabel: f.actor } : {}),
    ...(f.from || f.to ? { createdAt } : {}),
  };
  const [total, rows, actors] = await Promise.all([
    db.auditLog.count({ where }),
    db.auditLog.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: (f.page - 1) * f.limit, take: f.limit }),
    db.auditLog.findMany({ where: { workspaceId: ctx.workspaceId }, distinct: ['actorLabel'], select: { actorLabel: true }, orderBy: { actorLabel: 'asc' } }),
  ]);
  const labels = await targetLabels(ctx.workspaceId, rows);
  return {
    data: rows.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      action: r.action,
      actorLabel: r.actorLabel,
      actorUserId: r.actorUserId,
      actorKeyId: r.actorKeyId,
      targetType: r.targetType,
      targetId: r.targetId,
      targetLabel: (r.targetId && labels.get(`${r.targetType}:${r.targetId}`)) || null,
      before: parseJson(r.before),
      after: parseJson(r.after),
    })),
    pagination: { limit: f.limit, page: f.page, total, totalPages: Math.max(1, Math.ceil(total / f.limit)) },
    actors: actors.map((a) => a.actorLabel),
  };
}
