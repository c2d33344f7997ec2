// A key's daily spend (from the UsageDaily rollup) over its current and past limit windows, for the key
// detail chart (components/charts/key-spend-chart.tsx).
import { db } from '../db';
import type { Ctx } from '../context';
import { getKeyRow } from '../services/keys';
import { nanoToUsd } from '../money';
import { isPeriod, windowStart, type Period } from '../periods';
import { addDays, dayKey, eachDay, utcDay } from './days';

export interface KeySpendSeries {
  data: { date: string; usd: number }[];
  limitUsd: number | null;
  period: Period | null;
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
  return {
    data: eachDay(start, end).map((d) => ({ date: dayKey(d), usd: nanoToUsd(byDay.get(dayKey(d)) ?? 0n) ?? 0 })),
    limitUsd: nanoToUsd(key.spendLimitNano),
    period,
  };
}
