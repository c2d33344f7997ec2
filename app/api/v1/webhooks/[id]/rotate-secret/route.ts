// POST /api/v1/webhooks/{id}/rotate-secret — replaces the signing secret; answers with the endpoint
// plus the new `secret` (shown this once). Deliveries from now on are signed with the new secret.
import { apiRoute } from '@/lib/api/handler';
import { rotateSecret } from '@/lib/webhooks/service';

export const POST = apiRoute({ admin: true }, async (_req, ctx, params) => {
  const { endpoint, secret } = await rotateSecret(ctx, params.id);
  return { ...endpoint, secret };
});
