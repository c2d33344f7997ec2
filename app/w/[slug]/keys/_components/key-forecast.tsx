// The burn-rate forecast of a key (and the wording the overview reuses for the budget): at the last 24 hours'
// spend rate, when the cap is reached — "Hits $50.00 on Dec 19, 14:00 UTC at this rate". Pure presentation.
import type { ReactNode } from 'react';
import type { KeyObject } from '@/lib/services/keys';
import type { ForecastObject } from '@/lib/metering/forecast';
import { exactUsd, fmtDate, fmtUsd } from '@/lib/format';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Dec 19, 14:00 UTC" (with the year when it is not this year's), UTC like every date of the console. */
export function fmtWhen(iso: string, now: number): string {
  const d = new Date(iso);
  const year = d.getUTCFullYear() !== new Date(now).getUTCFullYear() ? ` ${d.getUTCFullYear()}` : '';
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}${year}, ${d.toISOString().slice(11, 16)} UTC`;
}

/** "$24.00/day over 24 h · $3.43/day over 7 d" */
export function rateText(f: ForecastObject) {
  return `${fmtUsd(f.spendRate24h)}/day over 24 h · ${fmtUsd(f.spendRate7d)}/day over 7 d`;
}

/** The one line under a key's spend bar in the list: only when the cap is projected to be reached, or is. */
export function KeyForecastLine({ k, now }: { k: Pick<KeyObject, 'spendLimit' | 'forecast' | 'status'>; now: number }) {
  const f = k.forecast;
  if (!f || k.spendLimit === null || k.spendLimit === 0) return null;
  if (f.state === 'projected' && f.projectedExhaustionAt)
    return (
      <p className="text-xs font-medium text-amber-800" data-testid="key-forecast" data-state={f.state} title={`${rateText(f)} · ${fmtDate(f.projectedExhaustionAt)}`}>
        Hits {fmtUsd(k.spendLimit)} on {fmtWhen(f.projectedExhaustionAt, now)} at this rate
      </p>
    );
  if (f.state === 'reached')
    return <p className="text-xs font-medium text-red-700" data-testid="key-forecast" data-state={f.state}>Cap reached: calls are refused</p>;
  return null;
}

/** The forecast block of the key page: both rates and one sentence. */
export function KeyForecast({ k, now }: { k: Pick<KeyObject, 'name' | 'spendLimit' | 'periodResetsAt' | 'forecast'>; now: number }) {
  const f = k.forecast;
  if (!f || k.spendLimit === null) return null;
  const cap = <span title={exactUsd(k.spendLimit)}>{fmtUsd(k.spendLimit)}</span>;
  let sentence: ReactNode;
  if (f.state === 'projected' && f.projectedExhaustionAt)
    sentence = <>At this rate, <span className="font-medium">{k.name}</span> hits {cap} on <span className="font-medium" title={fmtDate(f.projectedExhaustionAt)}>{fmtWhen(f.projectedExhaustionAt, now)}</span>.</>;
  else if (f.state === 'reached')
    sentence = k.spendLimit === 0
      ? <>The limit is $0: every call is refused.</>
      : <><span className="font-medium">{k.name}</span> has reached its {cap} cap: calls are refused {k.periodResetsAt ? <>until it resets on {fmtWhen(k.periodResetsAt, now)}</> : 'until the limit is raised'}.</>;
  else if (f.state === 'not_in_window')
    sentence = k.periodResetsAt
      ? <>At this rate, {k.name} won’t reach its {cap} cap before it resets on {fmtWhen(k.periodResetsAt, now)}.</>
      : <>At this rate, {k.name} won’t reach its {cap} cap in the foreseeable future.</>;
  else sentence = <>No spend in the last 24 h, so no projection.</>;
  return (
    <div className="mt-3 border-t border-slate-100 pt-3 text-sm" data-testid="detail-forecast" data-state={f.state}>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-600">Burn rate</p>
      <p className="tabular mt-1 text-slate-900" data-testid="detail-forecast-rates">
        {fmtUsd(f.spendRate24h)}<span className="text-slate-600">/day over 24 h</span> · {fmtUsd(f.spendRate7d)}<span className="text-slate-600">/day over 7 d</span>
      </p>
      <p className={f.state === 'projected' ? 'mt-1 text-amber-800' : f.state === 'reached' ? 'mt-1 text-red-700' : 'mt-1 text-slate-700'} data-testid="detail-forecast-sentence">{sentence}</p>
    </div>
  );
}
