import { apiRoute } from '@/lib/api/handler';
import { db } from '@/lib/db';
import { upstreamBaseUrl } from '@/lib/config';
import { ECHO_MODEL } from '@/lib/gateway/echo';

// The models this key can call: the workspace's priced models (only keycap-echo when no upstream is configured).
export const GET = apiRoute({}, async (_req, ctx) => {
  const rows = await db.modelPrice.findMany({ where: { workspaceId: ctx.workspaceId }, orderBy: { model: 'asc' } });
  const usable = rows.filter((r) => upstreamBaseUrl() || r.model === ECHO_MODEL);
  return { object: 'list', data: usable.map((r) => ({ id: r.model, object: 'model', created: Math.floor(r.updatedAt.getTime() / 1000), owned_by: r.model === ECHO_MODEL ? 'keycap' : 'upstream' })) };
});
