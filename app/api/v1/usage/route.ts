import { apiRoute, readJson } from '@/lib/api/handler';
import { importUsage } from '@/lib/metering/import';

export const POST = apiRoute({ admin: true }, async (req, ctx) => importUsage(ctx, await readJson(req)));
