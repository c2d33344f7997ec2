// Overview: the burn-rate forecast of the monthly budget, and the keys that reach their cap soonest at the
// last 24 hours' rate (before their window resets). Nothing when there is no budget and no key on course.
import Link from 'next/link';
import type { KeyObject } from '@/lib/services/keys';
import type { WorkspaceObjectWithForecast } from '@/lib/services/workspace-settings';
import { exactUsd, fmtDate, fmtUsd } from '@/lib/format';
import { fmtWhen, rateText } from '../keys/_components/key-forecast';

const SHOWN_KEYS = 3;

function budgetSentence(ws: WorkspaceObjectWithForecast, now: number) {
  const f = ws.forecast!;
  const budget = <span title={exactUsd(ws.monthlyBudget)}>{fmtUsd(ws.monthlyBudget)}</span>;
  switch (f.state) {
    case 'projected':
      return <>At this rate, the workspace hits its {budget} monthly budget on <span className="font-medium" title={fmtDate(f.projectedExhaustionAt)}>{fmtWhen(f.projectedExhaustionAt!, now)}</span>, and every key is refused from then on.</>;
    case 'reached':
      return <>The {budget} monthly budget is reached: every key is refused{ws.budgetResetsAt ? <> until it resets on {fmtWhen(ws.budgetResetsAt, now)}</> : null}.</>;
    case 'not_in_window':
      return <>At this rate, the workspace won’t reach its {budget} monthly budget before it resets on {fmtWhen(ws.budgetResetsAt!, now)}.</>;
    case 'no_usage':
      return <>No spend in the last 24 h, so no projection for the {budget} monthly budget.</>;
  }
}

export function OverviewForecast({ ws, keys, slug, now }: { ws: WorkspaceObjectWithForecast; keys: KeyObject[]; slug: string; now: number }) {
  const soonest = keys
    .filter((k) => k.forecast?.state === 'projected' && k.forecast.projectedExhaustionAt)
    .sort((a, b) => a.forecast!.projectedExhaustionAt!.localeCompare(b.forecast!.projectedExhaustionAt!));
  if (!ws.forecast && !soonest.length) return null;
  return (
    <section className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5" data-testid="overview-forecast" aria-labelledby="overview-forecast-title">
      <h2 id="overview-forecast-title" className="text-xs font-medium uppercase tracking-wide text-slate-600">At the current spend rate</h2>
      {ws.forecast && (
        <div className="mt-2 text-sm" data-testid="budget-forecast" data-state={ws.forecast.state}>
          <p className={ws.forecast.state === 'projected' ? 'text-amber-800' : ws.forecast.state === 'reached' ? 'text-red-700' : 'text-slate-800'} data-testid="budget-forecast-sentence">{budgetSentence(ws, now)}</p>
          <p className="tabular mt-0.5 text-xs text-slate-600">Workspace: {rateText(ws.forecast)}</p>
        </div>
      )}
      {soonest.length > 0 && (
        <div className="mt-3 border-t border-slate-100 pt-3">
          <p className="text-sm text-slate-800" id="overview-forecast-keys">
            {soonest.length === 1 ? 'One key hits its cap' : `${soonest.length} keys hit their cap`} before the window resets{soonest.length > SHOWN_KEYS ? ` — the ${SHOWN_KEYS} soonest` : ''}:
          </p>
          <ul className="mt-1.5 divide-y divide-slate-100" aria-labelledby="overview-forecast-keys">
            {soonest.slice(0, SHOWN_KEYS).map((k) => (
              <li key={k.id} className="flex flex-col gap-x-4 gap-y-0.5 py-1.5 text-sm sm:flex-row sm:items-baseline sm:justify-between" data-testid="key-forecast-row" data-key-name={k.name}>
                <span className="min-w-0">
                  <Link href={`/w/${slug}/keys/${k.id}`} className="font-medium text-brand-700 hover:underline">{k.name}</Link>
                  <span className="text-amber-800"> hits {fmtUsd(k.spendLimit)} on {fmtWhen(k.forecast!.projectedExhaustionAt!, now)}</span>
                </span>
                <span className="tabular shrink-0 text-xs text-slate-600">{fmtUsd(k.forecast!.spendRate24h)}/day over 24 h</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
