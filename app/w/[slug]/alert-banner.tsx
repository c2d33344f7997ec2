// Banner on every workspace page for keys or the budget at or above 80 % of their cap. Server component.
import Link from 'next/link';
import { pageCtx } from '@/lib/page-ctx';
import { spendWarnings } from '@/lib/alerts/banner';
import { fmtDate, fmtUsd } from '@/lib/format';
import { PERIOD_WORDS, type Period } from '@/lib/periods';

const SHOWN = 3;

export async function AlertBanner({ slug }: { slug: string }) {
  const p = await pageCtx(slug);
  const items = await spendWarnings(p.ctx);
  if (!items.length) return null;
  const reached = items.some((i) => i.level === 'reached');
  const more = items.length - SHOWN;
  return (
    <div
      role="status"
      data-testid="alert-banner"
      className={reached ? 'border-b border-red-200 bg-red-50 text-red-900' : 'border-b border-amber-200 bg-amber-50 text-amber-900'}
    >
      <div className="mx-auto max-w-7xl px-4 py-2 text-sm">
        <ul className="space-y-0.5">
          {items.slice(0, SHOWN).map((i) => {
            const pct = Math.floor((i.spentUsd / i.limitUsd) * 100);
            const what = i.kind === 'budget' ? 'The workspace' : <>Key <b>{i.name}</b></>;
            const cap = i.kind === 'budget' ? 'its monthly budget' : 'its spend limit';
            const href = i.kind === 'budget' ? `/w/${slug}/settings` : `/w/${slug}/keys/${i.id}`;
            return (
              <li key={`${i.kind}:${i.id}`} data-testid="alert-banner-item" data-level={i.level}>
                <span aria-hidden className="mr-1.5">{i.level === 'reached' ? '⛔' : '⚠️'}</span>
                {what} {i.level === 'reached' ? `reached ${cap}` : `is at ${pct} % of ${cap}`}: {fmtUsd(i.spentUsd)} of {fmtUsd(i.limitUsd)} {PERIOD_WORDS[i.period as Period] ?? ''}
                {i.resetsAt && <span className="opacity-80"> (resets {fmtDate(i.resetsAt)})</span>}
                {i.level === 'reached' && (i.kind === 'budget' ? ' — every request is refused until it resets or is raised.' : ' — its calls are refused until it resets or is raised.')}{' '}
                <Link href={href} className="font-medium underline underline-offset-2">{i.kind === 'budget' ? 'Budget settings' : 'View key'}</Link>
              </li>
            );
          })}
        </ul>
        {more > 0 && (
          <p className="mt-0.5 text-xs">
            and {more} more — <Link href={`/w/${slug}/keys`} className="underline">see all keys</Link>
          </p>
        )}
      </div>
    </div>
  );
}
