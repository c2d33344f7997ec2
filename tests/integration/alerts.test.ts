// Threshold alerts end to end: spend recorded with recordUsage (the real metering transaction), the
// outbox drained with drainOnce, and a loopback receiver verifying every signature with the
// `standardwebhooks` package. Each threshold fires exactly once per subject, window and limit value.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { recordUsage } from '@/lib/metering/record';
import { createKey, getKey, updateKey } from '@/lib/services/keys';
import { getWorkspace, updateWorkspace, workspaceObject } from '@/lib/services/workspace-settings';
import { createEndpoint } from '@/lib/webhooks/service';
import { drainOnce } from '@/lib/webhooks/worker';
import { listAlerts, listKeyAlerts } from '@/lib/alerts/list';
import { thresholdsMet } from '@/lib/alerts/thresholds';
import { detectThresholds } from '@/lib/metering/thresholds';
import { tx } from '@/lib/store/tx';
import { wsSubject } from '@/lib/metering/spend';
import { makeWorkspace, usd } from './helpers';
import { alertReceiver } from './alerts-fixture';

const { rx: receiver, rid, setup, spend } = alertReceiver();

const types = () => receiver().received.map((r) => r.json.type);
// A payload's object is the GET object without the burn-rate forecast (computed from the ledger, off the hot path).
const withoutForecast = (o: object) => {
  const { forecast: _f, projectedExhaustionAt: _p, ...rest } = JSON.parse(JSON.stringify(o)) as Record<string, unknown>;
  return rest;
};
/** The same events in any order (one drain delivers in parallel). */
const sorted = (xs: string[]) => [...xs].sort();
const alertOf = (i: number) => receiver().received[i].json.data.alert as Record<string, unknown>;

describe('key spend limit alerts', () => {
  it('warns once at 80 %, reaches once at 100 %, then stays quiet; every delivery verifies', async () => {
    const t = await setup('Alerts key');
    const { key } = await createKey(t.ownerCtx, { name: 'capped', type: 'INFERENCE', spendLimit: 10, spendLimitPeriod: 'daily' });

    await spend(t, key.id, 3);
    await spend(t, key.id, 3);
    expect(receiver().received).toHaveLength(0);

    await spend(t, key.id, 3); // 9 of 10
    expect(types()).toEqual(['api_key.spend_limit.warning']);
    const expectedObject = await getKey(t.ownerCtx, key.id);
    expect(receiver().received[0].json.data.object).toEqual(withoutForecast(expectedObject));
    const now = new Date();
    const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    expect(alertOf(0)).toEqual({
      threshold: 80,
      limitUsd: 10,
      spentUsd: 9,
      period: 'daily',
      windowStart: dayStart.toISOString().replace('.000Z', 'Z'),
      resetsAt: new Date(dayStart.getTime() + 86_400_000).toISOString().replace('.000Z', 'Z'),
    });

    await spend(t, key.id, 3); // 12 of 10
    expect(types()).toEqual(['api_key.spend_limit.warning', 'api_key.spend_limit.reached']);
    expect(alertOf(1)).toMatchObject({ threshold: 100, limitUsd: 10, spentUsd: 12 });
    expect(receiver().received[1].json.data.object).toMatchObject({ id: key.id, status: 'blocked', currentPeriodSpend: 12, spendLimit: 10 });

    await spend(t, key.id, 3);
    await spend(t, key.id, 3);
    expect(receiver().received).toHaveLength(2);
    expect(receiver().received.every((r) => r.verified)).toBe(true);
    // the webhook-id is the event id carried in the body
    expect(receiver().received.map((r) => r.id)).toEqual(receiver().received.map((r) => r.json.id));
    expect(receiver().received[0].id).toMatch(/^msg_/);
  });

  it('re-arms both thresholds when the limit value changes, and not when it returns to a value that already fired', async () => {
    const t = await setup('Alerts raise');
    const { key } = await createKey(t.ownerCtx, { name: 'raised', type: 'INFERENCE', spendLimit: 10, spendLimitPeriod: 'daily' });
    await spend(t, key.id, 9);
    await spend(t, key.id, 6); // 15: warning + reached for $10
    expect(types()).toEqual(['api_key.spend_limit.warning', 'api_key.spend_limit.reached']);

    await updateKey(t.ownerCtx, key.id, { spendLimit: 20 }); // 15 < 16: both $10 alerts are resolved
    await spend(t, key.id, 0.5); // 15.5 < 16
    expect(types().slice(2)).toEqual(['api_key.spend_limit.resolved', 'api_key.spend_limit.resolved']);
    expect(receiver().received).toHaveLength(4);
    await spend(t, key.id, 1); // 16.5 >= 16
    expect(types().slice(4)).toEqual(['api_key.spend_limit.warning']);
    expect(alertOf(4)).toMatchObject({ threshold: 80, limitUsd: 20, spentUsd: 16.5 });
    await spend(t, key.id, 4); // 20.5
    expect(types().slice(5)).toEqual(['api_key.spend_limit.reached']);
    expect(alertOf(5)).toMatchObject({ threshold: 100, limitUsd: 20, spentUsd: 20.5 });

    // Back to $10 in the same window: that limit value already fired both alerts, and the $20 ones stay open.
    await updateKey(t.ownerCtx, key.id, { spendLimit: 10 });
    await spend(t, key.id, 1);
    expect(receiver().received).toHaveLength(6);
    expect(receiver().received.every((r) => r.verified)).toBe(true);

    // The key detail list shows the six alerts, newest first, each delivered once.
    const sent = await listKeyAlerts(t.memberCtx, key.id);
    expect(sent.map((a) => [a.type, a.alert.limitUsd])).toEqual([
      ['api_key.spend_limit.reached', 20],
      ['api_key.spend_limit.warning', 20],
      ['api_key.spend_limit.resolved', 10],
      ['api_key.spend_limit.resolved', 10],
      ['api_key.spend_limit.reached', 10],
      ['api_key.spend_limit.warning', 10],
    ]);
    expect(sent.every((a) => a.deliveries.delivered === 1 && a.deliveries.pending === 0)).toBe(true);
  });

  it('re-arms in a new window', async () => {
    const t = await setup('Alerts window');
    const { key } = await createKey(t.ownerCtx, { name: 'daily', type: 'INFERENCE', spendLimit: 10, spendLimitPeriod: 'daily' });
    const day1 = new Date('2026-03-10T12:00:00Z');
    const day2 = new Date('2026-03-11T00:30:00Z');
    await spend(t, key.id, 8.5, day1);
    await spend(t, key.id, 1, day1);
    await spend(t, key.id, 8.5, day2);
    expect(types()).toEqual(['api_key.spend_limit.warning', 'api_key.spend_limit.warning']);
    expect(alertOf(0)).toMatchObject({ windowStart: '2026-03-10T00:00:00Z', resetsAt: '2026-03-11T00:00:00Z', spentUsd: 8.5 });
    expect(alertOf(1)).toMatchObject({ windowStart: '2026-03-11T00:00:00Z', resetsAt: '2026-03-12T00:00:00Z', spentUsd: 8.5 });
  });

  it('fires warning and reached together when one spend jumps past both', async () => {
    const t = await setup('Alerts jump');
    const { key } = await createKey(t.ownerCtx, { name: 'jump', type: 'INFERENCE', spendLimit: 5, spendLimitPeriod: 'monthly' });
    await spend(t, key.id, 7);
    expect(types().sort()).toEqual(['api_key.spend_limit.reached', 'api_key.spend_limit.warning']);
    expect(receiver().received.map((r) => alertOf(r.n - 1).spentUsd)).toEqual([7, 7]);
  });

  it('sends nothing for a key without a limit, and records alerts even with no endpoint', async () => {
    const t = await makeWorkspace('Alerts no endpoint');
    await spend(t, t.inferenceKey.key.id, 100); // no limit, no budget
    expect(await db.webhookEvent.count({ where: { workspaceId: t.ws.id } })).toBe(0);
    const { key } = await createKey(t.ownerCtx, { name: 'quiet', type: 'INFERENCE', spendLimit: 1, spendLimitPeriod: 'total' });
    await spend(t, key.id, 0.9);
    const sent = await listKeyAlerts(t.ownerCtx, key.id);
    expect(sent.map((a) => a.type)).toEqual(['api_key.spend_limit.warning']);
    expect(sent[0].alert).toMatchObject({ period: 'total', windowStart: '1970-01-01T00:00:00Z', resetsAt: null });
    expect(sent[0].deliveries).toEqual({ delivered: 0, pending: 0, failed: 0 });
    expect(await db.webhookDelivery.count({ where: { workspaceId: t.ws.id } })).toBe(0);
  });

  it('only endpoints subscribed to the event type get a delivery', async () => {
    const t = await makeWorkspace('Alerts subscriptions');
    const { secret } = await createEndpoint(t.ownerCtx, { url: receiver().url, events: ['api_key.spend_limit.reached'] });
    receiver().secret = secret;
    const { key } = await createKey(t.ownerCtx, { name: 'sub', type: 'INFERENCE', spendLimit: 10, spendLimitPeriod: 'daily' });
    await spend(t, key.id, 9);
    expect(receiver().received).toHaveLength(0);
    await spend(t, key.id, 2);
    expect(types()).toEqual(['api_key.spend_limit.reached']);
  });
});

describe('workspace budget alerts', () => {
  it('warns and reaches once per budget value; raising the budget re-arms; the object is the GET /workspace object', async () => {
    const t = await setup('Alerts budget');
    await updateWorkspace(t.ownerCtx, { monthlyBudget: 50 });
    await spend(t, null, 30); // console use (no key)
    await spend(t, t.inferenceKey.key.id, 9.99);
    expect(receiver().received).toHaveLength(0);
    await spend(t, t.inferenceKey.key.id, 0.01); // 40 of 50
    expect(types()).toEqual(['workspace.spend_budget.warning']);
    expect(receiver().received[0].json.data.object).toEqual(withoutForecast(await getWorkspace(t.ownerCtx)));
    expect(alertOf(0)).toMatchObject({ threshold: 80, limitUsd: 50, spentUsd: 40, period: 'monthly' });
    await spend(t, null, 10);
    await spend(t, null, 10);
    expect(types()).toEqual(['workspace.spend_budget.warning', 'workspace.spend_budget.reached']);
    expect(alertOf(1)).toMatchObject({ threshold: 100, limitUsd: 50, spentUsd: 50 });

    await updateWorkspace(t.ownerCtx, { monthlyBudget: 100 }); // 50 < 80: both $50 alerts are resolved
    await spend(t, null, 25); // 85
    await spend(t, null, 25); // 110
    await spend(t, null, 1);
    expect(types().slice(0, 2)).toEqual(['workspace.spend_budget.warning', 'workspace.spend_budget.reached']);
    expect(sorted(types().slice(2))).toEqual(sorted(['workspace.spend_budget.resolved', 'workspace.spend_budget.resolved', 'workspace.spend_budget.warning', 'workspace.spend_budget.reached']));
    const resolved = receiver().received.filter((r) => r.json.type === 'workspace.spend_budget.resolved').map((r) => r.json.data.alert as Record<string, unknown>);
    expect(sorted(resolved.map((a) => `${a.threshold} ${a.limitUsd} ${a.reason}`))).toEqual(['100 50 limit_raised', '80 50 limit_raised']);
    expect(receiver().received.every((r) => r.verified)).toBe(true);
    const sent = await listAlerts(t.ownerCtx, wsSubject(t.ws.id));
    expect(sent).toHaveLength(6);
  });
});

describe('concurrency', () => {
  it('many concurrent spend transactions crossing 80 % and 100 % produce exactly one warning and one reached', async () => {
    const t = await setup('Alerts concurrent');
    await updateWorkspace(t.ownerCtx, { monthlyBudget: 20 });
    const { key } = await createKey(t.ownerCtx, { name: 'busy', type: 'INFERENCE', spendLimit: 10, spendLimitPeriod: 'daily' });
    await Promise.all(
      Array.from({ length: 30 }, () => recordUsage({ workspaceId: t.ws.id, apiKeyId: key.id, requestId: rid(), model: 'test-model', costNano: usd(1) })),
    );
    const count = (type: string) => db.webhookEvent.count({ where: { workspaceId: t.ws.id, type } });
    expect(await count('api_key.spend_limit.warning')).toBe(1);
    expect(await count('api_key.spend_limit.reached')).toBe(1);
    expect(await count('workspace.spend_budget.warning')).toBe(1);
    expect(await count('workspace.spend_budget.reached')).toBe(1);
    expect(await db.alertState.count({ where: { workspaceId: t.ws.id } })).toBe(4);
    expect(await drainOnce({ workspaceId: t.ws.id })).toMatchObject({ claimed: 4, delivered: 4 });
    expect(receiver().received).toHaveLength(4);
  });

  it('concurrent detectThresholds calls in separate transactions claim each alert once', async () => {
    const t = await makeWorkspace('Alerts detect direct');
    await db.workspace.update({ where: { id: t.ws.id }, data: { monthlyBudgetNano: usd(10) } });
    const at = new Date();
    await db.spendCounter.create({ data: { subject: wsSubject(t.ws.id), period: 'monthly', windowStart: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)), workspaceId: t.ws.id, spentNano: usd(9) } });
    await Promise.all(Array.from({ length: 10 }, () => tx(() => detectThresholds(t.ws.id, [null], at))));
    expect(await db.webhookEvent.count({ where: { workspaceId: t.ws.id } })).toBe(1);
    const ev = await db.webhookEvent.findFirstOrThrow({ where: { workspaceId: t.ws.id } });
    const ws = await db.workspace.findUniqueOrThrow({ where: { id: t.ws.id } });
    expect(JSON.parse(ev.payload).data.object).toEqual(JSON.parse(JSON.stringify(await workspaceObject(ws, at))));
  });
});

describe('thresholdsMet', () => {
  it('is exact in nano-dollars', () => {
    expect(thresholdsMet(7_999_999_999n, 10_000_000_000n)).toEqual([]);
    expect(thresholdsMet(8_000_000_000n, 10_000_000_000n)).toEqual([80]);
    expect(thresholdsMet(10_000_000_000n, 10_000_000_000n)).toEqual([80, 100]);
    expect(thresholdsMet(0n, 0n)).toEqual([]);
  });
});
