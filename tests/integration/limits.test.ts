// Limits beyond dollars: requests and tokens per minute per key (or the workspace default), atomic under a
// 64-way burst, refused with 429 and OpenAI's headers (the official SDK reads them); a model allowlist per
// key, refused with 403 naming the allowed models.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI, { RateLimitError, PermissionDeniedError } from 'openai';
import { db } from '@/lib/db';
import { listenDataPlane } from '../support/dataplane';
import { gateWorkspace } from './fixtures/workspace';

let server: Awaited<ReturnType<typeof listenDataPlane>>;
beforeAll(async () => {
  server = await listenDataPlane();
});
afterAll(async () => server?.close());

async function post(path: string, secret: string, body: unknown) {
  const r = await fetch(`${server.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body: JSON.stringify(body) });
  return { status: r.status, headers: r.headers, body: await r.json() };
}

describe('rate limits', () => {
  it('requests per minute hold under a 64-way burst: exactly the limit is admitted, the rest get 429 with retry-after', async () => {
    const w = await gateWorkspace({ creditUsd: 100 });
    const k = await w.key();
    await db.apiKey.update({ where: { id: k.id }, data: { rateLimitRpm: 5 } });
    const rs = await Promise.all(Array.from({ length: 64 }, () => post('/api/v1/gate/authorize', k.secret, { estimatedCostUsd: 0.001 })));
    const ok = rs.filter((r) => r.status === 200);
    const limited = rs.filter((r) => r.status === 429);
    // A minute boundary during the burst could admit up to 5 more; never more than 10, never fewer than 5.
    expect(ok.length).toBeGreaterThanOrEqual(5);
    expect(ok.length).toBeLessThanOrEqual(10);
    expect(ok.length + limited.length).toBe(64);
    const e = limited[0].body.error;
    expect(e).toMatchObject({ type: 'rate_limit_error', code: 'key_rate_limit_exceeded', limit: 'requests_per_minute', limitValue: 5, apiKeyId: k.id });
    expect(e.message).toContain('5 requests per minute');
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited[0].headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // the 429 carries OpenAI's headers for the limit that refused, as OpenAI's own 429s do
    expect(limited[0].headers.get('x-ratelimit-limit-requests')).toBe('5');
    expect(limited[0].headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(limited[0].headers.get('x-ratelimit-reset-requests')).toBe(`${limited[0].headers.get('retry-after')}s`);
    expect(ok[0].headers.get('x-ratelimit-limit-requests')).toBe('5');
    const remaining = ok.map((r) => Number(r.headers.get('x-ratelimit-remaining-requests'))).sort((x, y) => x - y);
    if (ok.length === 5) expect(remaining).toEqual([0, 1, 2, 3, 4]); // each admitted request saw its own count
    expect(ok[0].headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+s$/);
    // refused requests reserved nothing
    expect(await db.reservation.count({ where: { workspaceId: w.ws.id } })).toBe(ok.length);
  });

  it('tokens per minute count the usage settled; the workspace default applies to keys without their own', async () => {
    const w = await gateWorkspace({ creditUsd: 100 });
    await db.workspace.update({ where: { id: w.ws.id }, data: { defaultRateLimitTpm: 30 } });
    const k = await w.key();
    const a = await post('/api/v1/gate/authorize', k.secret, { model: 'keycap-echo', maxTokens: 10 });
    expect(a.status).toBe(200);
    expect(a.headers.get('x-ratelimit-limit-tokens')).toBe('30');
    expect(a.headers.get('x-ratelimit-remaining-tokens')).toBe('30');
    const s = await post('/api/v1/gate/settle', k.secret, { reservationId: a.body.reservationId, requestId: 't1', model: 'keycap-echo', usage: { promptTokens: 20, completionTokens: 15 } });
    expect(s.status).toBe(200);
    const b = await post('/api/v1/gate/authorize', k.secret, { model: 'keycap-echo', maxTokens: 10 });
    expect(b.status).toBe(429);
    expect(b.body.error).toMatchObject({ code: 'key_rate_limit_exceeded', limit: 'tokens_per_minute', limitValue: 30 });
    // a key's own limit wins over the default
    await db.apiKey.update({ where: { id: k.id }, data: { rateLimitTpm: 1000 } });
    expect((await post('/api/v1/gate/authorize', k.secret, { model: 'keycap-echo', maxTokens: 10 })).status).toBe(200);
  });

  it('the openai SDK reads the 429 and its headers', async () => {
    const w = await gateWorkspace({ creditUsd: 100 });
    const k = await w.key();
    await db.apiKey.update({ where: { id: k.id }, data: { rateLimitRpm: 1 } });
    const client = new OpenAI({ apiKey: k.secret, baseURL: `${server.base}/api/v1`, maxRetries: 0 });
    const first = await client.chat.completions.create({ model: 'keycap-echo', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(first.response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    const err = await client.chat.completions.create({ model: 'keycap-echo', messages: [{ role: 'user', content: 'again' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.status).toBe(429);
    expect(err.code).toBe('key_rate_limit_exceeded');
    expect(Number(err.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

describe('model allowlist', () => {
  it('refuses other models with 403 naming the key and the allowed models; settle is held to it too', async () => {
    const w = await gateWorkspace({ creditUsd: 100 });
    const k = await w.key({ name: 'echo only' });
    await db.apiKey.update({ where: { id: k.id }, data: { allowedModels: JSON.stringify(['keycap-*']) } });
    const client = new OpenAI({ apiKey: k.secret, baseURL: `${server.base}/api/v1`, maxRetries: 0 });
    const ok = await client.chat.completions.create({ model: 'keycap-echo', messages: [{ role: 'user', content: 'hi' }] });
    expect(ok.choices[0].message.content).toBe('Echo: hi');
    const no = await post('/api/v1/gate/authorize', k.secret, { model: 'gpt-4o' });
    expect(no.status).toBe(403);
    expect(no.body.error).toMatchObject({ code: 'model_not_allowed', param: 'model', allowedModels: ['keycap-*'], apiKeyId: k.id });
    expect(no.body.error.message).toContain('"echo only" may not call model "gpt-4o"');
    expect(no.body.error.message).toContain('"keycap-*"');
    const unnamed = await post('/api/v1/gate/authorize', k.secret, {});
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.code).toBe('model_required');
    const a = await post('/api/v1/gate/authorize', k.secret, { model: 'keycap-echo' });
    const s = await post('/api/v1/gate/settle', k.secret, { reservationId: a.body.reservationId, requestId: 'x', model: 'gpt-4o', costUsd: 0.001 });
    expect(s.status).toBe(403);
    expect(s.body.error.code).toBe('model_not_allowed');
    // through the gateway (an upstream configured, never reached): the SDK gets the 403
    process.env.UPSTREAM_BASE_URL = 'http://127.0.0.1:9';
    try {
      const sdkErr = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' }).catch((e) => e);
      expect(sdkErr).toBeInstanceOf(PermissionDeniedError);
      expect(sdkErr.code).toBe('model_not_allowed');
    } finally {
      delete process.env.UPSTREAM_BASE_URL;
    }
    expect(await db.usageEvent.count({ where: { workspaceId: w.ws.id } })).toBe(1);
  });
});

describe('limits through the API', () => {
  it('PATCH /api_keys/{id} and /workspace set them; the key object shows them; bad values are a 400 naming the field', async () => {
    const keyRoute = await import('@/app/api/v1/api_keys/[id]/route');
    const wsRoute = await import('@/app/api/v1/workspace/route');
    const { req } = await import('./fixtures/workspace');
    const w = await gateWorkspace({ creditUsd: 100 });
    const admin = await w.key({ type: 'ADMIN' });
    const k = await w.key();
    const patch = async (body: unknown) => {
      const r = await keyRoute.PATCH(req(`/api/v1/api_keys/${k.id}`, admin.secret, body, 'PATCH'), { params: Promise.resolve({ id: k.id }) });
      return { status: r.status, body: await r.json() };
    };
    const ok = await patch({ rateLimitRpm: 2, allowedModels: ['keycap-echo', 'keycap-echo'] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ rateLimitRpm: 2, rateLimitTpm: null, allowedModels: ['keycap-echo'] });
    for (const [body, param] of [
      [{ rateLimitRpm: 0 }, 'rateLimitRpm'],
      [{ rateLimitTpm: 1.5 }, 'rateLimitTpm'],
      [{ allowedModels: [] }, 'allowedModels'],
      [{ allowedModels: ['bad model!'] }, 'allowedModels.0'],
    ] as const) {
      const r = await patch(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.param).toBe(param);
    }
    // effective at once (this instance's caches are cleared by the change)
    expect((await post('/api/v1/gate/authorize', k.secret, { model: 'gpt-4o' })).status).toBe(403);
    expect((await post('/api/v1/gate/authorize', k.secret, { model: 'keycap-echo' })).status).toBe(200);
    expect((await post('/api/v1/gate/authorize', k.secret, { model: 'keycap-echo' })).status).toBe(200);
    expect((await post('/api/v1/gate/authorize', k.secret, { model: 'keycap-echo' })).status).toBe(429);
    expect((await patch({ rateLimitRpm: null, allowedModels: null })).body).toMatchObject({ rateLimitRpm: null, allowedModels: null });
    const ws = await wsRoute.PATCH(req('/api/v1/workspace', admin.secret, { defaultRateLimitRpm: 1 }, 'PATCH'), { params: Promise.resolve({}) });
    expect(ws.status).toBe(200);
    expect(await ws.json()).toMatchObject({ defaultRateLimitRpm: 1, defaultRateLimitTpm: null });
    const k2 = await w.key();
    expect((await post('/api/v1/gate/authorize', k2.secret, {})).status).toBe(200);
    expect((await post('/api/v1/gate/authorize', k2.secret, {})).status).toBe(429);
  });
});
