// reconcile: recompute counters, rollups and bucket balances from the ledger (and top-ups, open
// reservations), report every difference found, and (unless dryRun) write the recomputed values.
import { db } from '../db';
import { PERIODS, EPOCH, dayStart, windowStart, monthStart } from '../periods';
import { wsSubject } from './spend';

export interface Drift {
  table: 'SpendCounter' | 'UsageDaily' | 'CreditBucket';
  key: string;
  field: string;
  stored: string;
  expected: string;
}

type Acc = Map<string, Record<string, bigint>>;
const add = (m: Acc, k: string, f: Record<string, bigint>) => {
  const cur = m.get(k) ?? {};
  for (const [n, v] of Object.entries(f)) cur[n] = (cur[n] ?? 0n) + v;
  m.set(k, cur);
};

export async function reconcile(opts: { workspaceId?: string; dryRun?: boolean } = {}) {
  const wsIds = opts.workspaceId ? [opts.workspaceId] : (await db.workspace.findMany({ select: { id: true } })).map((w) => w.id);
  const drift: Drift[] = [];
  let events = 0;
  for (const workspaceId of wsIds) {
    const counters: Acc = new Map();
    const rollups: Acc = new Map();
    const buckets: Acc = new Map();
    let cursor: string | undefined;
    for (;;) {
      const page = await db.usageEvent.findMany({ where: { workspaceId }, orderBy: { id: 'asc' }, take: 5000, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) });
      if (!page.length) break;
      cursor = page[page.length - 1].id;
      for (const e of page) {
        events++;
        const at = e.createdAt;
        if (e.apiKeyId) for (const p of PERIODS) add(counters, `${e.apiKeyId}|${p}|${windowStart(p, at).toISOString()}`, { spentNano: e.amountNano });
        add(counters, `${wsSubject(workspaceId)}|monthly|${monthStart(at).toISOString()}`, { spentNano: e.amountNano });
        const units = (e.promptTokens ?? 0) + (e.completionTokens ?? 0);
        add(rollups, `${dayStart(at).toISOString()}|${e.apiKeyId ?? ''}|${e.model}|${e.currency}`, {
          requests: 1n,
          inputUnits: BigInt(e.promptTokens ?? 0),
          outputUnits: BigInt(e.completionTokens ?? 0),
          otherUnits: units > 0 ? 0n : 1n,
          inputNano: e.inputNano,
          outputNano: e.outputNano,
          otherNano: e.amountNano - e.inputNano - e.outputNano,
          totalNano: e.amountNano,
        });
        const epoch = e.currency === 'DIEM' ? dayStart(at) : EPOCH;
        add(buckets, `${e.currency}|${epoch.toISOString()}`, { balanceNano: -e.amountNano });
      }
    }
    for (const r of await db.reservation.findMany({ where: { workspaceId, status: 'OPEN' } })) {
      add(counters, `${wsSubject(workspaceId)}|monthly|${r.wsWindowStart.toISOString()}`, { reservedNano: r.estimateNano });
      if (r.apiKeyId && r.keyPeriod && r.keyWindowStart) add(counters, `${r.apiKeyId}|${r.keyPeriod}|${r.keyWindowStart.toISOString()}`, { reservedNano: r.estimateNano });
      if (r.bucket && r.bucketEpoch) add(buckets, `${r.bucket}|${r.bucketEpoch.toISOString()}`, { reservedNano: r.estimateNano });
    }
    for (const t of await db.creditTopUp.findMany({ where: { workspaceId } })) add(buckets, `${t.bucket}|${EPOCH.toISOString()}`, { balanceNano: t.amountNano });
    const ws = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });

    // Counters
    const storedCounters = await db.spendCounter.findMany({ where: { workspaceId } });
    const seen = new Set<string>();
    for (const c of storedCounters) {
      const k = `${c.subject}|${c.period}|${c.windowStart.toISOString()}`;
      seen.add(k);
      const exp = counters.get(k) ?? {};
      for (const f of ['spentNano', 'reservedNano'] as const) {
        const e = exp[f] ?? 0n;
        if (c[f] !== e) {
          drift.push({ table: 'SpendCounter', key: k, field: f, stored: String(c[f]), expected: String(e) });
          if (!opts.dryRun) await db.spendCounter.update({ where: { subject_period_windowStart: { subject: c.subject, period: c.period, windowStart: c.windowStart } }, data: { [f]: e } });
        }
      }
    }
    for (const [k, exp] of counters) {
      if (seen.has(k)) continue;
      drift.push({ table: 'SpendCounter', key: k, field: 'row', stored: 'missing', expected: JSON.stringify(exp, (_x, v) => (typeof v === 'bigint' ? String(v) : v)) });
      if (!opts.dryRun) {
        const [subject, period, iso] = k.split('|');
        await db.spendCounter.create({ data: { subject, period, windowStart: new Date(iso), workspaceId, spentNano: exp.spentNano ?? 0n, reservedNano: exp.reservedNano ?? 0n } });
      }
    }

    // Rollups
    const storedRollups = await db.usageDaily.findMany({ where: { workspaceId } });
    const seenR = new Set<string>();
    const fields = ['requests', 'inputUnits', 'outputUnits', 'otherUnits', 'inputNano', 'outputNano', 'otherNano', 'totalNano'] as const;
    for (const r of storedRollups) {
      const k = `${r.day.toISOString()}|${r.keyRef}|${r.model}|${r.currency}`;
      seenR.add(k);
      const exp = rollups.get(k) ?? {};
      const patch: Record<string, bigint> = {};
      for (const f of fields) if (r[f] !== (exp[f] ?? 0n)) {
        drift.push({ table: 'UsageDaily', key: k, field: f, stored: String(r[f]), expected: String(exp[f] ?? 0n) });
        patch[f] = exp[f] ?? 0n;
      }
      if (!opts.dryRun && Object.keys(patch).length)
        await db.usageDaily.update({ where: { workspaceId_day_keyRef_model_currency: { workspaceId, day: r.day, keyRef: r.keyRef, model: r.model, currency: r.currency } }, data: patch });
    }
    for (const [k, exp] of rollups) {
      if (seenR.has(k)) continue;
      drift.push({ table: 'UsageDaily', key: k, field: 'row', stored: 'missing', expected: String(exp.totalNano) });
      if (!opts.dryRun) {
        const [iso, keyRef, model, currency] = k.split('|');
        await db.usageDaily.create({ data: { workspaceId, day: new Date(iso), keyRef, model, currency, ...Object.fromEntries(fields.map((f) => [f, exp[f] ?? 0n])) } });
      }
    }

    // Buckets: USD / BUNDLED = top-ups - charges; DIEM day rows = allocation - charges of that day.
    for (const b of await db.creditBucket.findMany({ where: { workspaceId } })) {
      const k = `${b.bucket}|${b.epochStart.toISOString()}`;
      const exp = buckets.get(k) ?? {};
      const base = b.bucket === 'DIEM' ? (ws.diemEpochAllocationNano ?? 0n) : 0n;
      const expBalance = base + (exp.balanceNano ?? 0n);
      // A DIEM day row is created with the allocation of that day; a later allocation change is not drift.
      if (b.bucket !== 'DIEM' && b.balanceNano !== expBalance) {
        drift.push({ table: 'CreditBucket', key: k, field: 'balanceNano', stored: String(b.balanceNano), expected: String(expBalance) });
        if (!opts.dryRun) await db.creditBucket.update({ where: { workspaceId_bucket_epochStart: { workspaceId, bucket: b.bucket, epochStart: b.epochStart } }, data: { balanceNano: expBalance } });
      }
      if (b.reservedNano !== (exp.reservedNano ?? 0n)) {
        drift.push({ table: 'CreditBucket', key: k, field: 'reservedNano', stored: String(b.reservedNano), expected: String(exp.reservedNano ?? 0n) });
        if (!opts.dryRun) await db.creditBucket.update({ where: { workspaceId_bucket_epochStart: { workspaceId, bucket: b.bucket, epochStart: b.epochStart } }, data: { reservedNano: exp.reservedNano ?? 0n } });
      }
    }
  }
  return { workspaces: wsIds.length, events, drift: drift.length, details: drift.slice(0, 100) };
}
