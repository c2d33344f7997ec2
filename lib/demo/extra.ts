// Richer demo data: credits, a few inference keys with different caps (one at 85 % of its monthly cap),
// and 90 days of realistic usage recorded through recordUsage, so counters, rollups, buckets and alerts are
// all real. Deterministic (seeded PRNG), ~2k events, about 10 s on SQLite.
import { db } from '../db';
import type { Ctx } from '../context';
import { createKey, updateKey } from '../services/keys';
import { addCredits } from '../services/credits';
import { recordUsage } from '../metering/record';
import { windowSpend } from '../metering/spend';
import { nanoToUsd } from '../money';

const DAY = 86_400_000;

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Model = 'keycap-echo' | 'gpt-4o-mini' | 'gpt-4o' | 'text-embedding-3-small';
interface Source {
  keyId: string | null;
  weight: number;
  models: [Model, number][];
  notes?: string;
}

/** Tokens and latency of one request, by model (prompt, completion, ms). */
function shape(model: Model, r: () => number): { promptTokens: number; completionTokens?: number; executionTimeMs: number } {
  const between = (a: number, b: number) => Math.round(a + (b - a) * r() ** 1.6);
  switch (model) {
    case 'gpt-4o':
      return { promptTokens: between(6_000, 120_000), completionTokens: between(300, 6_000), executionTimeMs: between(900, 12_000) };
    case 'gpt-4o-mini':
      return { promptTokens: between(800, 40_000), completionTokens: between(100, 3_000), executionTimeMs: between(400, 4_000) };
    case 'keycap-echo':
      return { promptTokens: between(200, 8_000), completionTokens: between(200, 6_000), executionTimeMs: between(20, 400) };
    case 'text-embedding-3-small':
      return { promptTokens: between(2_000, 120_000), executionTimeMs: between(60, 900) };
  }
}

const pick = <T>(items: [T, number][], r: () => number): T => {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1][0];
};

export async function seedDemoExtras(ctx: Ctx, { ownerId }: { ownerId: string }, now = new Date()) {
  const owner = await db.user.findUnique({ where: { id: ownerId }, select: { email: true } });
  const ownerCtx: Ctx = { ...ctx, actor: { kind: 'user', userId: ownerId, role: 'OWNER', label: owner?.email ?? 'owner' } };

  await addCredits(ownerCtx, { bucket: 'BUNDLED_CREDITS', usd: 25, note: 'Pro plan: bundled credits' });
  await addCredits(ownerCtx, { bucket: 'USD', usd: 400, note: 'Initial top-up (invoice INV-1001)' });

  const prod = await createKey(ownerCtx, { name: 'backend prod', type: 'INFERENCE', spendLimit: 400, spendLimitPeriod: 'monthly' });
  const staging = await createKey(ownerCtx, { name: 'staging', type: 'INFERENCE', spendLimit: 20, spendLimitPeriod: 'weekly' });
  const pipeline = await createKey(ownerCtx, { name: 'embeddings pipeline', type: 'INFERENCE', spendLimit: null });
  const mobile = await createKey(ownerCtx, { name: 'mobile app', type: 'INFERENCE', spendLimit: 500, spendLimitPeriod: 'monthly' });
  const demoKey = await db.apiKey.findFirst({ where: { workspaceId: ctx.workspaceId, type: 'INFERENCE', name: 'Demo inference key' }, select: { id: true } });

  const sources: Source[] = [
    { keyId: prod.key.id, weight: 40, models: [['gpt-4o-mini', 45], ['gpt-4o', 45], ['keycap-echo', 10]] },
    { keyId: staging.key.id, weight: 10, models: [['keycap-echo', 60], ['gpt-4o-mini', 40]] },
    { keyId: pipeline.key.id, weight: 18, models: [['text-embedding-3-small', 1]] },
    { keyId: mobile.key.id, weight: 18, models: [['gpt-4o-mini', 65], ['gpt-4o', 35]] },
    ...(demoKey ? [{ keyId: demoKey.id, weight: 5, models: [['keycap-echo', 1]] as [Model, number][] }] : []),
    { keyId: null, weight: 9, models: [['gpt-4o', 50], ['gpt-4o-mini', 50]], notes: 'console playground' },
  ];

  const r = prng(20261122);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  let n = 0;
  const record = async (at: Date, src: Source, model?: Model) => {
    const m = model ?? pick(src.models, r);
    await recordUsage({ workspaceId: ctx.workspaceId, apiKeyId: src.keyId, requestId: `demo-${String(++n).padStart(5, '0')}`, model: m, at, notes: src.notes, ...shape(m, r) });
  };
  const dayEvents = (dayStart: number, i: number) => {
    const dow = new Date(dayStart).getUTCDay();
    const weekday = dow === 0 ? 0.3 : dow === 6 ? 0.4 : 1;
    const growth = 0.55 + (0.6 * i) / 89; // usage grows over the quarter
    return Math.max(1, Math.round(30 * weekday * growth * (0.75 + 0.5 * r())));
  };
  /** Office-hours-shaped timestamps within the day (UTC), never in the future. */
  const timeIn = (dayStart: number) => {
    const hour = Math.min(23, Math.max(0, Math.round(14 + 4.5 * (r() + r() + r() - 1.5))));
    return new Date(Math.min(now.getTime() - 1000, dayStart + hour * 3_600_000 + Math.floor(r() * 3_600_000)));
  };

  // 89 days of history, oldest first (so bundled credits are used up before the USD balance).
  for (let i = 0; i < 89; i++) {
    const start = today - (89 - i) * DAY;
    const times = Array.from({ length: dayEvents(start, i) }, () => timeIn(start)).sort((a, b) => a.getTime() - b.getTime());
    for (const at of times) await record(at, pick(sources.map((s) => [s, s.weight]), r));
  }
  // Today, with a DIEM allocation: today's first dollars are paid from DIEM.
  await db.workspace.update({ where: { id: ctx.workspaceId }, data: { diemEpochAllocationNano: 3_000_000_000n } });
  const soFar = Math.max(1, Math.round(dayEvents(today, 89) * Math.min(1, (now.getTime() - today) / DAY + 0.2)));
  const times = Array.from({ length: soFar }, () => new Date(today + Math.floor(r() * Math.max(60_000, now.getTime() - today - 1000)))).sort((a, b) => a.getTime() - b.getTime());
  for (const at of times) await record(at, pick(sources.map((s) => [s, s.weight]), r));

  // "mobile app" ends at 85 % of its monthly cap: the cap is set from what it actually spent this month.
  const mobileSrc = sources.find((s) => s.keyId === mobile.key.id)!;
  while ((await windowSpend(mobile.key.id, 'monthly', now)).spentNano < 2_000_000_000n) await record(new Date(now.getTime() - 60_000), mobileSrc, 'gpt-4o');
  const spent = nanoToUsd((await windowSpend(mobile.key.id, 'monthly', now)).spentNano)!;
  await updateKey(ownerCtx, mobile.key.id, { spendLimit: (Math.floor((spent / 0.85) * 100) / 100).toFixed(2), spendLimitPeriod: 'monthly' });

  // Keys look as old as their usage, and show when they were last used.
  const spans = await db.usageEvent.groupBy({ by: ['apiKeyId'], where: { workspaceId: ctx.workspaceId, apiKeyId: { not: null } }, _min: { createdAt: true }, _max: { createdAt: true } });
  for (const s of spans)
    if (s.apiKeyId && s._min.createdAt)
      await db.apiKey.update({ where: { id: s.apiKeyId }, data: { createdAt: new Date(s._min.createdAt.getTime() - 2 * DAY), lastUsedAt: s._max.createdAt } });
  return { events: n };
}
