import { apiRoute, readJson } from '@/lib/api/handler';
import { parseInput } from '@/lib/schemas/parse';
import { releaseSchema } from '@/lib/schemas/gate';
import { release } from '@/lib/metering/gate';

export const POST = apiRoute({}, async (req, ctx) => release(ctx.key, parseInput(releaseSchema, await readJson(req)).reservationId));
