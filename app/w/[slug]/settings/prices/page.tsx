import { pageCtx } from '@/lib/page-ctx';
import { listPrices, nanoPerTokenToPerMtok } from '@/lib/services/prices';
import { nanoToUsd } from '@/lib/money';
import { Card } from '@/components/ui';
import { PriceTable, type PriceView } from './prices-ui';

export const metadata = { title: 'Prices' };

export default async function PricesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const p = await pageCtx(slug);
  const rows = await listPrices(p.ctx);
  const prices: PriceView[] = rows.map((r) => ({
    model: r.model,
    modelType: r.modelType,
    input: nanoPerTokenToPerMtok(r.inputNanoPerToken) ?? 0,
    output: nanoPerTokenToPerMtok(r.outputNanoPerToken) ?? 0,
    defaultReserve: nanoToUsd(r.defaultReserveNano),
  }));
  return (
    <Card title="Model prices" actions={<span className="text-xs text-slate-500">USD per million tokens</span>}>
      <p className="-mt-2 mb-4 text-sm text-slate-600">
        The built-in gateway and <code className="font-mono">/gate/settle</code> compute each request&apos;s cost from this table. The default reserve is held
        when a request arrives without a cost estimate.
      </p>
      <PriceTable slug={slug} prices={prices} canManage={p.can('prices.manage')} />
    </Card>
  );
}
