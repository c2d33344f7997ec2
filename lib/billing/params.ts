// Query parameters of the billing endpoints (GET /billing/usage, GET /billing/usage-analytics) and of the
// console's Overview / Usage pages. Bad API input -> 400 naming the parameter; the console is lenient.
import { z } from 'zod';
import { badRequest } from '../errors';
import { parseInput } from '../schemas/parse';
import { addDays, dayKey, daysInclusive, parseDay, utcDay } from './days';

export const CURRENCIES = ['USD', 'DIEM', 'BUNDLED_CREDITS'] as const;
export type Currency = (typeof CURRENCIES)[number];
export const isCurrency = (v: unknown): v is Currency => typeof v === 'string' && (CURRENCIES as readonly string[]).includes(v);

export const MAX_ANALYTICS_DAYS = 90;
export const DEFAULT_LOOKBACK_DAYS = 7;
/** The pseudo key id for usage from the console itself (apiKeyId null). */
export const CONSOLE_KEY = 'console';

/** What to read from the ledger. `apiKeyId: null` = console usage only; undefined = every key. */
export interface UsageFilter {
  currency?: Currency;
  /** inclusive */
  start?: Date;
  /** exclusive */
  end?: Date;
  apiKeyId?: string | null;
  model?: string;
}

export interface UsageQuery extends UsageFilter {
  limit: number;
  page: number;
  sortOrder: 'asc' | 'desc';
}

const intIn = (min: number, max: number, def: number, message = `must be an integer between ${min} and ${max}`) =>
  z
    .string()
    .optional()
    .transform((s, c) => {
      if (s === undefined) return def;
      const n = /^\d{1,9}$/.test(s.trim()) ? Number(s.trim()) : NaN;
      if (!Number.isInteger(n) || n < min || n > max) {
        c.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return n;
    });

/** ISO 8601: a date (YYYY-MM-DD: the whole UTC day) or a date-time with a timezone (Z or ±hh:mm). */
const isoBound = (edge: 'start' | 'end') =>
  z
    .string()
    .optional()
    .transform((s, c) => {
      if (s === undefined || s === '') return undefined;
      const day = parseDay(s);
      if (day) return edge === 'start' ? day : addDays(day, 1);
      if (z.iso.datetime({ offset: true }).safeParse(s).success) {
        const d = new Date(s);
        if (!Number.isNaN(d.getTime())) return edge === 'start' ? d : new Date(d.getTime() + 1); // end is inclusive
      }
      c.addIssue({ code: 'custom', message: 'must be an ISO 8601 date (YYYY-MM-DD) or date-time with a timezone (e.g. 2026-11-22T10:00:00Z)' });
      return z.NEVER;
    });

const usageQuerySchema = z.object({
  currency: z
    .string()
    .optional()
    .refine((v) => v === undefined || isCurrency(v), { message: `must be one of ${CURRENCIES.join(', ')}` }),
  startDate: isoBound('start'),
  endDate: isoBound('end'),
  limit: intIn(1, 500, 200),
  page: intIn(1, 1_000_000_000, 1, 'must be an integer ≥ 1'),
  sortOrder: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }).optional(),
  apiKeyId: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters').optional(),
  model: z.string().trim().min(1, 'must not be empty').max(128, 'must be at most 128 characters').optional(),
});

/** GET /billing/usage parameters. `apiKeyId` (a key id, or "console") and `model` are Keycap extensions. */
export function parseUsageQuery(sp: URLSearchParams): UsageQuery {
  const q = parseInput(usageQuerySchema, Object.fromEntries(sp));
  if (q.startDate && q.endDate && q.endDate <= q.startDate) throw badRequest('endDate', 'endDate must not be before startDate.');
  return {
    currency: q.currency as Currency | undefined,
    start: q.startDate,
    end: q.endDate,
    apiKeyId: q.apiKeyId === undefined ? undefined : q.apiKeyId === CONSOLE_KEY ? null : q.apiKeyId,
    model: q.model,
    limit: q.limit,
    page: q.page,
    sortOrder: q.sortOrder ?? 'desc',
  };
}

/** An analytics period: whole UTC days from `start` to `end` (both inclusive). */
export interface AnalyticsRange {
  start: Date;
  end: Date;
  /** "7d", or "YYYY-MM-DD:YYYY-MM-DD" for an explicit range */
  lookback: string;
  days: number;
  /** console only: how a requested custom range was changed to be shown (From after To: swapped; over 90 days: shortened) */
  adjusted?: 'swapped' | 'clamped';
}

export function lookbackRange(days: number, now: Date): AnalyticsRange {
  const n = Math.max(1, Math.min(MAX_ANALYTICS_DAYS, Math.trunc(days)));
  const end = utcDay(now);
  return { start: addDays(end, -(n - 1)), end, lookback: `${n}d`, days: n };
}

export function dateRange(start: Date, end: Date): AnalyticsRange {
  return { start, end, lookback: `${dayKey(start)}:${dayKey(end)}`, days: daysInclusive(start, end) };
}

/**
 * GET /billing/usage-analytics parameters: `lookback=Nd` (default 7d; above 90d clamped to 90d) or
 * `startDate` + `endDate` as YYYY-MM-DD (both or neither; at most 90 days).
 */
export function parseAnalyticsQuery(sp: URLSearchParams, now = new Date()): AnalyticsRange {
  const lookback = sp.get('lookback');
  const s = sp.get('startDate');
  const e = sp.get('endDate');
  if (s !== null || e !== null) {
    if (lookback !== null) throw badRequest('lookback', 'Use either lookback or startDate + endDate, not both.');
    if (s === null) throw badRequest('startDate', 'startDate is required with endDate (both YYYY-MM-DD).');
    if (e === null) throw badRequest('endDate', 'endDate is required with startDate (both YYYY-MM-DD).');
    const start = parseDay(s);
    if (!start) throw badRequest('startDate', 'startDate must be a date as YYYY-MM-DD.');
    const end = parseDay(e);
    if (!end) throw badRequest('endDate', 'endDate must be a date as YYYY-MM-DD.');
    if (end < start) throw badRequest('endDate', 'endDate must not be before startDate.');
    const days = daysInclusive(start, end);
    if (days > MAX_ANALYTICS_DAYS) throw badRequest('endDate', `startDate to endDate covers ${days} days; at most ${MAX_ANALYTICS_DAYS} days are allowed.`);
    return dateRange(start, end);
  }
  if (lookback === null) return lookbackRange(DEFAULT_LOOKBACK_DAYS, now);
  const m = /^(\d{1,6})d$/.exec(lookback.trim());
  if (!m || Number(m[1]) < 1) throw badRequest('lookback', 'lookback must be a number of days like "7d", "30d" or "90d".');
  return lookbackRange(Number(m[1]), now);
}

// ---- console (lenient: links and forms we render ourselves; anything invalid is ignored) -------------

type SearchParams = Record<string, string | string[] | undefined>;
const one = (sp: SearchParams, k: string) => {
  const v = sp[k];
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
};

export const LOOKBACK_CHOICES = [7, 30, 90] as const;

/** Overview: ?lookback=30d or ?start=YYYY-MM-DD&end=YYYY-MM-DD (swapped if reversed, clamped to 90 days ending at `end`). */
export function consoleRange(sp: SearchParams, now = new Date()): AnalyticsRange {
  const s = parseDay(one(sp, 'start') ?? '');
  const e = parseDay(one(sp, 'end') ?? '');
  if (s && e) {
    const [a, b] = s <= e ? [s, e] : [e, s];
    const clamped = daysInclusive(a, b) > MAX_ANALYTICS_DAYS;
    const start = clamped ? addDays(b, -(MAX_ANALYTICS_DAYS - 1)) : a;
    const adjusted = s > e ? 'swapped' : clamped ? 'clamped' : undefined;
    return { ...dateRange(start, b), ...(adjusted ? { adjusted } : {}) };
  }
  const m = /^(\d{1,6})d$/.exec(one(sp, 'lookback') ?? '');
  return lookbackRange(m ? Number(m[1]) : DEFAULT_LOOKBACK_DAYS, now);
}

export interface ConsoleUsageFilter {
  filter: UsageFilter;
  page: number;
  /** the normalized values, to refill the form and build links */
  values: { key?: string; model?: string; currency?: Currency; start?: string; end?: string };
  /** "To" is before "From": nothing can match (the page says so and offers the swapped range) */
  reversed: boolean;
}

/** Usage page and its CSV export: ?key=<id|console>&model=&currency=&start=YYYY-MM-DD&end=YYYY-MM-DD&page=. */
export function consoleUsageFilter(sp: SearchParams): ConsoleUsageFilter {
  const key = one(sp, 'key');
  const model = one(sp, 'model')?.slice(0, 128);
  const cur = one(sp, 'currency');
  const currency = isCurrency(cur) ? cur : undefined;
  const s = parseDay(one(sp, 'start') ?? '');
  const e = parseDay(one(sp, 'end') ?? '');
  const pageRaw = Number(one(sp, 'page') ?? '1');
  const page = Number.isInteger(pageRaw) && pageRaw >= 1 ? Math.min(pageRaw, 1_000_000) : 1;
  return {
    filter: {
      currency,
      model,
      apiKeyId: key === undefined ? undefined : key === CONSOLE_KEY ? null : key.slice(0, 64),
      start: s ?? undefined,
      end: e ? addDays(e, 1) : undefined,
    },
    page,
    values: { key, model, currency, start: s ? dayKey(s) : undefined, end: e ? dayKey(e) : undefined },
    reversed: !!(s && e && e < s),
  };
}
