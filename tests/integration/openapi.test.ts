// The OpenAPI document (lib/openapi) against the real API: every route file and method under app/api/v1 is
// documented (found by walking the directory, so a new route without docs fails here), the auth each
// operation states is the one the route enforces, and real responses of the route handlers, called
// in-process on a real database, validate against the document's schema for their status — and against
// the zod schema that schema was generated from.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openApiDocument, type JsonSchema, type OperationObject, type ResponseObject } from '@/lib/openapi/document';
import { resolveRef, unsupportedKeywords, validate } from '@/lib/openapi/json-schema';
import { responseSchemas, USAGE_CSV_COLUMNS } from '@/lib/openapi/responses';
import { operations } from '@/lib/openapi/operations';
import { rollKeyRequest } from '@/lib/openapi/requests';
import { rollKeySchema } from '@/lib/services/key-roll';
import { db } from '@/lib/db';
import { setPrice } from '@/lib/services/prices';
import * as openapiRoute from '@/app/api/v1/openapi.json/route';
import * as keysRoute from '@/app/api/v1/api_keys/route';
import * as keyRoute from '@/app/api/v1/api_keys/[id]/route';
import * as meRoute from '@/app/api/v1/api_keys/me/route';
import * as rollRoute from '@/app/api/v1/api_keys/[id]/roll/route';
import * as workspaceRoute from '@/app/api/v1/workspace/route';
import * as authorizeRoute from '@/app/api/v1/gate/authorize/route';
import * as settleRoute from '@/app/api/v1/gate/settle/route';
import * as releaseRoute from '@/app/api/v1/gate/release/route';
import * as chatRoute from '@/app/api/v1/chat/completions/route';
import * as embeddingsRoute from '@/app/api/v1/embeddings/route';
import * as modelsRoute from '@/app/api/v1/models/route';
import * as usageImportRoute from '@/app/api/v1/usage/route';
import * as balanceRoute from '@/app/api/v1/billing/balance/route';
import * as usageRoute from '@/app/api/v1/billing/usage/route';
import * as analyticsRoute from '@/app/api/v1/billing/usage-analytics/route';
import * as webhooksRoute from '@/app/api/v1/webhooks/route';
import * as webhookRoute from '@/app/api/v1/webhooks/[id]/route';
import * as deliveriesRoute from '@/app/api/v1/webhooks/[id]/deliveries/route';
import * as testRoute from '@/app/api/v1/webhooks/[id]/test/route';
import * as rotateRoute from '@/app/api/v1/webhooks/[id]/rotate-secret/route';
import * as resendRoute from '@/app/api/v1/webhooks/[id]/deliveries/[deliveryId]/resend/route';
import { callRoute, type CallOptions, type CallResult, type RouteHandler } from './helpers';
import { gateWorkspace } from './fixtures/workspace';
import { startReceiver, type Receiver } from './webhooks-receiver';

const doc = openApiDocument();
const API_DIR = path.resolve('app/api/v1');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** Every route.ts under app/api/v1, as [file, OpenAPI path]: api_keys/[id]/route.ts -> /api_keys/{id}. */
function routeFiles(dir = API_DIR): [string, string][] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e): [string, string][] => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    if (!/^route\.(ts|tsx|js|mjs)$/.test(e.name)) return [];
    const rel = path.relative(API_DIR, dir).split(path.sep).map((s) => s.replace(/^\[(\w+)\]$/, '{$1}'));
    return [[full, `/${rel.join('/')}`]];
  });
}

const opOf = (p: string, method: string): OperationObject => {
  const op = doc.paths[p]?.[method.toLowerCase()];
  if (!op) throw new Error(`${method} ${p} is not in the OpenAPI document`);
  return op;
};

/** The document's response for this status (following a $ref to components.responses). */
function documentedResponse(op: OperationObject, status: number): ResponseObject | undefined {
  const r = op.responses[String(status)];
  return r && '$ref' in r ? (resolveRef(doc, r.$ref) as unknown as ResponseObject) : r;
}

/**
 * Checks a real response against the document: its status is documented for this operation, and its body
 * validates against the documented schema of its content type — and parses with the zod schema of the
 * same name, the one the document's schema was generated from.
 */
function conforms<T extends CallResult>(method: string, p: string, r: T, contentType = 'application/json'): T {
  const label = `${method} ${p} → ${r.status}`;
  const resp = documentedResponse(opOf(p, method), r.status);
  expect(resp, `${label} is documented`).toBeDefined();
  const media = resp!.content?.[contentType];
  expect(media, `${label} documents ${contentType}`).toBeDefined();
  expect(r.headers.get('content-type') ?? '', label).toContain(contentType);
  expect(validate(media!.schema, r.body, doc), label).toEqual([]);
  const name = String(media!.schema.$ref).split('/').pop()!;
  const zodSchema = (responseSchemas as Record<string, z.ZodType>)[name];
  expect(zodSchema, `${label}: ${name} is a zod response schema`).toBeDefined();
  const parsed = zodSchema.safeParse(r.body);
  expect(parsed.success ? [] : parsed.error.issues, `${label} (zod ${name})`).toEqual([]);
  for (const h of Object.keys(resp!.headers ?? {})) if (h.startsWith('x-keycap-') && h !== 'x-keycap-key-resets-at') expect(r.headers.get(h), `${label} header ${h}`).not.toBeNull();
  return r;
}

/** Calls a route handler; `p` is the documented path (params go in `o.params`), optionally with a query string. */
async function call(method: string, p: string, handler: RouteHandler, o: Omit<CallOptions, 'method'> = {}, contentType?: string) {
  const r = await callRoute(handler, { method, path: `/api/v1${p}`, ...o });
  return conforms(method, p.split('?')[0], r, contentType);
}

describe('OpenAPI document: structure', () => {
  it('is OpenAPI 3.1 with paths, components, the Bearer scheme and the shared error envelope', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.servers[0].url).toBe('/api/v1');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.Error).toBeDefined();
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc); // plain JSON
    const ids = Object.values(doc.paths).flatMap((m) => Object.values(m).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every $ref resolves, and every schema uses only the keywords the validator knows', () => {
    const refs: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref') refs.push(x as string);
          else walk(x);
        }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of new Set(refs)) expect(() => resolveRef(doc, ref), ref).not.toThrow();
    for (const [name, s] of Object.entries(doc.components.schemas)) expect(unsupportedKeywords(s), name).toEqual([]);
    for (const [p, ms] of Object.entries(doc.paths))
      for (const [m, op] of Object.entries(ms)) for (const x of op.parameters ?? []) expect(unsupportedKeywords(x.schema), `${m} ${p} ${x.name}`).toEqual([]);
  });

  it('documents every route file and every method it exports, and nothing else', async () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThanOrEqual(22);
    const found = new Set<string>();
    for (const [file, p] of files) {
      const mod = (await import(file)) as Record<string, unknown>;
      const methods = METHODS.filter((m) => typeof mod[m] === 'function');
      expect(methods.length, file).toBeGreaterThan(0);
      for (const m of methods) {
        found.add(`${m} ${p}`);
        expect(doc.paths[p]?.[m.toLowerCase()], `${m} ${p} (${path.relative(process.cwd(), file)}) is documented in lib/openapi/operations.ts`).toBeDefined();
      }
    }
    const documented = Object.entries(doc.paths).flatMap(([p, ms]) => Object.keys(ms).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual([...found].sort());
  });

  it('every operation has a 2xx response with a schema, 401 and 500 when keyed, and request bodies as components', () => {
    for (const [p, ms] of Object.entries(doc.paths))
      for (const [m, op] of Object.entries(ms)) {
        const label = `${m} ${p}`;
        const ok = Object.keys(op.responses).filter((s) => /^2/.test(s));
        expect(ok.length, label).toBe(1);
        const content = (op.responses[ok[0]] as ResponseObject).content ?? {};
        for (const media of Object.values(content)) expect(responseSchemas, label).toHaveProperty(String(media.schema.$ref).split('/').pop()!);
        if (op['x-keycap-auth'] !== 'none') expect(Object.keys(op.responses), label).toEqual(expect.arrayContaining(['401', '500']));
        if (op.requestBody) expect(doc.components.schemas[String(op.requestBody.content['application/json'].schema.$ref).split('/').pop()!], label).toBeDefined();
        expect(op.security, label).toEqual(op['x-keycap-auth'] === 'admin' ? [{ bearerAuth: ['ADMIN'] }] : op['x-keycap-auth'] === 'any' ? [{ bearerAuth: [] }] : []);
      }
  });

  it('request schemas are what the routes accept: a body with an unknown field is refused where the schema says so', () => {
    const strict = Object.entries(doc.components.schemas).filter(([n]) => n.endsWith('Request') && doc.components.schemas[n].additionalProperties === false);
    expect(strict.map(([n]) => n).sort()).toEqual(
      ['AuthorizeRequest', 'CreateKeyRequest', 'RollKeyRequest', 'CreateWebhookRequest', 'ReleaseRequest', 'RotateSecretRequest', 'SettleRequest', 'UpdateKeyRequest', 'UpdateWebhookRequest', 'UpdateWorkspaceRequest', 'UsageImportRequest'].sort(),
    );
  });
});

it('the documented key-roll body is the service’s own schema', () => {
  const bare = (s: z.ZodType) => JSON.parse(JSON.stringify(z.toJSONSchema(s, { io: 'input' }), (k, v) => (k === 'description' ? undefined : v)));
  expect(bare(rollKeyRequest)).toEqual(bare(rollKeySchema));
});

describe('OpenAPI document: auth per operation matches the routes', () => {
  let admin: string;
  let inference: string;
  beforeAll(async () => {
    const w = await gateWorkspace();
    admin = (await w.key({ type: 'ADMIN', name: 'auth admin' })).secret;
    inference = (await w.key({ name: 'auth inference' })).secret;
  });

  it('admin operations refuse an INFERENCE key with 401 admin_key_required, any-key operations accept it, public ones need no key', async () => {
    expect(admin).toMatch(/^kc_adm_/);
    for (const [file, p] of routeFiles()) {
      const mod = (await import(file)) as Record<string, RouteHandler>;
      for (const m of METHODS.filter((x) => typeof mod[x] === 'function')) {
        const op = opOf(p, m);
        const label = `${m} ${p} (${op['x-keycap-auth']})`;
        const params = { id: 'cm_nonexistent', deliveryId: 'cm_nonexistent' };
        const body = m === 'GET' || m === 'DELETE' ? undefined : {};
        const anonymous = await callRoute(mod[m], { method: m, path: `/api/v1${p}`, params, body });
        const inf = await callRoute(mod[m], { method: m, path: `/api/v1${p}`, params, body, secret: inference });
        if (op['x-keycap-auth'] === 'none') {
          expect(anonymous.status, label).toBe(200);
          continue;
        }
        expect(anonymous.status, label).toBe(401);
        conforms(m, p, anonymous);
        if (op['x-keycap-auth'] === 'admin') {
          expect([inf.status, inf.body?.error?.code], label).toEqual([401, 'admin_key_required']);
          conforms(m, p, inf);
        } else expect(inf.status, label).not.toBe(401);
      }
    }
  });
});

describe('OpenAPI document: query parameters are the ones the parsers know', () => {
  let admin: string;
  beforeAll(async () => {
    const w = await gateWorkspace();
    admin = (await w.key({ type: 'ADMIN', name: 'query admin' })).secret;
  });
  // a bad value for every documented parameter; the route answers 400 naming it
  const bad: Record<string, Record<string, Record<string, string>>> = {
    '/billing/usage': {
      currency: { currency: 'EUR' }, startDate: { startDate: 'soon' }, endDate: { endDate: 'later' }, limit: { limit: '0' }, page: { page: '0' },
      sortOrder: { sortOrder: 'up' }, apiKeyId: { apiKeyId: ' ' }, model: { model: ' ' },
    },
    '/billing/usage-analytics': {
      lookback: { lookback: 'week' }, startDate: { startDate: 'x', endDate: '2026-01-01' }, endDate: { startDate: '2026-01-01', endDate: 'x' },
    },
  };
  const handlers: Record<string, RouteHandler> = { '/billing/usage': usageRoute.GET, '/billing/usage-analytics': analyticsRoute.GET };

  it.each(Object.keys(bad))('%s', async (p) => {
    const names = (opOf(p, 'GET').parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name);
    expect(names.sort()).toEqual(Object.keys(bad[p]).sort());
    for (const name of names) {
      const r = await call('GET', `${p}?${new URLSearchParams(bad[p][name])}`, handlers[p], { secret: admin });
      expect([r.status, r.body.error.param], name).toEqual([400, name]);
    }
  });
});

describe('OpenAPI document: real responses validate against their schemas', () => {
  let w: Awaited<ReturnType<typeof gateWorkspace>>;
  let admin: string;
  let inference: string;
  let rx: Receiver;
  beforeAll(async () => {
    w = await gateWorkspace({ creditUsd: 100 });
    await setPrice(w.ctx, { model: 'keycap-echo', inputUsdPerMtok: 1, outputUsdPerMtok: 2 });
    admin = (await w.key({ type: 'ADMIN', name: 'docs admin' })).secret;
    inference = (await w.key({ name: 'docs inference', spendLimit: 5, spendLimitPeriod: 'daily' })).secret;
    rx = await startReceiver();
  });
  afterAll(() => rx?.close());

  it('GET /openapi.json serves this document, public', async () => {
    const r = await callRoute(async () => openapiRoute.GET(), { path: '/api/v1/openapi.json' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual(JSON.parse(JSON.stringify(doc)));
    conforms('GET', '/openapi.json', r);
    expect(r.body.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(r.body.paths).length).toBeGreaterThanOrEqual(15);
    expect(Object.keys(r.body.components.schemas).length).toBeGreaterThan(20);
  });

  it('keys: list, create, get, patch, me, revoke', async () => {
    await call('GET', '/api_keys', keysRoute.GET, { secret: admin });
    const c = await call('POST', '/api_keys', keysRoute.POST, { secret: admin, body: { name: 'docs key', spendLimit: 2.5, spendLimitPeriod: 'weekly' } });
    expect(c.status).toBe(201);
    const id = c.body.id as string;
    const unlimited = await call('POST', '/api_keys', keysRoute.POST, { secret: admin, body: { name: 'no limit', spendLimit: null, type: 'ADMIN', expiresAt: new Date(Date.now() + 86_400_000).toISOString() } });
    expect(unlimited.body.spendLimitPeriod).toBeNull();
    await call('GET', '/api_keys/{id}', keyRoute.GET, { secret: admin, params: { id } });
    const p = await call('PATCH', '/api_keys/{id}', keyRoute.PATCH, { secret: admin, params: { id }, body: { name: 'docs key 2', spendLimit: 0, confirmZeroLimit: true } });
    expect(p.body.status).toBe('zero_limit');
    await call('GET', '/api_keys/me', meRoute.GET, { secret: inference });
    const rolled = await call('POST', '/api_keys/{id}/roll', rollRoute.POST, { secret: admin, params: { id: unlimited.body.id }, body: { gracePeriodHours: 1 } });
    expect(rolled.body.secret).not.toBe(unlimited.body.secret);
    expect((await call('POST', '/api_keys/{id}/roll', rollRoute.POST, { secret: admin, params: { id: unlimited.body.id } })).status).toBe(200);
    const huge = await call('PATCH', '/api_keys/{id}', keyRoute.PATCH, { secret: admin, params: { id }, rawBody: JSON.stringify({ name: 'x'.repeat(1_100_000) }) });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'body_too_large']);
    const d = await call('DELETE', '/api_keys/{id}', keyRoute.DELETE, { secret: admin, params: { id } });
    expect(d.body.status).toBe('revoked');
    // errors: 400 (unknown field, with fields), 400 (revoked key), 404
    const bad = await call('POST', '/api_keys', keysRoute.POST, { secret: admin, body: { name: 'x', foo: 1 } });
    expect([bad.status, bad.body.error.code, bad.body.error.param, bad.body.error.fields]).toEqual([400, 'invalid_request', 'foo', { foo: expect.any(String) }]);
    expect((await call('PATCH', '/api_keys/{id}', keyRoute.PATCH, { secret: admin, params: { id }, body: { name: 'y' } })).body.error.code).toBe('api_key_revoked');
    expect((await call('GET', '/api_keys/{id}', keyRoute.GET, { secret: admin, params: { id: 'cm_nope' } })).status).toBe(404);
    expect((await call('POST', '/api_keys', keysRoute.POST, { secret: admin, rawBody: '{"name":' })).body.error.code).toBe('invalid_json');
  });

  it('workspace: get, patch', async () => {
    await call('GET', '/workspace', workspaceRoute.GET, { secret: admin });
    const p = await call('PATCH', '/workspace', workspaceRoute.PATCH, { secret: admin, body: { monthlyBudget: 500, defaultSpendLimit: 10, defaultSpendLimitPeriod: 'weekly' } });
    expect(p.body.monthlyBudget).toBe(500);
    await call('PATCH', '/workspace', workspaceRoute.PATCH, { secret: admin, body: { defaultSpendLimit: null } });
    expect((await call('PATCH', '/workspace', workspaceRoute.PATCH, { secret: admin, body: { slug: 'x' } })).status).toBe(400);
  });

  it('gate: authorize (200 and both kinds of 402), settle, release and their errors', async () => {
    const a = await call('POST', '/gate/authorize', authorizeRoute.POST, { secret: inference, body: { model: 'keycap-echo', maxTokens: 100 } });
    expect(a.status).toBe(200);
    const s = await call('POST', '/gate/settle', settleRoute.POST, {
      secret: inference,
      body: { reservationId: a.body.reservationId, requestId: 'docs-settle-1', model: 'keycap-echo', usage: { promptTokens: 10, completionTokens: 20 } },
    });
    expect(s.body).toMatchObject({ settled: true, replay: false });
    const again = await call('POST', '/gate/settle', settleRoute.POST, {
      secret: inference,
      body: { reservationId: a.body.reservationId, requestId: 'docs-settle-1', model: 'keycap-echo', usage: { promptTokens: 10, completionTokens: 20 } },
    });
    expect(again.body.replay).toBe(true);
    const conflict = await call('POST', '/gate/settle', settleRoute.POST, { secret: admin, body: { requestId: 'docs-settle-1', model: 'keycap-echo', costUsd: 1 } });
    expect([conflict.status, conflict.body.error.code]).toEqual([409, 'request_id_conflict']);
    const noReservation = await call('POST', '/gate/settle', settleRoute.POST, { secret: inference, body: { requestId: 'docs-settle-2', model: 'keycap-echo', costUsd: 0.001 } });
    expect([noReservation.status, noReservation.body.error.code]).toEqual([403, 'reservation_required']);
    const cost = await call('POST', '/gate/settle', settleRoute.POST, { secret: admin, body: { requestId: 'docs-settle-3', model: 'gpt-unpriced', costUsd: 0.002, executionTimeMs: 120 } });
    expect(cost.status).toBe(200);

    const b = await call('POST', '/gate/authorize', authorizeRoute.POST, { secret: inference, body: {} });
    const rel = await call('POST', '/gate/release', releaseRoute.POST, { secret: inference, body: { reservationId: b.body.reservationId } });
    expect(rel.body).toMatchObject({ released: true, status: 'RELEASED' });
    expect((await call('POST', '/gate/release', releaseRoute.POST, { secret: inference, body: { reservationId: 'cm_nope' } })).status).toBe(404);

    // 402: a $0 key limit (scope api_key) and an empty credit balance (balances)
    const zero = await w.key({ name: 'docs zero', spendLimit: 0, confirmZeroLimit: true });
    const refused = await call('POST', '/gate/authorize', authorizeRoute.POST, { secret: zero.secret, body: { estimatedCostUsd: 0.01 } });
    expect([refused.status, refused.body.error.code, refused.body.error.scope]).toEqual([402, 'key_spend_limit_exceeded', 'api_key']);
    const broke = await gateWorkspace();
    const brokeKey = await broke.key({ name: 'no credit' });
    const noCredit = await call('POST', '/gate/authorize', authorizeRoute.POST, { secret: brokeKey.secret, body: {} });
    expect([noCredit.status, noCredit.body.error.code]).toEqual([402, 'insufficient_balance']);

    // 429 (rate limit, with retry-after), 403 (model allowlist), 400 model_required
    const limited = await w.key({ name: 'docs limited' });
    await db.apiKey.update({ where: { id: limited.id }, data: { rateLimitRpm: 1, allowedModels: JSON.stringify(['keycap-*']) } });
    const first = await call('POST', '/gate/authorize', authorizeRoute.POST, { secret: limited.secret, body: { model: 'keycap-echo' } });
    expect(first.headers.get('x-ratelimit-limit-requests')).toBe('1');
    expect(documentedResponse(opOf('/gate/authorize', 'POST'), 200)?.headers).toHaveProperty('x-ratelimit-limit-requests');
    let second = await call('POST', '/gate/authorize', authorizeRoute.POST, { secret: limited.secret, body: { model: 'keycap-echo' } });
    if (second.status === 200) second = await call('POST', '/gate/authorize', authorizeRoute.POST, { secret: limited.secret, body: { model: 'keycap-echo' } }); // a minute boundary passed
    expect([second.status, second.body.error.code, Number(second.headers.get('retry-after')) >= 1]).toEqual([429, 'key_rate_limit_exceeded', true]);
    const notAllowed = await call('POST', '/gate/authorize', authorizeRoute.POST, { secret: limited.secret, body: { model: 'gpt-4o' } });
    expect([notAllowed.status, notAllowed.body.error.code]).toEqual([403, 'model_not_allowed']);
    const noModel = await call('POST', '/gate/authorize', authorizeRoute.POST, { secret: limited.secret, body: {} });
    expect([noModel.status, noModel.body.error.code]).toEqual([400, 'model_required']);

    // 400 (unknown field), 413 (body too large)
    const unknown = await call('POST', '/gate/authorize', authorizeRoute.POST, { secret: inference, body: { model: 'keycap-echo', tokens: 3 } });
    expect([unknown.status, unknown.body.error.param]).toEqual([400, 'tokens']);
    const big = await call('POST', '/gate/authorize', authorizeRoute.POST, { secret: inference, rawBody: JSON.stringify({ model: 'x'.repeat(1_100_000) }) });
    expect([big.status, big.body.error.code]).toEqual([413, 'body_too_large']);
  });

  it('gateway: models, chat/completions (JSON and SSE) and embeddings with keycap-echo', async () => {
    const m = await call('GET', '/models', modelsRoute.GET, { secret: inference });
    expect(m.body.data.map((x: { id: string }) => x.id)).toContain('keycap-echo');
    const chat = await call('POST', '/chat/completions', chatRoute.POST, { secret: inference, body: { model: 'keycap-echo', messages: [{ role: 'user', content: 'hello docs' }], max_tokens: 10 } });
    expect(chat.body.choices[0].message.content).toBe('Echo: hello docs');
    const stream = await callRoute(chatRoute.POST as RouteHandler, { method: 'POST', secret: inference, body: { model: 'keycap-echo', messages: [{ role: 'user', content: 'hi' }], stream: true } });
    expect(stream.status).toBe(200);
    expect(documentedResponse(opOf('/chat/completions', 'POST'), 200)?.content?.['text/event-stream']).toBeDefined();
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(validate({ $ref: '#/components/schemas/ChatCompletionStream' }, stream.body, doc)).toEqual([]);
    expect(String(stream.body).trim().endsWith('data: [DONE]')).toBe(true);
    await call('POST', '/embeddings', embeddingsRoute.POST, { secret: inference, body: { model: 'keycap-echo', input: ['a b', 'c'] } });
    const unpriced = await call('POST', '/chat/completions', chatRoute.POST, { secret: inference, body: { model: 'gpt-unpriced', messages: [{ role: 'user', content: 'x' }] } });
    expect([unpriced.status, unpriced.body.error.code]).toEqual([400, 'model_not_priced']);
  });

  it('usage import: recorded, duplicate and conflict results', async () => {
    const ts = new Date().toISOString();
    const events = [
      { requestId: 'docs-imp-1', apiKeyId: null, timestamp: ts, model: 'keycap-echo', promptTokens: 5, completionTokens: 2, costUsd: 0.01 },
      { requestId: 'docs-imp-2', apiKeyId: null, timestamp: ts, model: 'keycap-echo', costUsd: 0.02 },
    ];
    expect((await call('POST', '/usage', usageImportRoute.POST, { secret: admin, body: { events } })).body.recorded).toBe(2);
    const mixed = await call('POST', '/usage', usageImportRoute.POST, { secret: admin, body: { events: [events[0], { ...events[1], costUsd: 0.5 }] } });
    expect(mixed.body).toMatchObject({ recorded: 0, duplicates: 1, conflicts: 1 });
    const bad = await call('POST', '/usage', usageImportRoute.POST, { secret: admin, body: { events: [{ ...events[0], costUsd: -1 }] } });
    expect([bad.status, bad.body.error.param]).toEqual([400, 'events.0.costUsd']);
  });

  it('billing: balance, usage (JSON and CSV), usage-analytics', async () => {
    await call('GET', '/billing/balance', balanceRoute.GET, { secret: admin });
    const u = await call('GET', '/billing/usage?limit=5', usageRoute.GET, { secret: admin });
    expect(u.body.data.length).toBeGreaterThan(0);
    expect(u.body.data.some((e: { inferenceDetails: unknown }) => e.inferenceDetails === null)).toBe(true);
    expect(u.body.data.some((e: { inferenceDetails: unknown }) => e.inferenceDetails !== null)).toBe(true);
    const csv = await call('GET', '/billing/usage', usageRoute.GET, { secret: admin, headers: { accept: 'text/csv' } }, 'text/csv');
    expect(String(csv.body).split('\n')[0].trim()).toBe(USAGE_CSV_COLUMNS.join(','));
    expect(csv.headers.get('content-disposition')).toContain('billing-usage.csv');
    const a = await call('GET', '/billing/usage-analytics?lookback=30d', analyticsRoute.GET, { secret: inference });
    expect(a.body.byDate).toHaveLength(30);
    expect(a.body.byModel.length).toBeGreaterThan(0);
  });

  it('webhooks: list, create, get, patch, test, deliveries, resend, rotate-secret, delete', async () => {
    await call('GET', '/webhooks', webhooksRoute.GET, { secret: admin });
    const c = await call('POST', '/webhooks', webhooksRoute.POST, { secret: admin, body: { url: rx.url, description: 'docs' } });
    expect(c.status).toBe(201);
    rx.secret = c.body.secret;
    const params = { id: c.body.id as string };
    await call('GET', '/webhooks', webhooksRoute.GET, { secret: admin });
    await call('GET', '/webhooks/{id}', webhookRoute.GET, { secret: admin, params });
    await call('PATCH', '/webhooks/{id}', webhookRoute.PATCH, { secret: admin, params, body: { events: ['api_key.spend_limit.reached'], description: null } });
    const t = await call('POST', '/webhooks/{id}/test', testRoute.POST, { secret: admin, params });
    expect(t.body.attemptLog.length).toBe(1);
    const list = await call('GET', '/webhooks/{id}/deliveries', deliveriesRoute.GET, { secret: admin, params, path: `/api/v1/webhooks/${params.id}/deliveries?limit=10` });
    expect(list.body.data).toHaveLength(1);
    await call('POST', '/webhooks/{id}/deliveries/{deliveryId}/resend', resendRoute.POST, { secret: admin, params: { ...params, deliveryId: t.body.id } });
    const rot = await call('POST', '/webhooks/{id}/rotate-secret', rotateRoute.POST, { secret: admin, params, body: { overlapHours: 1 } });
    expect(rot.body.previousSecretHint).not.toBeNull();
    expect((await call('POST', '/webhooks', webhooksRoute.POST, { secret: admin, body: { url: 'ftp://example.com' } })).body.error.code).toBe('invalid_webhook_url');
    expect((await call('GET', '/webhooks/{id}/deliveries', deliveriesRoute.GET, { secret: admin, params, path: `/api/v1/webhooks/${params.id}/deliveries?foo=1` })).status).toBe(400);
    await call('DELETE', '/webhooks/{id}', webhookRoute.DELETE, { secret: admin, params });
    expect((await call('GET', '/webhooks/{id}', webhookRoute.GET, { secret: admin, params })).status).toBe(404);
  });

  it('a wrong field in a response fails validation (the check is not vacuous)', async () => {
    const k = (await callRoute(meRoute.GET as RouteHandler, { secret: inference })).body as Record<string, unknown>;
    const schema: JsonSchema = { $ref: '#/components/schemas/KeyWithVerdict' };
    expect(validate(schema, k, doc)).toEqual([]);
    const { status: _s, ...missing } = k;
    const cases: [string, unknown][] = [
      ['missing status', missing],
      ['extra field', { ...k, secret: 'kc_inf_x' }],
      ['string amount', { ...k, monthToDateSpend: '0' }],
      ['unknown status', { ...k, status: 'paused' }],
      ['bad timestamp', { ...k, createdAt: '2026-02-30T00:00:00Z' }],
      ['bad cause', { ...k, causes: ['nope'] }],
    ];
    for (const [label, v] of cases) expect(validate(schema, v, doc).length, label).toBeGreaterThan(0);
    expect(validate({ $ref: '#/components/schemas/Error' }, { error: { type: 'oops', code: 'x', message: 'm', param: null } }, doc).length).toBeGreaterThan(0);
  });
});

it('operations.ts and the document agree (one operation per entry)', () => {
  expect(operations.length).toBe(Object.values(doc.paths).reduce((n, m) => n + Object.keys(m).length, 0));
});
