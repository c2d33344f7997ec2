// POST /api/v1/webhooks/{id}/rotate-secret — replaces the signing secret; answers with the endpoint
// plus the new `secret` (shown this once). Body (optional): { "overlapHours": 0–168 } (default 24):
// for that long the old secret keeps signing too, as a second signature in `webhook-signature`, and
// the endpoint shows `previousSecretHint` / `previousSecretExpiresAt`. 0 = the old secret stops at once.
import { apiRoute, readJson } from '@/lib/api/handler';
import { rotateSecret } from '@/lib/webhooks/service';

export const POST = apiRoute({ admin: true }, async (req, ctx, params) => {
  const { endpoint, secret } = await rotateSecret(ctx, params.id, await readJson(req));
  return { ...endpoint, secret };
});
