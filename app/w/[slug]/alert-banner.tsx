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
            const zero = i.limitUsd === 0;
            return (
              <li key={`${i.kind}:${i.id}`} data-testid="alert-banner-item" data-level={i.level} data-zero={zero ? 'true' : undefined}>
                {/* an icon, not an emoji: emoji fonts are missing on some systems */}
                <svg viewBox="0 0 20 20" className="mr-1.5 inline h-4 w-4 -translate-y-px" aria-hidden>
                  {i.level === 'reached' ? (
                    <><circle cx="10" cy="10" r="8" fill="currentColor" /><path d="M6 10h8" stroke="white" strokeWidth="2.2" strokeLinecap="round" /></>
                  ) : (
                    <path d="M10 2.5l8 14.5H2L10 2.5zm0 5.5v4m0 2.4v.3" stroke="currentColor" strokeWidth="1.7" fill="none" strokeLinecap="round" strokeLinejoin="round" />
                  )}
                </svg>
                {zero ? (
                  <>{what} has {i.kind === 'budget' ? 'a monthly budget' : 'a spend limit'} of $0</>
                ) : (
                  <>
                    {what} {i.level === 'reached' ? `reached ${cap}` : `is at ${pct} % of ${cap}`}: {fmtUsd(i.spentUsd)} of {fmtUsd(i.limitUsd)} {PERIOD_WORDS[i.period as Period] ?? ''}
                    {i.resetsAt && <span className="opacity-90"> (resets {fmtDate(i.resetsAt)})</span>}
                  </>
                )}
                {zero
                  ? i.kind === 'budget' ? ' — every request is refused until it is raised or removed.' : ' — its calls are refused until it is raised.'
                  : i.level === 'reached' && (i.kind === 'budget' ? ' — every request is refused until it resets or is raised.' : ' — its calls are refused until it resets or is raised.')}{' '}
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
