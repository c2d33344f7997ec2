// Alert lifecycle: every warning / reached alert gets exactly one `…resolved` event once the spend falls back
// below its threshold — limit raised or removed, window reset (found by the worker's sweep), key revoked — and
// the console banner clears at the same moment. Real metering transactions, real outbox, a loopback receiver
// verifying signatures.
import { describe, expect, it } from 'vitest';
import { createKey, revokeKey, updateKey } from '@/lib/services/keys';
import { updateWorkspace } from '@/lib/services/workspace-settings';
import { drainOnce, startWorker } from '@/lib/webhooks/worker';
import { spendWarnings } from '@/lib/alerts/banner';
import { listKeyAlerts } from '@/lib/alerts/list';
import { sweepAlerts } from '@/lib/alerts/sweep';
import { alertReceiver } from './alerts-fixture';

const { rx: receiver, setup, spend, ofType } = alertReceiver();
const byThreshold = <T extends { data: { alert: Record<string, unknown> } }>(xs: T[]) => [...xs].sort((a, b) => Number(a.data.alert.threshold) - Number(b.data.alert.threshold));
const tomorrow = () => {
  const n = new Date();
  return new Date(Date.UTC(n.getUTCFullYear(), n.getUTCMonth(), n.getUTCDate() + 1, 0, 0, 5));
};

describe('resolved alerts', () => {
  it('raising a key limit resolves both open alerts once, naming the events they close; the banner clears at once', async () => {
    const t = await setup('Resolve raise');
    const { key } = await createKey(t.ownerCtx, { name: 'raised', type: 'INFERENCE', spendLimit: 10, spendLimitPeriod: 'monthly' });
    await spend(t, key.id, 12); // warning + reached for $10
    const opened = byThreshold([...ofType('api_key.spend_limit.warning'), ...ofType('api_key.spend_limit.reached')]);
    expect(opened.map((e) => e.data.alert.threshold)).toEqual([80, 100]);
    expect((await spendWarnings(t.ownerCtx)).filter((w) => w.id === key.id).map((w) => w.level)).toEqual(['reached']);

    await updateKey(t.ownerCtx, key.id, { spendLimit: 100 });
    // the banner is computed from the same state: no warning any more, before any delivery
    expect((await spendWarnings(t.ownerCtx)).filter((w) => w.id === key.id)).toEqual([]);
    await drainOnce({ workspaceId: t.ws.id });
    const resolved = byThreshold(ofType('api_key.spend_limit.resolved'));
    expect(resolved.map((e) => e.data.alert)).toEqual([
      expect.objectContaining({ threshold: 80, limitUsd: 10, currentLimitUsd: 100, spentUsd: 12, period: 'monthly', reason: 'limit_raised', openedEventId: opened[0].id }),
      expect.objectContaining({ threshold: 100, limitUsd: 10, currentLimitUsd: 100, spentUsd: 12, period: 'monthly', reason: 'limit_raised', openedEventId: opened[1].id }),
    ]);
    expect(resolved[0].data.object).toMatchObject({ id: key.id, spendLimit: 100, currentPeriodSpend: 12 });
    expect(receiver().received.every((r) => r.verified)).toBe(true);

    // further changes and spends below the new thresholds add nothing
    await updateKey(t.ownerCtx, key.id, { name: 'raised again' });
    await spend(t, key.id, 1);
    await sweepAlerts(new Date(), { workspaceId: t.ws.id });
    await drainOnce({ workspaceId: t.ws.id });
    expect(receiver().received).toHaveLength(4);

    // the key detail list shows them, newest first
    const sent = await listKeyAlerts(t.memberCtx, key.id);
    expect(sent.map((a) => a.kind).sort()).toEqual(['reached', 'resolved', 'resolved', 'warning']);
  });

  it('lowering the limit back after a resolution reopens the alerts: warning and reached are sent again, once', async () => {
    const t = await setup('Resolve reopen');
    const { key } = await createKey(t.ownerCtx, { name: 'reopen', type: 'INFERENCE', spendLimit: 10, spendLimitPeriod: 'daily' });
    await spend(t, key.id, 12); // warning + reached at $10
    await updateKey(t.ownerCtx, key.id, { spendLimit: 20 }); // both resolved
    await updateKey(t.ownerCtx, key.id, { spendLimit: 10 }); // refused again; receivers closed both
    await spend(t, key.id, 0.5);
    await spend(t, key.id, 0.5);
    const types = receiver().received.map((r) => r.json.type).sort();
    expect(types).toEqual([
      'api_key.spend_limit.reached', 'api_key.spend_limit.reached',
      'api_key.spend_limit.resolved', 'api_key.spend_limit.resolved',
      'api_key.spend_limit.warning', 'api_key.spend_limit.warning',
    ]);
    expect((await spendWarnings(t.ownerCtx)).filter((w) => w.id === key.id).map((w) => w.level)).toEqual(['reached']);
  });

  it('a raise that leaves the spend above a threshold resolves only the other one, and the warning is not sent again', async () => {
    const t = await setup('Resolve partial');
    const { key } = await createKey(t.ownerCtx, { name: 'partial', type: 'INFERENCE', spendLimit: 10, spendLimitPeriod: 'monthly' });
    await spend(t, key.id, 10.5); // warning + reached
    await updateKey(t.ownerCtx, key.id, { spendLimit: 12 }); // 87.5 %: still a warning, no longer reached
    await drainOnce({ workspaceId: t.ws.id });
    expect(ofType('api_key.spend_limit.resolved').map((e) => e.data.alert.threshold)).toEqual([100]);
    expect((await spendWarnings(t.ownerCtx)).filter((w) => w.id === key.id).map((w) => w.level)).toEqual(['warning']);
    await spend(t, key.id, 0.5); // 11 of 12: the open warning covers it
    expect(ofType('api_key.spend_limit.warning')).toHaveLength(1);
    await spend(t, key.id, 1.5); // 12.5 of 12: reached again, for the new value
    expect(ofType('api_key.spend_limit.reached').map((e) => e.data.alert.limitUsd)).toEqual([10, 12]);
  });

  it('a window reset is resolved by the sweep exactly once, even with several sweeps at the same moment', async () => {
    const t = await setup('Resolve window');
    const { key } = await createKey(t.ownerCtx, { name: 'daily', type: 'INFERENCE', spendLimit: 10, spendLimitPeriod: 'daily' });
    await updateWorkspace(t.ownerCtx, { monthlyBudget: 10_000 });
    await spend(t, key.id, 9); // warning for today
    expect(ofType('api_key.spend_limit.warning')).toHaveLength(1);

    expect((await sweepAlerts(new Date(), { workspaceId: t.ws.id })).resolved).toBe(0); // same day: still open
    const results = await Promise.all(Array.from({ length: 6 }, () => sweepAlerts(tomorrow(), { workspaceId: t.ws.id })));
    expect(results.reduce((n, r) => n + r.resolved, 0)).toBe(1);
    await drainOnce({ workspaceId: t.ws.id });
    const [r] = ofType('api_key.spend_limit.resolved');
    expect(ofType('api_key.spend_limit.resolved')).toHaveLength(1);
    expect(r.data.alert).toMatchObject({ threshold: 80, reason: 'window_reset', limitUsd: 10, currentLimitUsd: 10 });
    expect((await sweepAlerts(tomorrow(), { workspaceId: t.ws.id })).resolved).toBe(0);
  });

  it('the worker loop runs the sweep and delivers what it resolved', async () => {
    const t = await setup('Resolve worker');
    const { key } = await createKey(t.ownerCtx, { name: 'worker', type: 'INFERENCE', spendLimit: 10, spendLimitPeriod: 'daily' });
    await spend(t, key.id, 9);
    const w = startWorker({ workspaceId: t.ws.id, intervalMs: 20, sweepIntervalMs: 50, sweep: () => sweepAlerts(tomorrow(), { workspaceId: t.ws.id }), log: () => {} });
    try {
      for (let i = 0; i < 100 && !ofType('api_key.spend_limit.resolved').length; i++) await new Promise((res) => setTimeout(res, 20));
    } finally {
      await w.stop();
    }
    expect(ofType('api_key.spend_limit.resolved').map((e) => e.data.alert.reason)).toEqual(['window_reset']);
  });

  it('revoking a key resolves its open alerts; removing the budget resolves the workspace ones', async () => {
    const t = await setup('Resolve revoke');
    const { key } = await createKey(t.ownerCtx, { name: 'doomed', type: 'INFERENCE', spendLimit: 5, spendLimitPeriod: 'weekly' });
    await updateWorkspace(t.ownerCtx, { monthlyBudget: 10 });
    await spend(t, key.id, 4.5); // key warning
    await spend(t, null, 4); // 8.5 of 10: budget warning
    expect(ofType('api_key.spend_limit.warning')).toHaveLength(1);
    expect(ofType('workspace.spend_budget.warning')).toHaveLength(1);

    await revokeKey(t.ownerCtx, key.id);
    await updateWorkspace(t.ownerCtx, { monthlyBudget: null });
    await drainOnce({ workspaceId: t.ws.id });
    expect(ofType('api_key.spend_limit.resolved').map((e) => e.data.alert)).toEqual([expect.objectContaining({ threshold: 80, reason: 'key_revoked', period: 'weekly' })]);
    expect(ofType('workspace.spend_budget.resolved').map((e) => e.data.alert)).toEqual([
      expect.objectContaining({ threshold: 80, reason: 'limit_removed', limitUsd: 10, currentLimitUsd: null, spentUsd: 8.5, openedEventId: ofType('workspace.spend_budget.warning')[0].id }),
    ]);
    expect(await spendWarnings(t.ownerCtx)).toEqual([]);
  });
});
