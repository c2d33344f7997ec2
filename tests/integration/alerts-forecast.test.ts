// Forecast alerts: at the last 24 h spend rate, a cap or budget reached within 24 h sends one
// `…forecast` event per window and limit value, however many sweeps (and instances) look. The ledger has a
// known rate: spend recorded at fixed instants before a fixed `now`.
import { describe, expect, it } from 'vitest';
import { createKey, updateKey } from '@/lib/services/keys';
import { updateWorkspace } from '@/lib/services/workspace-settings';
import { drainOnce } from '@/lib/webhooks/worker';
import { sweepAlerts } from '@/lib/alerts/sweep';
import { listKeyAlerts } from '@/lib/alerts/list';
import type { TestWorkspace } from './helpers';
import { alertReceiver } from './alerts-fixture';

const NOW = new Date('2026-03-15T12:00:00Z');
const { rx: receiver, setup, spend: record, ofType } = alertReceiver();
/** Usage at a fixed instant before NOW (delivered later, by the test's own drain). */
const spend = (t: TestWorkspace, apiKeyId: string | null, dollars: number, at: Date) => record(t, apiKeyId, dollars, at, { drain: false });

describe('forecast alerts', () => {
  it('a key projected to hit its cap within 24 h gets one forecast per limit value; one far from it gets none', async () => {
    const t = await setup('Forecast key');
    const { key: soon } = await createKey(t.ownerCtx, { name: 'soon', type: 'INFERENCE', spendLimit: 14, spendLimitPeriod: 'monthly' });
    const { key: far } = await createKey(t.ownerCtx, { name: 'far', type: 'INFERENCE', spendLimit: 100, spendLimitPeriod: 'monthly' });
    // $10 in the last 24 h on each: $10/day; 'soon' has $4 left → 9.6 h; 'far' has $90 left → 9 days
    await spend(t, soon.id, 6, new Date('2026-03-15T02:00:00Z'));
    await spend(t, soon.id, 4, new Date('2026-03-15T11:00:00Z'));
    await spend(t, far.id, 10, new Date('2026-03-15T06:00:00Z'));
    await spend(t, soon.id, 50, new Date('2026-03-10T00:00:00Z')); // 5 days ago: counts for the 7-day rate only…
    await updateKey(t.ownerCtx, soon.id, { spendLimit: 64 }); // …and for the month: $60 spent, $4 left

    const sweeps = await Promise.all(Array.from({ length: 5 }, () => sweepAlerts(NOW, { workspaceId: t.ws.id, forecasts: true })));
    expect(sweeps.reduce((n, s) => n + s.forecasts, 0)).toBe(1);
    expect((await sweepAlerts(NOW, { workspaceId: t.ws.id, forecasts: true })).forecasts).toBe(0);
    await drainOnce({ workspaceId: t.ws.id });
    const sent = ofType('api_key.spend_limit.forecast');
    expect(sent).toHaveLength(1);
    expect(sent[0].data.alert).toEqual({
      limitUsd: 64,
      spentUsd: 60,
      period: 'monthly',
      windowStart: '2026-03-01T00:00:00Z',
      resetsAt: '2026-04-01T00:00:00Z',
      projectedExhaustionAt: '2026-03-15T21:36:00Z', // 12:00 + $4 / ($10 / 24 h)
      spendRate24h: 10,
      spendRate7d: 8.571428571, // $60 / 7 days, to the nano-dollar
    });
    expect(sent[0].data.object).toMatchObject({ id: soon.id, spendLimit: 64, projectedExhaustionAt: '2026-03-15T21:36:00.000Z' });
    expect(receiver().received.every((r) => r.verified)).toBe(true);

    // a new limit value is a new forecast (still within 24 h: $5 left → 12 h)
    await updateKey(t.ownerCtx, soon.id, { spendLimit: 65 });
    expect((await sweepAlerts(NOW, { workspaceId: t.ws.id, forecasts: true })).forecasts).toBe(1);
    await drainOnce({ workspaceId: t.ws.id });
    expect(ofType('api_key.spend_limit.forecast').map((e) => [e.data.alert.limitUsd, e.data.alert.projectedExhaustionAt])).toEqual([
      [64, '2026-03-15T21:36:00Z'],
      [65, '2026-03-16T00:00:00Z'],
    ]);
    // (the $50 spend had also crossed 80 % and 100 % of the $14 cap; raising it resolved both)
    expect((await listKeyAlerts(t.memberCtx, soon.id)).map((a) => a.kind).sort()).toEqual(['forecast', 'forecast', 'reached', 'resolved', 'resolved', 'warning']);
    expect(await listKeyAlerts(t.memberCtx, far.id)).toEqual([]);
  });

  it('no usage in the last 24 h, or a cap already reached, sends no forecast; the workspace budget gets its own', async () => {
    const t = await setup('Forecast budget');
    const { key: idle } = await createKey(t.ownerCtx, { name: 'idle', type: 'INFERENCE', spendLimit: 10, spendLimitPeriod: 'total' });
    const { key: full } = await createKey(t.ownerCtx, { name: 'full', type: 'INFERENCE', spendLimit: 5, spendLimitPeriod: 'total' });
    await spend(t, idle.id, 9, new Date('2026-03-13T12:00:00Z')); // 2 days ago: no 24 h rate
    await spend(t, full.id, 6, new Date('2026-03-15T10:00:00Z')); // over its cap already
    await spend(t, null, 6, new Date('2026-03-15T09:00:00Z')); // console use: the workspace spent $12 in 24 h, $21 this month
    await updateWorkspace(t.ownerCtx, { monthlyBudget: 24 }); // $3 left at $12/day → 6 h
    receiver().received.length = 0;

    expect((await sweepAlerts(NOW, { workspaceId: t.ws.id, forecasts: true })).forecasts).toBe(1);
    await drainOnce({ workspaceId: t.ws.id });
    expect(ofType('api_key.spend_limit.forecast')).toEqual([]);
    const [ws] = ofType('workspace.spend_budget.forecast');
    expect(ws.data.alert).toMatchObject({ limitUsd: 24, spentUsd: 21, period: 'monthly', projectedExhaustionAt: '2026-03-15T18:00:00Z', spendRate24h: 12 });
    expect(ws.data.object).toMatchObject({ id: t.ws.id, monthlyBudget: 24 });
  });
});
