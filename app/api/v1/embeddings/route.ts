import { apiRoute } from '@/lib/api/handler';
import { embeddings } from '@/lib/gateway/proxy';

export const POST = apiRoute({}, (req, ctx) => embeddings(req, ctx));
