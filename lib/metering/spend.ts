// The one place spend is read: a subject's spend and open reservations in a window, from the counters.
// The gate (admission), the keys list, the API and the alerts all read spend through here.
import { db, type Tx } from '../db';
import { monthStart, windowEnd, windowStart, type Period } from '../periods';

export { wsSubject } from '../store/counters';
import { wsSubject } from '../store/counters';

export interface WindowSpend {
  spentNano: bigint;
  reservedNano: bigint;
  windowStart: Date;
  resetsAt: Date | null;
}

export async function windowSpend(subject: string, period: Period, now: Date, tx: Tx = db): Promise<WindowSpend> {
  const start = windowStart(period, now);
  const row = await tx.spendCounter.findUnique({ where: { subject_period_windowStart: { subject, period, windowStart: start } } });
  return { spentNano: row?.spentNano ?? 0n, reservedNano: row?.reservedNano ?? 0n, windowStart: start, resetsAt: windowEnd(period, now) };
}

/** Batch read for lists: spend of many subjects in one period's current window. */
export async function windowSpendMany(subjects: string[], period: Period, now: Date): Promise<Map<string, WindowSpend>> {
  const start = windowStart(period, now);
  const rows = subjects.length
    ? await db.spendCounter.findMany({ where: { subject: { in: subjects }, period, windowStart: start } })
    : [];
  const out = new Map<string, WindowSpend>();
  for (const s of subjects) out.set(s, { spentNano: 0n, reservedNano: 0n, windowStart: start, resetsAt: windowEnd(period, now) });
  for (const r of rows) out.set(r.subject, { spentNano: r.spentNano, reservedNano: r.reservedNano, windowStart: start, resetsAt: windowEnd(period, now) });
  return out;
}

/** Several (subject, period) windows at `now` in one query (the headroom headers read the key's and the workspace's). */
export async function windowSpends(pairs: { subject: string; period: Period }[], now: Date, tx: Tx = db): Promise<WindowSpend[]> {
  if (!pairs.length) return [];
  const keys = pairs.map((p) => ({ subject: p.subject, period: p.period, windowStart: windowStart(p.period, now) }));
  const rows = await tx.spendCounter.findMany({ where: { OR: keys } });
  return keys.map((k) => {
    const r = rows.find((x) => x.subject === k.subject && x.period === k.period && x.windowStart.getTime() === k.windowStart.getTime());
    return { spentNano: r?.spentNano ?? 0n, reservedNano: r?.reservedNano ?? 0n, windowStart: k.windowStart, resetsAt: windowEnd(k.period, now) };
  });
}

export const workspaceMonthSpend = (workspaceId: string, now: Date, tx: Tx = db) =>
  windowSpend(wsSubject(workspaceId), 'monthly', now, tx);

export { monthStart };
