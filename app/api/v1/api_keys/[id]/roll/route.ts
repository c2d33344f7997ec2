// POST /api/v1/api_keys/{id}/roll (ADMIN): a new secret for the key; the old one keeps working for
// `gracePeriodHours` (default 24, 0 = at once). The new secret is in this response only.
import { apiRoute, json, readJson } from '@/lib/api/handler';
import { rollKey } from '@/lib/services/key-roll';

export const POST = apiRoute({ admin: true }, async (req, ctx, params) => {
  const r = await rollKey(ctx, params.id, await readJson(req));
  return json({ ...r.key, secret: r.secret, previousSecretLast6: r.previousSecretLast6, previousSecretExpiresAt: r.previousSecretExpiresAt });
});
