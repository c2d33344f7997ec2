// The lean data-plane server (lib/dataplane/server.ts) on a loopback port, in this process: real HTTP,
// the real handlers and database. Requests it does not own get a 404 (no Next in tests).
import type { AddressInfo } from 'node:net';
import { createServer } from '@/lib/dataplane/server';

export async function listenDataPlane() {
  const server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not a data-plane route');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((r) => server.close(() => r())) };
}
