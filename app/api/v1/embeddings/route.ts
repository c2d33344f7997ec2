// Answered by the data plane (lib/dataplane/routes.ts). In production the lean server (lib/dataplane/server.ts)
// takes this path before Next; this shim serves `next dev` and in-process tests with the same handler.
import { dataPlaneRoutes } from '@/lib/dataplane/routes';
import { webRoute } from '@/lib/dataplane/web';

export const dynamic = 'force-dynamic';
export const POST = webRoute(dataPlaneRoutes['/api/v1/embeddings'].POST!);
