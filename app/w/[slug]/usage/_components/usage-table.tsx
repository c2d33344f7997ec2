// The ledger table: one row per billed request, newest first. Amounts are signed exactly as the API and
// the CSV export report them (a debit is negative); data-amount carries the same signed number.
import Link from 'next/link';
import type { LedgerEntry } from '@/lib/billing/ledger';
import { exactUsd, fmtUsd } from '@/lib/format';
import { Badge, ScrollX } from '@/components/ui';

const BUCKET: Record<string, { label: string; tone: 'blue' | 'green' | 'slate' }> = {
  USD: { label: 'USD', tone: 'blue' },
  BUNDLED_CREDITS: { label: 'Bundled', tone: 'green' },
  DIEM: { label: 'DIEM', tone: 'slate' },
};

const day = (iso: string) => iso.slice(0, 10);
const clock = (iso: string) => iso.slice(11, 19);
const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('en-US'));
/** "−$0.0032": a real minus sign, as in the CSV ("-0.0032") */
const signed = (amount: number) => (amount < 0 ? `−${fmtUsd(-amount)}` : fmtUsd(amount));

export function UsageTable({ slug, rows, names }: { slug: string; rows: (LedgerEntry & { requestId: string })[]; names: Record<string, string> }) {
  // on a phone: three tight columns (when + model, key, amount) that fit 390 px; the rest from sm up
  const th = 'px-2 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-600 sm:px-3';
  const td = 'px-2 py-2 sm:px-3';
  return (
    <ScrollX label="Usage ledger" className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200" testId="usage-scroll">
      <table className="min-w-full divide-y divide-slate-200 text-xs sm:text-sm" data-testid="usage-table">
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={th}>Time (UTC)</th>
            <th scope="col" className={th}>Key</th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>Model</th>
            <th scope="col" className={`${th} hidden text-right md:table-cell`}>Tokens in / out</th>
            <th scope="col" className={`${th} text-right`} title="Debits are negative, as in the CSV export and the API">Amount</th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>Paid from</th>
            <th scope="col" className={`${th} hidden lg:table-cell`}>Request id</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => {
            const b = BUCKET[r.currency] ?? { label: r.currency, tone: 'slate' as const };
            return (
              <tr key={r.requestId} data-request-id={r.requestId} data-amount={String(r.amount)} data-timestamp={r.timestamp} className="hover:bg-slate-50">
                <td className={`${td} whitespace-nowrap tabular text-slate-700`}>
                  <span className="block sm:inline">{day(r.timestamp)}</span> <span className="text-slate-600 sm:text-slate-700">{clock(r.timestamp)}</span>
                  {/* on a phone the model goes here, so the amount column fits */}
                  <span className="block max-w-28 truncate font-mono text-slate-600 sm:hidden">{r.model}</span>
                </td>
                <td className={`${td} max-w-28 sm:max-w-48`}>
                  <span className="block truncate">
                    {r.apiKeyId ? (
                      <Link href={`/w/${slug}/keys/${r.apiKeyId}`} className="text-slate-900 hover:underline">{names[r.apiKeyId] ?? 'Deleted key'}</Link>
                    ) : (
                      <span className="text-slate-600">Console</span>
                    )}
                  </span>
                </td>
                <td className="hidden whitespace-nowrap px-3 py-2 font-mono text-xs text-slate-800 sm:table-cell">{r.model}</td>
                <td className="hidden whitespace-nowrap px-3 py-2 text-right tabular text-slate-600 md:table-cell">
                  {r.inferenceDetails ? `${num(r.inferenceDetails.promptTokens)} / ${num(r.inferenceDetails.completionTokens)}` : '—'}
                </td>
                <td className={`${td} whitespace-nowrap text-right tabular font-medium text-slate-900`} title={`${exactUsd(r.amount)} (debits are negative)`} data-testid="usage-amount">{signed(r.amount)}</td>
                <td className="hidden px-3 py-2 sm:table-cell"><Badge tone={b.tone}>{b.label}</Badge></td>
                <td className="hidden max-w-56 truncate px-3 py-2 font-mono text-xs text-slate-600 lg:table-cell" title={r.requestId}>{r.requestId}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollX>
  );
}
