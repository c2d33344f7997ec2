import { pageCtx } from '@/lib/page-ctx';
import { getWorkspace } from '@/lib/services/workspace-settings';
import { exactUsd, fmtDate, fmtUsd } from '@/lib/format';
import { PERIOD_WORDS } from '@/lib/periods';
import { Card, SpendBar } from '@/components/ui';
import { BudgetForm, DefaultLimitForm, NameForm, RateDefaultsForm } from './_components/general-forms';

export const metadata = { title: 'Settings' };

const usd = fmtUsd;
const spend = fmtUsd;

export default async function GeneralSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const p = await pageCtx(slug);
  const ws = await getWorkspace(p.ctx, undefined, { forecast: false });
  const canEdit = p.can('workspace.settings');
  const pct = ws.monthlyBudget === null ? null : ws.monthlyBudget === 0 ? 100 : Math.round((ws.monthToDateSpend / ws.monthlyBudget) * 100);
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <Card title="Monthly budget" className="lg:col-span-2">
        <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
          <div data-testid="budget-summary">
            <p className="text-sm text-slate-600">Spent this month</p>
            <p className="mt-1 flex flex-wrap items-baseline gap-x-2">
              <span className="tabular text-3xl font-semibold text-slate-900" data-testid="budget-mtd" title={exactUsd(ws.monthToDateSpend)}>{spend(ws.monthToDateSpend)}</span>
              <span className="text-slate-600">
                {ws.monthlyBudget === null ? 'no budget set' : <>of <span className="tabular font-medium text-slate-800" data-testid="budget-amount" title={exactUsd(ws.monthlyBudget)}>{usd(ws.monthlyBudget)}</span></>}
              </span>
            </p>
            {ws.monthlyBudget !== null && (
              <div className="mt-3 space-y-1.5">
                <SpendBar spent={ws.monthToDateSpend} limit={ws.monthlyBudget} label={`${spend(ws.monthToDateSpend)} of ${usd(ws.monthlyBudget)}`} />
                <p className="text-xs text-slate-600">{pct}% used · {spend(ws.monthlyBudgetRemaining)} left · resets {fmtDate(ws.budgetResetsAt)}</p>
                {ws.monthlyBudget === 0 && <p className="text-sm text-red-700" data-testid="budget-zero">A $0 budget refuses every call in this workspace until you raise or remove it.</p>}
              </div>
            )}
            {ws.monthlyBudget === null && <p className="mt-2 text-sm text-slate-600">Without a budget, only key limits and the credit balance stop spending.</p>}
          </div>
          {canEdit ? (
            <BudgetForm slug={slug} budget={ws.monthlyBudget} />
          ) : (
            <p className="text-sm text-slate-600">Only owners and admins can change the budget.</p>
          )}
        </div>
      </Card>

      <Card title="Default limit for new keys">
        {canEdit ? (
          <DefaultLimitForm slug={slug} limit={ws.defaultSpendLimit} period={ws.defaultSpendLimitPeriod} />
        ) : (
          <p className="text-sm text-slate-700" data-testid="default-limit">
            {ws.defaultSpendLimit === null ? 'No default: new keys start without a limit unless one is given.' : `${usd(ws.defaultSpendLimit)} ${PERIOD_WORDS[ws.defaultSpendLimitPeriod ?? 'monthly']} — new keys start with this limit.`}
          </p>
        )}
      </Card>

      <Card title="Default rate limits">
        {canEdit ? (
          <RateDefaultsForm slug={slug} rpm={ws.defaultRateLimitRpm} tpm={ws.defaultRateLimitTpm} />
        ) : (
          <p className="text-sm text-slate-700" data-testid="rate-defaults">
            {ws.defaultRateLimitRpm === null && ws.defaultRateLimitTpm === null
              ? 'No default: keys without their own rate limit have none.'
              : `${[ws.defaultRateLimitRpm !== null && `${ws.defaultRateLimitRpm.toLocaleString('en-US')} requests/min`, ws.defaultRateLimitTpm !== null && `${ws.defaultRateLimitTpm.toLocaleString('en-US')} tokens/min`].filter(Boolean).join(' and ')} for every key without its own rate limit.`}
          </p>
        )}
      </Card>

      <Card title="Workspace">
        {canEdit ? <NameForm slug={slug} name={ws.name} /> : <p className="text-sm text-slate-700">{ws.name}</p>}
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600">Slug</dt><dd><code className="font-mono">{ws.slug}</code></dd>
          <dt className="text-slate-600">Workspace id</dt><dd><code className="break-all font-mono text-xs">{ws.id}</code></dd>
        </dl>
      </Card>
    </div>
  );
}
