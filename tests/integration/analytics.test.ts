// Usage analytics (GET /billing/usage-analytics): random usage recorded through recordUsage at random
// timestamps (day boundaries included), every analytics array compared with sums computed here, directly
// from the UsageEvent ledger. Also: params, clamping, key scoping, cache invalidation, rollup-only reads.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { recordUsage } from '@/lib/metering/record';
import { addCredits } from '@/lib/services/credits';
import { createKey } from '@/lib/services/keys';
import { setPrice } from '@/lib/services/prices';
import { nanoToUsd } from '@/lib/money';
import { usageAnalytics, type UsageAnalytics } from '@/lib/billing/analytics';
import { dateRange, lookbackRange } from '@/lib/billing/params';
import { keyDailySpend } from '@/lib/billing/key-series';
import { GET as analyticsGET } from '@/app/api/v1/billing/usage-analytics/route';
import type { UsageEvent } from '@/lib/generated/prisma/client';
import { callRoute, makeWorkspace, uniqueTag, type TestWorkspace } from './helpers';

const DAY = 86_400_000;
const dayKey = (d: Date | number) => new Date(d).toISOString().slice(0, 10);
const utcMidnight = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const usd = (n: bigint) => nanoToUsd(n) ?? 0;

// Deterministic PRNG so a failure can be replayed (seed printed on failure via the test name).
const SEED = Number(process.env.ANALYTICS_SEED ?? Date.now() % 100_000);
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

// ---- expected values, computed from the ledger only ------------------------------------------------
type Ev = Pick<UsageEvent, 'apiKeyId' | 'model' | 'amountNano' | 'inputNano' | 'outputNano' | 'currency' | 'promptTokens' | 'completionTokens' | 'units' | 'createdAt'>;
const OTHER = 'Other';

function rank(totals: Map<string, bigint>): string[] {
  return [...totals.entries()].sort((a, b) => (a[1] === b[1] ? a[0].localeCompare(b[0]) : a[1] > b[1] ? -1 : 1)).map(([k]) => k);
}

function expected(events: Ev[], start: Date, end: Date, keyLabel: (id: string | null) => string, keyName: (id: string | null) => string) {
  const lo = start.getTime();
  const hi = end.getTime() + DAY;
  const evs = events.filter((e) => e.createdAt.getTime() >= lo && e.createdAt.getTime() < hi);
  const days: number[] = [];
  for (let t = lo; t < hi; t += DAY) days.push(t);
  const sum = (xs: Ev[], f: (e: Ev) => bigint) => xs.reduce((a, e) => a + f(e), 0n);
  const onDay = (t: number) => evs.filter((e) => utcMidnight(e.createdAt).getTime() === t);
  const notDiem = (e: Ev) => e.currency !== 'DIEM';

  const byDate = days.map((t) => {
    const d = onDay(t);
    return {
      date: dayKey(t),
      USD: usd(sum(d.filter((e) => e.currency === 'USD'), (e) => e.amountNano)),
      DIEM: usd(sum(d.filter((e) => e.currency === 'DIEM'), (e) => e.amountNano)),
      BUNDLED_CREDITS: usd(sum(d.filter((e) => e.currency === 'BUNDLED_CREDITS'), (e) => e.amountNano)),
    };
  });

  const modelNames = [...new Set(evs.map((e) => e.model))];
  const modelTotal = new Map(modelNames.map((m) => [m, sum(evs.filter((e) => e.model === m), (e) => e.amountNano)]));
  const byModel = rank(modelTotal).map((m) => {
    const es = evs.filter((e) => e.model === m);
    const part = (f: (e: Ev) => bigint, u: (e: Ev) => bigint) => ({
      usd: usd(sum(es.filter(notDiem), f)),
      diem: usd(sum(es.filter((e) => !notDiem(e)), f)),
      units: Number(sum(es, u)),
      nano: sum(es, f),
    });
    const noTokens = (e: Ev) => (e.promptTokens ?? 0) + (e.completionTokens ?? 0) === 0;
    const parts = [
      { type: 'Input', ...part((e) => e.inputNano, (e) => BigInt(e.promptTokens ?? 0)) },
      { type: 'Output', ...part((e) => e.outputNano, (e) => BigInt(e.completionTokens ?? 0)) },
      { type: 'Other', ...part((e) => e.amountNano - e.inputNano - e.outputNano, (e) => (noTokens(e) ? 1n : 0n)) },
    ];
    const tokenUnits = parts[0].units + parts[1].units;
    return {
      modelName: m,
      unitType: tokenUnits > 0 ? 'tokens' : 'request',
      modelType: m === 'text-embedding-3-small' ? 'embedding' : 'text',
      totalUsd: usd(sum(es.filter(notDiem), (e) => e.amountNano)),
      totalDiem: usd(sum(es.filter((e) => !notDiem(e)), (e) => e.amountNano)),
      totalUnits: Number(sum(es, (e) => e.units)),
      breakdown: parts.filter((p) => p.type === 'Input' || p.units > 0 || p.nano > 0n).map(({ type, usd, diem, units }) => ({ type, usd, diem, units })),
    };
  });
  const topModels = rank(modelTotal).slice(0, 8);
  const daily = <K extends string | null>(ids: K[], top: K[], label: (id: K) => string, of: (e: Ev) => K, filter: (e: Ev) => boolean) =>
    days.map((t) => {
      const d = onDay(t).filter(filter);
      const row: Record<string, number> = { date: t };
      for (const id of top) row[label(id)] = usd(sum(d.filter((e) => of(e) === id), (e) => e.amountNano));
      if (ids.length > 8) row[OTHER] = usd(sum(d.filter((e) => !top.includes(of(e))), (e) => e.amountNano));
      return row;
    });
  const ident = (m: string) => m;

  const keyIds = [...new Set(evs.map((e) => e.apiKeyId))];
  const keyTotal = new Map(keyIds.map((k) => [k ?? '', sum(evs.filter((e) => e.apiKeyId === k), (e) => e.amountNano)]));
  const keyOrder = [...keyTotal.entries()]
    .sort((a, b) => (a[1] === b[1] ? keyLabel(a[0] || null).localeCompare(keyLabel(b[0] || null)) : a[1] > b[1] ? -1 : 1))
    .map(([k]) => (k === '' ? null : k));
  const byKey = keyOrder.map((k) => {
    const es = evs.filter((e) => e.apiKeyId === k);
    return {
      apiKeyId: k,
      description: keyName(k),
      totalUsd: usd(sum(es.filter(notDiem), (e) => e.amountNano)),
      totalDiem: usd(sum(es.filter((e) => !notDiem(e)), (e) => e.amountNano)),
      totalUnits: Number(sum(es, (e) => e.units)),
    };
  });
  const keyTop = rank(keyTotal).slice(0, 8).map((k) => (k === '' ? null : k));

  return {
    byDate,
    byModel,
    topModels,
    byModelDaily: daily(modelNames, topModels, ident, (e) => e.model, () => true),
    byModelDailyUsd: daily(modelNames, topModels, ident, (e) => e.model, notDiem),
    byKey,
    topKeyNames: keyTop.map(keyLabel),
    byKeyDaily: daily(keyIds, keyTop, keyLabel, (e) => e.apiKeyId, () => true),
    byKeyDailyUsd: daily(keyIds, keyTop, keyLabel, (e) => e.apiKeyId, notDiem),
  };
}

// ---- fixture: ~12 keys (two share a name), 10 models, console use, three buckets, boundary timestamps ----
let t: TestWorkspace;
let events: Ev[];
const keys: { id: string; name: string; last6: string }[] = [];
const now = new Date();
const today = utcMidnight(now);

function keyLabel(id: string | null): string {
  if (id === null) return 'Console';
  const k = keys.find((x) => x.id === id)!;
  const dup = keys.filter((x) => x.name === k.name).length > 1;
  return dup ? `${k.name} (…${k.last6})` : k.name;
}
const keyName = (id: string | null) => (id === null ? 'Console' : keys.find((x) => x.id === id)!.name);

beforeAll(async () => {
  t = await makeWorkspace('Analytics');
  const r = rng(SEED);
  const names = ['backend prod', 'staging', 'mobile', 'batch', 'search', 'evals', 'support bot', 'dup', 'dup', 'ci', 'research'];
  for (const name of names) {
    const { key } = await createKey(t.ownerCtx, { name, type: 'INFERENCE' });
    keys.push({ id: key.id, name, last6: key.last6 });
  }
  keys.push({ id: t.inferenceKey.key.id, name: 'Test inference key', last6: t.inferenceKey.key.last6 });
  for (const m of ['llama-3-70b', 'mistral-large', 'claude-haiku', 'qwen-72b', 'gemma-27b', 'phi-4'])
    await setPrice(t.ownerCtx, { model: m, inputUsdPerMtok: (1 + Math.floor(r() * 5)).toString(), outputUsdPerMtok: (2 + Math.floor(r() * 10)).toString() });
  const models = ['keycap-echo', 'gpt-4o-mini', 'gpt-4o', 'text-embedding-3-small', 'llama-3-70b', 'mistral-large', 'claude-haiku', 'qwen-72b', 'gemma-27b', 'phi-4'];

  // Bundled credits run out part-way; the rest is charged to USD; a DIEM allocation is set later.
  await addCredits(t.ownerCtx, { bucket: 'BUNDLED_CREDITS', usd: 0.4, note: 'plan credits' });
  await addCredits(t.ownerCtx, { bucket: 'USD', usd: 1000, note: 'top-up' });

  const prevMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const stamps: Date[] = [];
  // Day boundaries: the last millisecond of a day and the first of the next, around the month change too.
  for (const base of [prevMonth, new Date(today.getTime() - 3 * DAY), new Date(today.getTime() - 29 * DAY), new Date(today.getTime() - 89 * DAY)]) {
    stamps.push(new Date(base.getTime() - 1), base, new Date(base.getTime() + 1), new Date(base.getTime() - DAY + 1));
  }
  stamps.push(new Date(today.getTime() - 90 * DAY), new Date(today.getTime() - 90 * DAY - 1)); // just outside a 90-day lookback
  for (let i = 0; i < 320; i++) stamps.push(new Date(now.getTime() - Math.floor(r() * 100 * DAY)));
  stamps.push(today, new Date(Math.min(now.getTime(), today.getTime() + DAY - 1)));

  let n = 0;
  const tag = uniqueTag();
  const record = async (at: Date, diemPhase: boolean) => {
    const model = models[Math.floor(r() ** 1.7 * models.length)];
    const apiKeyId = r() < 0.12 ? null : keys[Math.floor(r() * keys.length)].id;
    const costOnly = r() < 0.08;
    const embedding = model === 'text-embedding-3-small';
    await recordUsage({
      workspaceId: t.ws.id,
      apiKeyId,
      requestId: `an-${tag}-${n++}`,
      model,
      promptTokens: costOnly ? undefined : 1 + Math.floor(r() * 20_000),
      completionTokens: costOnly || embedding ? undefined : Math.floor(r() * 3_000),
      costNano: costOnly ? BigInt(1 + Math.floor(r() * 50_000_000)) : undefined,
      at,
      executionTimeMs: Math.floor(r() * 4000),
      notes: diemPhase ? 'diem phase' : undefined,
    });
  };
  for (const at of stamps) await record(at, false);
  // Today's usage with a DIEM allocation: charged to DIEM first.
  await db.workspace.update({ where: { id: t.ws.id }, data: { diemEpochAllocationNano: 50_000_000n } });
  for (let i = 0; i < 20; i++) await record(new Date(Math.max(today.getTime(), now.getTime() - Math.floor(r() * 3_600_000))), true);

  events = await db.usageEvent.findMany({ where: { workspaceId: t.ws.id } });
}, 120_000);

function check(a: UsageAnalytics, start: Date, end: Date) {
  const e = expected(events, start, end, keyLabel, keyName);
  expect(a.byDate).toEqual(e.byDate);
  expect(a.byModel).toEqual(e.byModel);
  expect(a.topModels).toEqual(e.topModels);
  expect(a.byModelDaily).toEqual(e.byModelDaily);
  expect(a.byModelDailyUsd).toEqual(e.byModelDailyUsd);
  expect(a.byKey).toEqual(e.byKey);
  expect(a.topKeyNames).toEqual(e.topKeyNames);
  expect(a.byKeyDaily).toEqual(e.byKeyDaily);
  expect(a.byKeyDailyUsd).toEqual(e.byKeyDailyUsd);
  return e;
}

describe(`usage analytics vs the ledger (seed ${SEED})`, () => {
  it('the fixture covers every bucket, console use, > 8 models and > 8 keys', () => {
    expect(new Set(events.map((e) => e.currency))).toEqual(new Set(['USD', 'DIEM', 'BUNDLED_CREDITS']));
    expect(events.some((e) => e.apiKeyId === null)).toBe(true);
    expect(new Set(events.map((e) => e.model)).size).toBeGreaterThan(8);
    expect(new Set(events.map((e) => e.apiKeyId)).size).toBeGreaterThan(8);
    expect(events.some((e) => e.promptTokens === null)).toBe(true); // cost-only events ("Other" breakdown)
  });

  for (const days of [7, 30, 90, 1]) {
    it(`lookback ${days}d: every array matches the ledger`, async () => {
      const res = await callRoute(analyticsGET, { secret: t.adminKey.secret, path: `/api/v1/billing/usage-analytics?lookback=${days}d` });
      expect(res.status).toBe(200);
      expect(res.body.lookback).toBe(`${days}d`);
      const start = new Date(today.getTime() - (days - 1) * DAY);
      expect(res.body.byDate).toHaveLength(days);
      expect(res.body.byDate[0].date).toBe(dayKey(start));
      expect(res.body.byDate.at(-1).date).toBe(dayKey(today));
      const e = check(res.body as unknown as UsageAnalytics, start, today);
      if (days >= 30) {
        expect(e.byModelDaily[0]).toHaveProperty(OTHER); // > 8 models in range: the rest is summed as Other
        expect(res.body.topModels).toHaveLength(8);
      }
    });
  }

  it('default lookback is 7d; above 90d is clamped to 90d', async () => {
    const def = await callRoute(analyticsGET, { secret: t.adminKey.secret, path: '/api/v1/billing/usage-analytics' });
    expect(def.status).toBe(200);
    expect(def.body.lookback).toBe('7d');
    expect(def.body.byDate).toHaveLength(7);
    const res = await callRoute(analyticsGET, { secret: t.adminKey.secret, path: '/api/v1/billing/usage-analytics?lookback=365d' });
    expect(res.status).toBe(200);
    expect(res.body.lookback).toBe('90d');
    expect(res.body.byDate).toHaveLength(90);
    check(res.body as unknown as UsageAnalytics, new Date(today.getTime() - 89 * DAY), today);
    // the events just before the 90-day window are not counted
    const outside = events.filter((e) => e.createdAt.getTime() < today.getTime() - 89 * DAY);
    expect(outside.length).toBeGreaterThan(0);
  });

  it('a startDate/endDate range crossing a month boundary matches the ledger, both ends inclusive', async () => {
    const m = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const start = new Date(m.getTime() - 6 * DAY);
    const end = new Date(m.getTime() + 5 * DAY);
    const res = await callRoute(analyticsGET, {
      secret: t.inferenceKey.secret, // any key may read analytics
      path: `/api/v1/billing/usage-analytics?startDate=${dayKey(start)}&endDate=${dayKey(end)}`,
    });
    expect(res.status).toBe(200);
    expect(res.body.lookback).toBe(`${dayKey(start)}:${dayKey(end)}`);
    expect(res.body.byDate.map((d: { date: string }) => d.date)).toContain(dayKey(m));
    expect(res.body.byDate).toHaveLength(12);
    check(res.body as unknown as UsageAnalytics, start, end);
  });

  it('day boundaries: 23:59:59.999 counts on its own day, 00:00:00.000 on the next', async () => {
    const m = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const before = new Date(m.getTime() - DAY);
    for (const d of [before, m]) {
      const a = await usageAnalytics(t.memberCtx, dateRange(d, d));
      const e = check(a, d, d);
      expect(e.byDate).toHaveLength(1);
    }
    const lastMs = events.filter((e) => e.createdAt.getTime() === m.getTime() - 1);
    const firstMs = events.filter((e) => e.createdAt.getTime() === m.getTime());
    expect(lastMs.length).toBeGreaterThan(0);
    expect(firstMs.length).toBeGreaterThan(0);
    const a = await usageAnalytics(t.memberCtx, dateRange(before, before));
    const sumDay = a.byDate[0].USD + a.byDate[0].DIEM + a.byDate[0].BUNDLED_CREDITS;
    expect(sumDay).toBeGreaterThanOrEqual(usd(lastMs.reduce((s, e) => s + e.amountNano, 0n)) - 1e-9);
  });

  it('totals agree across views: byDate = byModel = byKey = byModelDaily = byKeyDaily', async () => {
    const a = await usageAnalytics(t.memberCtx, lookbackRange(90, now));
    const tot = (xs: number[]) => Math.round(xs.reduce((s, x) => s + x, 0) * 1e6);
    const byDate = tot(a.byDate.flatMap((d) => [d.USD, d.DIEM, d.BUNDLED_CREDITS]));
    expect(tot(a.byModel.flatMap((m) => [m.totalUsd, m.totalDiem]))).toBe(byDate);
    expect(tot(a.byKey.flatMap((k) => [k.totalUsd, k.totalDiem]))).toBe(byDate);
    const dailySum = (rows: Record<string, number>[]) => tot(rows.flatMap((r) => Object.entries(r).filter(([k]) => k !== 'date').map(([, v]) => v)));
    expect(dailySum(a.byModelDaily)).toBe(byDate);
    expect(dailySum(a.byKeyDaily)).toBe(byDate);
    expect(dailySum(a.byModelDailyUsd)).toBe(tot(a.byDate.flatMap((d) => [d.USD, d.BUNDLED_CREDITS])));
    expect(a.byKey.find((k) => k.apiKeyId === null)?.description).toBe('Console');
    expect(a.byKey.filter((k) => k.description === 'dup').length).toBe(2);
    expect(new Set(a.byKeyDaily.flatMap((r) => Object.keys(r))).size).toBe(Object.keys(a.byKeyDaily[0]).length);
  });

  it('new usage is visible at once (the analytics cache is invalidated by recordUsage)', async () => {
    const before = await usageAnalytics(t.memberCtx, lookbackRange(7, now));
    const echoBefore = before.byModel.find((m) => m.modelName === 'keycap-echo');
    const { event } = await recordUsage({ workspaceId: t.ws.id, apiKeyId: null, requestId: `fresh-${uniqueTag()}`, model: 'keycap-echo', promptTokens: 1000, completionTokens: 1000 });
    events.push(event);
    const after = await usageAnalytics(t.memberCtx, lookbackRange(7, now));
    const echoAfter = after.byModel.find((m) => m.modelName === 'keycap-echo')!;
    expect(echoAfter.totalUnits).toBe((echoBefore?.totalUnits ?? 0) + 2000);
    check(after, new Date(today.getTime() - 6 * DAY), today);
  });

  it('is scoped to the calling key’s workspace', async () => {
    const other = await makeWorkspace('Other analytics');
    await recordUsage({ workspaceId: other.ws.id, apiKeyId: other.inferenceKey.key.id, requestId: `o-${uniqueTag()}`, model: 'gpt-4o', promptTokens: 10, completionTokens: 10 });
    const res = await callRoute(analyticsGET, { secret: other.inferenceKey.secret, path: '/api/v1/billing/usage-analytics?lookback=90d' });
    expect(res.status).toBe(200);
    expect(res.body.byKey).toEqual([{ apiKeyId: other.inferenceKey.key.id, description: 'Test inference key', totalUsd: 0.000125, totalDiem: 0, totalUnits: 20 }]);
    expect(res.body.byModel.map((m: { modelName: string }) => m.modelName)).toEqual(['gpt-4o']);
  });

  it('reads the rollup only: ledger rows written without rollups do not show up', async () => {
    const other = await makeWorkspace('Ledger only');
    await db.usageEvent.create({
      data: {
        workspaceId: other.ws.id, apiKeyId: null, requestId: 'raw-1', model: 'gpt-4o', sku: 'gpt-4o-tokens', unitType: 'tokens', units: 10n,
        unitPriceNano: 1000n, amountNano: 10_000n, currency: 'USD', bodyHash: 'x',
      },
    });
    const a = await usageAnalytics(other.memberCtx, lookbackRange(7, now));
    expect(a.byModel).toEqual([]);
    expect(a.byKey).toEqual([]);
    expect(a.byDate.every((d) => d.USD === 0 && d.DIEM === 0 && d.BUNDLED_CREDITS === 0)).toBe(true);
  });

  it('bad parameters -> 400 naming the parameter', async () => {
    const cases: [string, string][] = [
      ['lookback=abc', 'lookback'],
      ['lookback=0d', 'lookback'],
      ['lookback=7', 'lookback'],
      ['startDate=2026-01-01', 'endDate'],
      ['endDate=2026-01-01', 'startDate'],
      ['startDate=2026-01-01&endDate=2026-04-01', 'endDate'], // 91 days
      ['startDate=2026-02-30&endDate=2026-03-02', 'startDate'],
      ['startDate=2026-01-01&endDate=01/05/2026', 'endDate'],
      ['startDate=2026-01-10&endDate=2026-01-01', 'endDate'],
      ['lookback=7d&startDate=2026-01-01&endDate=2026-01-02', 'lookback'],
    ];
    for (const [qs, param] of cases) {
      const res = await callRoute(analyticsGET, { secret: t.adminKey.secret, path: `/api/v1/billing/usage-analytics?${qs}` });
      expect(res.status, qs).toBe(400);
      expect(res.body.error.param, qs).toBe(param);
      expect(res.body.error.message, qs).toMatch(new RegExp(param));
    }
    // exactly 90 days is fine
    const ok = await callRoute(analyticsGET, { secret: t.adminKey.secret, path: '/api/v1/billing/usage-analytics?startDate=2026-01-01&endDate=2026-03-31' });
    expect(ok.status).toBe(200);
    expect(ok.body.byDate).toHaveLength(90);
  });

  it('a key’s daily series (key detail chart) matches its ledger rows, with its cap and period', async () => {
    const { key } = await createKey(t.ownerCtx, { name: `series ${uniqueTag()}`, type: 'INFERENCE', spendLimit: 3, spendLimitPeriod: 'monthly' });
    await db.apiKey.update({ where: { id: key.id }, data: { createdAt: new Date(today.getTime() - 200 * DAY) } });
    const tag = uniqueTag();
    const ats = [0, 1, 1, 5, 33, 40, 75, 120].map((d, i) => new Date(today.getTime() - d * DAY + (i % 2 ? DAY - 1 : 0)));
    for (const [i, at] of ats.entries())
      if (at.getTime() <= now.getTime()) await recordUsage({ workspaceId: t.ws.id, apiKeyId: key.id, requestId: `ks-${tag}-${i}`, model: 'gpt-4o-mini', promptTokens: 1000 * (i + 1), completionTokens: 100, at });
    const s = await keyDailySpend(t.memberCtx, key.id, now);
    expect(s.limitUsd).toBe(3);
    expect(s.period).toBe('monthly');
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1)); // three monthly windows
    expect(s.data[0].date).toBe(dayKey(first));
    expect(s.data.at(-1)!.date).toBe(dayKey(today));
    const ledger = await db.usageEvent.findMany({ where: { workspaceId: t.ws.id, apiKeyId: key.id } });
    for (const d of s.data) {
      const sum = ledger.filter((e) => dayKey(e.createdAt) === d.date).reduce((a, e) => a + e.amountNano, 0n);
      expect(d.usd, d.date).toBe(usd(sum));
    }
    expect(s.data.some((d) => d.usd > 0)).toBe(true);
    // another workspace cannot read it
    const other = await makeWorkspace('Other series');
    await expect(keyDailySpend(other.memberCtx, key.id, now)).rejects.toMatchObject({ status: 404 });
  });

  it('no key -> 401', async () => {
    const res = await callRoute(analyticsGET, { path: '/api/v1/billing/usage-analytics' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_api_key');
  });
});
