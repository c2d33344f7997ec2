// The delivery log of one endpoint: newest first, each delivery with its attempts. Server component.
import Link from 'next/link';
import type { DeliveryObject } from '@/lib/webhooks/service';
import { fmtDate } from '@/lib/format';
import { Badge, EmptyState } from '@/components/ui';
import { ResendButton } from './endpoint-actions';

const TONE = { DELIVERED: 'green', PENDING: 'amber', FAILED: 'red', CANCELLED: 'slate' } as const;

export function DeliveryLog({ slug, endpointId, enabled, deliveries, page, totalPages }: {
  slug: string;
  endpointId: string;
  enabled: boolean;
  deliveries: DeliveryObject[];
  page: number;
  totalPages: number;
}) {
  if (!deliveries.length)
    return <EmptyState title="No deliveries yet">Events sent to this endpoint appear here with every attempt. Try &quot;Send test event&quot;.</EmptyState>;
  const base = `/w/${slug}/settings/webhooks/${endpointId}`;
  return (
    <div className="space-y-3">
      <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200" data-testid="delivery-log">
        {deliveries.map((d) => (
          <li key={d.id} className="px-4 py-3" data-testid="delivery-row" data-status={d.status}>
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
              <Badge tone={TONE[d.status as keyof typeof TONE] ?? 'slate'}>{d.status.toLowerCase()}</Badge>
              <code className="font-mono text-slate-900">{d.eventType}</code>
              <span className="text-xs text-slate-500" title="webhook-id">{d.eventId}</span>
              <span className="ml-auto text-xs text-slate-500">{fmtDate(d.createdAt)}</span>
              <ResendButton slug={slug} id={endpointId} deliveryId={d.id} disabled={!enabled} />
            </div>
            <p className="mt-1 text-xs text-slate-600">
              {d.attempts} attempt{d.attempts === 1 ? '' : 's'}
              {d.lastStatus !== null && <> · last HTTP {d.lastStatus}</>}
              {d.nextAttemptAt && <> · next attempt {fmtDate(d.nextAttemptAt)}</>}
            </p>
            {d.attemptLog.length > 0 && (
              <details className="mt-2" open={d.attemptLog.length === 1}>
                <summary className="cursor-pointer text-xs font-medium text-brand-700">Attempts</summary>
                <table className="mt-2 w-full text-xs" data-testid="attempts">
                  <thead className="text-left text-slate-500">
                    <tr>
                      <th className="py-1 pr-3 font-medium">#</th>
                      <th className="py-1 pr-3 font-medium">Started</th>
                      <th className="py-1 pr-3 font-medium">Status</th>
                      <th className="py-1 pr-3 text-right font-medium">Duration</th>
                      <th className="py-1 font-medium">Response / error</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100 align-top">
                    {d.attemptLog.map((a) => (
                      <tr key={a.attempt} data-testid="attempt-row">
                        <td className="py-1 pr-3">{a.attempt}</td>
                        <td className="whitespace-nowrap py-1 pr-3">{fmtDate(a.startedAt)}</td>
                        <td className="py-1 pr-3" data-testid="attempt-status">
                          {a.statusCode === null ? <Badge tone="red">no response</Badge> : <Badge tone={a.statusCode >= 200 && a.statusCode < 300 ? 'green' : 'red'}>{a.statusCode}</Badge>}
                        </td>
                        <td className="tabular py-1 pr-3 text-right">{a.durationMs} ms</td>
                        <td className="py-1">
                          {a.error && <p className="text-red-700">{a.error}</p>}
                          {a.responseExcerpt && <pre className="max-h-32 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-1.5 font-mono text-[11px] text-slate-700">{a.responseExcerpt}</pre>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            )}
          </li>
        ))}
      </ul>
      {totalPages > 1 && (
        <nav className="flex items-center justify-between text-sm" aria-label="Delivery log pages">
          {page > 1 ? <Link href={`${base}?page=${page - 1}`} className="text-brand-700 hover:underline">← Newer</Link> : <span />}
          <span className="text-slate-500">Page {page} of {totalPages}</span>
          {page < totalPages ? <Link href={`${base}?page=${page + 1}`} className="text-brand-700 hover:underline">Older →</Link> : <span />}
        </nav>
      )}
    </div>
  );
}
