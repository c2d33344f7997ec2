// Entry of .next/keycap-server.mjs (`npm start` runs it; `npm run dev` runs it with --dev through tsx).
// The configuration is validated first, before any other module loads (they may read it at load time):
// a bad value ends the process with one line naming the variable and the reason, and exit code 78 (EX_CONFIG).
import path from 'node:path';
import { ConfigError, env, serverHost, serverPort, validateConfig } from '../config';

try {
  validateConfig();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(`[keycap] ${e.message}\n`);
  process.exit(78);
}

async function main() {
  const [{ default: next }, { createServer }, { installPeerAddressHeader }, { log }] = await Promise.all([
    import('next'),
    import('./server'),
    import('../auth/client-ip'),
    import('../ops/log'),
  ]);
  // Every request carries its socket address in x-keycap-peer-addr (whatever the client sent): sign-in
  // throttling counts by it (lib/auth/client-ip.ts).
  installPeerAddressHeader();
  const port = serverPort();
  const hostname = serverHost();
  const dev = process.argv.includes('--dev');
  const app = next({ dev, dir: path.resolve(env('KEYCAP_ROOT') ?? process.cwd()), hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => handle(req, res));
  server.listen(port, hostname, () => log.info(`listening on http://${hostname}:${port} (data plane + console${dev ? ', dev' : ''})`));
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  process.stderr.write(`[keycap] could not start: ${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
});
