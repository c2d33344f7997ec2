// GET /api/v1/webhooks/{id}/deliveries?limit=&page=&status= — the delivery log, newest first, each
// delivery with its attempts (status code, duration, response excerpt, error).
import { apiRoute } from '@/lib/api/handler';
import { listDeliveries } from '@/lib/webhooks/service';

export const GET = apiRoute({ admin: true }, async (req, ctx, params) =>
  listDeliveries(ctx, params.id, Object.fromEntries(new URL(req.url).searchParams)),
);
