#!/usr/bin/env node
// A throwaway PostgreSQL on loopback for CI, integration tests and benchmarks.
//
//   node scripts/pg.mjs start [--port 5433] [--dir tmp/pg] [--fast]
//       initdb (as the `postgres` user when run as root: initdb refuses root) if DIR is empty,
//       start on 127.0.0.1 only with the socket in DIR, wait until ready, create database
//       `keycap`, print DATABASE_URL=postgresql://postgres@127.0.0.1:PORT/keycap
//       --fast: fsync/synchronous_commit/full_page_writes off (tests; not for benchmarks)
//   node scripts/pg.mjs stop [--dir tmp/pg]        pg_ctl stop -m fast (signals the postmaster PID)
//   node scripts/pg.mjs status [--dir tmp/pg]      exit 0 when running
//   node scripts/pg.mjs createdb NAME [--dir tmp/pg] [--port P]   another database
//   node scripts/pg.mjs url [NAME] [--dir tmp/pg]  print the URL of a running server
//
// Binaries: the newest /usr/lib/postgresql/*/bin (Debian), else PG_BIN, else initdb on PATH.
// Authentication is `trust` — only ever listens on 127.0.0.1 and a socket in DIR.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const argv = process.argv.slice(2);
const cmd = argv[0];
const positional = [];
const opts = { port: null, dir: 'tmp/pg', fast: false };
for (let i = 1; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--port') opts.port = argv[++i];
  else if (a.startsWith('--port=')) opts.port = a.slice(7);
  else if (a === '--dir') opts.dir = argv[++i];
  else if (a.startsWith('--dir=')) opts.dir = a.slice(6);
  else if (a === '--fast') opts.fast = true;
  else positional.push(a);
}
const dir = path.resolve(opts.dir);
const log = (m) => console.error(`[pg] ${m}`); // stdout carries only DATABASE_URL=…
const die = (m, code = 1) => {
  log(m);
  process.exit(code);
};

function binDir() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, 'bin', 'initdb')))
      .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
    if (versions.length) return path.join(base, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return path.dirname(which.stdout.trim());
  die('PostgreSQL not found (looked in /usr/lib/postgresql/*/bin, PG_BIN, PATH). Debian: apt-get install -y postgresql');
}
const bin = (name) => path.join(binDir(), name);

const isRoot = process.getuid?.() === 0;
let pgUser = null; // { uid, gid } of `postgres` when we are root
if (isRoot) {
  const id = (flag) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const u = id('-u'), g = id('-g');
  if (u.status !== 0) die('running as root but there is no `postgres` user to run the server as (apt-get install -y postgresql creates it)');
  pgUser = { uid: Number(u.stdout), gid: Number(g.stdout) };
}

const shq = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
/** Run a PostgreSQL binary, as `postgres` when we are root. */
function pgRun(name, args, { capture = false } = {}) {
  const full = [bin(name), ...args];
  const r = isRoot
    ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', full.map(shq).join(' ')], { encoding: 'utf8', stdio: capture ? 'pipe' : ['ignore', 'inherit', 'inherit'] })
    : spawnSync(full[0], full.slice(1), { encoding: 'utf8', stdio: capture ? 'pipe' : ['ignore', 'inherit', 'inherit'] });
  if (r.error) die(`${name}: ${r.error.message}`);
  return r;
}
/** Client tools connect over the socket in DIR; they need no particular OS user. */
function client(name, args, port) {
  return spawnSync(bin(name), ['-h', dir, '-p', String(port), '-U', 'postgres', ...args], { encoding: 'utf8' });
}

const pidFile = path.join(dir, 'postmaster.pid');
/** Port of the running server from postmaster.pid (line 4), or null. */
function runningPort() {
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return null; // stale pid file
  }
  return Number(lines[3]) || null;
}
const url = (port, db = 'keycap') => `postgresql://postgres@127.0.0.1:${port}/${db}`;

function ensureDb(port, name) {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) die(`bad database name: ${name}`);
  const q = client('psql', ['-d', 'postgres', '-tAc', `SELECT 1 FROM pg_database WHERE datname = '${name}'`], port);
  if (q.status !== 0) die(`psql failed: ${q.stderr.trim()}`);
  if (q.stdout.trim() === '1') return false;
  const c = client('createdb', [name], port);
  if (c.status !== 0) die(`createdb ${name} failed: ${c.stderr.trim()}`);
  return true;
}

function waitReady(port) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (client('pg_isready', ['-d', 'postgres', '-q'], port).status === 0) return;
    spawnSync('sleep', ['0.2']);
  }
  die(`server on port ${port} did not become ready; see ${path.join(dir, 'postgres.log')}`);
}

function start() {
  const port = opts.port ?? process.env.PGPORT_KEYCAP ?? '5433';
  const already = runningPort();
  if (already) {
    log(`already running in ${dir} on port ${already}`);
    waitReady(already);
    ensureDb(already, 'keycap');
    console.log(`DATABASE_URL=${url(already)}`);
    return;
  }
  mkdirSync(dir, { recursive: true });
  if (pgUser) chownSync(dir, pgUser.uid, pgUser.gid);
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    if (readdirSync(dir).length) die(`${dir} is neither empty nor a PostgreSQL data directory`);
    log(`initdb ${dir}`);
    const r = pgRun('initdb', ['-D', dir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C'], { capture: true });
    if (r.status !== 0) {
      const hint = pgUser ? ` (the postgres user must be able to reach ${dir}; every parent directory needs o+x, e.g. use --dir /tmp/…)` : '';
      die(`initdb failed${hint}:\n${r.stdout}${r.stderr}`);
    }
  }
  const serverOpts = [`-p ${port}`, '-c listen_addresses=127.0.0.1', `-k ${dir}`];
  if (opts.fast) serverOpts.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
  log(`starting on 127.0.0.1:${port}`);
  const r = pgRun('pg_ctl', ['-D', dir, '-l', path.join(dir, 'postgres.log'), '-o', serverOpts.join(' '), '-w', '-t', '60', 'start'], { capture: true });
  if (r.status !== 0) {
    const tail = existsSync(path.join(dir, 'postgres.log')) ? readFileSync(path.join(dir, 'postgres.log'), 'utf8').split('\n').slice(-15).join('\n') : '';
    die(`pg_ctl start failed:\n${r.stdout}${r.stderr}\n${tail}`);
  }
  waitReady(port);
  if (ensureDb(port, 'keycap')) log('created database keycap');
  console.log(`DATABASE_URL=${url(port)}`);
}

function stop() {
  if (!existsSync(path.join(dir, 'PG_VERSION'))) return log(`no PostgreSQL data directory at ${dir}; nothing to stop`);
  if (!runningPort()) return log(`not running (${dir})`);
  const r = pgRun('pg_ctl', ['-D', dir, '-m', 'fast', '-w', '-t', '60', 'stop'], { capture: true });
  if (r.status !== 0) die(`pg_ctl stop failed:\n${r.stdout}${r.stderr}`);
  log(`stopped (${dir})`);
}

switch (cmd) {
  case 'start':
    start();
    break;
  case 'stop':
    stop();
    break;
  case 'status': {
    const port = runningPort();
    if (!port) die(`not running (${dir})`, 3);
    console.log(`running in ${dir} on 127.0.0.1:${port}`);
    break;
  }
  case 'createdb': {
    const name = positional[0] ?? die('usage: node scripts/pg.mjs createdb NAME [--dir DIR] [--port PORT]');
    const port = opts.port ?? runningPort() ?? die(`no server running in ${dir}; start it first`);
    log(ensureDb(port, name) ? `created database ${name}` : `database ${name} already exists`);
    console.log(`DATABASE_URL=${url(port, name)}`);
    break;
  }
  case 'url': {
    const port = opts.port ?? runningPort() ?? die(`no server running in ${dir}`);
    console.log(url(port, positional[0] ?? 'keycap'));
    break;
  }
  default:
    die('usage: node scripts/pg.mjs start|stop|status|createdb NAME|url [NAME] [--port 5433] [--dir tmp/pg] [--fast]', 2);
}
