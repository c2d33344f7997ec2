// GET /billing/usage-analytics and the Overview charts, served from the UsageDaily rollup only (never
// from the ledger): three GROUP BY queries over whole UTC days, summed exactly in nano-dollars,
// converted to USD numbers at the end.
import { db } from '../db';
import type { Ctx } from '../context';
import { requirePermission } from '../context';
import { nanoToUsd } from '../money';
import { cachedForWorkspace } from './cache';
import { addDays, dayKey, eachDay } from './days';
import { CONSOLE_KEY, CURRENCIES, type AnalyticsRange, type Currency } from './params';

export const TOP_N = 8;
export const OTHER = 'Other';
export const CONSOLE_NAME = 'Console';
const RESERVED = new Set(['date', OTHER]);

export type DayRow = { date: string } & Record<Currency, number>;
export type DailyRow = { date: number } & Record<string, number>;
export interface ModelBreakdown {
  type: 'Input' | 'Output' | 'Other';
  usd: number;
  diem: number;
  units: number;
}
export interface ModelTotal {
  modelName: string;
  unitType: string;
  modelType: string;
  totalUsd: number;
  totalDiem: number;
  totalUnits: number;
  breakdown: ModelBreakdown[];
}
export interface KeyTotal {
  apiKeyId: string | null;
  description: string;
  totalUsd: number;
  totalDiem: number;
  totalUnits: number;
}
export interface UsageAnalytics {
  lookback: string;
  startDate: string;
  endDate: string;
  byDate: DayRow[];
  byModel: ModelTotal[];
  byModelDaily: DailyRow[];
  byModelDailyUsd: DailyRow[];
  topModels: string[];
  byKey: KeyTotal[];
  byKeyDaily: DailyRow[];
  byKeyDailyUsd: DailyRow[];
  topKeyNames: string[];
}

/** `totalUsd` counts the dollar-denominated buckets (USD and BUNDLED_CREDITS); `totalDiem` the DIEM bucket. */
const isDiem = (currency: string) => currency === 'DIEM';
const usd = (n: bigint) => nanoToUsd(n) ?? 0;
const add = <K>(m: Map<K, bigint>, k: K, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);
const big = (v: bigint | null | undefined) => v ?? 0n;

/** Split into DIEM and dollar-denominated parts. */
class Split {
  usd = 0n;
  diem = 0n;
  units = 0n;
  add(currency: string, nano: bigint, units = 0n) {
    if (isDiem(currency)) this.diem += nano;
    else this.usd += nano;
    this.units += units;
  }
  get total() {
    return this.usd + this.diem;
  }
}

/** Ranks series by total spend (desc, then name) and keeps the top N; the rest is summed as "Other". */
function topAndOther(totals: Map<string, bigint>): { top: string[]; hasOther: boolean } {
  const ranked = [...totals.entries()].sort((a, b) => (a[1] === b[1] ? a[0].localeCompare(b[0]) : a[1] > b[1] ? -1 : 1)).map(([k]) => k);
  return { top: ranked.slice(0, TOP_N), hasOther: ranked.length > TOP_N };
}

/** Rows of { date: <unix ms>, <name>: USD… } for every day, with 0 where a series had no spend. */
function dailyRows(days: Date[], perDay: Map<string, Map<string, bigint>>, top: string[], hasOther: boolean, label: (id: string) => string): DailyRow[] {
  const topSet = new Set(top);
  return days.map((d) => {
    const row: DailyRow = { date: d.getTime() } as DailyRow;
    for (const id of top) row[label(id)] = 0;
    let other = 0n;
    const m = perDay.get(dayKey(d));
    if (m) for (const [id, v] of m) if (topSet.has(id)) row[label(id)] = usd(v);
    else other += v;
    if (hasOther) row[OTHER] = usd(other);
    return row;
  });
}

async function compute(ctx: Ctx, range: AnalyticsRange): Promise<UsageAnalytics> {
  const where = { workspaceId: ctx.workspaceId, day: { gte: range.start, lt: addDays(range.end, 1) } };
  const [byDayModel, byModelRows, byDayKey] = await Promise.all([
    db.usageDaily.groupBy({ by: ['day', 'model', 'currency'], where, _sum: { totalNano: true } }),
    db.usageDaily.groupBy({
      by: ['model', 'modelType', 'currency'],
      where,
      _sum: { inputUnits: true, outputUnits: true, otherUnits: true, inputNano: true, outputNano: true, otherNano: true, totalNano: true },
    }),
    db.usageDaily.groupBy({ by: ['day', 'keyRef', 'currency'], where, _sum: { totalNano: true, inputUnits: true, outputUnits: true, otherUnits: true } }),
  ]);
  const days = eachDay(range.start, range.end);

  // byDate: every day, every currency.
  const dateCur = new Map<string, bigint>();
  for (const r of byDayModel) add(dateCur, `${dayKey(r.day)}|${r.currency}`, big(r._sum.totalNano));
  const byDate = days.map((d) => {
    const row = { date: dayKey(d) } as DayRow;
    for (const c of CURRENCIES) row[c] = usd(dateCur.get(`${row.date}|${c}`) ?? 0n);
    return row;
  });

  // byModel with its Input / Output / Other breakdown.
  const models = new Map<string, { modelType: string; total: Split; input: Split; output: Split; other: Split }>();
  for (const r of byModelRows) {
    const m = models.get(r.model) ?? { modelType: r.modelType, total: new Split(), input: new Split(), output: new Split(), other: new Split() };
    if (r.modelType !== 'text') m.modelType = r.modelType;
    const s = r._sum;
    m.input.add(r.currency, big(s.inputNano), big(s.inputUnits));
    m.output.add(r.currency, big(s.outputNano), big(s.outputUnits));
    m.other.add(r.currency, big(s.otherNano), big(s.otherUnits));
    m.total.add(r.currency, big(s.totalNano), big(s.inputUnits) + big(s.outputUnits) + big(s.otherUnits));
    models.set(r.model, m);
  }
  const byModel: ModelTotal[] = [...models.entries()]
    .sort((a, b) => (a[1].total.total === b[1].total.total ? a[0].localeCompare(b[0]) : a[1].total.total > b[1].total.total ? -1 : 1))
    .map(([name, m]) => {
      const parts: [ModelBreakdown['type'], Split][] = [['Input', m.input], ['Output', m.output], ['Other', m.other]];
      return {
        modelName: name,
        unitType: m.input.units + m.output.units > 0n ? 'tokens' : 'request',
        modelType: m.modelType,
        totalUsd: usd(m.total.usd),
        totalDiem: usd(m.total.diem),
        totalUnits: Number(m.total.units),
        breakdown: parts
          .filter(([type, s]) => type === 'Input' || s.units > 0n || s.total > 0n)
          .map(([type, s]) => ({ type, usd: usd(s.usd), diem: usd(s.diem), units: Number(s.units) })),
      };
    });

  // byModelDaily (every bucket) and byModelDailyUsd (dollar-denominated buckets only), top 8 + Other.
  const modelTotals = new Map<string, bigint>();
  const modelDay = new Map<string, Map<string, bigint>>();
  const modelDayUsd = new Map<string, Map<string, bigint>>();
  for (const r of byDayModel) {
    const v = big(r._sum.totalNano);
    const k = dayKey(r.day);
    add(modelTotals, r.model, v);
    add(modelDay.get(k) ?? modelDay.set(k, new Map()).get(k)!, r.model, v);
    if (!isDiem(r.currency)) add(modelDayUsd.get(k) ?? modelDayUsd.set(k, new Map()).get(k)!, r.model, v);
  }
  const mt = topAndOther(modelTotals);
  const modelLabel = (m: string) => (RESERVED.has(m) ? `${m} (model)` : m);

  // byKey and byKeyDaily: "" is the console. Display names are the key names, made unique.
  const keyTotals = new Map<string, Split>();
  const keyDay = new Map<string, Map<string, bigint>>();
  const keyDayUsd = new Map<string, Map<string, bigint>>();
  for (const r of byDayKey) {
    const v = big(r._sum.totalNano);
    const k = dayKey(r.day);
    const s = keyTotals.get(r.keyRef) ?? keyTotals.set(r.keyRef, new Split()).get(r.keyRef)!;
    s.add(r.currency, v, big(r._sum.inputUnits) + big(r._sum.outputUnits) + big(r._sum.otherUnits));
    add(keyDay.get(k) ?? keyDay.set(k, new Map()).get(k)!, r.keyRef, v);
    if (!isDiem(r.currency)) add(keyDayUsd.get(k) ?? keyDayUsd.set(k, new Map()).get(k)!, r.keyRef, v);
  }
  const ids = [...keyTotals.keys()].filter((k) => k !== '');
  // Every key of the workspace (revoked too), so a key's label does not depend on the period shown.
  const keys = ids.length ? await db.apiKey.findMany({ where: { workspaceId: ctx.workspaceId }, select: { id: true, name: true, last6: true } }) : [];
  const display = keyDisplayNames([{ id: '', name: CONSOLE_NAME, last6: '' }, ...keys], ids);
  const byKey: KeyTotal[] = [...keyTotals.entries()]
    .sort((a, b) => (a[1].total === b[1].total ? display(a[0]).localeCompare(display(b[0])) : a[1].total > b[1].total ? -1 : 1))
    .map(([id, s]) => ({
      apiKeyId: id === '' ? null : id,
      description: id === '' ? CONSOLE_NAME : (keys.find((k) => k.id === id)?.name ?? 'Deleted key'),
      totalUsd: usd(s.usd),
      totalDiem: usd(s.diem),
      totalUnits: Number(s.units),
    }));
  const kt = topAndOther(new Map([...keyTotals].map(([id, s]) => [id, s.total])));

  return {
    lookback: range.lookback,
    startDate: dayKey(range.start),
    endDate: dayKey(range.end),
    byDate,
    byModel,
    byModelDaily: dailyRows(days, modelDay, mt.top, mt.hasOther, modelLabel),
    byModelDailyUsd: dailyRows(days, modelDayUsd, mt.top, mt.hasOther, modelLabel),
    topModels: mt.top.map(modelLabel),
    byKey,
    byKeyDaily: dailyRows(days, keyDay, kt.top, kt.hasOther, display),
    byKeyDailyUsd: dailyRows(days, keyDayUsd, kt.top, kt.hasOther, display),
    topKeyNames: kt.top.map(display),
  };
}

/**
 * Unique chart labels for keys: the key name; "Console" for console use; " (…last6)" appended when two
 * keys share a name or a name is reserved ("date", "Other", "Console").
 */
function keyDisplayNames(keys: { id: string; name: string; last6: string }[], ids: string[]) {
  const count = new Map<string, number>();
  for (const k of keys) count.set(k.name, (count.get(k.name) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const k of keys) {
    const clash = k.id !== '' && ((count.get(k.name) ?? 0) > 1 || RESERVED.has(k.name) || k.name === CONSOLE_NAME);
    out.set(k.id, clash ? `${k.name} (…${k.last6})` : k.name);
  }
  for (const id of ids) if (!out.has(id)) out.set(id, `Deleted key (${id.slice(-6)})`);
  return (id: string) => out.get(id) ?? id;
}

/**
 * Chart label -> ledger filter value of the keys in a by-key chart (`console` for console use), so a bar can
 * open the ledger for that key. Labels are made exactly as in the analytics (keyDisplayNames).
 */
export async function keyFilterByLabel(ctx: Ctx): Promise<Record<string, string>> {
  requirePermission(ctx, 'workspace.view');
  const keys = await db.apiKey.findMany({ where: { workspaceId: ctx.workspaceId }, select: { id: true, name: true, last6: true } });
  const display = keyDisplayNames([{ id: '', name: CONSOLE_NAME, last6: '' }, ...keys], []);
  const out: Record<string, string> = { [CONSOLE_NAME]: CONSOLE_KEY };
  for (const k of keys) out[display(k.id)] = k.id;
  return out;
}

/** Usage analytics of the context's workspace for `range` (cached per workspace until new usage arrives). */
export async function usageAnalytics(ctx: Ctx, range: AnalyticsRange): Promise<UsageAnalytics> {
  requirePermission(ctx, 'workspace.view');
  return cachedForWorkspace(ctx.workspaceId, `analytics|${dayKey(range.start)}|${dayKey(range.end)}|${range.lookback}`, () => compute(ctx, range));
}

/** Whether the workspace has ever recorded usage (one indexed row read on the rollup). */
export async function workspaceHasUsage(ctx: Ctx): Promise<boolean> {
  requirePermission(ctx, 'workspace.view');
  return (await db.usageDaily.findFirst({ where: { workspaceId: ctx.workspaceId }, select: { day: true } })) !== null;
}
