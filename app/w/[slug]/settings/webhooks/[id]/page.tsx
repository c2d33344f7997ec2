import Link from 'next/link';
import { notFound } from 'next/navigation';
import { pageCtx } from '@/lib/page-ctx';
import { isAppError } from '@/lib/errors';
import { fmtDate } from '@/lib/format';
import { getEndpoint, listDeliveries } from '@/lib/webhooks/service';
import { Card } from '@/components/ui';
import { EndpointControls, EndpointStatus } from '../_components/endpoint-actions';
import { DeliveryLog } from '../_components/delivery-log';

export const metadata = { title: 'Webhook endpoint' };

export default async function EndpointPage({ params, searchParams }: { params: Promise<{ slug: string; id: string }>; searchParams: Promise<{ page?: string }> }) {
  const { slug, id } = await params;
  const sp = await searchParams;
  const p = await pageCtx(slug);
  if (!p.can('webhooks.manage')) notFound();
  const page = Math.max(1, Math.floor(Number(sp.page)) || 1);
  const [endpoint, log] = await Promise.all([getEndpoint(p.ctx, id), listDeliveries(p.ctx, id, { page, limit: 25 })]).catch((e) => {
    if (isAppError(e) && e.status === 404) notFound();
    throw e;
  });
  return (
    <div className="space-y-4">
      <nav className="text-sm text-slate-500" aria-label="Breadcrumb">
        <Link href={`/w/${slug}/settings/webhooks`} className="hover:text-slate-800 hover:underline">Webhooks</Link> <span aria-hidden>/</span>{' '}
        <span className="break-all text-slate-700">{endpoint.url}</span>
      </nav>
      {endpoint.disabledReason && (
        <p role="status" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200" data-testid="disabled-notice">
          {endpoint.disabledReason} Fix the receiver, then Enable the endpoint and re-send what it missed.
        </p>
      )}
      {!endpoint.disabledReason && endpoint.failingSince && (
        <p role="status" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
          Every delivery has failed since {fmtDate(endpoint.failingSince)}. The endpoint is disabled automatically after 5 days of failures.
        </p>
      )}
      <Card>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <h2 className="break-all font-mono text-base font-semibold text-slate-900">{endpoint.url}</h2>
              <EndpointStatus e={endpoint} />
            </div>
            {endpoint.description && <p className="mt-1 text-sm text-slate-600">{endpoint.description}</p>}
            <p className="mt-1 text-xs text-slate-500">
              Events: {endpoint.events.map((e) => <code key={e} className="mr-1 font-mono">{e}</code>)} · signing secret {endpoint.secretHint} · added {fmtDate(endpoint.createdAt)}
            </p>
            {endpoint.previousSecretExpiresAt && (
              <p className="mt-1 text-xs text-amber-800" data-testid="secret-overlap">
                Rotated: the old secret {endpoint.previousSecretHint} keeps working until {fmtDate(endpoint.previousSecretExpiresAt)} (deliveries carry both signatures until then).
              </p>
            )}
          </div>
        </div>
        <div className="mt-4"><EndpointControls slug={slug} endpoint={endpoint} /></div>
      </Card>
      <Card title="Delivery log" actions={<span className="text-xs text-slate-500">{log.pagination.total} deliver{log.pagination.total === 1 ? 'y' : 'ies'}</span>}>
        <DeliveryLog slug={slug} endpointId={endpoint.id} enabled={endpoint.enabled} deliveries={log.data} page={page} totalPages={log.pagination.totalPages} />
      </Card>
    </div>
  );
}
