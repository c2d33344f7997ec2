// Ledger filters as a GET form (works without JavaScript; next/form navigates client-side when it can).
import Form from 'next/form';
import Link from 'next/link';
import { CURRENCIES, CONSOLE_KEY, type ConsoleUsageFilter } from '@/lib/billing/params';
import { inputClass } from '@/components/ui';

const CURRENCY_LABEL: Record<string, string> = { USD: 'USD credit', BUNDLED_CREDITS: 'Bundled credits', DIEM: 'DIEM' };

export function UsageFilters({ slug, values, keys, models, reversed }: { slug: string; values: ConsoleUsageFilter['values']; keys: [string, string][]; models: string[]; reversed?: boolean }) {
  const label = 'block text-xs font-medium text-slate-700';
  return (
    <Form action={`/w/${slug}/usage`} aria-label="Filter the ledger" className="grid grid-cols-2 gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-3 lg:grid-cols-6 lg:items-end" data-testid="usage-filters">
      <label className={label}>
        API key
        <select name="key" defaultValue={values.key ?? ''} className={`${inputClass} mt-1`}>
          <option value="">All keys</option>
          <option value={CONSOLE_KEY}>Console</option>
          {keys.map(([id, name]) => (
            <option key={id} value={id}>{name}</option>
          ))}
        </select>
      </label>
      <label className={label}>
        Model
        <select name="model" defaultValue={values.model ?? ''} className={`${inputClass} mt-1`}>
          <option value="">All models</option>
          {models.map((m) => (
            <option key={m} value={m}>{m}</option>
          ))}
        </select>
      </label>
      <label className={label}>
        Paid from
        <select name="currency" defaultValue={values.currency ?? ''} className={`${inputClass} mt-1`}>
          <option value="">Any bucket</option>
          {CURRENCIES.map((c) => (
            <option key={c} value={c}>{CURRENCY_LABEL[c]}</option>
          ))}
        </select>
      </label>
      <label className={label}>
        From (UTC)
        <input type="date" name="start" defaultValue={values.start ?? ''} className={`${inputClass} mt-1`} />
      </label>
      <label className={label}>
        To (UTC)
        <input type="date" name="end" defaultValue={values.end ?? ''} className={`${inputClass} mt-1`} aria-invalid={reversed || undefined} aria-describedby={reversed ? 'usage-dates-problem' : undefined} />
      </label>
      {reversed && (
        <p id="usage-dates-problem" className="col-span-2 text-sm text-red-700 sm:col-span-3 lg:col-span-6 lg:order-last" data-testid="usage-dates-problem">
          “To” ({values.end}) is before “From” ({values.start}): nothing can match. Pick an end date on or after the start date.
        </p>
      )}
      <div className="col-span-2 flex items-center gap-2 sm:col-span-1">
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">Apply</button>
        <Link href={`/w/${slug}/usage`} className="rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">Reset</Link>
      </div>
    </Form>
  );
}
