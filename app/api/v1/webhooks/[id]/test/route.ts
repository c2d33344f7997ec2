// POST /api/v1/webhooks/{id}/test — sends a signed `webhook.test` event to this endpoint now and
// answers with the delivery and its attempt (status code, duration, response excerpt).
import { apiRoute } from '@/lib/api/handler';
import { sendTestEvent } from '@/lib/webhooks/service';

export const POST = apiRoute({ admin: true }, async (_req, ctx, params) => sendTestEvent(ctx, params.id));
