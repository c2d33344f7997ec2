// Usage: the ledger with filters (key, model, bucket, dates), pagination and CSV export of the current filter.
// Links from the charts (a bar: one day and one model, key or bucket) land here with those filters.
import Link from 'next/link';
import { Suspense } from 'react';
import { pageCtx } from '@/lib/page-ctx';
import { keyNames, listUsage, usageTotals, usedModels } from '@/lib/billing/ledger';
import { consoleUsageFilter, type ConsoleUsageFilter } from '@/lib/billing/params';
import { formatUsd } from '@/lib/money';
import { EmptyState, PageHeader, cx } from '@/components/ui';
import { UsageFilters } from './_components/usage-filters';
import { UsageTable } from './_components/usage-table';
import { UsageSkeleton } from './_components/usage-skeleton';

export const metadata = { title: 'Usage' };
const PAGE_SIZE = 50;

function query(values: ConsoleUsageFilter['values'], page?: number) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) q.set(k, v);
  if (page && page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export default async function UsagePage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const p = await pageCtx(slug);
  const f = consoleUsageFilter(await searchParams);
  const [names, models] = await Promise.all([keyNames(p.ctx), usedModels(p.ctx)]);
  const keys = [...names.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const filtered = Object.values(f.values).some(Boolean);
  return (
    <>
      <PageHeader title="Usage" description="Every billed request, newest first. Times are UTC; amounts are debits, shown negative as in the CSV export." />
      <div className="space-y-4">
        <UsageFilters slug={slug} values={f.values} keys={keys} models={models} reversed={f.reversed} />
        {f.reversed ? (
          <EmptyState
            title="“To” is before “From”"
            action={<Link href={`/w/${slug}/usage${query({ ...f.values, start: f.values.end, end: f.values.start })}`} className="text-sm font-medium text-brand-700 hover:underline" data-testid="swap-dates">Show {f.values.end} to {f.values.start} instead</Link>}
          >
            No request can be both after {f.values.start} and before {f.values.end}. Swap the dates, or change one of them above.
          </EmptyState>
        ) : (
          <Suspense key={query(f.values, f.page)} fallback={<UsageSkeleton />}>
            <UsageResults slug={slug} f={f} names={names} filtered={filtered} />
          </Suspense>
        )}
      </div>
    </>
  );
}

async function UsageResults({ slug, f, names, filtered }: { slug: string; f: ConsoleUsageFilter; names: Map<string, string>; filtered: boolean }) {
  const p = await pageCtx(slug);
  const [list, totals] = await Promise.all([listUsage(p.ctx, { ...f.filter, limit: PAGE_SIZE, page: f.page, sortOrder: 'desc' }), usageTotals(p.ctx, f.filter)]);
  const { page, totalPages } = list.pagination;
  const rows = list.data.map((d, i) => ({ ...d, requestId: list.rows[i].requestId }));
  const pageLink = (n: number, label: string, disabled: boolean) =>
    disabled ? (
      <span className="rounded-md px-3 py-1.5 text-sm text-slate-500" aria-disabled="true">{label}</span>
    ) : (
      <Link href={`/w/${slug}/usage${query(f.values, n)}`} className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50" rel={label.startsWith('Older') ? 'next' : 'prev'}>
        {label}
      </Link>
    );
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600" data-testid="usage-summary" data-count={totals.count} data-total-nano={String(totals.amountNano)}>
          <span className="font-medium text-slate-900">{totals.count.toLocaleString('en-US')}</span> request{totals.count === 1 ? '' : 's'} ·{' '}
          <span className="font-medium text-slate-900" title={formatUsd(totals.amountNano, 9)}>{formatUsd(totals.amountNano, 'display')}</span> charged{filtered ? ' (filtered)' : ''}
        </p>
        <a
          href={`/w/${slug}/usage/export${query(f.values)}`}
          download
          data-testid="export-csv"
          className={cx('inline-flex items-center gap-2 rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50', totals.count === 0 && 'pointer-events-none opacity-50')}
          aria-disabled={totals.count === 0}
        >
          Export CSV{filtered ? ' (filtered)' : ''}
        </a>
      </div>
      {rows.length === 0 ? (
        filtered || page > 1 ? (
          <EmptyState title="No requests match" action={<Link href={`/w/${slug}/usage`} className="text-sm font-medium text-brand-700 hover:underline">Clear the filters</Link>}>
            Try another key, model or date range.
          </EmptyState>
        ) : (
          <EmptyState title="No usage yet">
            Each request made with one of this workspace&apos;s keys appears here with its model, tokens and cost. Send one with model{' '}
            <code className="font-mono">keycap-echo</code> to <code className="font-mono">/api/v1/chat/completions</code> to try it.
          </EmptyState>
        )
      ) : (
        <>
          <UsageTable slug={slug} rows={rows} names={Object.fromEntries(names)} />
          <nav className="flex items-center justify-between gap-3" aria-label="Pagination">
            <p className="text-sm text-slate-600" data-testid="usage-page">Page {page} of {Math.max(1, totalPages)}</p>
            <div className="flex gap-2">
              {pageLink(page - 1, '← Newer', page <= 1)}
              {pageLink(page + 1, 'Older →', page >= totalPages)}
            </div>
          </nav>
        </>
      )}
    </>
  );
}
