// Burn-rate forecasts of the console plane: the ledger's spend over the last 24 h / 7 d, and when each capped
// key and the workspace budget runs out at that rate (the projection itself is lib/metering/forecast.ts, pure).
// Used by GET /api/v1/api_keys(/{id}) and /workspace, the console pages, and the forecast sweep (keyForecasts,
// workspaceForecast: plain functions of (workspaceId, now), no permission check — callers check).
import { db } from '../db';
import { toBig } from '../money';
import { isPeriod, windowEnd, type Period } from '../periods';
import { DAY_MS, projectExhaustion, toForecastObject, type Forecast, type ForecastObject } from '../metering/forecast';
import { windowSpendMany, workspaceMonthSpend, type WindowSpend } from '../metering/spend';

/** What GET /api_keys(/{id}) and GET /workspace add to their object: null without a cap (or for a revoked or expired key). */
export interface ForecastFields {
  /** the forecast's projectedExhaustionAt, repeated at the top level */
  projectedExhaustionAt: string | null;
  forecast: ForecastObject | null;
}

export const forecastFields = (f: Forecast | null): ForecastFields => {
  const o = f ? toForecastObject(f) : null;
  return { projectedExhaustionAt: o?.projectedExhaustionAt ?? null, forecast: o };
};

/**
 * Ledger spend (UsageEvent.amountNano, every currency: what the counters count) recorded in (since, until]
 * (until omitted: no upper bound). With key ids: per key (0 for a key without usage), one grouped query;
 * with 'all': the whole workspace, console usage (apiKeyId null) included. Reads the
 * (workspaceId, createdAt) / (workspaceId, apiKeyId, createdAt) indexes.
 */
export async function spendSince(workspaceId: string, keyIds: string[], since: Date, until?: Date): Promise<Map<string, bigint>>;
export async function spendSince(workspaceId: string, keyIds: 'all', since: Date, until?: Date): Promise<bigint>;
export async function spendSince(workspaceId: string, keyIds: string[] | 'all', since: Date, until?: Date): Promise<Map<string, bigint> | bigint> {
  const createdAt = until ? { gt: since, lte: until } : { gt: since };
  if (keyIds === 'all') {
    const r = await db.usageEvent.aggregate({ where: { workspaceId, createdAt }, _sum: { amountNano: true } });
    return toBig(r._sum.amountNano);
  }
  const out = new Map<string, bigint>(keyIds.map((id) => [id, 0n]));
  if (!keyIds.length) return out;
  const rows = await db.usageEvent.groupBy({
    by: ['apiKeyId'],
    where: { workspaceId, createdAt, apiKeyId: keyIds.length > 200 ? { not: null } : { in: keyIds } },
    _sum: { amountNano: true },
  });
  for (const r of rows) if (r.apiKeyId && out.has(r.apiKeyId)) out.set(r.apiKeyId, toBig(r._sum.amountNano));
  return out;
}

export interface RecentSpend {
  spend24hNano: bigint;
  spend7dNano: bigint;
}

/** Spend of the last 24 h and 7 d before `now`, per key. */
export async function recentKeySpend(workspaceId: string, keyIds: string[], now: Date): Promise<Map<string, RecentSpend>> {
  const [d1, d7] = await Promise.all([
    spendSince(workspaceId, keyIds, new Date(now.getTime() - DAY_MS), now),
    spendSince(workspaceId, keyIds, new Date(now.getTime() - 7 * DAY_MS), now),
  ]);
  return new Map(keyIds.map((id) => [id, { spend24hNano: d1.get(id) ?? 0n, spend7dNano: d7.get(id) ?? 0n }]));
}

/** Spend of the whole workspace in the last 24 h and 7 d before `now`. */
export async function recentWorkspaceSpend(workspaceId: string, now: Date): Promise<RecentSpend> {
  const [spend24hNano, spend7dNano] = await Promise.all([
    spendSince(workspaceId, 'all', new Date(now.getTime() - DAY_MS), now),
    spendSince(workspaceId, 'all', new Date(now.getTime() - 7 * DAY_MS), now),
  ]);
  return { spend24hNano, spend7dNano };
}

/** The forecast of a cap from its window's counter and the recent spend. */
export const forecastOf = (limitNano: bigint, w: WindowSpend, recent: RecentSpend, now: Date): Forecast =>
  projectExhaustion({ limitNano, spentNano: w.spentNano, reservedNano: w.reservedNano, ...recent, now, windowEnd: w.resetsAt });

/** A key that can still reach its cap: it has one, and is neither revoked nor expired. */
export const forecastable = (k: { spendLimitNano: bigint | null; revokedAt: Date | null; expiresAt: Date | null }, now: Date) =>
  k.spendLimitNano !== null && !k.revokedAt && !(k.expiresAt && k.expiresAt <= now);

/** The period a capped key's limit applies to (a limit without a valid period counts as monthly, like the key object). */
export const capPeriod = (p: string | null): Period => (isPeriod(p) ? p : 'monthly');

export interface CapForecast {
  limitNano: bigint;
  period: Period;
  windowStart: Date;
  /** when the window resets; null for a lifetime (`total`) cap */
  windowEnd: Date | null;
  forecast: Forecast;
}

export interface KeyForecast extends CapForecast {
  keyId: string;
  name: string;
}

export interface WorkspaceForecast extends CapForecast {
  workspaceId: string;
  name: string;
}

/**
 * Forecasts of every capped key of the workspace that is neither revoked nor expired, oldest key first:
 * 4 queries whatever the number of keys (the keys, their counters, the ledger over 24 h and 7 d) — plus one per
 * further period in use.
 */
export async function keyForecasts(workspaceId: string, now: Date = new Date()): Promise<KeyForecast[]> {
  const keys = (
    await db.apiKey.findMany({
      where: { workspaceId, revokedAt: null, spendLimitNano: { not: null } },
      select: { id: true, name: true, spendLimitNano: true, spendLimitPeriod: true, revokedAt: true, expiresAt: true },
      orderBy: { createdAt: 'asc' },
    })
  ).filter((k) => forecastable(k, now));
  if (!keys.length) return [];
  const periods = [...new Set(keys.map((k) => capPeriod(k.spendLimitPeriod)))];
  const [windows, recent] = await Promise.all([
    Promise.all(periods.map(async (p) => [p, await windowSpendMany(keys.filter((k) => capPeriod(k.spendLimitPeriod) === p).map((k) => k.id), p, now)] as const)),
    recentKeySpend(workspaceId, keys.map((k) => k.id), now),
  ]);
  const byPeriod = new Map(windows);
  return keys.map((k) => {
    const period = capPeriod(k.spendLimitPeriod);
    const w = byPeriod.get(period)!.get(k.id)!;
    return { keyId: k.id, name: k.name, limitNano: k.spendLimitNano!, period, windowStart: w.windowStart, windowEnd: w.resetsAt, forecast: forecastOf(k.spendLimitNano!, w, recent.get(k.id)!, now) };
  });
}

/** The forecast of the workspace's monthly budget (all spend: every key and the console); null without a budget. */
export async function workspaceForecast(workspaceId: string, now: Date = new Date()): Promise<WorkspaceForecast | null> {
  const ws = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { name: true, monthlyBudgetNano: true } });
  if (ws.monthlyBudgetNano === null) return null;
  const [month, recent] = await Promise.all([workspaceMonthSpend(workspaceId, now), recentWorkspaceSpend(workspaceId, now)]);
  return {
    workspaceId,
    name: ws.name,
    limitNano: ws.monthlyBudgetNano,
    period: 'monthly',
    windowStart: month.windowStart,
    windowEnd: month.resetsAt ?? windowEnd('monthly', now),
    forecast: forecastOf(ws.monthlyBudgetNano, month, recent, now),
  };
}
