// GET / PATCH / DELETE /api/v1/api_keys/{id}. ADMIN keys only. DELETE revokes (the row is kept for the ledger).
// A key of another workspace is 404, exactly like a key that does not exist.
import { apiRoute, readJson } from '@/lib/api/handler';
import { getKey, revokeKey, updateKey } from '@/lib/services/keys';

export const GET = apiRoute({ admin: true }, async (_req, ctx, params) => getKey(ctx, params.id));

export const PATCH = apiRoute({ admin: true }, async (req, ctx, params) => updateKey(ctx, params.id, await readJson(req)));

export const DELETE = apiRoute({ admin: true }, async (_req, ctx, params) => revokeKey(ctx, params.id));
