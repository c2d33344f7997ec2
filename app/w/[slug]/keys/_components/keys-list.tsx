'use client';
// The keys list: search and sort on the client, one row per key with spend against its cap.
import Link from 'next/link';
import { useMemo, useState } from 'react';
import type { KeyObject } from '@/lib/services/keys';
import { cx, Input, Select } from '@/components/ui';
import { exactUsd, fmtDate, fmtRelative } from '@/lib/format';
import { KeySpend, KeyStatusBadges, TypeBadge, spend } from './key-badges';
import { KeyActions } from './key-actions';
import { KeyForecastLine } from './key-forecast';

type Sort = 'created-desc' | 'created-asc' | 'name-asc' | 'name-desc' | 'spend-desc' | 'spend-asc';
const SORTS: { value: Sort; label: string }[] = [
  { value: 'created-desc', label: 'Newest first' },
  { value: 'created-asc', label: 'Oldest first' },
  { value: 'name-asc', label: 'Name A–Z' },
  { value: 'name-desc', label: 'Name Z–A' },
  { value: 'spend-desc', label: 'Highest spend this month' },
  { value: 'spend-asc', label: 'Lowest spend this month' },
];

function compare(sort: Sort) {
  const [by, dir] = sort.split('-') as ['created' | 'name' | 'spend', 'asc' | 'desc'];
  const sign = dir === 'asc' ? 1 : -1;
  return (a: KeyObject, b: KeyObject) => {
    let r = 0;
    if (by === 'name') r = a.name.localeCompare(b.name, 'en', { sensitivity: 'base' });
    else if (by === 'created') r = a.createdAt.localeCompare(b.createdAt);
    else r = a.monthToDateSpend - b.monthToDateSpend || a.currentPeriodSpend - b.currentPeriodSpend;
    return r * sign || a.id.localeCompare(b.id);
  };
}

const COLS = 'md:grid md:grid-cols-[minmax(0,1.7fr)_minmax(0,1fr)_minmax(0,2fr)_minmax(0,0.9fr)_minmax(0,0.9fr)_9rem] md:items-center md:gap-4';

export function KeysList({ slug, keys, canManage, now }: { slug: string; keys: KeyObject[]; canManage: boolean; now: number }) {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<Sort>('created-desc');
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const list = q ? keys.filter((k) => k.name.toLowerCase().includes(q) || k.last6.toLowerCase().includes(q) || k.id === q) : keys;
    return [...list].sort(compare(sort));
  }, [keys, query, sort]);

  return (
    <div className="space-y-3">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
        <div className="relative sm:w-72">
          <svg viewBox="0 0 20 20" className="pointer-events-none absolute left-2.5 top-2.5 h-4 w-4 text-slate-400" aria-hidden><circle cx="9" cy="9" r="5.5" stroke="currentColor" strokeWidth="1.8" fill="none" /><path d="M13 13l4 4" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" /></svg>
          <Input type="search" aria-label="Search keys" placeholder="Search by name or last 6 characters" value={query} onChange={(e) => setQuery(e.target.value)} className="pl-8" />
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Sort
          <Select aria-label="Sort keys" value={sort} onChange={(e) => setSort(e.target.value as Sort)} className="w-56!">
            {SORTS.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
          </Select>
        </label>
      </div>

      <div className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <div className={cx('hidden border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs font-medium uppercase tracking-wide text-slate-600', COLS)} aria-hidden>
          <span>Key</span><span>Status</span><span>Spend vs cap</span><span>This month</span><span>Last used</span><span className="text-right">{canManage ? 'Actions' : ''}</span>
        </div>
        {shown.length === 0 ? (
          <p className="px-4 py-8 text-center text-sm text-slate-600">No key matches “{query}”.</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="API keys">
            {shown.map((k) => (
              <li key={k.id} data-testid="key-row" data-key-name={k.name} className={cx('space-y-3 px-4 py-4 md:space-y-0', COLS, k.status === 'revoked' && 'bg-slate-50/60 text-slate-500')}>
                <div className="min-w-0">
                  <Link href={`/w/${slug}/keys/${k.id}`} className="block truncate font-medium text-slate-900 hover:text-brand-700 hover:underline">{k.name}</Link>
                  <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                    <TypeBadge type={k.type} />
                    <code className="font-mono">…{k.last6}</code>
                    <span title={fmtDate(k.createdAt)}>created {fmtRelative(k.createdAt, now)}</span>
                  </div>
                </div>
                <div><KeyStatusBadges k={k} />{k.expiresAt && k.status !== 'expired' && k.status !== 'revoked' && <p className="mt-1 text-xs text-slate-600" title={fmtDate(k.expiresAt)}>expires {fmtRelative(k.expiresAt, now)}</p>}</div>
                <div className="min-w-0 space-y-1"><KeySpend k={k} now={now} /><KeyForecastLine k={k} now={now} /></div>
                <div className="text-sm">
                  <span className="mr-1 text-xs text-slate-600 md:hidden">This month:</span>
                  <span className="tabular font-medium text-slate-900" data-testid="key-mtd" title={exactUsd(k.monthToDateSpend)}>{spend(k.monthToDateSpend)}</span>
                </div>
                <div className="text-sm text-slate-600">
                  <span className="mr-1 text-xs text-slate-600 md:hidden">Last used:</span>
                  <span title={k.lastUsedAt ? fmtDate(k.lastUsedAt) : undefined}>{fmtRelative(k.lastUsedAt, now)}</span>
                </div>
                <div className="md:flex md:justify-end">{canManage && <KeyActions slug={slug} k={k} />}</div>
              </li>
            ))}
          </ul>
        )}
      </div>
      <p className="text-xs text-slate-600">{shown.length} of {keys.length} key{keys.length === 1 ? '' : 's'} · spend windows are UTC</p>
    </div>
  );
}
