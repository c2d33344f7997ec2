'use client';
// The endpoints of a workspace with add, and per endpoint: status, events, send test event, delivery log.
import Link from 'next/link';
import { useState } from 'react';
import type { EndpointObject } from '@/lib/webhooks/service';
import { Button, EmptyState } from '@/components/ui';
import { fmtDate } from '@/lib/format';
import { EndpointForm } from './endpoint-form';
import { EndpointStatus, TestSendButton } from './endpoint-actions';
import { SecretOnce } from './secret-once';

export function EndpointList({ slug, endpoints }: { slug: string; endpoints: EndpointObject[] }) {
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const base = `/w/${slug}/settings/webhooks`;
  return (
    <div className="space-y-4">
      {endpoints.length === 0 ? (
        <EmptyState title="No webhook endpoints yet">
          Add an endpoint to be notified when a key reaches 80 % or 100 % of its spend limit, or the workspace of its monthly budget.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200" data-testid="webhook-list">
          {endpoints.map((e) => (
            <li key={e.id} className="flex flex-col gap-3 px-4 py-3 sm:flex-row sm:items-center" data-testid="webhook-row" data-url={e.url}>
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <Link href={`${base}/${e.id}`} className="truncate font-mono text-sm text-slate-900 hover:underline">{e.url}</Link>
                  <EndpointStatus e={e} />
                </div>
                <p className="mt-0.5 text-xs text-slate-500">
                  {e.description ? `${e.description} · ` : ''}
                  {e.events.length === 4 ? 'All 4 alert events' : e.events.join(', ')} · secret {e.secretHint}
                  {e.previousSecretExpiresAt && ` (old secret ${e.previousSecretHint} works until ${fmtDate(e.previousSecretExpiresAt)})`}
                </p>
                {e.disabledReason && <p className="mt-1 text-xs text-red-700">{e.disabledReason}</p>}
              </div>
              <div className="flex flex-wrap items-center gap-2">
                <TestSendButton slug={slug} id={e.id} />
                <Link href={`${base}/${e.id}`} className="rounded-md px-2.5 py-1.5 text-xs font-medium text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50">Delivery log</Link>
              </div>
            </li>
          ))}
        </ul>
      )}
      <Button onClick={() => setAdding(true)} data-testid="add-webhook">Add endpoint</Button>
      {adding && (
        <EndpointForm
          slug={slug}
          endpoint={null}
          onClose={() => setAdding(false)}
          onCreated={(s) => {
            setAdding(false);
            setSecret(s);
          }}
        />
      )}
      {secret && <SecretOnce title="Endpoint added" secret={secret} onClose={() => setSecret(null)} />}
    </div>
  );
}
