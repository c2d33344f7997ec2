// Typed chart config shared by every chart: series (what is stacked, its label and colour) and rows
// (one per x value, series values in USD). Series keys are s0, s1… so that names with dots (model
// names like "gpt-4.1") are never read as object paths by recharts.
export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  /** the ledger filter of this series (e.g. { model: 'gpt-4o' }, { key: '<id>' }, { currency: 'DIEM' }), for drill-down */
  filter?: Record<string, string>;
}

export type ChartRow = { x: string } & Record<string, number | string>;

export interface ChartData {
  series: ChartSeries[];
  rows: ChartRow[];
}

export const PALETTE = ['#2f6fed', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16'];
export const OTHER_COLOR = '#94a3b8';

export const CURRENCY_SERIES: { name: 'USD' | 'BUNDLED_CREDITS' | 'DIEM'; label: string; color: string }[] = [
  { name: 'USD', label: 'USD credit', color: '#2f6fed' },
  { name: 'BUNDLED_CREDITS', label: 'Bundled credits', color: '#14b8a6' },
  { name: 'DIEM', label: 'DIEM', color: '#a855f7' },
];

/** A stable palette slot for a name, so a model or key keeps its colour when the period changes. */
function slot(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return (h >>> 0) % PALETTE.length;
}

/**
 * Builds chart data from rows keyed by name (e.g. analytics byModelDaily: { date, "gpt-4o": 1.2, Other: 0.3 }).
 * `names` are the stacked series in order (the first at the bottom); "Other" gets a neutral colour, the
 * rest a colour derived from the name (the next free one when two names collide within a chart).
 */
export function toChartData(
  rows: Record<string, number | string>[],
  names: { name: string; label?: string; color?: string; filter?: Record<string, string> }[],
  x: (row: Record<string, number | string>) => string,
): ChartData {
  const used = new Set<number>();
  const colorOf = (name: string) => {
    let i = slot(name);
    for (let n = 0; n < PALETTE.length && used.has(i); n++) i = (i + 1) % PALETTE.length;
    used.add(i);
    return PALETTE[i];
  };
  const series = names.map((n, i) => ({
    key: `s${i}`,
    label: n.label ?? n.name,
    color: n.color ?? (n.name === 'Other' ? OTHER_COLOR : colorOf(n.name)),
    ...(n.filter ? { filter: n.filter } : {}),
  }));
  return {
    series,
    rows: rows.map((r) => {
      const out: ChartRow = { x: x(r) };
      names.forEach((n, i) => (out[`s${i}`] = Number(r[n.name] ?? 0)));
      return out;
    }),
  };
}

/** Sum of every series over every row, rounded to the nano-dollar (what the chart shows in total). */
export function chartTotal(d: ChartData): number {
  let nano = 0;
  for (const r of d.rows) for (const s of d.series) nano += Math.round(Number(r[s.key] ?? 0) * 1e9);
  return nano / 1e9;
}

export const seriesTotal = (d: ChartData, key: string) => Math.round(d.rows.reduce((a, r) => a + Math.round(Number(r[key] ?? 0) * 1e9), 0)) / 1e9;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "2026-11-05" -> "Nov 5" (UTC calendar day, no timezone shift). */
export function shortDay(day: string): string {
  const [, m, d] = day.split('-');
  return m && d ? `${MONTHS[Number(m) - 1]} ${Number(d)}` : day;
}

/** Round axis ticks from 0 to at least `max`: about four steps of 1, 2, 2.5 or 5 × 10^k. */
export function niceTicks(max: number, steps = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / steps;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const n = Math.ceil(max / step - 1e-9);
  return Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** Highest stacked total of any row. */
export const stackedMax = (d: ChartData) => Math.max(0, ...d.rows.map((r) => d.series.reduce((a, s) => a + Number(r[s.key] ?? 0), 0)));
