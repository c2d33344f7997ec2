import { pageCtx } from '@/lib/page-ctx';
import { getBalances, listTopUps } from '@/lib/services/credits';
import { exactUsd, fmtDate, fmtRelative, fmtUsd } from '@/lib/format';
import { Badge, Card, Hint, ScrollX, cx } from '@/components/ui';
import { BUCKET_HINT, NEGATIVE_HINT } from '@/components/ui/credit-hints';
import { DiemForm, TopUpForm } from './credits-ui';

export const metadata = { title: 'Credits' };

const BUCKET_LABEL: Record<string, string> = { DIEM: 'DIEM', BUNDLED_CREDITS: 'Bundled credits', USD: 'USD balance' };

function Bucket({ name, amount, exact, sub, hint, negative, next, testId }: { name: string; amount: string; exact?: string; sub: string; hint: string; negative?: boolean; next: boolean; testId: string }) {
  return (
    <div className={cx('rounded-lg bg-white p-4 shadow-sm ring-1', next ? 'ring-2 ring-brand-500' : 'ring-slate-200')}>
      <div className="flex items-center justify-between gap-2">
        <p className="text-xs font-medium uppercase tracking-wide text-slate-600">{name}</p>
        {next && <Badge tone="blue">used next</Badge>}
      </div>
      <p className={cx('tabular mt-1 text-2xl font-semibold', negative ? 'text-red-700' : 'text-slate-900')} data-testid={testId} title={exact}>{amount}</p>
      <p className="mt-1 text-xs text-slate-600">{sub}</p>
      <Hint className="mt-1">{hint}</Hint>
      {negative && <Hint className="mt-1 text-red-700!" testId={`${testId}-negative`}>{NEGATIVE_HINT}</Hint>}
    </div>
  );
}

export default async function CreditsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const p = await pageCtx(slug);
  const [b, topUps] = await Promise.all([getBalances(p.ctx), listTopUps(p.ctx, { limit: 50 })]);
  // One server timestamp so relative times render the same on server and client
  const now = Date.now();
  const isOwner = p.can('credits.manage');
  return (
    <div className="space-y-6">
      {!b.canConsume && (
        <p className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200" data-testid="no-balance">
          Every credit bucket is empty: calls are refused with 402 <code className="font-mono">insufficient_balance</code> until credits are added.
          {!isOwner && ' Ask an owner to add credit.'}
        </p>
      )}
      <div>
        <p className="mb-3 text-sm text-slate-600">A request is charged to the first bucket with a positive balance, in this order.</p>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
          <Bucket name="1 · DIEM" testId="balance-diem" next={b.consumptionCurrency === 'DIEM'} amount={b.diem === null ? 'Not set up' : fmtUsd(b.diem)} exact={b.diem === null ? undefined : exactUsd(b.diem)}
            negative={(b.diem ?? 0) < 0} hint={BUCKET_HINT.DIEM}
            sub={b.diemEpochAllocation === null ? 'No daily allocation' : `Refilled to ${fmtUsd(b.diemEpochAllocation)} every UTC day`} />
          <Bucket name="2 · Bundled credits" testId="balance-bundled" next={b.consumptionCurrency === 'BUNDLED_CREDITS'} amount={fmtUsd(b.bundledCredits)} exact={exactUsd(b.bundledCredits)}
            negative={b.bundledCredits < 0} hint={BUCKET_HINT.BUNDLED_CREDITS} sub="Used before prepaid USD" />
          <Bucket name="3 · USD" testId="balance-usd" next={b.consumptionCurrency === 'USD'} amount={fmtUsd(b.usd)} exact={exactUsd(b.usd)}
            negative={b.usd < 0} hint={BUCKET_HINT.USD} sub="Prepaid top-ups" />
        </div>
      </div>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card title="Add credits">
          {isOwner ? <TopUpForm slug={slug} /> : <p className="text-sm text-slate-600">Only owners can add credits.</p>}
        </Card>
        <Card title="DIEM daily allocation">
          {isOwner ? <DiemForm slug={slug} allocation={b.diemEpochAllocation} /> : (
            <div className="space-y-2 text-sm">
              <p className="text-slate-700" data-testid="diem-allocation">{b.diemEpochAllocation === null ? 'None' : `${fmtUsd(b.diemEpochAllocation)} per UTC day`}</p>
              <p className="text-slate-600">Only owners can change the DIEM allocation: like a top-up, it is credit the workspace gets.</p>
            </div>
          )}
        </Card>
      </div>

      <Card title="Top-up history">
        {topUps.length === 0 ? (
          <p className="text-sm text-slate-600">No top-ups yet.</p>
        ) : (
          <ScrollX label="Top-up history" className="-mx-5">
            <table className="w-full min-w-[36rem] text-sm" data-testid="topups">
              <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-600">
                <tr><th className="px-5 py-2 font-medium">When</th><th className="px-2 py-2 font-medium">Bucket</th><th className="px-2 py-2 text-right font-medium">Amount</th><th className="px-2 py-2 font-medium">Note</th><th className="px-5 py-2 font-medium">By</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {topUps.map((t) => (
                  <tr key={t.id}>
                    <td className="whitespace-nowrap px-5 py-2 text-slate-600" title={fmtDate(t.createdAt)}>{fmtRelative(t.createdAt, now)}</td>
                    <td className="px-2 py-2">{BUCKET_LABEL[t.bucket] ?? t.bucket}</td>
                    <td className="tabular px-2 py-2 text-right font-medium text-emerald-700" title={exactUsd(t.amountUsd)}>+{fmtUsd(t.amountUsd)}</td>
                    <td className="px-2 py-2 text-slate-700">{t.note}</td>
                    <td className="px-5 py-2 text-slate-600">{t.actorLabel}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        )}
      </Card>
    </div>
  );
}
