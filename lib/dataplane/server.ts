// `npm start` runs this: one port, two planes. A small node:http server answers the data-plane routes
// itself (lib/dataplane/routes.ts: the gate, the gateway, /models, /api_keys/me) on the raw drivers, and
// hands every other request to Next (the console, the rest of /api/v1) in the same process.
// The entry is main.ts, built by `npm run build` (esbuild, scripts/build-server.mjs) into .next/keycap-server.mjs.
import http from 'node:http';
import { errorResponse, type DpRequest, type DpResponse } from './http';
import { readLimited } from './body';
import { dataPlaneRoutes } from './routes';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

async function send(res: http.ServerResponse, r: DpResponse) {
  if (typeof r.body === 'string') {
    res.writeHead(r.status, { ...r.headers, 'content-length': Buffer.byteLength(r.body) });
    res.end(r.body);
    return;
  }
  res.writeHead(r.status, r.headers);
  res.flushHeaders();
  try {
    for await (const chunk of r.body) {
      if (res.destroyed) break;
      if (!res.write(chunk)) await new Promise((ok) => res.once('drain', ok).once('close', ok));
    }
  } finally {
    res.end();
  }
}

/** Answers a data-plane request, or returns false when the path is not one. */
export async function handleDataPlane(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const pathname = q === -1 ? url : url.slice(0, q);
  const route = dataPlaneRoutes[pathname];
  if (!route) return false;
  const handler = route[req.method ?? 'GET'];
  if (!handler) {
    res.writeHead(405, { 'content-type': 'application/json', allow: Object.keys(route).join(', ') });
    res.end(JSON.stringify({ error: { type: 'invalid_request_error', code: 'method_not_allowed', message: `${req.method} is not allowed on ${pathname}; use ${Object.keys(route).join(' or ')}.`, param: null } }));
    return true;
  }
  const ac = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) ac.abort();
  });
  let body: Buffer;
  try {
    const len = req.headers['content-length'];
    body = await readLimited(req, len ? Number(len) : null);
  } catch (e) {
    res.setHeader('connection', 'close'); // the rest of an oversized body is not read
    await send(res, errorResponse(e));
    return true;
  }
  const dp: DpRequest = {
    method: req.method ?? 'GET',
    path: pathname,
    query: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)),
    header: (n) => {
      const v = req.headers[n.toLowerCase()];
      return Array.isArray(v) ? v.join(', ') : v;
    },
    body,
    signal: ac.signal,
    params: {},
  };
  let r: DpResponse;
  try {
    r = await handler(dp);
  } catch (e) {
    r = errorResponse(e);
  }
  await send(res, r);
  return true;
}

/** The data plane in front of `fallback` (Next's request handler, or a 404 in tests and the bench). */
export function createServer(fallback: NodeHandler): http.Server {
  const server = http.createServer((req, res) => {
    handleDataPlane(req, res).then(
      (handled) => (handled ? undefined : fallback(req, res)),
      (e) => {
        console.error('[dataplane] request failed', e);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end();
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
