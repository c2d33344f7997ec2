import { apiRoute, json, readJson } from '@/lib/api/handler';
import { parseInput } from '@/lib/schemas/parse';
import { settleSchema } from '@/lib/schemas/gate';
import { headroomHeaders, remainingFor, settle } from '@/lib/metering/gate';

export const POST = apiRoute({}, async (req, ctx) => {
  const input = parseInput(settleSchema, await readJson(req));
  const result = await settle(ctx.key, input);
  return json(result, { headers: headroomHeaders(await remainingFor(ctx.key)) });
});
