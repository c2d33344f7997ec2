import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { consoleRange, consoleUsageFilter, parseAnalyticsQuery, parseUsageQuery } from './params';

const now = new Date('2026-11-22T15:00:00Z');
const analytics = (qs: string) => parseAnalyticsQuery(new URLSearchParams(qs), now);
const param = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof AppError ? [e.status, e.param] : e;
  }
  return 'no error';
};

describe('parseAnalyticsQuery', () => {
  it('lookback: default 7d ending today, clamped to 90d', () => {
    expect(analytics('')).toMatchObject({ lookback: '7d', days: 7 });
    expect(analytics('').start.toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(analytics('').end.toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(analytics('lookback=365d')).toMatchObject({ lookback: '90d', days: 90 });
    expect(analytics('lookback=1d')).toMatchObject({ lookback: '1d', days: 1 });
  });
  it('date range: inclusive, up to 90 days', () => {
    expect(analytics('startDate=2026-01-01&endDate=2026-03-31')).toMatchObject({ lookback: '2026-01-01:2026-03-31', days: 90 });
    expect(param(() => analytics('startDate=2026-01-01&endDate=2026-04-01'))).toEqual([400, 'endDate']);
  });
  it('bad values name the parameter', () => {
    expect(param(() => analytics('lookback=abc'))).toEqual([400, 'lookback']);
    expect(param(() => analytics('lookback=0d'))).toEqual([400, 'lookback']);
    expect(param(() => analytics('startDate=2026-01-01'))).toEqual([400, 'endDate']);
    expect(param(() => analytics('endDate=2026-01-01'))).toEqual([400, 'startDate']);
    expect(param(() => analytics('startDate=2026-02-29&endDate=2026-03-01'))).toEqual([400, 'startDate']); // not a leap year
  });
});

describe('parseUsageQuery', () => {
  const q = (s: string) => parseUsageQuery(new URLSearchParams(s));
  it('defaults and extensions', () => {
    expect(q('')).toMatchObject({ limit: 200, page: 1, sortOrder: 'desc' });
    expect(q('apiKeyId=console').apiKeyId).toBeNull();
    expect(q('apiKeyId=abc').apiKeyId).toBe('abc');
    expect(q('startDate=2026-11-01&endDate=2026-11-01')).toMatchObject({ start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-11-02T00:00:00Z') });
    expect(q('endDate=2026-11-01T10:00:00%2B02:00').end).toEqual(new Date('2026-11-01T08:00:00.001Z'));
  });
  it('bad values name the parameter', () => {
    for (const [s, p] of [['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=x', 'limit'], ['page=0', 'page'], ['sortOrder=up', 'sortOrder'], ['currency=EUR', 'currency'], ['startDate=2026-11-01T10:00', 'startDate']])
      expect(param(() => q(s)), s).toEqual([400, p]);
  });
});

describe('console params (lenient)', () => {
  it('range: lookback or start/end, swapped and clamped, never an error', () => {
    expect(consoleRange({ lookback: '30d' }, now)).toMatchObject({ lookback: '30d', days: 30 });
    expect(consoleRange({ lookback: 'junk' }, now)).toMatchObject({ lookback: '7d' });
    expect(consoleRange({ start: '2026-11-10', end: '2026-11-01' }, now)).toMatchObject({ lookback: '2026-11-01:2026-11-10', days: 10, adjusted: 'swapped' });
    expect(consoleRange({ start: '2026-01-01', end: '2026-11-01' }, now)).toMatchObject({ days: 90, adjusted: 'clamped' });
    expect(consoleRange({ start: '2026-11-01', end: '2026-11-10' }, now).adjusted).toBeUndefined();
  });
  it('usage filter', () => {
    const f = consoleUsageFilter({ key: 'console', currency: 'EUR', start: '2026-11-01', end: 'x', page: '3' });
    expect(f.filter).toEqual({ currency: undefined, model: undefined, apiKeyId: null, start: new Date('2026-11-01T00:00:00Z'), end: undefined });
    expect(f.page).toBe(3);
    expect(f.values).toEqual({ key: 'console', model: undefined, currency: undefined, start: '2026-11-01', end: undefined });
    expect(f.reversed).toBe(false);
  });
  it('usage filter: "To" before "From" is reported, not silently empty', () => {
    expect(consoleUsageFilter({ start: '2026-11-10', end: '2026-11-01' }).reversed).toBe(true);
    expect(consoleUsageFilter({ start: '2026-11-01', end: '2026-11-01' }).reversed).toBe(false);
  });
});
