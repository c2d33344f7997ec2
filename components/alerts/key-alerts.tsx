// Alerts sent for one key (key detail page): the 80 % / 100 % events with their delivery outcome, or why
// there are none yet (no endpoint listens for them, or the key has not crossed a threshold).
import Link from 'next/link';
import { listKeyAlerts } from '@/lib/alerts/list';
import { listEndpoints } from '@/lib/webhooks/service';
import type { Ctx } from '@/lib/context';
import { fmtDate, fmtUsd } from '@/lib/format';
import { PERIOD_WORDS } from '@/lib/periods';
import { Badge, Card } from '@/components/ui';

const KEY_EVENTS = ['api_key.spend_limit.warning', 'api_key.spend_limit.reached', 'api_key.spend_limit.resolved', 'api_key.spend_limit.forecast'];
const REASONS: Record<string, string> = {
  limit_raised: 'limit raised',
  limit_removed: 'limit removed',
  window_reset: 'window reset',
  period_changed: 'limit period changed',
  key_revoked: 'key revoked',
  key_expired: 'key expired',
  key_deleted: 'key deleted',
};
const BADGE = {
  warning: { tone: 'amber', text: '80 % warning' },
  reached: { tone: 'red', text: '100 % reached' },
  resolved: { tone: 'green', text: 'Resolved' },
  forecast: { tone: 'amber', text: 'Forecast' },
} as const;

export async function KeyAlerts({ workspaceId, slug, keyId, hasLimit, canManageWebhooks }: { workspaceId: string; slug: string; keyId: string; hasLimit: boolean; canManageWebhooks: boolean }) {
  // The key detail page has already checked membership; alerts and endpoints are read scoped to this workspace.
  const ctx: Ctx = { workspaceId, workspaceSlug: slug, actor: { kind: 'system', label: 'key detail page' } };
  const [alerts, endpoints] = await Promise.all([listKeyAlerts(ctx, keyId), listEndpoints(ctx)]);
  const listening = endpoints.filter((e) => e.enabled && e.events.some((t) => KEY_EVENTS.includes(t)));
  const webhooks = `/w/${slug}/settings/webhooks`;
  return (
    <Card title="Alerts sent">
      {listening.length === 0 && (
        <p className="mb-3 text-sm text-slate-700" data-testid="key-alerts-no-endpoint">
          {alerts.length === 0 ? 'No alerts — no webhook endpoint is set up' : 'No webhook endpoint listens for key alerts now'}
          {endpoints.length > 0 && ' (none enabled for key spend alerts)'}.{' '}
          {canManageWebhooks ? (
            <Link href={webhooks} className="font-medium text-brand-700 underline-offset-2 hover:underline">Set up a webhook endpoint</Link>
          ) : (
            'An owner or admin can set one up under Settings → Webhooks.'
          )}
        </p>
      )}
      {alerts.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="key-alerts-empty">
          {hasLimit ? (
            <>
              {listening.length > 0 && 'No alerts yet. '}When this key reaches 80 % or 100 % of its spend limit, Keycap records an alert here and sends
              <code className="mx-1 font-mono">api_key.spend_limit.warning</code> / <code className="font-mono">reached</code> to your webhook endpoints, once per window.
            </>
          ) : (
            <>This key has no spend limit, so there is nothing to alert on. Give it a limit to get alerts at 80 % and 100 %.</>
          )}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="key-alerts">
          {alerts.map((a) => {
            const d = a.deliveries;
            const b = BADGE[a.kind];
            const x = a.alert;
            return (
              <li key={a.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2 text-sm" data-testid="key-alert" data-type={a.type}>
                <Badge tone={b.tone}>{a.kind === 'resolved' && x.threshold ? `${x.threshold} % resolved` : b.text}</Badge>
                <span className="text-slate-800">
                  {a.kind === 'resolved'
                    ? `${REASONS[x.reason ?? ''] ?? 'resolved'}: ${fmtUsd(x.spentUsd)} of ${x.currentLimitUsd == null ? 'no limit' : fmtUsd(x.currentLimitUsd)} ${PERIOD_WORDS[x.period]}`
                    : a.kind === 'forecast'
                      ? `at ${fmtUsd(x.spendRate24h ?? 0)}/day, hits ${fmtUsd(x.limitUsd)} on ${x.projectedExhaustionAt ? fmtDate(x.projectedExhaustionAt) : '—'}`
                      : `${fmtUsd(x.spentUsd)} of ${fmtUsd(x.limitUsd)} ${PERIOD_WORDS[x.period]}`}
                </span>
                <span className="text-xs text-slate-600">{x.period === 'total' ? 'lifetime limit' : `window from ${fmtDate(x.windowStart)}`}</span>
                <span className="ml-auto text-xs text-slate-600">
                  {fmtDate(a.createdAt)} ·{' '}
                  {d.delivered + d.pending + d.failed === 0
                    ? 'no endpoint subscribed'
                    : [d.delivered && `${d.delivered} delivered`, d.pending && `${d.pending} pending`, d.failed && `${d.failed} failed`].filter(Boolean).join(', ')}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
