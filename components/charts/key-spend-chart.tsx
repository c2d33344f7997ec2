'use client';
// A key's daily spend over its current and past limit windows, with the cap drawn as a line. The chart
// itself (recharts) loads lazily; the figures are also in a visually hidden table and data attributes.
// Data comes from keyDailySpend() in lib/billing/key-series.ts.
import dynamic from 'next/dynamic';
import { fmtUsd } from '@/lib/format';
import { isPeriod, type Period } from '@/lib/periods';
import { ChartEmpty, ChartSkeleton } from './chart-states';
import { shortDay } from './types';
import { windowRows } from './key-window';

export type { KeySpendRow } from './key-window';

export interface KeySpendChartProps {
  /** `cap`: the limit that applied that day (see lib/billing/key-series.ts), null where none did */
  data: { date: string; usd: number; cap?: number | null }[];
  limitUsd: number | null;
  period: string | null;
  /** the ledger filtered to this key: a click on a day opens it for that day */
  drillHref?: string;
}

const Impl = dynamic(() => import('./key-spend-chart-impl'), { ssr: false, loading: () => <ChartSkeleton height={240} /> });

const WORDS: Record<Period, string> = { daily: 'day', weekly: 'week', monthly: 'month', total: 'lifetime' };

export function KeySpendChart({ data, limitUsd, period, drillHref }: KeySpendChartProps) {
  const p = isPeriod(period) ? period : null;
  const rows = windowRows(data, p);
  const total = Math.round(data.reduce((a, d) => a + Math.round(d.usd * 1e9), 0)) / 1e9;
  const current = rows.at(-1)?.window ?? 0;
  const max = Math.max(0, ...rows.map((r) => (p && p !== 'daily' ? Math.max(r.usd, r.window) : r.usd)));
  const capAbove = limitUsd !== null && limitUsd > 0 && max > 0 && max < limitUsd * 0.05; // same rule as the chart
  return (
    <div data-testid="key-spend-chart" data-total-usd={String(total)} data-limit-usd={limitUsd ?? ''} data-period={p ?? ''} data-points={rows.length} data-window-usd={String(current)} data-cap-days={rows.filter((r) => r.cap !== null).length}>
      <p className="mb-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
        <span className="flex items-center gap-1.5"><span className="inline-block h-2 w-3 rounded-sm bg-brand-500" />spend per day</span>
        {p && p !== 'daily' && <span className="flex items-center gap-1.5"><span className="inline-block h-0.5 w-4 bg-amber-500" />spend in the {WORDS[p]} so far</span>}
        {limitUsd !== null && (
          <span className="flex items-center gap-1.5"><span className="inline-block w-4 border-t-2 border-dashed border-red-500" />cap {fmtUsd(limitUsd)}{p ? ` per ${WORDS[p]}`.replace(' per lifetime', ' in total') : ''}{capAbove ? ' (far above the chart)' : ', drawn on the days it applied'}</span>
        )}
      </p>
      {total > 0 ? (
        <Impl rows={rows} limitUsd={limitUsd} period={p} drillHref={drillHref} />
      ) : (
        <ChartEmpty height={240} title="No spend on this key yet">
          Calls made with this key show up here, day by day{limitUsd !== null ? ', against its cap' : ''}.
        </ChartEmpty>
      )}
      <div className="sr-only">
        <table data-testid="key-spend-chart-table">
          <caption>Daily spend of this key{limitUsd !== null ? `, cap ${fmtUsd(limitUsd)}` : ''}</caption>
          <thead>
            <tr><th scope="col">Date</th><th scope="col">Spent that day</th><th scope="col">Spent in the window so far</th><th scope="col">Cap that day</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.x} data-date={r.x}>
                <th scope="row">{shortDay(r.x)}</th>
                <td data-value={String(r.usd)}>{fmtUsd(r.usd)}</td>
                <td data-value={String(r.window)}>{fmtUsd(r.window)}</td>
                <td data-value={r.cap === null ? '' : String(r.cap)}>{r.cap === null ? 'none' : fmtUsd(r.cap)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export default KeySpendChart;
