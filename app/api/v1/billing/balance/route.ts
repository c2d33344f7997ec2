// GET /api/v1/billing/balance (ADMIN key): credit balances by bucket and which one is consumed next.
import { apiRoute } from '@/lib/api/handler';
import { getBalances } from '@/lib/services/credits';

export const GET = apiRoute({ admin: true }, async (_req, ctx) => {
  const b = await getBalances(ctx);
  return {
    canConsume: b.canConsume,
    consumptionCurrency: b.consumptionCurrency,
    balances: { diem: b.diem, usd: b.usd, bundledCredits: b.bundledCredits },
    diemEpochAllocation: b.diemEpochAllocation,
  };
});
