'use client';
// Lookback selector for the Overview: 7 / 30 / 90 days or a custom date range, kept in the URL
// (?lookback=30d or ?start=YYYY-MM-DD&end=YYYY-MM-DD) so a view can be shared and reloaded.
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { cx } from '@/components/ui';
import { usePeriodNavigation } from './period-navigation';

const CHOICES = [7, 30, 90] as const;

export function RangePicker({ lookback, start, end, custom }: { lookback: string; start: string; end: string; custom: boolean }) {
  const path = usePathname();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState(start);
  const [to, setTo] = useState(end);
  const [ownPending, startTransition] = useTransition();
  const period = usePeriodNavigation();
  const pending = period?.pending || ownPending;
  const go = (href: string) => (period ? period.navigate(href) : startTransition(() => router.push(href)));
  const reversed = !!(from && to && to < from);
  const tooLong = !reversed && !!(from && to && (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1 > 90);
  const missing = !from || !to;
  const invalid = missing || reversed || tooLong;
  const problem = reversed
    ? '“To” is before “From”: pick an end date on or after the start date.'
    : tooLong
      ? 'At most 90 days: move “From” or “To” closer together.'
      : missing
        ? 'Pick both dates.'
        : null;
  const btn = 'px-3 py-1.5 text-sm font-medium first:rounded-l-md last:rounded-r-md ring-1 ring-inset ring-slate-300 -ml-px first:ml-0';
  return (
    <div className="relative flex flex-wrap items-center gap-2" aria-busy={pending}>
      <div role="group" aria-label="Period" className="inline-flex">
        {CHOICES.map((d) => {
          const active = !custom && lookback === `${d}d`;
          return (
            <Link
              key={d}
              href={`${path}?lookback=${d}d`}
              onClick={(e) => {
                if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return; // new tab/window: a plain link
                e.preventDefault();
                go(`${path}?lookback=${d}d`);
              }}
              aria-current={active ? 'true' : undefined}
              data-testid={`lookback-${d}d`}
              className={cx(btn, active ? 'z-10 bg-slate-900 text-white ring-slate-900' : 'bg-white text-slate-700 hover:bg-slate-50')}
            >
              {d} days
            </Link>
          );
        })}
        <button
          type="button"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          aria-current={custom ? 'true' : undefined}
          data-testid="lookback-custom"
          className={cx(btn, custom ? 'z-10 bg-slate-900 text-white ring-slate-900' : 'bg-white text-slate-700 hover:bg-slate-50')}
        >
          Custom
        </button>
      </div>
      {open && (
        <form
          className="absolute right-0 top-full z-30 mt-2 w-72 space-y-3 rounded-lg bg-white p-4 shadow-lg ring-1 ring-slate-200"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
          onSubmit={(e) => {
            e.preventDefault();
            if (invalid) return;
            setOpen(false);
            go(`${path}?start=${from}&end=${to}`);
          }}
        >
          <div className="grid grid-cols-2 gap-2">
            <label className="text-xs font-medium text-slate-700">
              From
              <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required className="mt-1 block w-full rounded-md px-2 py-1.5 text-sm ring-1 ring-slate-300 aria-[invalid=true]:ring-2 aria-[invalid=true]:ring-red-600" name="start" aria-invalid={tooLong || undefined} aria-describedby="range-problem" />
            </label>
            <label className="text-xs font-medium text-slate-700">
              To
              <input type="date" value={to} onChange={(e) => setTo(e.target.value)} required className="mt-1 block w-full rounded-md px-2 py-1.5 text-sm ring-1 ring-slate-300 aria-[invalid=true]:ring-2 aria-[invalid=true]:ring-red-600" name="end" aria-invalid={reversed || tooLong || undefined} aria-describedby="range-problem" />
            </label>
          </div>
          <p id="range-problem" className={cx('text-xs', problem && !missing ? 'text-red-700' : 'text-slate-600')} data-testid="range-problem" aria-live="polite">{problem ?? 'Whole UTC days, both included, up to 90 days.'}</p>
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => setOpen(false)} className="rounded-md px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100">Cancel</button>
            <button type="submit" disabled={invalid} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:bg-brand-500/50">Apply</button>
          </div>
        </form>
      )}
    </div>
  );
}
