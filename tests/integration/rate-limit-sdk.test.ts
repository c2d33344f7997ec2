// The official `openai` client against Keycap's gateway (lean data plane in this process -> a loopback
// upstream) on a key with a requests-per-minute limit: with maxRetries 0 it surfaces Keycap's 429 as a
// RateLimitError whose code and headers are readable; with maxRetries 1 it waits the retry-after Keycap
// sent and its retry, in the next window, succeeds. Refused requests never reach the upstream.
//
// The window is a fixed UTC minute and retry-after is the time left in it (lib/metering/limits.ts), so
// the tests place the requests in the minute: Date (only Date — timers and performance stay real) is
// set before each HTTP attempt the client makes, to a chosen second of a minute (plus, for the retry test,
// the real time elapsed since the first request). That makes retry-after exact (50 s at :10, 2 s at
// :58.5) and the SDK's real sleep short.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import OpenAI, { RateLimitError } from 'openai';
import { db } from '@/lib/db';
import { setPrice } from '@/lib/services/prices';
import { createKey } from '@/lib/services/keys';
import { listenDataPlane } from '../support/dataplane';
import { gateWorkspace, noParams, req } from './fixtures/workspace';

const MODEL = 'rl-upstream-model';
let server: Awaited<ReturnType<typeof listenDataPlane>>;
let upstream: http.Server;
let upstreamHits = 0;
const env = { ...process.env };

beforeAll(async () => {
  upstream = http.createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += c;
    upstreamHits++;
    const body = JSON.parse(raw || '{}') as { model?: string };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: `chatcmpl-${upstreamHits}`,
        object: 'chat.completion',
        created: 1,
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: `answer ${upstreamHits}` }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
      }),
    );
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  process.env.UPSTREAM_BASE_URL = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  server = await listenDataPlane();
});
afterAll(async () => {
  vi.useRealTimers();
  if (env.UPSTREAM_BASE_URL === undefined) delete process.env.UPSTREAM_BASE_URL;
  else process.env.UPSTREAM_BASE_URL = env.UPSTREAM_BASE_URL;
  await server?.close();
  upstream?.closeAllConnections();
  await new Promise((r) => upstream?.close(r));
});
afterEach(() => {
  vi.useRealTimers();
});

const realNow = () => performance.timeOrigin + performance.now();

/**
 * From now on Date is driven by `tick()`, which every HTTP attempt of the client calls first: the first tick
 * picks the next instant `second` s into a UTC minute; later ticks add the real time elapsed since
 * (`running`) or stay on that instant (frozen). Anchoring at the first request, not here, keeps a slow
 * start (cold imports, a new connection pool) out of the window arithmetic.
 */
function clockAt(second: number, running: boolean) {
  vi.useFakeTimers({ toFake: ['Date'] });
  let anchor: { real: number; fake: number } | null = null;
  return () => {
    const now = realNow();
    if (!anchor) {
      let fake = Math.floor(now / 60_000) * 60_000 + second * 1000;
      if (fake < now) fake += 60_000;
      anchor = { real: now, fake };
    }
    vi.setSystemTime(anchor.fake + (running ? now - anchor.real : 0));
  };
}

/** A key with `rateLimitRpm`, created as an integrator would: POST /api/v1/api_keys with an ADMIN key. */
async function limitedKey(rateLimitRpm: number) {
  const w = await gateWorkspace({ creditUsd: 10 });
  await setPrice(w.ctx, { model: MODEL, inputUsdPerMtok: 1, outputUsdPerMtok: 2, defaultReserveUsd: 0.001 });
  const admin = await createKey(w.ctx, { name: 'rl admin', type: 'ADMIN' });
  const route = await import('@/app/api/v1/api_keys/route');
  const r = await route.POST(req('/api/v1/api_keys', admin.secret, { name: 'rl sdk', rateLimitRpm }), noParams);
  expect(r.status).toBe(201);
  const key = (await r.json()) as { id: string; secret: string; rateLimitRpm: number };
  expect(key.rateLimitRpm).toBe(rateLimitRpm);
  return { w, key };
}

/** An openai client on the gateway whose every HTTP attempt first sets the shifted clock, and is logged. */
function sdk(secret: string, maxRetries: number, tick: () => void) {
  const attempts: { sentAt: number; doneAt: number; status: number }[] = [];
  const realFetch = globalThis.fetch;
  const client = new OpenAI({
    apiKey: secret,
    baseURL: `${server.base}/api/v1`,
    maxRetries,
    fetch: async (url: string | URL | Request, init?: RequestInit) => {
      tick();
      const sentAt = realNow();
      const r = await realFetch(url, init);
      attempts.push({ sentAt, doneAt: realNow(), status: r.status });
      return r;
    },
  });
  const ask = (content: string) => client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content }] });
  return { client, attempts, ask };
}

describe('the openai SDK on a rate-limited key', () => {
  it('maxRetries 0: the third request in a minute of a 2-rpm key is a RateLimitError with code, body and headers readable', async () => {
    const { key } = await limitedKey(2);
    const hits0 = upstreamHits;
    const { attempts, ask } = sdk(key.secret, 0, clockAt(10, false)); // every request at :10.000: 50 s left in the window

    for (const [i, left] of [
      [1, '1'],
      [2, '0'],
    ] as const) {
      const { data, response } = await ask(`hi ${i}`).withResponse();
      expect(data.choices[0].message.content).toMatch(/^answer \d+$/);
      expect(response.headers.get('x-ratelimit-limit-requests')).toBe('2');
      expect(response.headers.get('x-ratelimit-remaining-requests')).toBe(left);
      expect(response.headers.get('x-ratelimit-reset-requests')).toBe('50s');
    }
    const windowEnd = new Date(Math.ceil(Date.now() / 60_000) * 60_000); // Date stays at the last request's :10.000

    const err = await ask('hi 3').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    const e = err as RateLimitError;
    expect(e.status).toBe(429);
    expect(e.code).toBe('key_rate_limit_exceeded');
    expect(e.type).toBe('rate_limit_error');
    expect(e.message).toContain('2 requests per minute');
    expect(e.error).toMatchObject({
      scope: 'api_key',
      apiKeyId: key.id,
      limit: 'requests_per_minute',
      limitValue: 2,
      retryAfterSeconds: 50,
      resetsAt: windowEnd.toISOString(),
    });
    // What the SDK's retry logic reads: retry-after-ms first (Keycap sends none), then retry-after in seconds.
    expect(e.headers?.get('retry-after')).toBe('50');
    expect(e.headers?.get('retry-after-ms')).toBeNull();
    expect(e.headers?.get('content-type')).toContain('application/json');

    expect(attempts.map((a) => a.status)).toEqual([200, 200, 429]); // maxRetries 0: no retry
    expect(upstreamHits - hits0).toBe(2); // the refused request never reached the upstream
    const counters = await db.rateCounter.findMany({ where: { subject: key.id } });
    expect(counters.map((c) => ({ kind: c.kind, count: Number(c.count), windowStart: c.windowStart.getTime() }))).toEqual([
      { kind: 'req', count: 2, windowStart: windowEnd.getTime() - 60_000 },
    ]);
  });

  it('maxRetries 1: the SDK waits the retry-after Keycap sent (2 s at :58.5) and its retry, in the next window, succeeds', async () => {
    const { key } = await limitedKey(1);
    const hits0 = upstreamHits;
    const { attempts, ask } = sdk(key.secret, 1, clockAt(58.5, true)); // the first request at :58.5, real time after it

    const first = await ask('first').withResponse();
    const window1 = Math.floor(Date.now() / 60_000) * 60_000; // Date stays at the first request's time until the next
    expect(first.response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(first.response.headers.get('x-ratelimit-reset-requests')).toBe('2s');

    const second = await ask('second').withResponse(); // 429 (retry-after: 2), then the retry: 200
    expect(second.data.choices[0].message.content).toMatch(/^answer \d+$/);
    expect(second.response.headers.get('x-ratelimit-limit-requests')).toBe('1');
    expect(second.response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(second.response.headers.get('x-ratelimit-reset-requests')).toMatch(/^(5[7-9]|60)s$/);

    expect(attempts.map((a) => a.status)).toEqual([200, 429, 200]);
    // It slept retry-after (2 s), not its own backoff (0.375–0.5 s for a first retry).
    const slept = attempts[2].sentAt - attempts[1].doneAt;
    expect(slept).toBeGreaterThanOrEqual(1990);
    expect(slept).toBeLessThan(4000);
    expect(upstreamHits - hits0).toBe(2);
    // one request counted in each window, the refused attempt in neither
    const counters = await db.rateCounter.findMany({ where: { subject: key.id, kind: 'req' }, orderBy: { windowStart: 'asc' } });
    expect(counters.map((c) => ({ count: Number(c.count), windowStart: c.windowStart.getTime() }))).toEqual([
      { count: 1, windowStart: window1 },
      { count: 1, windowStart: window1 + 60_000 },
    ]);
  });
});
