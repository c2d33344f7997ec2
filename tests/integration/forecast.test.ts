// Burn-rate forecasts (issue 13) against a real ledger with a known rate: usage recorded at explicit times,
// read back through the services at a fixed `now`, and through the /api/v1 routes at the server's own time
// (bracketed: the projection is exact, so projectedExhaustionAt − remaining/rate is the instant the server read).
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { recordUsage } from '@/lib/metering/record';
import { createKey, getKey, listKeys, revokeKey } from '@/lib/services/keys';
import { getWorkspace } from '@/lib/services/workspace-settings';
import { keyForecasts, spendSince, workspaceForecast } from '@/lib/services/forecast';
import * as keysRoute from '@/app/api/v1/api_keys/route';
import * as keyRoute from '@/app/api/v1/api_keys/[id]/route';
import * as workspaceRoute from '@/app/api/v1/workspace/route';
import { callRoute, makeWorkspace, uniqueTag, usd, type TestWorkspace } from './helpers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A fixed Wednesday afternoon: the last 7 days, the day and the week all lie inside November.
const NOW = new Date('2026-11-18T14:00:00.000Z');
const ago = (ms: number, from = NOW) => new Date(from.getTime() - ms);
const at = (ms: number) => new Date(ms);

async function spendAt(t: TestWorkspace, apiKeyId: string | null, dollars: number, when: Date) {
  await recordUsage({ workspaceId: t.ws.id, apiKeyId, requestId: `fc-${uniqueTag()}`, model: 'test-model', costNano: usd(dollars), at: when });
}
/** $`perHour` in each of the last `hours` hours before `from`, at the middle of each hour. */
async function steady(t: TestWorkspace, apiKeyId: string | null, perHour: number, hours = 24, from = NOW) {
  for (let i = 0; i < hours; i++) await spendAt(t, apiKeyId, perHour, ago((i + 0.5) * HOUR, from));
}
const newKey = async (t: TestWorkspace, spendLimit: number | null, spendLimitPeriod?: 'daily' | 'weekly' | 'monthly' | 'total') =>
  (await createKey(t.ownerCtx, { name: `fc ${uniqueTag()}`, spendLimit, ...(spendLimitPeriod ? { spendLimitPeriod } : {}), ...(spendLimit === 0 ? { confirmZeroLimit: true } : {}) })).key;

describe('forecast services (fixed now)', () => {
  let t: TestWorkspace;
  beforeAll(async () => {
    t = await makeWorkspace('Forecast');
  });

  it('$1/h for the last 24 h on a $50 monthly key: reached exactly 26 hours from now', async () => {
    const k = await newKey(t, 50, 'monthly');
    await steady(t, k.id, 1);
    const o = await getKey(t.ownerCtx, k.id, NOW);
    expect(o.currentPeriodSpend).toBe(24);
    expect(o.forecast).toEqual({ spendRate24h: 24, spendRate7d: 3.428571429, projectedExhaustionAt: '2026-11-19T16:00:00.000Z', state: 'projected' });
    expect(o.projectedExhaustionAt).toBe('2026-11-19T16:00:00.000Z');
  });

  it('the 24 h rate projects, the 7 d rate is reported; older spend counts against the cap only', async () => {
    const k = await newKey(t, 50, 'monthly');
    await steady(t, k.id, 1); // $24 in the last 24 h
    await spendAt(t, k.id, 2, ago(DAY)); // exactly 24 h ago: in the 7 days, not in the 24 h
    await spendAt(t, k.id, 5, ago(3 * DAY)); // in the 7 days
    await spendAt(t, k.id, 5, ago(8 * DAY)); // this month, before the 7 days
    await spendAt(t, k.id, 3, at(NOW.getTime() + HOUR)); // after `now`: not in either window
    // another key's and the console's spend are not this key's
    await spendAt(t, t.inferenceKey.key.id, 40, ago(HOUR));
    await spendAt(t, null, 40, ago(HOUR));
    expect((await spendSince(t.ws.id, [k.id], ago(DAY), NOW)).get(k.id)).toBe(usd(24));
    expect((await spendSince(t.ws.id, [k.id], ago(7 * DAY), NOW)).get(k.id)).toBe(usd(31));
    const o = await getKey(t.ownerCtx, k.id, NOW);
    // spent this month: 24 + 2 + 5 + 5 + 3 (the counter has everything recorded this month) = 39 → $11 left at $24/day = 11 h
    expect(o.currentPeriodSpend).toBe(39);
    expect(o.forecast).toEqual({ spendRate24h: 24, spendRate7d: 4.428571429, projectedExhaustionAt: '2026-11-19T01:00:00.000Z', state: 'projected' });
  });

  it('no usage in the last 24 h: no_usage, no projection', async () => {
    const k = await newKey(t, 50, 'monthly');
    await spendAt(t, k.id, 7, ago(2 * DAY));
    expect((await getKey(t.ownerCtx, k.id, NOW)).forecast).toEqual({ spendRate24h: 0, spendRate7d: 1, projectedExhaustionAt: null, state: 'no_usage' });
    const idle = await newKey(t, 50, 'weekly');
    expect(await getKey(t.ownerCtx, idle.id, NOW)).toMatchObject({ projectedExhaustionAt: null, forecast: { spendRate24h: 0, spendRate7d: 0, projectedExhaustionAt: null, state: 'no_usage' } });
  });

  it('cap already reached: reached (also a $0 limit)', async () => {
    const k = await newKey(t, 5, 'daily');
    await steady(t, k.id, 0.5, 14); // $7 today
    const o = await getKey(t.ownerCtx, k.id, NOW);
    expect(o.status).toBe('blocked');
    expect(o.forecast).toEqual({ spendRate24h: 7, spendRate7d: 1, projectedExhaustionAt: null, state: 'reached' });
    const zero = await newKey(t, 0, 'daily');
    expect((await getKey(t.ownerCtx, zero.id, NOW)).forecast?.state).toBe('reached');
  });

  it('projection beyond the window end: not_in_window; inside it: projected', async () => {
    const slow = await newKey(t, 10, 'daily');
    await steady(t, slow.id, 0.1); // $2.40/day; $1.40 today → $8.60 left = 86 h, past midnight
    expect((await getKey(t.ownerCtx, slow.id, NOW)).forecast).toEqual({ spendRate24h: 2.4, spendRate7d: 0.342857143, projectedExhaustionAt: null, state: 'not_in_window' });
    const fast = await newKey(t, 10, 'daily');
    await steady(t, fast.id, 0.5); // $12/day; $7 today → $3 left = 6 h: 20:00 today
    expect((await getKey(t.ownerCtx, fast.id, NOW)).forecast).toMatchObject({ state: 'projected', projectedExhaustionAt: '2026-11-18T20:00:00.000Z' });
    // a lifetime cap has no window end: $500 − $47 = $453 left at $24/day = 453 h, past any month's end
    const life = await newKey(t, 500, 'total');
    await steady(t, life.id, 1);
    await spendAt(t, life.id, 23, ago(60 * DAY)); // counts against the lifetime cap, not the rates
    expect((await getKey(t.ownerCtx, life.id, NOW)).forecast).toMatchObject({ state: 'projected', projectedExhaustionAt: '2026-12-07T11:00:00.000Z' });
  });

  it('no forecast without a limit, or for a revoked key; the list equals getKey', async () => {
    const none = await newKey(t, null);
    await steady(t, none.id, 1, 2);
    expect(await getKey(t.ownerCtx, none.id, NOW)).toMatchObject({ spendLimit: null, projectedExhaustionAt: null, forecast: null });
    const gone = await newKey(t, 50, 'monthly');
    await steady(t, gone.id, 1, 2);
    await revokeKey(t.ownerCtx, gone.id);
    expect((await getKey(t.ownerCtx, gone.id, NOW)).forecast).toBeNull();
    const list = await listKeys(t.memberCtx, NOW);
    for (const k of list) expect(k).toEqual(await getKey(t.memberCtx, k.id, NOW));
    expect(list.filter((k) => k.forecast).length).toBeGreaterThan(5);
  });

  it('keyForecasts: every capped key neither revoked nor expired, with its window; workspaceForecast: the budget', async () => {
    const w = await makeWorkspace('Forecast sweep');
    const a = await newKey(w, 50, 'monthly');
    const b = await newKey(w, 10, 'daily');
    await newKey(w, null);
    const r = await newKey(w, 5, 'weekly');
    await revokeKey(w.ownerCtx, r.id);
    const expired = await newKey(w, 5, 'weekly');
    await db.apiKey.update({ where: { id: expired.id }, data: { expiresAt: ago(HOUR) } });
    await steady(w, a.id, 1);
    await steady(w, null, 1); // the console: in the workspace's spend, no key's
    const fs = await keyForecasts(w.ws.id, NOW);
    expect(fs.map((f) => f.keyId)).toEqual([a.id, b.id]);
    expect(fs[0]).toEqual({
      keyId: a.id, name: a.name, limitNano: usd(50), period: 'monthly',
      windowStart: new Date('2026-11-01T00:00:00Z'), windowEnd: new Date('2026-12-01T00:00:00Z'),
      forecast: { spendRate24hUsdPerDay: 24, spendRate7dUsdPerDay: 3.428571429, projectedExhaustionAt: new Date('2026-11-19T16:00:00Z'), state: 'projected' },
    });
    expect(fs[1]).toMatchObject({ keyId: b.id, period: 'daily', windowStart: new Date('2026-11-18T00:00:00Z'), forecast: { state: 'no_usage' } });

    expect(await workspaceForecast(w.ws.id, NOW)).toBeNull(); // no budget
    expect((await getWorkspace(w.ownerCtx, NOW)).forecast).toBeNull();
    await db.workspace.update({ where: { id: w.ws.id }, data: { monthlyBudgetNano: usd(100) } });
    // $48 this month at $48/day: $52 left = 26 h
    const wf = await workspaceForecast(w.ws.id, NOW);
    expect(wf).toMatchObject({ workspaceId: w.ws.id, limitNano: usd(100), period: 'monthly', windowStart: new Date('2026-11-01T00:00:00Z'), windowEnd: new Date('2026-12-01T00:00:00Z') });
    expect(wf?.forecast).toEqual({ spendRate24hUsdPerDay: 48, spendRate7dUsdPerDay: 6.857142857, projectedExhaustionAt: new Date('2026-11-19T16:00:00Z'), state: 'projected' });
    const ws = await getWorkspace(w.ownerCtx, NOW);
    expect(ws).toMatchObject({ monthToDateSpend: 48, projectedExhaustionAt: '2026-11-19T16:00:00.000Z', forecast: { spendRate24h: 48, spendRate7d: 6.857142857, state: 'projected' } });
    // a budget further away than the month's end
    await db.workspace.update({ where: { id: w.ws.id }, data: { monthlyBudgetNano: usd(10_000) } });
    expect((await getWorkspace(w.ownerCtx, NOW)).forecast).toMatchObject({ state: 'not_in_window', projectedExhaustionAt: null });
    // reached, and the payload-free object of PATCH has no forecast
    await db.workspace.update({ where: { id: w.ws.id }, data: { monthlyBudgetNano: usd(48) } });
    expect((await getWorkspace(w.ownerCtx, NOW)).forecast).toMatchObject({ state: 'reached', projectedExhaustionAt: null });
  });
});

describe('forecast over HTTP (the server’s own time)', () => {
  /** The instant the server projected from, given the exact time to the cap: must lie within the request. */
  const projectedFrom = (iso: string, msToCap: number) => new Date(iso).getTime() - msToCap;

  it('GET /api_keys/{id} and GET /api_keys: $1/h on a $50 lifetime key → 26 h after the request', async () => {
    const t = await makeWorkspace('Forecast HTTP');
    const k = await newKey(t, 50, 'total');
    await steady(t, k.id, 1, 24, new Date());
    const idle = await newKey(t, 50, 'monthly');
    const full = await newKey(t, 10, 'total');
    await spendAt(t, full.id, 12, ago(HOUR, new Date()));
    const before = Date.now();
    const one = await callRoute(keyRoute.GET, { secret: t.adminKey.secret, params: { id: k.id } });
    const list = await callRoute(keysRoute.GET, { secret: t.adminKey.secret });
    const after = Date.now();
    expect(one.status).toBe(200);
    expect(one.body.forecast).toMatchObject({ spendRate24h: 24, spendRate7d: 3.428571429, state: 'projected' });
    expect(one.body.projectedExhaustionAt).toBe(one.body.forecast.projectedExhaustionAt);
    const from = projectedFrom(one.body.projectedExhaustionAt, 26 * HOUR);
    expect(from).toBeGreaterThanOrEqual(before);
    expect(from).toBeLessThanOrEqual(after);

    const byId = new Map((list.body.data as { id: string }[]).map((x) => [x.id, x as Record<string, unknown>]));
    const listed = byId.get(k.id)!;
    expect(listed.forecast).toMatchObject({ spendRate24h: 24, state: 'projected' });
    const fromList = projectedFrom(listed.projectedExhaustionAt as string, 26 * HOUR);
    expect(fromList).toBeGreaterThanOrEqual(from);
    expect(fromList).toBeLessThanOrEqual(after);
    expect(byId.get(idle.id)).toMatchObject({ projectedExhaustionAt: null, forecast: { state: 'no_usage', spendRate24h: 0 } });
    expect(byId.get(full.id)).toMatchObject({ projectedExhaustionAt: null, forecast: { state: 'reached', spendRate24h: 12 } });
    expect(byId.get(t.inferenceKey.key.id)).toMatchObject({ spendLimit: null, projectedExhaustionAt: null, forecast: null });
  });

  it('GET /workspace: the budget forecast from all the workspace’s spend', async () => {
    const t = await makeWorkspace('Forecast HTTP budget');
    const noBudget = await callRoute(workspaceRoute.GET, { secret: t.adminKey.secret });
    expect(noBudget.body).toMatchObject({ monthlyBudget: null, projectedExhaustionAt: null, forecast: null });

    await db.workspace.update({ where: { id: t.ws.id }, data: { monthlyBudgetNano: usd(1000) } });
    const idle = await callRoute(workspaceRoute.GET, { secret: t.adminKey.secret });
    expect(idle.body).toMatchObject({ projectedExhaustionAt: null, forecast: { spendRate24h: 0, spendRate7d: 0, state: 'no_usage', projectedExhaustionAt: null } });

    await steady(t, t.inferenceKey.key.id, 0.5, 24, new Date());
    await steady(t, null, 0.5, 24, new Date()); // $24 in the last 24 h, half of it from the console
    // $0.01 left of the budget (whatever of the $24 falls in this month): 36 s at $24/day, inside the month
    const mtd = (await callRoute(workspaceRoute.GET, { secret: t.adminKey.secret })).body.monthToDateSpend as number;
    await db.workspace.update({ where: { id: t.ws.id }, data: { monthlyBudgetNano: usd(mtd) + usd(0.01) } });
    const before = Date.now();
    const r = await callRoute(workspaceRoute.GET, { secret: t.adminKey.secret });
    const after = Date.now();
    expect(r.status).toBe(200);
    expect(r.body.monthToDateSpend).toBe(mtd);
    expect(r.body.forecast).toMatchObject({ spendRate24h: 24, spendRate7d: 3.428571429, state: 'projected' });
    expect(r.body.projectedExhaustionAt).toBe(r.body.forecast.projectedExhaustionAt);
    const from = projectedFrom(r.body.projectedExhaustionAt, 36_000);
    expect(from).toBeGreaterThanOrEqual(before);
    expect(from).toBeLessThanOrEqual(after);

    await db.workspace.update({ where: { id: t.ws.id }, data: { monthlyBudgetNano: usd(10) } });
    expect((await callRoute(workspaceRoute.GET, { secret: t.adminKey.secret })).body).toMatchObject({ projectedExhaustionAt: null, forecast: { state: 'reached', spendRate24h: 24 } });
  });
});
