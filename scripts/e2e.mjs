#!/usr/bin/env node
// `npm run test:e2e [-- playwright args]`: build the console if needed (same stale-build check as
// `npm start`), then run Playwright. The exit code is Playwright's.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildIfNeeded, root } from './build-if-needed.mjs';

process.chdir(root);
// The e2e server always runs on SQLite; build (and generate the client) for it.
process.env.DB_PROVIDER = 'sqlite';
try {
  buildIfNeeded({ log: (m) => console.log(`[e2e] ${m}`) });
} catch (e) {
  console.error(`[e2e] build failed: ${e.message}`);
  process.exit(e.exitCode ?? 1);
}

const cli = path.join(root, 'node_modules', '@playwright', 'test', 'cli.js');
const [cmd, args] = existsSync(cli)
  ? [process.execPath, [cli, 'test', ...process.argv.slice(2)]]
  : ['npx', ['playwright', 'test', ...process.argv.slice(2)]];
const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  });
}
child.on('error', (e) => {
  console.error(`[e2e] could not run playwright: ${e.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
