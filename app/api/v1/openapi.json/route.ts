// GET /api/v1/openapi.json — the OpenAPI 3.1 document of /api/v1 (lib/openapi/document.ts), public: no key.
// Rendered for humans at /docs/api.
import { openApiJson } from '@/lib/openapi/document';

export function GET(): Response {
  return new Response(openApiJson(), {
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
  });
}
