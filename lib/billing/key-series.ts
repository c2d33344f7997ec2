// A key's daily spend (from the UsageDaily rollup) over its current and past limit windows, with the cap
// that applied on each day (its limit history, from the audit log), for the key detail chart
// (components/charts/key-spend-chart.tsx).
import { db } from '../db';
import type { Ctx } from '../context';
import { getKeyRow } from '../services/keys';
import { nanoToUsd } from '../money';
import { isPeriod, windowStart, type Period } from '../periods';
import { addDays, dayKey, eachDay, utcDay } from './days';

export interface KeySpendSeries {
  /** `cap`: the limit in effect at the end of that day (now, today) when it was in the key's current period; else null */
  data: { date: string; usd: number; cap: number | null }[];
  limitUsd: number | null;
  period: Period | null;
}

export interface LimitChange {
  at: Date;
  limitUsd: number | null;
  period: Period | null;
}

/**
 * The key's limit over time from its audit entries (api_key.create / api_key.update, `after` state), oldest
 * first. The first state counts from the key's creation (seeded or imported keys may be older than their
 * first entry); without any entry, the current limit applies since creation.
 */
export async function limitHistory(ctx: Ctx, key: { id: string; createdAt: Date; spendLimitNano: bigint | null; spendLimitPeriod: string | null }): Promise<LimitChange[]> {
  const rows = await db.auditLog.findMany({
    where: { workspaceId: ctx.workspaceId, targetType: 'api_key', targetId: key.id, action: { in: ['api_key.create', 'api_key.update'] } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { createdAt: true, after: true },
  });
  const out: LimitChange[] = [];
  for (const r of rows) {
    let after: { spendLimitUsd?: unknown; spendLimitPeriod?: unknown } | null = null;
    try {
      after = r.after ? JSON.parse(r.after) : null;
    } catch {
      after = null;
    }
    if (!after || !('spendLimitUsd' in after)) continue;
    const limitUsd = typeof after.spendLimitUsd === 'number' ? after.spendLimitUsd : null;
    out.push({ at: out.length === 0 && key.createdAt < r.createdAt ? key.createdAt : r.createdAt, limitUsd, period: limitUsd !== null && isPeriod(after.spendLimitPeriod) ? after.spendLimitPeriod : null });
  }
  if (out.length === 0) {
    const limitUsd = nanoToUsd(key.spendLimitNano);
    out.push({ at: key.createdAt, limitUsd, period: limitUsd !== null && isPeriod(key.spendLimitPeriod) ? key.spendLimitPeriod : null });
  }
  return out;
}

/** The cap drawn on `day`: the state at the end of the day (now, for today), if it is a limit in `period`. */
export function capOn(history: LimitChange[], day: Date, period: Period | null): number | null {
  if (period === null) return null;
  const end = addDays(day, 1).getTime();
  let state: LimitChange | null = null;
  for (const h of history) if (h.at.getTime() < end) state = h;
  state ??= history[0] ?? null; // before the first entry: the key as created
  return state && state.limitUsd !== null && state.period === period ? state.limitUsd : null;
}

/** First day shown: daily → 30 days, weekly → 8 weeks, monthly → 3 months, total → since the key was created. */
export function seriesStart(period: Period | null, createdAt: Date, now: Date): Date {
  const created = utcDay(createdAt);
  let start: Date;
  switch (period) {
    case 'daily':
      start = addDays(utcDay(now), -29);
      break;
    case 'weekly':
      start = addDays(windowStart('weekly', now), -7 * 7);
      break;
    case 'monthly':
      start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1));
      break;
    case 'total':
      return created;
    default:
      start = addDays(utcDay(now), -29);
  }
  return start > created ? start : created > utcDay(now) ? utcDay(now) : created;
}

export async function keyDailySpend(ctx: Ctx, keyId: string, now = new Date()): Promise<KeySpendSeries> {
  const key = await getKeyRow(ctx, keyId); // checks workspace.view and the tenant
  const period = key.spendLimitNano !== null && isPeriod(key.spendLimitPeriod) ? key.spendLimitPeriod : null;
  const start = seriesStart(period, key.createdAt, now);
  const end = utcDay(now);
  const rows = await db.usageDaily.groupBy({
    by: ['day'],
    where: { workspaceId: ctx.workspaceId, keyRef: key.id, day: { gte: start, lt: addDays(end, 1) } },
    _sum: { totalNano: true },
  });
  const byDay = new Map(rows.map((r) => [dayKey(r.day), r._sum.totalNano ?? 0n]));
  const history = await limitHistory(ctx, key);
  return {
    data: eachDay(start, end).map((d) => ({ date: dayKey(d), usd: nanoToUsd(byDay.get(dayKey(d)) ?? 0n) ?? 0, cap: capOn(history, d, period) })),
    limitUsd: nanoToUsd(key.spendLimitNano),
    period,
  };
}
