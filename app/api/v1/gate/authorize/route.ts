import { apiRoute, json, readJson } from '@/lib/api/handler';
import { parseInput } from '@/lib/schemas/parse';
import { authorizeSchema } from '@/lib/schemas/gate';
import { admit, estimateNano, headroomHeaders } from '@/lib/metering/gate';

export const POST = apiRoute({}, async (req, ctx) => {
  const input = parseInput(authorizeSchema, await readJson(req));
  const est = await estimateNano(ctx.workspaceId, input);
  const a = await admit(ctx.key, est, input.model ?? null);
  return json(a, { headers: headroomHeaders(a.remaining) });
});
