// API key lifecycle and spend limits. Used by server actions, /api/v1 routes and the CLI alike.
import { db } from '../db';
import type { Ctx } from '../context';
import { actorUserId, requirePermission } from '../context';
import { audit } from '../audit';
import { badRequest, notFound } from '../errors';
import { generateSecret, hashSecret } from '../keys/secret';
import { nanoToUsd } from '../money';
import { isPeriod, type Period } from '../periods';
import { parseInput } from '../schemas/parse';
import { createKeySchema, updateKeySchema, type CreateKeyInput, type UpdateKeyInput } from '../schemas/keys';
import { windowSpend, windowSpendMany, workspaceMonthSpend } from '../metering/spend';
import { readBuckets } from '../store/buckets';
import { read } from '../store/tx';
import type { ApiKey } from '../generated/prisma/client';
import { onLimitChanged } from './limit-hooks';
import { allowedModels as allowedModelsOf } from '../metering/limits';
import { forecastable, forecastFields, forecastOf, recentKeySpend, type ForecastFields } from './forecast';

export { keyStatus, toKeyObject, workspaceGateFromCauses, type KeyObject, type KeyStatus, type WorkspaceGate } from '../keys/object';
import { toKeyObject, type KeyObject, type WorkspaceGate } from '../keys/object';

/** The console plane's key object: with the burn-rate forecast (null without a limit, revoked, expired). */
export type KeyObjectWithForecast = KeyObject & ForecastFields;

/**
 * What the workspace refuses right now whatever the key, read like admission reads it: the month counter
 * (spent + open reservations) against the budget, and whether any credit bucket has headroom (balance −
 * reserved > 0, DIEM at its allocation until first used that day).
 */
export async function workspaceGate(workspaceId: string, now = new Date()): Promise<WorkspaceGate> {
  const ws = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { monthlyBudgetNano: true, diemEpochAllocationNano: true } });
  const [month, buckets] = await Promise.all([
    ws.monthlyBudgetNano === null ? null : workspaceMonthSpend(workspaceId, now),
    read(readBuckets(workspaceId, ws.diemEpochAllocationNano, now)),
  ]);
  return {
    budgetExceeded: ws.monthlyBudgetNano !== null && month !== null && month.spentNano + month.reservedNano >= ws.monthlyBudgetNano,
    noCredit: !buckets.some((b) => b.balanceNano - b.reservedNano > 0n),
  };
}

/** The key object with its burn-rate forecast (GET /api_keys/{id}, and what POST / PATCH / DELETE return). */
export async function keyObject(k: ApiKey, now = new Date()): Promise<KeyObjectWithForecast> {
  const capped = forecastable(k, now);
  const [month, gate, recent] = await Promise.all([
    windowSpend(k.id, 'monthly', now),
    workspaceGate(k.workspaceId, now),
    capped ? recentKeySpend(k.workspaceId, [k.id], now) : null,
  ]);
  const p = isPeriod(k.spendLimitPeriod) ? await windowSpend(k.id, k.spendLimitPeriod, now) : month;
  const o = toKeyObject(k, { periodSpent: p.spentNano, periodReserved: p.reservedNano, monthSpent: month.spentNano, resetsAt: p.resetsAt }, now, gate);
  return { ...o, ...forecastFields(recent && k.spendLimitNano !== null ? forecastOf(k.spendLimitNano, p, recent.get(k.id)!, now) : null) };
}

/**
 * Every key of the workspace, newest first, with its burn-rate forecast (two grouped ledger reads for all keys);
 * `{ forecast: false }` skips them (the plain key object).
 */
export async function listKeys(ctx: Ctx, now?: Date): Promise<KeyObjectWithForecast[]>;
export async function listKeys(ctx: Ctx, now: Date | undefined, opts: { forecast: false }): Promise<KeyObject[]>;
export async function listKeys(ctx: Ctx, now = new Date(), opts: { forecast?: boolean } = {}): Promise<KeyObject[] | KeyObjectWithForecast[]> {
  requirePermission(ctx, 'workspace.view');
  const keys = await db.apiKey.findMany({ where: { workspaceId: ctx.workspaceId }, orderBy: { createdAt: 'desc' } });
  const gate = await workspaceGate(ctx.workspaceId, now);
  const ids = keys.map((k) => k.id);
  const month = await windowSpendMany(ids, 'monthly', now);
  const byPeriod = new Map<string, Awaited<ReturnType<typeof windowSpendMany>>>();
  for (const p of ['daily', 'weekly', 'total'] as const) {
    const sub = keys.filter((k) => k.spendLimitPeriod === p).map((k) => k.id);
    if (sub.length) byPeriod.set(p, await windowSpendMany(sub, p, now));
  }
  const capped = opts.forecast === false ? [] : keys.filter((k) => forecastable(k, now));
  const recent = capped.length ? await recentKeySpend(ctx.workspaceId, capped.map((k) => k.id), now) : null;
  return keys.map((k) => {
    const m = month.get(k.id)!;
    const p = (k.spendLimitPeriod && byPeriod.get(k.spendLimitPeriod)?.get(k.id)) || m;
    const o = toKeyObject(k, { periodSpent: p.spentNano, periodReserved: p.reservedNano, monthSpent: m.spentNano, resetsAt: p.resetsAt }, now, gate);
    if (opts.forecast === false) return o;
    const r = recent?.get(k.id);
    return { ...o, ...forecastFields(r && k.spendLimitNano !== null ? forecastOf(k.spendLimitNano, p, r, now) : null) };
  });
}

export async function getKeyRow(ctx: Ctx, id: string): Promise<ApiKey> {
  requirePermission(ctx, 'workspace.view');
  const k = await db.apiKey.findFirst({ where: { id, workspaceId: ctx.workspaceId } });
  if (!k) throw notFound('API key');
  return k;
}

export async function getKey(ctx: Ctx, id: string, now = new Date()): Promise<KeyObjectWithForecast> {
  return keyObject(await getKeyRow(ctx, id), now);
}

function checkLimit(limit: bigint | null | undefined, confirm: boolean | undefined) {
  if (limit === 0n && !confirm)
    throw badRequest(
      'spendLimit',
      'spendLimit: a limit of $0 refuses every call made with this key. Confirm it explicitly (confirmZeroLimit: true), or leave the limit empty for no limit.',
      'zero_limit_requires_confirmation',
    );
}

const auditView = (k: ApiKey) => ({
  name: k.name,
  type: k.type,
  expiresAt: k.expiresAt,
  revokedAt: k.revokedAt,
  spendLimitUsd: nanoToUsd(k.spendLimitNano),
  spendLimitPeriod: k.spendLimitPeriod,
  rateLimitRpm: k.rateLimitRpm,
  rateLimitTpm: k.rateLimitTpm,
  allowedModels: allowedModelsOf(k),
});

/** Limits beyond dollars in a create or update input -> columns (undefined: unchanged). */
function extraLimitData(input: { rateLimitRpm?: number | null; rateLimitTpm?: number | null; allowedModels?: string[] | null }) {
  const data: Partial<Pick<ApiKey, 'rateLimitRpm' | 'rateLimitTpm' | 'allowedModels'>> = {};
  if (input.rateLimitRpm !== undefined) data.rateLimitRpm = input.rateLimitRpm;
  if (input.rateLimitTpm !== undefined) data.rateLimitTpm = input.rateLimitTpm;
  if (input.allowedModels !== undefined) data.allowedModels = input.allowedModels === null ? null : JSON.stringify([...new Set(input.allowedModels)]);
  return data;
}

export async function createKey(ctx: Ctx, raw: CreateKeyInput | unknown): Promise<{ key: KeyObject; secret: string }> {
  requirePermission(ctx, 'keys.manage');
  const input = parseInput(createKeySchema, raw);
  const ws = await db.workspace.findUniqueOrThrow({ where: { id: ctx.workspaceId } });
  let limit = input.spendLimit;
  let period = input.spendLimitPeriod ?? null;
  if (limit === undefined) {
    // Not given: the workspace default applies (never $0; see updateWorkspace).
    limit = ws.defaultSpendLimitNano;
    period = period ?? (ws.defaultSpendLimitPeriod as Period | null);
  }
  if (limit === null) period = null;
  else period = period ?? 'monthly';
  if (input.spendLimitPeriod && limit === null)
    throw badRequest('spendLimitPeriod', 'spendLimitPeriod needs a spendLimit.');
  checkLimit(limit, input.confirmZeroLimit);
  if (input.expiresAt && input.expiresAt <= new Date()) throw badRequest('expiresAt', 'expiresAt must be in the future.');
  const secret = generateSecret(input.type);
  const row = await db.$transaction(async (tx) => {
    const k = await tx.apiKey.create({
      data: {
        workspaceId: ctx.workspaceId,
        name: input.name,
        type: input.type,
        hash: hashSecret(secret),
        last6: secret.slice(-6),
        createdById: actorUserId(ctx),
        expiresAt: input.expiresAt ?? null,
        spendLimitNano: limit,
        spendLimitPeriod: period,
        ...extraLimitData(input),
      },
    });
    await audit(tx, ctx, 'api_key.create', { type: 'api_key', id: k.id }, null, auditView(k));
    return k;
  });
  return { key: await keyObject(row), secret };
}

export async function updateKey(ctx: Ctx, id: string, raw: UpdateKeyInput | unknown): Promise<KeyObject> {
  requirePermission(ctx, 'keys.manage');
  const input = parseInput(updateKeySchema, raw);
  const before = await getKeyRow(ctx, id);
  if (before.revokedAt) throw badRequest(null, 'This key is revoked; it cannot be changed.', 'api_key_revoked');
  const data: Partial<ApiKey> = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.expiresAt !== undefined) {
    if (input.expiresAt && input.expiresAt <= new Date()) throw badRequest('expiresAt', 'expiresAt must be in the future.');
    data.expiresAt = input.expiresAt;
  }
  if (input.spendLimit !== undefined) {
    data.spendLimitNano = input.spendLimit;
    if (input.spendLimit === null) data.spendLimitPeriod = null;
    else data.spendLimitPeriod = input.spendLimitPeriod ?? (isPeriod(before.spendLimitPeriod) ? before.spendLimitPeriod : 'monthly');
    if (input.spendLimit === 0n && before.spendLimitNano !== 0n) checkLimit(0n, input.confirmZeroLimit);
  } else if (input.spendLimitPeriod !== undefined) {
    if (input.spendLimitPeriod === null) {
      data.spendLimitNano = null;
      data.spendLimitPeriod = null;
    } else {
      if (before.spendLimitNano === null) throw badRequest('spendLimitPeriod', 'spendLimitPeriod needs a spendLimit: this key has none.');
      data.spendLimitPeriod = input.spendLimitPeriod;
    }
  }
  Object.assign(data, extraLimitData(input));
  const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);
  if (Object.entries(data).every(([f, v]) => same(before[f as keyof ApiKey], v))) return keyObject(before); // nothing changes: no write, no audit
  const row = await db.$transaction(async (tx) => {
    const k = await tx.apiKey.update({ where: { id: before.id }, data });
    await audit(tx, ctx, 'api_key.update', { type: 'api_key', id: k.id }, auditView(before), auditView(k));
    return k;
  });
  await onLimitChanged(ctx.workspaceId); // limit, period, expiry or name: the gate's cached copy is stale
  return keyObject(row);
}

export async function revokeKey(ctx: Ctx, id: string): Promise<KeyObject> {
  requirePermission(ctx, 'keys.manage');
  const before = await getKeyRow(ctx, id);
  if (before.revokedAt) return keyObject(before);
  const row = await db.$transaction(async (tx) => {
    // Only the first of concurrent revocations changes the row and writes the audit entry.
    const n = await tx.apiKey.updateMany({ where: { id: before.id, workspaceId: ctx.workspaceId, revokedAt: null }, data: { revokedAt: new Date() } });
    const k = await tx.apiKey.findUniqueOrThrow({ where: { id: before.id } });
    if (n.count === 1) await audit(tx, ctx, 'api_key.revoke', { type: 'api_key', id: k.id }, auditView(before), auditView(k));
    return k;
  });
  await onLimitChanged(ctx.workspaceId);
  return keyObject(row);
}
