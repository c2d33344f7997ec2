import { describe, expect, it } from 'vitest';
import { EPOCH, isPeriod, isoSeconds, windowEnd, windowStart } from './periods';

const d = (iso: string) => new Date(iso);
const iso = (x: Date | null) => x?.toISOString() ?? null;

describe('windowStart / windowEnd (UTC)', () => {
  it('daily: midnight to midnight, the last second stays in the day', () => {
    const last = d('2026-11-22T23:59:59.999Z');
    expect(iso(windowStart('daily', last))).toBe('2026-11-22T00:00:00.000Z');
    expect(iso(windowEnd('daily', last))).toBe('2026-11-23T00:00:00.000Z');
    const next = d('2026-11-23T00:00:00.000Z');
    expect(iso(windowStart('daily', next))).toBe('2026-11-23T00:00:00.000Z');
  });

  it('weekly: starts Monday 00:00 UTC', () => {
    // 2026-11-22 is a Sunday: still the week that began Monday 2026-11-16.
    expect(iso(windowStart('weekly', d('2026-11-22T23:59:59.999Z')))).toBe('2026-11-16T00:00:00.000Z');
    expect(iso(windowEnd('weekly', d('2026-11-22T23:59:59.999Z')))).toBe('2026-11-23T00:00:00.000Z');
    // Monday 00:00 starts a new week.
    expect(iso(windowStart('weekly', d('2026-11-23T00:00:00.000Z')))).toBe('2026-11-23T00:00:00.000Z');
    // A week spanning a month and a year boundary: Monday 2029-12-31.
    expect(iso(windowStart('weekly', d('2030-01-03T12:00:00Z')))).toBe('2029-12-31T00:00:00.000Z');
    expect(iso(windowEnd('weekly', d('2030-01-03T12:00:00Z')))).toBe('2030-01-07T00:00:00.000Z');
  });

  it('monthly: from the 1st, including the last second of the month and year', () => {
    const last = d('2026-12-31T23:59:59.999Z');
    expect(iso(windowStart('monthly', last))).toBe('2026-12-01T00:00:00.000Z');
    expect(iso(windowEnd('monthly', last))).toBe('2027-01-01T00:00:00.000Z');
    expect(iso(windowStart('daily', last))).toBe('2026-12-31T00:00:00.000Z');
    expect(iso(windowEnd('daily', last))).toBe('2027-01-01T00:00:00.000Z');
    expect(iso(windowStart('monthly', d('2027-01-01T00:00:00Z')))).toBe('2027-01-01T00:00:00.000Z');
  });

  it('leap day 2028-02-29 belongs to February', () => {
    const leap = d('2028-02-29T23:59:59Z');
    expect(iso(windowStart('daily', leap))).toBe('2028-02-29T00:00:00.000Z');
    expect(iso(windowEnd('daily', leap))).toBe('2028-03-01T00:00:00.000Z');
    expect(iso(windowStart('monthly', leap))).toBe('2028-02-01T00:00:00.000Z');
    expect(iso(windowEnd('monthly', leap))).toBe('2028-03-01T00:00:00.000Z');
    // 2028-02-29 is a Tuesday: its week started Monday the 28th and ends Monday 6 March.
    expect(iso(windowStart('weekly', leap))).toBe('2028-02-28T00:00:00.000Z');
    expect(iso(windowEnd('weekly', leap))).toBe('2028-03-06T00:00:00.000Z');
    // February of a non-leap year ends on the 28th.
    expect(iso(windowEnd('monthly', d('2027-02-28T23:59:59Z')))).toBe('2027-03-01T00:00:00.000Z');
  });

  it('total: from the epoch, never resets', () => {
    expect(windowStart('total', d('2026-11-22T10:00:00Z'))).toEqual(EPOCH);
    expect(windowEnd('total', d('2026-11-22T10:00:00Z'))).toBeNull();
  });

  it('ignores the local time zone of the machine', () => {
    // 23:30 UTC on the 31st is already the 1st in UTC+1, but windows are UTC.
    const t = d('2026-03-31T23:30:00Z');
    expect(iso(windowStart('monthly', t))).toBe('2026-03-01T00:00:00.000Z');
    expect(iso(windowEnd('daily', t))).toBe('2026-04-01T00:00:00.000Z');
  });
});

describe('helpers', () => {
  it('isPeriod accepts only the four periods', () => {
    for (const p of ['daily', 'weekly', 'monthly', 'total']) expect(isPeriod(p)).toBe(true);
    for (const p of ['yearly', 'Daily', '', null, 1]) expect(isPeriod(p)).toBe(false);
  });

  it('isoSeconds drops milliseconds', () => {
    expect(isoSeconds(d('2026-11-23T00:00:00.000Z'))).toBe('2026-11-23T00:00:00Z');
    expect(isoSeconds(null)).toBeNull();
  });
});
