// A webhook receiver for tests: a node:http server on 127.0.0.1 (random port) that records every
// request and verifies its Standard Webhooks signature with the `standardwebhooks` package.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  n: number;
  path: string;
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  json: { id: string; type: string; createdAt: string; data: Record<string, unknown> };
  verified: boolean;
  verifyError: string | null;
}

export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang';
export type ReplyFn = (r: Received) => Reply | Promise<Reply>;

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Secret used to verify signatures (set after creating the endpoint). */
  secret: string | null;
  reply: ReplyFn;
  close(): Promise<void>;
  ofType(type: string): Received[];
}

export async function startReceiver(reply: ReplyFn = () => ({ status: 200, body: 'ok' })): Promise<Receiver> {
  const sockets = new Set<import('node:net').Socket>();
  const r: Receiver = {
    url: '',
    port: 0,
    received: [],
    secret: null,
    reply,
    close: () =>
      new Promise<void>((res) => {
        for (const s of sockets) s.destroy();
        server.close(() => res());
      }),
    ofType: (type) => r.received.filter((x) => x.json?.type === type),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const h = (k: string) => String(req.headers[k] ?? '');
      let verified = false;
      let verifyError: string | null = 'no secret set';
      if (r.secret) {
        try {
          new Webhook(r.secret).verify(body, { 'webhook-id': h('webhook-id'), 'webhook-timestamp': h('webhook-timestamp'), 'webhook-signature': h('webhook-signature') });
          verified = true;
          verifyError = null;
        } catch (e) {
          verifyError = (e as Error).message;
        }
      }
      let json: Received['json'];
      try {
        json = JSON.parse(body);
      } catch {
        json = { id: '', type: '', createdAt: '', data: {} };
      }
      const rec: Received = { n: r.received.length + 1, path: req.url ?? '/', id: h('webhook-id'), timestamp: h('webhook-timestamp'), signature: h('webhook-signature'), body, json, verified, verifyError };
      r.received.push(rec);
      const out = await r.reply(rec);
      if (out === 'hang') return; // never answer
      res.writeHead(out.status, out.headers ?? { 'content-type': 'text/plain' });
      res.end(out.body ?? '');
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  r.port = (server.address() as AddressInfo).port;
  r.url = `http://127.0.0.1:${r.port}/hooks`;
  return r;
}
