// Alerts sent for one key (key detail page): the 80 % / 100 % events with their delivery outcome.
import { listKeyAlerts } from '@/lib/alerts/list';
import type { Ctx } from '@/lib/context';
import { fmtDate, fmtUsd } from '@/lib/format';
import { PERIOD_WORDS } from '@/lib/periods';
import { Badge, Card } from '@/components/ui';

export async function KeyAlerts({ workspaceId, keyId }: { workspaceId: string; keyId: string }) {
  // The key detail page has already checked membership; alerts are read scoped to this workspace.
  const ctx: Ctx = { workspaceId, workspaceSlug: '', actor: { kind: 'system', label: 'key detail page' } };
  const alerts = await listKeyAlerts(ctx, keyId);
  return (
    <Card title="Alerts sent">
      {alerts.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="key-alerts-empty">
          No alerts yet. When this key reaches 80 % or 100 % of its spend limit, Keycap sends
          <code className="mx-1 font-mono">api_key.spend_limit.warning</code> / <code className="font-mono">reached</code> to your webhook endpoints, once per window.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="key-alerts">
          {alerts.map((a) => {
            const reached = a.type.endsWith('.reached');
            const d = a.deliveries;
            return (
              <li key={a.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2 text-sm" data-testid="key-alert" data-type={a.type}>
                <Badge tone={reached ? 'red' : 'amber'}>{reached ? '100 % reached' : '80 % warning'}</Badge>
                <span className="text-slate-800">
                  {fmtUsd(a.alert.spentUsd, 4)} of {fmtUsd(a.alert.limitUsd)} {PERIOD_WORDS[a.alert.period]}
                </span>
                <span className="text-xs text-slate-500">window from {fmtDate(a.alert.windowStart)}</span>
                <span className="ml-auto text-xs text-slate-500">
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
