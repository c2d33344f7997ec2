// GET /api/v1/webhooks (list) and POST /api/v1/webhooks (create). ADMIN keys only.
// POST answers 201 with the endpoint plus `secret` (whsec_…) — the only time the secret is returned
// (POST /webhooks/{id}/rotate-secret issues a new one).
import { apiRoute, json, readJson } from '@/lib/api/handler';
import { createEndpoint, listEndpoints } from '@/lib/webhooks/service';

export const GET = apiRoute({ admin: true }, async (_req, ctx) => ({ data: await listEndpoints(ctx) }));

export const POST = apiRoute({ admin: true }, async (req, ctx) => {
  const { endpoint, secret } = await createEndpoint(ctx, await readJson(req));
  return json({ ...endpoint, secret }, { status: 201 });
});
