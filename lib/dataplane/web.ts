// Web Request/Response <-> the data plane's shapes, for the Next route files (thin shims, used by
// `next dev` and the in-process integration tests; in production the lean server answers first).
import { errorResponse, type DpRequest, type DpResponse } from './http';
import { readLimited } from './body';

async function* webChunks(body: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (!body) return;
  const reader = body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    yield value;
  }
}

export function toWebResponse(r: DpResponse): Response {
  if (typeof r.body === 'string') return new Response(r.body, { status: r.status, headers: r.headers });
  const it = r.body[Symbol.asyncIterator]();
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(c) {
      const { value, done } = await it.next();
      if (done) c.close();
      else c.enqueue(enc.encode(value));
    },
    async cancel() {
      await it.return?.(undefined);
    },
  });
  return new Response(stream, { status: r.status, headers: r.headers });
}

/** A Next route handler over a data-plane handler. */
export function webRoute(handler: (req: DpRequest) => Promise<DpResponse>) {
  return async (req: Request, _ctx?: unknown): Promise<Response> => {
    let body: Buffer;
    try {
      const len = req.headers.get('content-length');
      body = await readLimited(webChunks(req.body), len ? Number(len) : null);
    } catch (e) {
      return toWebResponse(errorResponse(e));
    }
    const url = new URL(req.url);
    return toWebResponse(
      await handler({ method: req.method, path: url.pathname, query: url.searchParams, header: (n) => req.headers.get(n) ?? undefined, body, signal: req.signal, params: {} }),
    );
  };
}
