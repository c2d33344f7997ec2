// GET /api/v1/billing/usage (ADMIN key): the per-request ledger, paginated JSON with x-pagination-*
// headers, or with `Accept: text/csv` every matching row as a streamed CSV attachment.
import { apiRoute, json } from '@/lib/api/handler';
import { listUsage, paginationHeaders } from '@/lib/billing/ledger';
import { csvResponse, usageCsvStream } from '@/lib/billing/csv';
import { parseUsageQuery } from '@/lib/billing/params';

const wantsCsv = (req: Request) => /\btext\/csv\b/i.test(req.headers.get('accept') ?? '');

export const GET = apiRoute({ admin: true }, async (req, ctx) => {
  const q = parseUsageQuery(new URL(req.url).searchParams);
  if (wantsCsv(req)) return csvResponse(usageCsvStream(ctx, q, q.sortOrder));
  const { data, pagination } = await listUsage(ctx, q);
  return json({ data, pagination }, { headers: paginationHeaders(pagination) });
});
