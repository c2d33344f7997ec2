// The key's daily spend chart on the key detail page (series and limit history from
// lib/billing/key-series.ts; the chart in components/charts/key-spend-chart.tsx loads recharts lazily).
// A bar opens the ledger for that day and this key.
import Link from 'next/link';
import type { Ctx } from '@/lib/context';
import { keyDailySpend } from '@/lib/billing/key-series';
import { KeySpendChart } from '@/components/charts/key-spend-chart';
import { Card } from '@/components/ui';

export async function KeySpendSection({ ctx, slug, keyId }: { ctx: Ctx; slug: string; keyId: string }) {
  const series = await keyDailySpend(ctx, keyId);
  const ledger = `/w/${slug}/usage?key=${encodeURIComponent(keyId)}`;
  const first = series.data[0]?.date;
  const last = series.data.at(-1)?.date;
  return (
    <Card
      title="Daily spend"
      actions={first && last ? <Link href={`${ledger}&start=${first}&end=${last}`} className="text-sm font-medium text-brand-700 hover:underline">Open in the ledger</Link> : undefined}
    >
      <KeySpendChart data={series.data} limitUsd={series.limitUsd} period={series.period} drillHref={ledger} />
    </Card>
  );
}
