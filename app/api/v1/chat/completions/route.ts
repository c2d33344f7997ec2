import { apiRoute } from '@/lib/api/handler';
import { chatCompletions } from '@/lib/gateway/proxy';

export const dynamic = 'force-dynamic';
export const POST = apiRoute({}, (req, ctx) => chatCompletions(req, ctx));
