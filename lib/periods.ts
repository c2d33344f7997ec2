// Spend-limit windows, all in UTC: daily from 00:00, weekly from Monday 00:00,
// monthly from the 1st 00:00, total = lifetime (window start = epoch, never resets).
export const PERIODS = ['daily', 'weekly', 'monthly', 'total'] as const;
export type Period = (typeof PERIODS)[number];
export const EPOCH = new Date(0);

export function isPeriod(v: unknown): v is Period {
  return typeof v === 'string' && (PERIODS as readonly string[]).includes(v);
}

export function windowStart(period: Period, now: Date): Date {
  const y = now.getUTCFullYear(), m = now.getUTCMonth(), d = now.getUTCDate();
  switch (period) {
    case 'daily':
      return new Date(Date.UTC(y, m, d));
    case 'weekly': {
      const sinceMonday = (now.getUTCDay() + 6) % 7;
      return new Date(Date.UTC(y, m, d - sinceMonday));
    }
    case 'monthly':
      return new Date(Date.UTC(y, m, 1));
    case 'total':
      return EPOCH;
  }
}

/** Start of the next window (when the current one resets), or null for `total`. */
export function windowEnd(period: Period, now: Date): Date | null {
  const s = windowStart(period, now);
  switch (period) {
    case 'daily':
      return new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth(), s.getUTCDate() + 1));
    case 'weekly':
      return new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth(), s.getUTCDate() + 7));
    case 'monthly':
      return new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 1));
    case 'total':
      return null;
  }
}

export const dayStart = (now: Date) => windowStart('daily', now);
export const monthStart = (now: Date) => windowStart('monthly', now);

export const PERIOD_WORDS: Record<Period, string> = {
  daily: 'per day',
  weekly: 'per week',
  monthly: 'per month',
  total: 'in total',
};

/** ISO without milliseconds: 2026-11-23T00:00:00Z */
export function isoSeconds(d: Date | null): string | null {
  return d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}
