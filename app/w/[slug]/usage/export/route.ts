// GET /w/[slug]/usage/export?<the Usage page's filter>: the filtered ledger as a streamed CSV download,
// for a signed-in member of the workspace (session + membership checked like a server action).
import { userCtx } from '@/lib/action';
import { errorResponse } from '@/lib/api/handler';
import { csvResponse, usageCsvStream } from '@/lib/billing/csv';
import { consoleUsageFilter } from '@/lib/billing/params';

export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const { slug } = await params;
    const ctx = await userCtx(slug, 'workspace.view');
    const { filter } = consoleUsageFilter(Object.fromEntries(new URL(req.url).searchParams));
    return csvResponse(usageCsvStream(ctx, filter), `${ctx.workspaceSlug}-usage-${new Date().toISOString().slice(0, 10)}.csv`);
  } catch (e) {
    return errorResponse(e);
  }
}
