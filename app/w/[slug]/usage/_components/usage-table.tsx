// The ledger table: one row per billed request, newest first. Costs are shown positive; data-amount
// carries the signed ledger amount (debits are negative) exactly as the API and the CSV report it.
import Link from 'next/link';
import type { LedgerEntry } from '@/lib/billing/ledger';
import { fmtUsd } from '@/lib/format';
import { Badge } from '@/components/ui';

const BUCKET: Record<string, { label: string; tone: 'blue' | 'green' | 'slate' }> = {
  USD: { label: 'USD', tone: 'blue' },
  BUNDLED_CREDITS: { label: 'Bundled', tone: 'green' },
  DIEM: { label: 'DIEM', tone: 'slate' },
};

const time = (iso: string) => iso.slice(0, 19).replace('T', ' ');
/** Ledger costs with a fixed 6 decimals so the column lines up ($0.000320, $0.289725). */
const cost = (usd: number) => (usd >= 1000 ? fmtUsd(usd) : `$${usd.toFixed(6)}`);
const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('en-US'));

export function UsageTable({ slug, rows, names }: { slug: string; rows: (LedgerEntry & { requestId: string })[]; names: Record<string, string> }) {
  const th = 'px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500';
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="usage-table">
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={th}>Time (UTC)</th>
            <th scope="col" className={th}>Key</th>
            <th scope="col" className={th}>Model</th>
            <th scope="col" className={`${th} hidden text-right md:table-cell`}>Tokens in / out</th>
            <th scope="col" className={`${th} text-right`}>Cost</th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>Paid from</th>
            <th scope="col" className={`${th} hidden lg:table-cell`}>Request id</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => {
            const b = BUCKET[r.currency] ?? { label: r.currency, tone: 'slate' as const };
            return (
              <tr key={r.requestId} data-request-id={r.requestId} data-amount={String(r.amount)} data-timestamp={r.timestamp} className="hover:bg-slate-50">
                <td className="whitespace-nowrap px-3 py-2 tabular text-slate-700">{time(r.timestamp)}</td>
                <td className="max-w-48 truncate px-3 py-2">
                  {r.apiKeyId ? (
                    <Link href={`/w/${slug}/keys/${r.apiKeyId}`} className="text-slate-900 hover:underline">{names[r.apiKeyId] ?? 'Deleted key'}</Link>
                  ) : (
                    <span className="text-slate-500">Console</span>
                  )}
                </td>
                <td className="whitespace-nowrap px-3 py-2 font-mono text-xs text-slate-800">{r.model}</td>
                <td className="hidden whitespace-nowrap px-3 py-2 text-right tabular text-slate-600 md:table-cell">
                  {r.inferenceDetails ? `${num(r.inferenceDetails.promptTokens)} / ${num(r.inferenceDetails.completionTokens)}` : '—'}
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular font-medium text-slate-900">{cost(-r.amount)}</td>
                <td className="hidden px-3 py-2 sm:table-cell"><Badge tone={b.tone}>{b.label}</Badge></td>
                <td className="hidden max-w-56 truncate px-3 py-2 font-mono text-xs text-slate-500 lg:table-cell" title={r.requestId}>{r.requestId}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
