// The key's daily spend chart on the key detail page (series from lib/billing/key-series.ts, chart from
// components/charts/key-spend-chart.tsx, which loads recharts lazily).
import type { Ctx } from '@/lib/context';
import { keyDailySpend } from '@/lib/billing/key-series';
import { KeySpendChart } from '@/components/charts/key-spend-chart';
import { Card } from '@/components/ui';

export async function KeySpendSection({ ctx, keyId }: { ctx: Ctx; keyId: string }) {
  const series = await keyDailySpend(ctx, keyId);
  return (
    <Card title="Daily spend">
      <KeySpendChart data={series.data} limitUsd={series.limitUsd} period={series.period} />
    </Card>
  );
}
