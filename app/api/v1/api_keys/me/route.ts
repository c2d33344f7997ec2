// GET /api/v1/api_keys/me (any key): the calling key, whether a gated call made with it now would be
// admitted, and every check that would refuse it, in enforcement order (the gate's own blockingCauses,
// so /me and the gate never disagree). Revoked, expired and unknown keys never get here: the wrapper
// answers 401 for them.
import { apiRoute } from '@/lib/api/handler';
import { blockingCauses } from '@/lib/metering/gate';
import { getKeyRow, keyObject } from '@/lib/services/keys';

export const GET = apiRoute({}, async (_req, ctx) => {
  const now = new Date();
  const row = await getKeyRow(ctx, ctx.key.id);
  const [key, { causes }] = await Promise.all([keyObject(row, now), blockingCauses({ ...row, workspaceSlug: ctx.workspaceSlug }, now)]);
  return { ...key, accessPermitted: causes.length === 0, causes };
});
