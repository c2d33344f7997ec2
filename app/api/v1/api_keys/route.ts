// GET /api/v1/api_keys (list) and POST /api/v1/api_keys (create). ADMIN keys only.
// POST answers 201 with the key object plus `secret` — the only time the secret is ever returned.
import { apiRoute, json, readJson } from '@/lib/api/handler';
import { createKey, listKeys } from '@/lib/services/keys';

export const GET = apiRoute({ admin: true }, async (_req, ctx) => ({ data: await listKeys(ctx) }));

export const POST = apiRoute({ admin: true }, async (req, ctx) => {
  const { key, secret } = await createKey(ctx, await readJson(req));
  return json({ ...key, secret }, { status: 201 });
});
