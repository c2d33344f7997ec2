// Operability of the lean server: /api/health, /api/ready (also against other databases, in a fresh
// process), /api/metrics (counters move with real requests; METRICS_TOKEN), request ids and nosniff on
// every response, and the configuration check at start.
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedMigrations } from '@/lib/ops/ready';
import { listenDataPlane } from '../support/dataplane';
import { gateWorkspace } from './fixtures/workspace';

const TSX = path.resolve('node_modules/tsx/dist/cli.mjs');
const isSqlite = process.env.DB_PROVIDER !== 'postgresql';

let server: Awaited<ReturnType<typeof listenDataPlane>>;
beforeAll(async () => {
  server = await listenDataPlane();
});
afterAll(async () => server?.close());

const get = (p: string, headers: Record<string, string> = {}) => fetch(`${server.base}${p}`, { headers });
const chat = (secret: string, headers: Record<string, string> = {}) =>
  fetch(`${server.base}/api/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'keycap-echo', messages: [{ role: 'user', content: 'hello metrics' }] }),
  });

/** The value of the sample `name{…labels}` in Prometheus text (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return 0;
}
const scrape = async () => {
  const r = await get('/api/metrics');
  expect(r.status).toBe(200);
  return r.text();
};

describe('health and readiness', () => {
  it('/api/health is 200 {status:"ok"}; /api/ready is 200 on the migrated database; both nosniff, GET/HEAD only', async () => {
    const h = await get('/api/health');
    expect(h.status).toBe(200);
    expect(await h.json()).toEqual({ status: 'ok' });
    expect(h.headers.get('x-content-type-options')).toBe('nosniff');
    expect(h.headers.get('cache-control')).toBe('no-store');
    const r = await get('/api/ready');
    expect(r.status).toBe(200);
    const dir = path.join('prisma', isSqlite ? 'sqlite' : 'postgresql', 'migrations');
    expect(await r.json()).toEqual({ status: 'ok', migrations: shippedMigrations(path.resolve(dir)).length });
    const head = await fetch(`${server.base}/api/ready`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await fetch(`${server.base}/api/health`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  describe.runIf(isSqlite)('against another database, in a fresh process', () => {
    const dir = path.resolve(`tmp/ops-ready-${process.pid}`);
    const children: ReturnType<typeof spawn>[] = [];
    beforeAll(() => mkdirSync(dir, { recursive: true }));
    afterAll(() => {
      for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    });

    async function readyOf(databaseUrl: string) {
      const child = spawn(process.execPath, [TSX, 'tests/support/ops-server.ts'], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      const base = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d) => {
          out += d;
          if (out.includes('\n')) resolve(out.split('\n')[0].trim());
        });
        child.on('exit', (code) => reject(new Error(`ops server exited ${code}`)));
      });
      try {
        const r = await fetch(`${base}/api/ready`);
        return { status: r.status, body: await r.json() };
      } finally {
        child.kill('SIGTERM');
      }
    }

    it('503 naming the missing database file (and does not create it)', async () => {
      const file = path.join(dir, 'missing.db');
      const r = await readyOf(`file:${file}`);
      expect(r.status).toBe(503);
      expect(r.body.status).toBe('unavailable');
      expect(r.body.reason).toMatch(/database file missing\.db \(DATABASE_URL\) does not exist/);
      expect(existsSync(file)).toBe(false);
    }, 60_000);

    it('503 naming a migration that is not recorded in _prisma_migrations', async () => {
      const file = path.join(dir, 'partial.db');
      await promisify(execFile)(process.execPath, ['scripts/migrate.mjs'], { env: { ...process.env, DATABASE_URL: `file:${file}` } });
      const last = shippedMigrations(path.resolve('prisma/sqlite/migrations')).at(-1)!;
      const conn = new Database(file);
      conn.prepare('DELETE FROM "_prisma_migrations" WHERE "migration_name" = ?').run(last);
      conn.close();
      const r = await readyOf(`file:${file}`);
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ status: 'unavailable', reason: `1 migration(s) not applied: ${last}` });
    }, 60_000);
  });
});

describe('metrics', () => {
  it('requests by route and status, refusals by code, spend by workspace and usage batch sizes move with real requests', async () => {
    const w = await gateWorkspace({ creditUsd: 10 });
    const ok = await w.key();
    const zero = await w.key({ spendLimit: 0, spendLimitPeriod: 'daily', confirmZeroLimit: true });
    const route = { route: '/api/v1/chat/completions', method: 'POST' };
    const before = await scrape();

    for (let i = 0; i < 3; i++) expect((await chat(ok.secret)).status).toBe(200);
    const refused = await chat(zero.secret);
    expect(refused.status).toBe(402);
    expect((await refused.json()).error.code).toBe('key_spend_limit_exceeded');
    expect((await chat('kc_inf_nope')).status).toBe(401);

    const after = await scrape();
    const count = (t: string, status: string) => sample(t, 'keycap_dataplane_request_duration_seconds_count', { ...route, status });
    expect(count(after, '200') - count(before, '200')).toBe(3);
    expect(count(after, '402') - count(before, '402')).toBe(1);
    expect(count(after, '401') - count(before, '401')).toBe(1);
    const refusals = (t: string) => sample(t, 'keycap_refusals_total', { code: 'key_spend_limit_exceeded', status: '402' });
    expect(refusals(after) - refusals(before)).toBe(1);
    expect(sample(after, 'keycap_refusals_total', { code: 'invalid_api_key' })).toBe(0); // 401s are not refusals
    const spent = sample(after, 'keycap_spend_usd_total', { workspace: w.ws.id });
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThan(0.01);
    expect(sample(after, 'keycap_usage_batch_size_count') - sample(before, 'keycap_usage_batch_size_count')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'keycap_usage_batch_size_sum') - sample(before, 'keycap_usage_batch_size_sum')).toBe(3);
    expect(after).toMatch(/^keycap_webhook_deliveries_pending \d+$/m);
    expect(after).toContain('# TYPE keycap_webhook_delivery_attempts_total counter');
    expect(after).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('METRICS_TOKEN set: 401 without the bearer token, 200 with it', async () => {
    process.env.METRICS_TOKEN = 'metrics-token-for-tests';
    try {
      const none = await get('/api/metrics');
      expect(none.status).toBe(401);
      expect((await none.json()).error.code).toBe('invalid_metrics_token');
      expect((await get('/api/metrics', { authorization: 'Bearer wrong' })).status).toBe(401);
      const yes = await get('/api/metrics', { authorization: 'Bearer metrics-token-for-tests' });
      expect(yes.status).toBe(200);
      expect(yes.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await yes.text()).toContain('keycap_dataplane_request_duration_seconds');
    } finally {
      delete process.env.METRICS_TOKEN;
    }
    expect((await get('/api/metrics')).status).toBe(200);
  });
});

describe('request ids and headers', () => {
  it('every data-plane response has nosniff and an x-request-id: the client one kept, else the gateway kcreq_ id, else a new one', async () => {
    const w = await gateWorkspace({ creditUsd: 10 });
    const k = await w.key();
    const mine = await chat(k.secret, { 'x-request-id': 'client-trace-42' });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('x-request-id')).toBe('client-trace-42');
    expect(mine.headers.get('x-content-type-options')).toBe('nosniff');
    const gw = await chat(k.secret);
    expect(gw.headers.get('x-request-id')).toMatch(/^kcreq_/);
    expect(gw.headers.get('x-request-id')).toBe(gw.headers.get('x-keycap-request-id'));
    const insane = await chat(k.secret, { 'x-request-id': 'bad id\twith spaces' });
    expect(insane.headers.get('x-request-id')).toBe(insane.headers.get('x-keycap-request-id'));
    const a = await get('/api/v1/models', { authorization: `Bearer ${k.secret}` });
    const b = await get('/api/v1/models', { authorization: `Bearer ${k.secret}` });
    expect(a.headers.get('x-request-id')).toMatch(/^kcreq_[0-9a-f]{24}$/);
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
    expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    const unauth = await get('/api/v1/models');
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get('x-request-id')).toMatch(/^kcreq_/);
  });
});

describe('configuration at start', () => {
  it('the lean server exits 78 with one line naming the variable and the reason', async () => {
    const r = await promisify(execFile)(process.execPath, [TSX, 'lib/dataplane/main.ts'], {
      env: { ...process.env, KEY_CACHE_TTL_MS: 'abc', DB_POOL_SIZE: '0' },
      timeout: 60_000,
    }).catch((e) => e as { code: number; stdout: string; stderr: string });
    expect(r).toMatchObject({ code: 78, stdout: '' });
    expect(r.stderr).toBe('[keycap] invalid configuration: DB_POOL_SIZE must be an integer ≥ 1 and ≤ 1000 (got "0"); KEY_CACHE_TTL_MS must be a number ≥ 0 (got "abc")\n');
  }, 60_000);
});
