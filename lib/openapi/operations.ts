// Every /api/v1 operation, as data: the route file it lives in (app/api/v1/<path>/route.ts), its auth,
// request (body component, query schema), responses and the error statuses it can answer. document.ts
// turns this into OpenAPI; tests/integration/openapi.test.ts checks it covers every route file and method.
import type { z } from 'zod';
import { createKeySchema, updateKeySchema } from '../schemas/keys';
import { updateWorkspaceSchema } from '../schemas/workspace';
import { authorizeSchema, importSchema, releaseSchema, settleSchema } from '../schemas/gate';
import { createEndpointSchema, listDeliveriesQuery, rotateSecretSchema, updateEndpointSchema } from '../webhooks/schemas';
import { billingUsageQuery, chatCompletionRequest, embeddingsRequest, rollKeyRequest, usageAnalyticsQuery } from './requests';
import type { ResponseSchemaName } from './responses';

/** Request bodies, by the name they have under components.schemas (converted as the input type). */
export const requestSchemas = {
  CreateKeyRequest: createKeySchema,
  UpdateKeyRequest: updateKeySchema,
  RollKeyRequest: rollKeyRequest,
  UpdateWorkspaceRequest: updateWorkspaceSchema,
  AuthorizeRequest: authorizeSchema,
  SettleRequest: settleSchema,
  ReleaseRequest: releaseSchema,
  UsageImportRequest: importSchema,
  ChatCompletionRequest: chatCompletionRequest,
  EmbeddingsRequest: embeddingsRequest,
  CreateWebhookRequest: createEndpointSchema,
  UpdateWebhookRequest: updateEndpointSchema,
  RotateSecretRequest: rotateSecretSchema,
} as const;
export type RequestSchemaName = keyof typeof requestSchemas;

export type Auth = 'admin' | 'any' | 'none';
export type Method = 'get' | 'post' | 'patch' | 'delete';
export type ErrorStatus = 400 | 401 | 402 | 403 | 404 | 409 | 413 | 429 | 502 | 504;

export const HEADERS = {
  'x-keycap-key-remaining-usd': 'Headroom under the key’s limit in USD, or "unlimited".',
  'x-keycap-key-resets-at': 'When the key’s window ends (absent without a limit or for a total limit).',
  'x-keycap-budget-remaining-usd': 'Headroom under the workspace budget in USD, or "unlimited".',
  'x-keycap-balance-usd': 'Available credit in USD.',
  'x-keycap-reservation-id': 'The reservation made at admission.',
  'x-keycap-request-id': 'The ledger’s requestId of this call.',
  'x-keycap-charged': '"false": nothing was charged for this failed call.',
  'x-pagination-limit': 'Rows per page.',
  'x-pagination-page': 'This page.',
  'x-pagination-total': 'Rows matching the filters.',
  'x-pagination-total-pages': 'Pages.',
  'x-ratelimit-limit-requests': 'Keys with a requests-per-minute limit: the limit (OpenAI’s header).',
  'x-ratelimit-remaining-requests': 'Requests left this UTC minute.',
  'x-ratelimit-reset-requests': 'Time until the window resets, e.g. "12s".',
  'x-ratelimit-limit-tokens': 'Keys with a tokens-per-minute limit: the limit.',
  'x-ratelimit-remaining-tokens': 'Tokens left this UTC minute.',
  'x-ratelimit-reset-tokens': 'Time until the window resets.',
  'retry-after': 'Seconds to wait before retrying.',
  'content-disposition': 'attachment; filename="billing-usage.csv"',
} as const;
export type HeaderName = keyof typeof HEADERS;

export interface ResponseSpec {
  status: 200 | 201;
  description: string;
  /** content type -> response schema name */
  content: Partial<Record<'application/json' | 'text/csv' | 'text/event-stream', ResponseSchemaName>>;
  headers?: HeaderName[];
}

export interface ErrorSpec {
  codes: string;
  schema: ResponseSchemaName;
  headers?: HeaderName[];
}

export interface OperationSpec {
  method: Method;
  /** relative to the server URL /api/v1, with {param} segments: app/api/v1/api_keys/[id]/route.ts -> /api_keys/{id} */
  path: string;
  operationId: string;
  tag: Tag;
  summary: string;
  description?: string;
  auth: Auth;
  query?: z.ZodObject;
  /** extra words on the query parameters (e.g. unknown parameters are refused) */
  queryNote?: string;
  body?: { schema: RequestSchemaName; required: boolean; description?: string };
  responses: ResponseSpec[];
  /**
   * error status -> the codes it carries here, or codes with the schema of the body when it is not the
   * plain envelope (401 and 500 are added for every keyed operation, 413 for every body)
   */
  errors: Partial<Record<Exclude<ErrorStatus, 401>, string | ErrorSpec>>;
}

export const TAGS = {
  Keys: 'API keys and their spend limits. ADMIN keys, except GET /api_keys/me.',
  Workspace: 'The workspace: monthly budget and default limit for new keys.',
  Gate: 'Admission and settlement for a gateway that is not Keycap: authorize (reserve), settle (charge), release.',
  Gateway: 'OpenAI-compatible gateway: point an OpenAI SDK at <APP_URL>/api/v1 with a Keycap key.',
  'Usage import': 'Record usage that already happened elsewhere (no admission check).',
  Billing: 'Balances, the usage ledger (JSON or CSV) and spend analytics.',
  Webhooks: 'Alert webhooks: endpoints, deliveries, test events and secret rotation.',
  Meta: 'This document.',
} as const;
export type Tag = keyof typeof TAGS;

const INVALID = 'invalid_request (a field is missing, malformed, out of range or unknown; param names it), invalid_json, json_too_deep (nested deeper than KEYCAP_MAX_JSON_DEPTH)';
export const TOO_LARGE = 'body_too_large: the body is larger than KEYCAP_MAX_BODY_BYTES (1 MiB by default); the rest is not read';
const REFUSED = { codes: 'key_spend_limit_exceeded, spend_budget_exceeded or insufficient_balance: which limit, its value, what was spent, when it resets, fixUrl and every failing cause', schema: 'SpendRefusal' } as const;
const MODEL_REQUIRED = 'model_required (the key has a model allowlist: name the model)';
const NOT_ALLOWED = 'model_not_allowed: the key’s model allowlist does not include this model (allowedModels names the allowed patterns)';
const RATE_LIMITED = 'key_rate_limit_exceeded: the key’s requests or tokens per minute are used up (retry-after says when to retry)';
const RATE_HEADERS: HeaderName[] = [
  'x-ratelimit-limit-requests', 'x-ratelimit-remaining-requests', 'x-ratelimit-reset-requests', 'x-ratelimit-limit-tokens', 'x-ratelimit-remaining-tokens', 'x-ratelimit-reset-tokens',
];
const HEADROOM_HEADERS: HeaderName[] = ['x-keycap-key-remaining-usd', 'x-keycap-key-resets-at', 'x-keycap-budget-remaining-usd', 'x-keycap-balance-usd'];
const GATED_HEADERS: HeaderName[] = [...HEADROOM_HEADERS, ...RATE_HEADERS];
const PROXY_HEADERS: HeaderName[] = [...GATED_HEADERS, 'x-keycap-reservation-id', 'x-keycap-request-id'];
const json = (schema: ResponseSchemaName) => ({ 'application/json': schema });
const ok = (schema: ResponseSchemaName, description: string, headers?: HeaderName[]): ResponseSpec[] => [{ status: 200, description, content: json(schema), headers }];

const gatewayErrors: OperationSpec['errors'] = {
  400: `${INVALID}, model_not_priced (the model has no price in this workspace), model_not_available (no upstream configured: only keycap-echo answers)`,
  402: REFUSED,
  403: NOT_ALLOWED,
  429: { codes: `${RATE_LIMITED}; or the upstream’s rate limit, passed through like every other upstream error status, with its body (nothing is charged)`, schema: 'GatewayRateLimit', headers: ['retry-after', ...RATE_HEADERS] },
  502: 'upstream_unreachable: the upstream could not be reached; nothing is charged',
  504: 'upstream_timeout: the upstream did not answer within UPSTREAM_TIMEOUT_MS; nothing is charged',
};

export const operations: OperationSpec[] = [
  // ---- keys
  {
    method: 'get', path: '/api_keys', operationId: 'listKeys', tag: 'Keys', auth: 'admin',
    summary: 'List keys', description: 'All keys of the workspace, newest first, revoked and expired ones included, each with its burn-rate forecast (as GET /api_keys/{id}).',
    responses: ok('KeyList', 'The keys.'), errors: {},
  },
  {
    method: 'post', path: '/api_keys', operationId: 'createKey', tag: 'Keys', auth: 'admin',
    summary: 'Create a key',
    description: 'The limit: spendLimit with a period → exactly that; without a period → monthly; omitted → the workspace default (a period alone applies to the default amount); null → no limit. A $0 limit needs confirmZeroLimit: true.',
    body: { schema: 'CreateKeyRequest', required: true },
    responses: [{ status: 201, description: 'The key object plus its secret — the only time the secret is returned.', content: json('CreatedKey') }],
    errors: { 400: `${INVALID}, zero_limit_requires_confirmation` },
  },
  {
    method: 'get', path: '/api_keys/{id}', operationId: 'getKey', tag: 'Keys', auth: 'admin',
    summary: 'Get a key', description: 'The key object plus its burn-rate forecast: the spend rate over the last 24 hours and 7 days, and when the limit is reached at the 24-hour rate if that is before the window resets (projectedExhaustionAt).',
    responses: ok('KeyObjectWithForecast', 'The key object with its forecast.'), errors: { 404: 'not_found: no such key in this workspace' },
  },
  {
    method: 'patch', path: '/api_keys/{id}', operationId: 'updateKey', tag: 'Keys', auth: 'admin',
    summary: 'Update a key',
    description: 'Changes only the fields given, at once (the next gated call sees it); the secret never changes. Audited with before and after values.',
    body: { schema: 'UpdateKeyRequest', required: true },
    responses: ok('KeyObject', 'The updated key object.'),
    errors: { 400: `${INVALID}, zero_limit_requires_confirmation, api_key_revoked (a revoked key cannot be edited)`, 404: 'not_found' },
  },
  {
    method: 'delete', path: '/api_keys/{id}', operationId: 'revokeKey', tag: 'Keys', auth: 'admin',
    summary: 'Revoke a key',
    description: 'Final; the key and its usage history stay for the ledger. Revoking a revoked key returns it unchanged.',
    responses: ok('KeyObject', 'The key object with revokedAt set and status "revoked".'), errors: { 404: 'not_found' },
  },
  {
    method: 'post', path: '/api_keys/{id}/roll', operationId: 'rollKey', tag: 'Keys', auth: 'admin',
    summary: 'Roll a key’s secret',
    description: 'A new secret for the same key (id, limit, spend and history unchanged). The old secret keeps working for the grace period, then gets 401 api_key_rolled. Audited as api_key.roll.',
    body: { schema: 'RollKeyRequest', required: false, description: 'Optional: {} gives the old secret 24 hours.' },
    responses: ok('RolledKey', 'The key object plus the new secret, shown this once.'),
    errors: { 400: `${INVALID}, api_key_revoked (a revoked key cannot be rolled)`, 404: 'not_found' },
  },
  {
    method: 'get', path: '/api_keys/me', operationId: 'getCallingKey', tag: 'Keys', auth: 'any',
    summary: 'The calling key and its verdict',
    description: 'The calling key’s object, plus whether a gated call made with it now would be admitted and, if not, every reason, in enforcement order. Nothing is reserved or charged.',
    responses: ok('KeyWithVerdict', 'The key object with accessPermitted and causes.'), errors: {},
  },
  // ---- workspace
  {
    method: 'get', path: '/workspace', operationId: 'getWorkspace', tag: 'Workspace', auth: 'admin',
    summary: 'Get the workspace', description: 'The workspace object plus the monthly budget’s burn-rate forecast (all spend of the workspace over the last 24 hours and 7 days; projectedExhaustionAt: when the budget is reached at the 24-hour rate, if before the month ends).',
    responses: ok('WorkspaceObjectWithForecast', 'The workspace object with its budget forecast.'), errors: {},
  },
  {
    method: 'patch', path: '/workspace', operationId: 'updateWorkspace', tag: 'Workspace', auth: 'admin',
    summary: 'Update the workspace', description: 'Changes only the fields given; audited; effective at once for the gate. Existing keys are not changed by a new default.',
    body: { schema: 'UpdateWorkspaceRequest', required: true },
    responses: ok('WorkspaceObject', 'The workspace object.'),
    errors: { 400: `${INVALID}, zero_budget_requires_confirmation`, 403: 'forbidden: changing diemEpochAllocation (credit) needs the OWNER role, which no key has' },
  },
  // ---- gate
  {
    method: 'post', path: '/gate/authorize', operationId: 'authorize', tag: 'Gate', auth: 'any',
    summary: 'Admit a request and reserve its estimate',
    description: 'The Bearer key is the key being charged. Checks in order — key, key limit, workspace budget, credit — and reserves the estimate in the same atomic step. An unsettled reservation expires after RESERVATION_TTL_SECONDS (600).',
    body: { schema: 'AuthorizeRequest', required: false, description: 'All fields optional: {} reserves $0.01.' },
    responses: ok('Authorized', 'Admitted.', GATED_HEADERS),
    errors: { 400: `${INVALID}, ${MODEL_REQUIRED}`, 402: REFUSED, 403: NOT_ALLOWED, 429: { codes: RATE_LIMITED, schema: 'RateLimitError', headers: ['retry-after', ...RATE_HEADERS] } },
  },
  {
    method: 'post', path: '/gate/settle', operationId: 'settle', tag: 'Gate', auth: 'any',
    summary: 'Charge a request',
    description: 'The cost replaces the reservation. Idempotent per requestId: the same body again returns the first result with replay: true. Answered after the usage is committed.',
    body: { schema: 'SettleRequest', required: true, description: 'Exactly one of usage and costUsd.' },
    responses: ok('Settled', 'Recorded (or replayed).', GATED_HEADERS),
    errors: {
      400: `${INVALID}, model_not_priced (no price and no costUsd), settle_exceeds_reservation (more than the reservation allows)`,
      403: 'reservation_required: an INFERENCE key settles only against a reservation',
      404: 'not_found: the reservation is not this key’s',
      409: 'request_id_conflict (same requestId, different body), reservation_closed',
    },
  },
  {
    method: 'post', path: '/gate/release', operationId: 'release', tag: 'Gate', auth: 'any',
    summary: 'Release a reservation', description: 'The request failed before usage existed: nothing is charged. Releasing twice is harmless.',
    body: { schema: 'ReleaseRequest', required: true },
    responses: ok('Released', 'The reservation’s status.'),
    errors: { 400: INVALID, 404: 'not_found: no such reservation of this key' },
  },
  // ---- gateway
  {
    method: 'post', path: '/chat/completions', operationId: 'createChatCompletion', tag: 'Gateway', auth: 'any',
    summary: 'Chat completion (OpenAI compatible)',
    description: 'Admitted like /gate/authorize, forwarded to UPSTREAM_BASE_URL (or answered by keycap-echo), billed from the upstream’s usage. stream: true passes the SSE through; a client that disconnects is still billed in full.',
    body: { schema: 'ChatCompletionRequest', required: true },
    responses: [{ status: 200, description: 'The completion, or with stream: true a server-sent event stream.', content: { 'application/json': 'ChatCompletion', 'text/event-stream': 'ChatCompletionStream' }, headers: PROXY_HEADERS }],
    errors: gatewayErrors,
  },
  {
    method: 'post', path: '/embeddings', operationId: 'createEmbeddings', tag: 'Gateway', auth: 'any',
    summary: 'Embeddings (OpenAI compatible)', description: 'Like chat completions, billed from usage.prompt_tokens.',
    body: { schema: 'EmbeddingsRequest', required: true },
    responses: ok('Embeddings', 'The embeddings.', PROXY_HEADERS),
    errors: gatewayErrors,
  },
  {
    method: 'get', path: '/models', operationId: 'listModels', tag: 'Gateway', auth: 'any',
    summary: 'List models (OpenAI compatible)', responses: ok('ModelList', 'The models this key can call.'), errors: {},
  },
  // ---- usage import
  {
    method: 'post', path: '/usage', operationId: 'importUsage', tag: 'Usage import', auth: 'admin',
    summary: 'Import usage',
    description: 'Charged like any usage (counters, buckets, rollups, alerts), without an admission check. Idempotent per requestId; a requestId recorded with a different body is reported as a conflict, not a 409.',
    body: { schema: 'UsageImportRequest', required: true },
    responses: ok('UsageImported', 'What was recorded.'),
    errors: { 400: `${INVALID}; also an unknown apiKeyId or a timestamp in the future (param events.N.…) — nothing of the batch is recorded` },
  },
  // ---- billing
  {
    method: 'get', path: '/billing/balance', operationId: 'getBalance', tag: 'Billing', auth: 'admin',
    summary: 'Credit balances', responses: ok('BillingBalance', 'Balances by bucket and the one charged next.'), errors: {},
  },
  {
    method: 'get', path: '/billing/usage', operationId: 'listUsage', tag: 'Billing', auth: 'admin',
    summary: 'The usage ledger (JSON or CSV)',
    description: 'One row per billed request. With Accept: text/csv: every matching row as a streamed CSV attachment (limit and page do not apply).',
    query: billingUsageQuery, queryNote: 'Unknown parameters are ignored.',
    responses: [
      {
        status: 200,
        description: 'A page of the ledger (JSON, with x-pagination-* headers), or with Accept: text/csv every matching row (content-disposition: attachment).',
        content: { 'application/json': 'UsagePage', 'text/csv': 'UsageCsv' },
        headers: ['x-pagination-limit', 'x-pagination-page', 'x-pagination-total', 'x-pagination-total-pages', 'content-disposition'],
      },
    ],
    errors: { 400: 'invalid_request: a bad parameter value; param names it' },
  },
  {
    method: 'get', path: '/billing/usage-analytics', operationId: 'usageAnalytics', tag: 'Billing', auth: 'any',
    summary: 'Spend by date, model and key',
    description: 'From the daily rollups (UTC days), current to the last recorded request.',
    query: usageAnalyticsQuery,
    responses: ok('UsageAnalytics', 'Series shaped for charts.'),
    errors: { 400: 'invalid_request: a bad lookback, startDate without endDate (or the reverse), a range over 90 days, lookback combined with dates; param names it' },
  },
  // ---- webhooks
  {
    method: 'get', path: '/webhooks', operationId: 'listWebhooks', tag: 'Webhooks', auth: 'admin',
    summary: 'List webhook endpoints', responses: ok('WebhookEndpointList', 'The endpoints.'), errors: {},
  },
  {
    method: 'post', path: '/webhooks', operationId: 'createWebhook', tag: 'Webhooks', auth: 'admin',
    summary: 'Create a webhook endpoint',
    body: { schema: 'CreateWebhookRequest', required: true },
    responses: [{ status: 201, description: 'The endpoint plus its signing secret (whsec_…) — the only time it is returned.', content: json('WebhookEndpointWithSecret') }],
    errors: { 400: `${INVALID}, invalid_webhook_url (not http(s), or a private/loopback address), too_many_endpoints (20 per workspace)` },
  },
  {
    method: 'get', path: '/webhooks/{id}', operationId: 'getWebhook', tag: 'Webhooks', auth: 'admin',
    summary: 'Get a webhook endpoint', responses: ok('WebhookEndpoint', 'The endpoint.'), errors: { 404: 'not_found' },
  },
  {
    method: 'patch', path: '/webhooks/{id}', operationId: 'updateWebhook', tag: 'Webhooks', auth: 'admin',
    summary: 'Update a webhook endpoint',
    body: { schema: 'UpdateWebhookRequest', required: true },
    responses: ok('WebhookEndpoint', 'The updated endpoint.'),
    errors: { 400: `${INVALID}, invalid_webhook_url`, 404: 'not_found' },
  },
  {
    method: 'delete', path: '/webhooks/{id}', operationId: 'deleteWebhook', tag: 'Webhooks', auth: 'admin',
    summary: 'Delete a webhook endpoint', description: 'Deletes the endpoint with its deliveries.',
    responses: ok('WebhookDeleted', 'Deleted.'), errors: { 404: 'not_found' },
  },
  {
    method: 'get', path: '/webhooks/{id}/deliveries', operationId: 'listWebhookDeliveries', tag: 'Webhooks', auth: 'admin',
    summary: 'Delivery log', description: 'Newest first, each delivery with its attempts.',
    query: listDeliveriesQuery, queryNote: 'Unknown parameters are a 400 naming them.',
    responses: ok('WebhookDeliveryPage', 'A page of deliveries.'),
    errors: { 400: 'invalid_request: a bad or unknown parameter; param names it', 404: 'not_found' },
  },
  {
    method: 'post', path: '/webhooks/{id}/test', operationId: 'testWebhook', tag: 'Webhooks', auth: 'admin',
    summary: 'Send a test event', description: 'Sends a signed webhook.test event to this endpoint now, whatever it subscribes to.',
    responses: ok('WebhookDelivery', 'The delivery and its attempt (status code, duration, response excerpt).'), errors: { 404: 'not_found' },
  },
  {
    method: 'post', path: '/webhooks/{id}/rotate-secret', operationId: 'rotateWebhookSecret', tag: 'Webhooks', auth: 'admin',
    summary: 'Rotate the signing secret',
    description: 'For overlapHours the old secret keeps signing too, as a second signature in webhook-signature.',
    body: { schema: 'RotateSecretRequest', required: false, description: 'Optional: {} keeps the old secret for 24 hours.' },
    responses: ok('WebhookEndpointWithSecret', 'The endpoint plus the new secret (shown this once).'),
    errors: { 400: INVALID, 404: 'not_found' },
  },
  {
    method: 'post', path: '/webhooks/{id}/deliveries/{deliveryId}/resend', operationId: 'resendWebhookDelivery', tag: 'Webhooks', auth: 'admin',
    summary: 'Re-send a delivery', description: 'Sends the same event (same webhook-id) again as a new delivery, now.',
    responses: ok('WebhookDelivery', 'The new delivery and its attempt.'),
    errors: { 400: 'endpoint_disabled: enable the endpoint first', 404: 'not_found: no such endpoint or delivery' },
  },
  // ---- meta
  {
    method: 'get', path: '/openapi.json', operationId: 'getOpenApiDocument', tag: 'Meta', auth: 'none',
    summary: 'This OpenAPI document', description: 'Public: no key needed. Rendered for humans at /docs/api.',
    responses: ok('OpenApiDocument', 'OpenAPI 3.1.'), errors: {},
  },
];
