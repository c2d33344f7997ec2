// Shared fixtures for integration tests: a workspace with an owner, an admin and a member, one ADMIN
// and one INFERENCE key, plus small helpers to call route handlers in-process and to set spend and
// credits directly in the database. Everything goes through the real services and the real database.
import { randomBytes } from 'node:crypto';
import { db } from '@/lib/db';
import type { Ctx } from '@/lib/context';
import type { Role } from '@/lib/permissions';
import { createWorkspace } from '@/lib/services/workspaces';
import { createKey, type KeyObject } from '@/lib/services/keys';
import { EPOCH, windowStart, type Period } from '@/lib/periods';
import type { User, Workspace } from '@/lib/generated/prisma/client';

export interface CreatedKey {
  key: KeyObject;
  secret: string;
}

export interface TestWorkspace {
  ws: Workspace;
  owner: User;
  admin: User;
  member: User;
  ownerCtx: Ctx;
  adminCtx: Ctx;
  memberCtx: Ctx;
  /** system actor (seed / CLI style), passes every permission check */
  systemCtx: Ctx;
  adminKey: CreatedKey;
  inferenceKey: CreatedKey;
}

export const uniqueTag = () => randomBytes(4).toString('hex');

export function userCtx(ws: Pick<Workspace, 'id' | 'slug'>, user: Pick<User, 'id' | 'email'>, role: Role): Ctx {
  return { workspaceId: ws.id, workspaceSlug: ws.slug, actor: { kind: 'user', userId: user.id, role, label: user.email } };
}

/**
 * A fresh workspace (unique slug) with three users (OWNER, ADMIN, MEMBER; no passwords) and two keys
 * created by the owner: "Test admin key" (ADMIN) and "Test inference key" (INFERENCE, no limit).
 * No credits, no budget, no default limit.
 */
export async function makeWorkspace(name = 'Test workspace'): Promise<TestWorkspace> {
  const tag = uniqueTag();
  const mk = (role: string) => db.user.create({ data: { email: `${role}-${tag}@test.keycap.dev`, name: `${role} ${tag}` } });
  const owner = await mk('owner');
  const admin = await mk('admin');
  const member = await mk('member');
  const ws = await db.$transaction((tx) => createWorkspace(tx, name, owner.id, owner.email, { defaultKeyLimit: null }));
  await db.membership.createMany({
    data: [
      { workspaceId: ws.id, userId: admin.id, role: 'ADMIN' },
      { workspaceId: ws.id, userId: member.id, role: 'MEMBER' },
    ],
  });
  const ownerCtx = userCtx(ws, owner, 'OWNER');
  const adminCtx = userCtx(ws, admin, 'ADMIN');
  const memberCtx = userCtx(ws, member, 'MEMBER');
  const systemCtx: Ctx = { workspaceId: ws.id, workspaceSlug: ws.slug, actor: { kind: 'system', label: 'test' } };
  const adminKey = await createKey(ownerCtx, { name: 'Test admin key', type: 'ADMIN' });
  const inferenceKey = await createKey(ownerCtx, { name: 'Test inference key', type: 'INFERENCE' });
  return { ws, owner, admin, member, ownerCtx, adminCtx, memberCtx, systemCtx, adminKey, inferenceKey };
}

// ---- calling route handlers in-process -------------------------------------------------------------

export type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  /** Bearer secret; omit for no Authorization header */
  secret?: string;
  /** JSON-encoded as the body */
  body?: unknown;
  /** sent as-is (for malformed JSON) */
  rawBody?: string;
  params?: Record<string, string>;
  path?: string;
  headers?: Record<string, string>;
}

export interface CallResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: T & Record<string, any>;
}

/** Runs a route handler (e.g. `GET` from app/api/v1/.../route.ts) on a real Request, against the real DB. */
export async function callRoute<T = Record<string, unknown>>(handler: RouteHandler, o: CallOptions = {}): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.secret !== undefined) headers.authorization = `Bearer ${o.secret}`;
  const body = o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const req = new Request(`http://test${o.path ?? '/api/v1'}`, { method: o.method ?? 'GET', headers, body });
  const res = await handler(req, { params: Promise.resolve(o.params ?? {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (CSV, SSE…): keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed as CallResult<T>['body'] };
}

// ---- direct database setup ---------------------------------------------------------------------------

/**
 * Sets a spend counter row (subject = key id, or `ws:<workspaceId>` for the workspace) for the window
 * of `period` containing `at`, exactly where lib/metering/spend.ts reads it.
 */
export async function setSpend(o: { workspaceId: string; subject: string; period: Period; at: Date; spentNano: bigint; reservedNano?: bigint }) {
  const start = windowStart(o.period, o.at);
  const data = { spentNano: o.spentNano, reservedNano: o.reservedNano ?? 0n };
  await db.spendCounter.upsert({
    where: { subject_period_windowStart: { subject: o.subject, period: o.period, windowStart: start } },
    create: { subject: o.subject, period: o.period, windowStart: start, workspaceId: o.workspaceId, ...data },
    update: data,
  });
}

/** Sets a credit bucket's balance. USD / BUNDLED_CREDITS live at epoch; DIEM rows are per UTC day (`epochStart`). */
export async function setCredit(o: { workspaceId: string; bucket: 'USD' | 'BUNDLED_CREDITS' | 'DIEM'; balanceNano: bigint; reservedNano?: bigint; epochStart?: Date }) {
  const epochStart = o.epochStart ?? EPOCH;
  const data = { balanceNano: o.balanceNano, reservedNano: o.reservedNano ?? 0n };
  await db.creditBucket.upsert({
    where: { workspaceId_bucket_epochStart: { workspaceId: o.workspaceId, bucket: o.bucket, epochStart } },
    create: { workspaceId: o.workspaceId, bucket: o.bucket, epochStart, ...data },
    update: data,
  });
}

export const auditCount = (workspaceId: string, action?: string) => db.auditLog.count({ where: { workspaceId, ...(action ? { action } : {}) } });

export const usd = (n: number) => BigInt(Math.round(n * 1e6)) * 1000n; // test-side convenience: whole micro-dollars
