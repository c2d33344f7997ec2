// GET / PATCH /api/v1/workspace: the calling key's workspace (budget, default key limit). ADMIN keys only.
import { apiRoute, readJson } from '@/lib/api/handler';
import { getWorkspace, updateWorkspace } from '@/lib/services/workspace-settings';

export const GET = apiRoute({ admin: true }, async (_req, ctx) => getWorkspace(ctx));

export const PATCH = apiRoute({ admin: true }, async (req, ctx) => updateWorkspace(ctx, await readJson(req)));
