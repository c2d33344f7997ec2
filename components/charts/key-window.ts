// Running spend of a key inside each of its limit windows (pure: used by KeySpendChart, unit-tested).
import { windowStart, type Period } from '@/lib/periods';

export interface KeySpendRow {
  x: string;
  usd: number;
  /** the cap that applied that day (limit history), null where none did */
  cap: number | null;
  /** spend in this day's limit window up to and including this day */
  window: number;
  /** true on the first day of a new window */
  windowStart: boolean;
}

/** Running spend inside each limit window (daily: the day itself; total: everything shown). */
export function windowRows(data: { date: string; usd: number; cap?: number | null }[], period: Period | null): KeySpendRow[] {
  let acc = 0;
  let current = '';
  return data.map((d) => {
    const w = period ? windowStart(period, new Date(`${d.date}T00:00:00Z`)).toISOString() : 'all';
    const starts = w !== current;
    if (starts) {
      acc = 0;
      current = w;
    }
    acc = Math.round((acc + d.usd) * 1e9) / 1e9;
    return { x: d.date, usd: d.usd, cap: d.cap ?? null, window: acc, windowStart: starts };
  });
}

