// Key detail: the key's rate limits (its own, or the workspace default it falls back to) and the models it
// may call, as the gateway applies them (429 key_rate_limit_exceeded, 403 model_not_allowed).
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Ctx } from '@/lib/context';
import type { KeyObject } from '@/lib/services/keys';
import { getWorkspace } from '@/lib/services/workspace-settings';
import { Card } from '@/components/ui';

const perMinute = (n: number) => `${n.toLocaleString('en-US')}/min`;

function Rate({ own, fallback, testId }: { own: number | null; fallback: number | null; testId: string }) {
  if (own !== null) return <span className="tabular font-medium" data-testid={testId} data-source="key">{perMinute(own)}</span>;
  if (fallback !== null)
    return (
      <span data-testid={testId} data-source="workspace">
        <span className="tabular font-medium">{perMinute(fallback)}</span> <span className="text-slate-600">(workspace default)</span>
      </span>
    );
  return <span className="text-slate-600" data-testid={testId} data-source="none">No limit</span>;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-2 text-sm">
      <dt className="flex-none text-slate-600">{label}</dt>
      <dd className="min-w-0 text-right text-slate-900">{children}</dd>
    </div>
  );
}

export async function KeyRateLimits({ ctx, slug, k, canManage, canEditDefaults }: { ctx: Ctx; slug: string; k: KeyObject; canManage: boolean; canEditDefaults: boolean }) {
  const ws = await getWorkspace(ctx, undefined, { forecast: false });
  const usesDefault = (k.rateLimitRpm === null && ws.defaultRateLimitRpm !== null) || (k.rateLimitTpm === null && ws.defaultRateLimitTpm !== null);
  return (
    <Card title="Rate limits and models">
      <div data-testid="detail-rate-limits">
        <dl className="-my-2 divide-y divide-slate-100">
          <Row label="Requests per minute"><Rate own={k.rateLimitRpm} fallback={ws.defaultRateLimitRpm} testId="detail-rpm" /></Row>
          <Row label="Tokens per minute"><Rate own={k.rateLimitTpm} fallback={ws.defaultRateLimitTpm} testId="detail-tpm" /></Row>
          <div className="py-2 text-sm">
            <dt className="text-slate-600">Allowed models</dt>
            <dd className="mt-1.5" data-testid="detail-models">
              {k.allowedModels === null ? (
                <span className="text-slate-900">Every model</span>
              ) : (
                <ul className="flex flex-wrap gap-1.5" aria-label="Allowed models">
                  {k.allowedModels.map((m) => (
                    <li key={m} className="max-w-full break-all rounded-md bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-800 ring-1 ring-inset ring-slate-200" data-testid="detail-model">{m}</li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        </dl>
        <p className="mt-3 border-t border-slate-100 pt-3 text-xs text-slate-600">
          {k.allowedModels === null ? 'Calls over a rate limit get 429 until the next minute.' : 'Calls over a rate limit get 429 until the next minute; other models get 403.'}
          {canManage && ' Change them with Edit.'}
          {usesDefault && canEditDefaults && (
            <>
              {' '}
              <Link href={`/w/${slug}/settings`} className="font-medium text-brand-700 hover:underline">Workspace defaults</Link>
            </>
          )}
        </p>
      </div>
    </Card>
  );
}
