// POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/resend — sends the same event (same webhook-id)
// again as a new delivery, at once; answers with that delivery and its attempt.
import { apiRoute } from '@/lib/api/handler';
import { resendDelivery } from '@/lib/webhooks/service';

export const POST = apiRoute({ admin: true }, async (_req, ctx, params) => resendDelivery(ctx, params.id, params.deliveryId));
