// Entry of .next/keycap-server.mjs (`npm start` runs it; `npm run dev` runs it with --dev through tsx).
import path from 'node:path';
import next from 'next';
import { createServer } from './server';
import { installPeerAddressHeader } from '../auth/client-ip';

async function main() {
  // Every request carries its socket address in x-keycap-peer-addr (whatever the client sent): sign-in
  // throttling counts by it (lib/auth/client-ip.ts).
  installPeerAddressHeader();
  const port = Number(process.env.PORT || 3000);
  const hostname = process.env.HOST || '0.0.0.0';
  const dev = process.argv.includes('--dev');
  const app = next({ dev, dir: path.resolve(process.env.KEYCAP_ROOT ?? process.cwd()), hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => handle(req, res));
  server.listen(port, hostname, () => console.log(`[keycap] listening on http://${hostname}:${port} (data plane + console${dev ? ', dev' : ''})`));
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  console.error('[keycap] could not start', e);
  process.exit(1);
});
