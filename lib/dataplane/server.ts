// `npm start` runs this: one port, two planes. A small node:http server answers the data-plane routes
// itself (lib/dataplane/routes.ts: the gate, the gateway, /models, /api_keys/me) on the raw drivers, and
// hands every other request to Next (the console, the rest of /api/v1) in the same process.
// The entry is main.ts, built by `npm run build` (esbuild, scripts/build-server.mjs) into .next/keycap-server.mjs.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { errorResponse, json, type DpRequest, type DpResponse } from './http';
import { readNodeBody } from './body';
import { dataPlaneRoutes } from './routes';
import { opsRoutes } from '../ops/routes';
import { observeRequest } from '../ops/metrics';
import { accessLogEnabled, log, type ReqCtx } from '../ops/log';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

// Every response: nosniff (JSON is never sniffed into HTML), and the request id when there is one.
async function send(res: http.ServerResponse, r: DpResponse, requestId?: string) {
  const extra: Record<string, string> = requestId ? { 'x-content-type-options': 'nosniff', 'x-request-id': requestId } : { 'x-content-type-options': 'nosniff' };
  if (typeof r.body === 'string') {
    res.writeHead(r.status, { ...r.headers, ...extra, 'content-length': Buffer.byteLength(r.body) });
    res.end(r.body);
    return;
  }
  res.writeHead(r.status, { ...r.headers, ...extra });
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

const header = (req: http.IncomingMessage) => (n: string) => {
  const v = req.headers[n.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
};

// A request id from the client (x-request-id) is kept when it is a sane token; otherwise one is made. The
// gateway's ledger id (x-keycap-request-id, kcreq_…) becomes the request id when the client sent none.
const SANE_ID = /^[\w.:@/+=-]{1,128}$/;
// Made ids are a random per-process prefix and a counter (unique, cheap: ids correlate, they are not secrets).
const ID_PREFIX = `kcreq_${randomBytes(8).toString('hex')}`;
let idCounter = 0;
const newRequestId = () => ID_PREFIX + (idCounter = (idCounter + 1) % 0xffffffff).toString(16).padStart(8, '0');

/** GET /api/health, /api/ready, /api/metrics (lib/ops/routes.ts). */
async function handleOps(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, handler: (typeof opsRoutes)[string]) {
  const method = req.method ?? 'GET';
  let r: DpResponse;
  if (method !== 'GET' && method !== 'HEAD') {
    r = json({ error: { type: 'invalid_request_error', code: 'method_not_allowed', message: `${method} is not allowed on ${pathname}; use GET.`, param: null } }, 405, { allow: 'GET, HEAD' });
  } else {
    try {
      r = await handler(header(req));
    } catch (e) {
      r = errorResponse(e);
    }
  }
  if (method === 'HEAD' && typeof r.body === 'string') {
    res.writeHead(r.status, { ...r.headers, 'x-content-type-options': 'nosniff', 'content-length': Buffer.byteLength(r.body) });
    res.end();
    return;
  }
  await send(res, r);
}

/** Answers a data-plane request, or returns false when the path is not one. */
export async function handleDataPlane(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const pathname = q === -1 ? url : url.slice(0, q);
  const route = dataPlaneRoutes[pathname];
  if (!route) {
    const ops = opsRoutes[pathname];
    if (!ops) return false;
    await handleOps(req, res, pathname, ops);
    return true;
  }
  const started = performance.now();
  const method = req.method ?? 'GET';
  const given = req.headers['x-request-id'];
  const clientId = typeof given === 'string' && SANE_ID.test(given) ? given : undefined;
  const ctx: ReqCtx = { reqId: clientId ?? newRequestId() };
  const r = await answer(req, res, route, method, pathname, url, q, ctx);
  const ledgerId = r.headers['x-keycap-request-id'];
  if (ledgerId && !clientId) ctx.reqId = ledgerId;
  try {
    await send(res, r, ctx.reqId);
  } finally {
    const seconds = (performance.now() - started) / 1000;
    observeRequest(pathname, method, r.status, seconds);
    if (accessLogEnabled) log.info({ ...ctx, method, route: pathname, status: r.status, ms: Math.round(seconds * 1e4) / 10 }, 'request');
  }
  return true;
}

async function answer(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  route: (typeof dataPlaneRoutes)[string],
  method: string,
  pathname: string,
  url: string,
  q: number,
  ctx: ReqCtx,
): Promise<DpResponse> {
  const handler = route[method];
  if (!handler) {
    const allow = Object.keys(route).join(', ');
    return json({ error: { type: 'invalid_request_error', code: 'method_not_allowed', message: `${method} is not allowed on ${pathname}; use ${Object.keys(route).join(' or ')}.`, param: null } }, 405, { allow });
  }
  const ac = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) ac.abort();
  });
  let body: Buffer;
  try {
    body = await readNodeBody(req);
  } catch (e) {
    res.setHeader('connection', 'close'); // the rest of an oversized body is not read
    return errorResponse(e, ctx);
  }
  const dp: DpRequest = {
    method,
    path: pathname,
    query: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)),
    header: header(req),
    body,
    signal: ac.signal,
    params: {},
    ctx,
  };
  try {
    return await handler(dp);
  } catch (e) {
    return errorResponse(e, ctx);
  }
}

/** The data plane in front of `fallback` (Next's request handler, or a 404 in tests and the bench). */
export function createServer(fallback: NodeHandler): http.Server {
  const server = http.createServer((req, res) => {
    handleDataPlane(req, res).then(
      (handled) => (handled ? undefined : fallback(req, res)),
      (e) => {
        log.error({ err: e, url: req.url }, 'request failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end();
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
