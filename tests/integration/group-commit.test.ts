// Group commit (lib/metering/record-batch.ts): concurrent live usage of one workspace written several events
// per transaction must leave exactly what recording them one by one would — ledger, counters, rollups,
// buckets, reservations — and keep per-request answers for replays, conflicts and foreign reservations.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { groupCommitStats, recordUsage, type RecordInput } from '@/lib/metering/record';
import { admitOrRefuse as admit } from '@/lib/metering/gate';
import { reconcile } from '@/lib/metering/reconcile';
import { windowSpend, wsSubject } from '@/lib/metering/spend';
import { gateWorkspace } from './fixtures/workspace';

describe('group commit', () => {
  it('mixed concurrent usage (keys, console, tokens, explicit costs, reservations) equals the ledger exactly', async () => {
    const w = await gateWorkspace({ creditUsd: 1000, budgetUsd: 5000 });
    const a = await w.key({ spendLimit: 1000, spendLimitPeriod: 'weekly' });
    const b = await w.key();
    const keyA = await a.authed();
    const keyB = await b.authed();
    // Reservations to settle, some per key.
    const holds = await Promise.all(Array.from({ length: 12 }, (_, i) => admit(i % 2 ? keyA : keyB, 5_000_000n, 'keycap-echo')));
    const inputs: RecordInput[] = Array.from({ length: 60 }, (_, i) => {
      const key = i % 3 === 0 ? null : i % 3 === 1 ? keyA : keyB;
      const base: RecordInput = { workspaceId: w.ws.id, apiKeyId: key?.id ?? null, requestId: `gc-${i}`, model: i % 4 === 0 ? 'gpt-4o' : 'keycap-echo' };
      if (i % 5 === 0) base.costNano = BigInt(1_000_000 + i * 7919);
      else Object.assign(base, { promptTokens: 100 + i, completionTokens: i % 7 === 0 ? 0 : 50 + 3 * i });
      const hold = key && holds.find((h, j) => (j % 2 ? keyA : keyB).id === key.id && !(h as { used?: boolean }).used);
      if (hold && i % 2 === 0) {
        (hold as { used?: boolean }).used = true;
        base.reservationId = hold.reservationId;
      }
      return base;
    });
    const before = { ...groupCommitStats };
    const results = await Promise.all(inputs.map((x) => recordUsage(x)));
    expect(results.every((r) => r.replay === false)).toBe(true);
    expect(groupCommitStats.batches - before.batches).toBeGreaterThan(0);
    expect(groupCommitStats.fallbacks).toBe(before.fallbacks);

    // Every event once, with the answer its caller got.
    const events = await db.usageEvent.findMany({ where: { workspaceId: w.ws.id } });
    expect(events.length).toBe(60);
    for (const r of results) {
      const e = events.find((x) => x.id === r.event.id)!;
      expect(e).toBeTruthy();
      expect(e.requestId).toBe(r.event.requestId);
      expect(e.amountNano).toBe(r.event.amountNano);
      expect(e.currency).toBe(r.event.currency);
      expect(e.createdAt.getTime()).toBe(r.event.createdAt.getTime());
    }
    // Counters, rollups and buckets agree with the ledger and the top-ups (reconcile recomputes them all).
    const rec = await reconcile({ workspaceId: w.ws.id, dryRun: true });
    expect(rec.details).toEqual([]);
    expect(rec.drift).toBe(0);
    const total = events.reduce((s, e) => s + e.amountNano, 0n);
    expect((await windowSpend(wsSubject(w.ws.id), 'monthly', new Date())).spentNano).toBe(total);
    // The settled reservations are closed and hold nothing; the unused ones still hold their estimate.
    const used = inputs.filter((x) => x.reservationId).length;
    expect(used).toBeGreaterThan(0);
    expect(await db.reservation.count({ where: { workspaceId: w.ws.id, status: 'SETTLED' } })).toBe(used);
    expect((await windowSpend(wsSubject(w.ws.id), 'monthly', new Date())).reservedNano).toBe(BigInt(12 - used) * 5_000_000n);
    const rollup = await db.usageDaily.aggregate({ where: { workspaceId: w.ws.id }, _sum: { totalNano: true, requests: true } });
    expect(rollup._sum.totalNano).toBe(total);
    expect(rollup._sum.requests).toBe(60n);
  });

  it('replays, conflicting bodies and foreign reservations inside a burst keep their own answers', async () => {
    const w = await gateWorkspace({ creditUsd: 100 });
    const k = await w.key();
    const other = await w.key();
    const hold = await admit(await other.authed(), 1_000_000n, 'keycap-echo');
    const ok = (i: number): RecordInput => ({ workspaceId: w.ws.id, apiKeyId: k.id, requestId: `r-${i}`, model: 'keycap-echo', costNano: 1_000_000n });
    await recordUsage(ok(0)); // recorded before the burst
    const burst = [
      ...Array.from({ length: 10 }, (_, i) => recordUsage(ok(i + 1))),
      recordUsage(ok(0)), // replay of a recorded event
      recordUsage(ok(5)), // the same requestId twice in the burst
      recordUsage({ ...ok(0), costNano: 2_000_000n }), // same id, different body
      recordUsage({ ...ok(99), reservationId: hold.reservationId }), // another key's reservation
    ];
    const settled = await Promise.allSettled(burst);
    const values = settled.map((s) => (s.status === 'fulfilled' ? s.value.replay : (s.reason as { status?: number }).status));
    expect(values.slice(0, 10)).toEqual(Array(10).fill(false));
    expect(values[10]).toBe(true);
    expect(values[11]).toBe(true);
    expect(values[12]).toBe(409);
    expect(values[13]).toBe(404);
    expect(await db.usageEvent.count({ where: { workspaceId: w.ws.id } })).toBe(11);
    expect((await db.reservation.findUniqueOrThrow({ where: { id: hold.reservationId } })).status).toBe('OPEN');
    expect((await reconcile({ workspaceId: w.ws.id, dryRun: true })).drift).toBe(0);
  });
});
