// GET / PATCH / DELETE /api/v1/webhooks/{id}. ADMIN keys only; another workspace's endpoint is 404.
import { apiRoute, readJson } from '@/lib/api/handler';
import { deleteEndpoint, getEndpoint, updateEndpoint } from '@/lib/webhooks/service';

export const GET = apiRoute({ admin: true }, async (_req, ctx, params) => getEndpoint(ctx, params.id));

export const PATCH = apiRoute({ admin: true }, async (req, ctx, params) => updateEndpoint(ctx, params.id, await readJson(req)));

export const DELETE = apiRoute({ admin: true }, async (_req, ctx, params) => deleteEndpoint(ctx, params.id));
