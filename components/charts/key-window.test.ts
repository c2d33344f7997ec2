import { describe, expect, it } from 'vitest';
import { windowRows } from './key-window';
import { chartTotal, shortDay, toChartData } from './types';

const days = (from: string, n: number, usd = (i: number) => i + 1) =>
  Array.from({ length: n }, (_, i) => ({ date: new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10), usd: usd(i) }));

describe('windowRows', () => {
  it('monthly: the running spend restarts on the 1st (UTC)', () => {
    const rows = windowRows(days('2026-10-30', 4), 'monthly');
    expect(rows.every((r) => r.cap === null)).toBe(true);
    expect(rows.map((r) => [r.x, r.window, r.windowStart])).toEqual([
      ['2026-10-30', 1, true],
      ['2026-10-31', 3, false],
      ['2026-11-01', 3, true],
      ['2026-11-02', 7, false],
    ]);
  });
  it('weekly: restarts on Monday; daily: every day is its own window; total and none: one window', () => {
    // 2026-11-22 is a Sunday
    expect(windowRows(days('2026-11-21', 4), 'weekly').map((r) => r.window)).toEqual([1, 3, 3, 7]);
    expect(windowRows(days('2026-11-21', 3), 'daily').map((r) => r.window)).toEqual([1, 2, 3]);
    expect(windowRows(days('2026-11-21', 3), 'total').map((r) => r.window)).toEqual([1, 3, 6]);
    expect(windowRows(days('2026-11-21', 3), null).map((r) => r.window)).toEqual([1, 3, 6]);
  });
  it('sums to the nano-dollar without float drift', () => {
    const rows = windowRows(days('2026-11-01', 10, () => 0.1), 'monthly');
    expect(rows.at(-1)!.window).toBe(1);
  });
});

describe('toChartData', () => {
  it('maps names to safe series keys (dots in model names), keeps order, grey Other, totals', () => {
    const d = toChartData(
      [
        { date: 1, 'gpt-4.1': 0.1, 'llama-3.1-8b': 0.2, Other: 0.3 },
        { date: 2, 'gpt-4.1': 0.4, 'llama-3.1-8b': 0, Other: 0 },
      ],
      [{ name: 'gpt-4.1' }, { name: 'llama-3.1-8b' }, { name: 'Other' }],
      (r) => String(r.date),
    );
    expect(d.series.map((s) => [s.key, s.label])).toEqual([['s0', 'gpt-4.1'], ['s1', 'llama-3.1-8b'], ['s2', 'Other']]);
    expect(d.series[2].color).toBe('#94a3b8');
    expect(new Set(d.series.map((s) => s.color)).size).toBe(3);
    expect(d.rows[0]).toEqual({ x: '1', s0: 0.1, s1: 0.2, s2: 0.3 });
    expect(chartTotal(d)).toBe(1);
  });
  it('a name keeps its colour whatever else is in the chart', () => {
    const a = toChartData([], [{ name: 'backend prod' }, { name: 'staging' }], () => '');
    const b = toChartData([], [{ name: 'staging' }], () => '');
    expect(b.series[0].color).toBe(a.series[1].color);
  });
  it('shortDay', () => {
    expect(shortDay('2026-11-05')).toBe('Nov 5');
  });
});

describe('niceTicks', () => {
  it('round steps from 0 past the max', async () => {
    const { niceTicks } = await import('./types');
    expect(niceTicks(2.63)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0.117)).toEqual([0, 0.05, 0.1, 0.15]);
    expect(niceTicks(7.08)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(26.25)).toEqual([0, 10, 20, 30]);
    expect(niceTicks(0.031)).toEqual([0, 0.01, 0.02, 0.03, 0.04]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(100)).toEqual([0, 25, 50, 75, 100]);
  });
});
