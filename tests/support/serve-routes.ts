// Serves our real App Router route handlers over real HTTP on loopback (no Next server needed), so
// HTTP clients such as the official openai SDK can be tested against them in integration tests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function serveRoutes(routes: Record<string, Partial<Record<'GET' | 'POST' | 'PATCH' | 'DELETE', Handler>>>) {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const ac = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) ac.abort();
    });
    const path = (req.url ?? '').split('?')[0];
    const h = routes[path]?.[req.method as 'GET'];
    if (!h) {
      res.writeHead(404).end();
      return;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers,
      body: ['GET', 'HEAD'].includes(req.method ?? '') ? undefined : Buffer.concat(chunks),
      signal: ac.signal,
    });
    const response = await h(request, { params: Promise.resolve({}) });
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    if (!response.body) return void res.end();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (!res.write(value)) await new Promise((r) => res.once('drain', r));
        if (res.destroyed) {
          await reader.cancel();
          break;
        }
      }
    } catch {
      /* client went away */
    }
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((r) => server.close(() => r())) };
}
