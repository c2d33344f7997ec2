import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, perDayNano, projectExhaustion, toForecastObject, type ForecastInput } from './forecast';

const USD = 1_000_000_000n;
const now = new Date('2026-12-02T16:00:00.000Z');
const monthEnd = new Date('2027-01-01T00:00:00.000Z');
const base: ForecastInput = { limitNano: 50n * USD, spentNano: 0n, reservedNano: 0n, spend24hNano: 0n, spend7dNano: 0n, now, windowEnd: monthEnd };
const f = (o: Partial<ForecastInput>) => projectExhaustion({ ...base, ...o });

describe('projectExhaustion', () => {
  it('projected: $1/h for the last 24 h, $26 left of $50 → exactly 26 hours from now', () => {
    const r = f({ spentNano: 24n * USD, spend24hNano: 24n * USD, spend7dNano: 24n * USD });
    expect(r.state).toBe('projected');
    expect(r.projectedExhaustionAt?.toISOString()).toBe('2026-12-03T18:00:00.000Z');
    expect(r.spendRate24hUsdPerDay).toBe(24);
    expect(r.spendRate7dUsdPerDay).toBe(3.428571429); // $24 / 7 days, to the nano-dollar
  });

  it('counts open reservations as used, like admission', () => {
    const r = f({ spentNano: 24n * USD, reservedNano: 2n * USD, spend24hNano: 24n * USD });
    expect(r.projectedExhaustionAt?.getTime()).toBe(now.getTime() + 24 * HOUR_MS);
  });

  it('rounds the instant up to the millisecond, exactly (no float money)', () => {
    // $1 left at $3 per day: 8 h exactly; at 3 nano-dollars short of $1: 28 799 999.9136 ms → …1 ms up
    expect(f({ spentNano: 49n * USD, spend24hNano: 3n * USD }).projectedExhaustionAt?.getTime()).toBe(now.getTime() + 8 * HOUR_MS);
    const odd = f({ spentNano: 49n * USD + 3n, spend24hNano: 3n * USD });
    // remaining × DAY_MS / spend24h = (1e9 − 3) × 86 400 000 / 3e9 = 28 799 999.9136 → 28 800 000
    expect(odd.projectedExhaustionAt?.getTime()).toBe(now.getTime() + 28_800_000);
    const tiny = f({ limitNano: 10n, spentNano: 0n, spend24hNano: 7n, windowEnd: null });
    // 10 × 86 400 000 / 7 = 123 428 571.43 → 123 428 572 ms
    expect(tiny.projectedExhaustionAt?.getTime()).toBe(now.getTime() + 123_428_572);
  });

  it('reached: spent (+ reserved) at or over the limit, including a $0 limit', () => {
    for (const o of [{ spentNano: 50n * USD }, { spentNano: 49n * USD, reservedNano: USD }, { spentNano: 60n * USD }, { limitNano: 0n }]) {
      const r = f({ ...o, spend24hNano: 5n * USD });
      expect(r.state).toBe('reached');
      expect(r.projectedExhaustionAt).toBeNull();
      expect(r.spendRate24hUsdPerDay).toBe(5);
    }
  });

  it('reached wins over no usage', () => {
    expect(f({ spentNano: 50n * USD }).state).toBe('reached');
  });

  it('no_usage: nothing spent in the last 24 h (the 7-day rate is still reported)', () => {
    const r = f({ spentNano: 10n * USD, spend7dNano: 14n * USD });
    expect(r).toEqual({ spendRate24hUsdPerDay: 0, spendRate7dUsdPerDay: 2, projectedExhaustionAt: null, state: 'no_usage' });
  });

  it('not_in_window: the window resets first; exactly at the reset counts as not in the window', () => {
    // $40 left at $1/day: 40 days, past the month's end (29 days 8 h away)
    expect(f({ spentNano: 10n * USD, spend24hNano: USD })).toMatchObject({ state: 'not_in_window', projectedExhaustionAt: null, spendRate24hUsdPerDay: 1 });
    // $26 left at $1/day: Dec 28, 16:00, inside the month
    expect(f({ spentNano: 24n * USD, spend24hNano: USD }).projectedExhaustionAt?.toISOString()).toBe('2026-12-28T16:00:00.000Z');
    const daily = { limitNano: 10n * USD, now: new Date('2026-12-02T20:00:00.000Z'), windowEnd: new Date('2026-12-03T00:00:00.000Z') };
    // $4 left at $24/day = 4 h: exactly midnight → the window has reset
    expect(f({ ...daily, spentNano: 6n * USD, spend24hNano: 24n * USD }).state).toBe('not_in_window');
    // 278 nano-dollars less left (a millisecond at $24/day is 277.8): 1 ms before midnight → projected
    expect(f({ ...daily, spentNano: 6n * USD + 1n, spend24hNano: 24n * USD }).state).toBe('not_in_window');
    const r = f({ ...daily, spentNano: 6n * USD + 278n, spend24hNano: 24n * USD });
    expect(r.state).toBe('projected');
    expect(r.projectedExhaustionAt?.toISOString()).toBe('2026-12-02T23:59:59.999Z');
  });

  it('a lifetime cap (no window end) is always projected, unless beyond what a Date holds', () => {
    const r = f({ windowEnd: null, spentNano: 24n * USD, spend24hNano: USD });
    expect(r.state).toBe('projected');
    expect(r.projectedExhaustionAt?.getTime()).toBe(now.getTime() + 26 * DAY_MS);
    expect(f({ windowEnd: null, limitNano: 1_000_000_000n * USD, spend24hNano: 1n }).state).toBe('not_in_window');
  });

  it('rates: per day, to the nearest nano-dollar', () => {
    expect(perDayNano(7n, 7)).toBe(1n);
    expect(perDayNano(10n, 7)).toBe(1n); // 1.43
    expect(perDayNano(11n, 7)).toBe(2n); // 1.57
    expect(perDayNano(0n, 7)).toBe(0n);
    expect(f({ spend24hNano: 1_500_000_000n, spend7dNano: 70n * USD + 7n }).spendRate7dUsdPerDay).toBe(10.000000001);
  });

  it('toForecastObject: the API shape', () => {
    const r = f({ spentNano: 24n * USD, spend24hNano: 24n * USD, spend7dNano: 7n * USD });
    expect(toForecastObject(r)).toEqual({ spendRate24h: 24, spendRate7d: 1, projectedExhaustionAt: '2026-12-03T18:00:00.000Z', state: 'projected' });
    expect(toForecastObject(f({})).projectedExhaustionAt).toBeNull();
  });
});
