// GET /api/v1/billing/usage-analytics (any key, scoped to its workspace): spend by date, model and key,
// from the daily rollups. lookback=Nd (default 7d, clamped to 90d) or startDate + endDate (YYYY-MM-DD).
import { apiRoute } from '@/lib/api/handler';
import { usageAnalytics } from '@/lib/billing/analytics';
import { parseAnalyticsQuery } from '@/lib/billing/params';

export const GET = apiRoute({}, async (req, ctx) => usageAnalytics(ctx, parseAnalyticsQuery(new URL(req.url).searchParams)));
