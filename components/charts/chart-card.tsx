// The one chart wrapper: a card with title and total, the lazily loaded chart (or an empty state), and the
// same figures as a visually hidden table (screen readers, tests) plus data attributes with the totals.
import Link from 'next/link';
import type { ReactNode } from 'react';
import { exactUsd, fmtUsd } from '@/lib/format';
import { ChartEmpty } from './chart-states';
import { LazyStackedBarChart } from './lazy';
import { chartTotal, seriesTotal, shortDay, type ChartData } from './types';

export function ChartCard({
  testId,
  title,
  description,
  data,
  empty,
  height = 260,
  className,
  drillHref,
  ledgerHref,
}: {
  testId: string;
  title: string;
  description?: ReactNode;
  data: ChartData;
  /** shown instead of the chart when everything is zero */
  empty: { title: string; body?: ReactNode };
  height?: number;
  className?: string;
  /** the ledger page: a click on a bar opens it for that day and series */
  drillHref?: string;
  /** the ledger for the whole period shown (a link under the chart, for keyboard users too) */
  ledgerHref?: string;
}) {
  const total = chartTotal(data);
  return (
    <section
      data-testid={testId}
      data-total-usd={String(total)}
      data-points={data.rows.length}
      data-series={data.series.map((s) => s.label).join('|')}
      className={`min-w-0 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5 ${className ?? ''}`}
    >
      <header className="mb-3 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <div className="min-w-0">
          <h2 className="text-base font-semibold text-slate-900">{title}</h2>
          {description && <p className="text-xs text-slate-500">{description}</p>}
        </div>
        <p className="text-lg font-semibold tabular text-slate-900" data-testid={`${testId}-total`} title={exactUsd(total)}>{fmtUsd(total)}</p>
      </header>
      {total > 0 ? <LazyStackedBarChart data={data} height={height} drillHref={drillHref} /> : <ChartEmpty height={height} title={empty.title}>{empty.body}</ChartEmpty>}
      {total > 0 && ledgerHref && (
        <p className="mt-2 text-right text-xs">
          <Link href={ledgerHref} className="font-medium text-brand-700 hover:underline">Open these requests in the ledger</Link>
        </p>
      )}
      {/* sr-only on a wrapper: a table ignores width and overflow, and would widen the page on phones */}
      <div className="sr-only">
        <table data-testid={`${testId}-table`}>
          <caption>{title} (USD per day)</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              {data.series.map((s) => (
                <th key={s.key} scope="col">{s.label}</th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.x} data-date={r.x}>
                <th scope="row">{shortDay(r.x)}</th>
                {data.series.map((s) => (
                  <td key={s.key} data-value={String(r[s.key])}>{fmtUsd(Number(r[s.key]))}</td>
                ))}
                <td data-value={String(data.series.reduce((a, s) => a + Math.round(Number(r[s.key]) * 1e9), 0) / 1e9)}>
                  {fmtUsd(data.series.reduce((a, s) => a + Math.round(Number(r[s.key]) * 1e9), 0) / 1e9)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              {data.series.map((s) => (
                <td key={s.key} data-value={String(seriesTotal(data, s.key))}>{fmtUsd(seriesTotal(data, s.key))}</td>
              ))}
              <td data-value={String(total)}>{fmtUsd(total)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
