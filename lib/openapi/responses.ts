// zod schemas of the /api/v1 response bodies, for the OpenAPI document (lib/openapi/document.ts) and the
// tests that validate real responses against it. They describe what the services return today; the
// type checks at the bottom fail to compile when a service's object gains, loses or retypes a field.
import { z } from 'zod';
import type { ErrorType } from '../errors';
import type { KeyObject } from '../keys/object';
import type { WorkspaceObject } from '../workspace-object';
import type { KeyObjectWithForecast } from '../services/keys';
import type { WorkspaceObjectWithForecast } from '../services/workspace-settings';
import { FORECAST_STATES, type ForecastObject } from '../metering/forecast';
import type { AttemptObject, DeliveryObject, EndpointObject } from '../webhooks/service';
import type { LedgerEntry, Pagination } from '../billing/ledger';
import type { UsageAnalytics } from '../billing/analytics';
import type { Balances } from '../services/credits';
import type { Remaining } from '../metering/types';
import type { Rolled } from '../services/key-roll';
import { PERIODS } from '../periods';
import { CURRENCIES } from '../billing/params';
import { ALERT_EVENT_TYPES } from '../webhooks/events';

const instant = z.iso.datetime();
const usd = z.number();
const count = z.int().min(0);
const period = z.enum(PERIODS);
const currency = z.enum(CURRENCIES);
const CAUSES = ['key_spend_limit_exceeded', 'spend_budget_exceeded', 'insufficient_balance'] as const;
const cause = z.enum(CAUSES);

// ---- errors ------------------------------------------------------------------------------------------

export const ERROR_TYPES = [
  'invalid_request_error', 'authentication_error', 'permission_error', 'not_found_error', 'conflict_error',
  'rate_limit_error', 'spend_limit_exceeded', 'insufficient_balance', 'upstream_error', 'api_error',
] as const;

export const ErrorEnvelope = z
  .strictObject({
    error: z
      .looseObject({
        type: z.enum(ERROR_TYPES).describe('Error family.'),
        code: z.string().describe('Stable machine code; branch on this.'),
        message: z.string().describe('What is wrong and how to fix it.'),
        param: z.string().nullable().describe('The request field or query parameter at fault, or null.'),
        fields: z.record(z.string(), z.string()).optional().describe('Validation errors only: every failing field → its message.'),
      })
      .describe('Some codes add details (e.g. limitBytes for body_too_large, boundUsd for settle_exceeds_reservation).'),
  })
  .describe('The one error envelope of every endpoint.');

export const SpendRefusal = z
  .strictObject({
    error: z.strictObject({
      type: z.enum(['spend_limit_exceeded', 'insufficient_balance']),
      code: cause.describe('The primary cause.'),
      message: z.string().describe('Names the limit, its value, what was spent, when it resets and where to fix it.'),
      param: z.null(),
      scope: z.enum(['api_key', 'workspace']).describe('api_key for the key’s own limit, workspace for the budget and the credit balance.'),
      apiKeyId: z.string().nullable().describe('The key that was refused.'),
      limitUsd: usd.optional().describe('The limit or budget (key_spend_limit_exceeded, spend_budget_exceeded).'),
      spentUsd: usd.optional().describe('Spent in the current window.'),
      reservedUsd: usd.optional().describe('Held by requests in flight.'),
      period: period.optional().describe('The window of the limit (monthly for the budget).'),
      resetsAt: instant.nullable().optional().describe('When the window ends; null for a total (lifetime) limit.'),
      balances: z.record(z.string(), usd.nullable()).optional().describe('insufficient_balance: each credit bucket’s balance.'),
      fixUrl: z.url().describe('Where in the console to fix it.'),
      causes: z.array(cause).min(1).describe('Every failing check, primary first.'),
    }),
  })
  .describe('402: the request was refused by a spend limit, the workspace budget or the credit balance.');

export const RateLimitError = z
  .strictObject({
    error: z.strictObject({
      type: z.literal('rate_limit_error'),
      code: z.literal('key_rate_limit_exceeded'),
      message: z.string().describe('Names the limit, when to retry and where to raise it.'),
      param: z.null(),
      scope: z.literal('api_key'),
      apiKeyId: z.string(),
      limit: z.enum(['requests_per_minute', 'tokens_per_minute']).describe('Which rate limit (the key’s own, or the workspace default).'),
      limitValue: count,
      resetsAt: instant.describe('When the UTC minute ends.'),
      retryAfterSeconds: z.int().min(1).describe('Also in the retry-after header.'),
      fixUrl: z.url(),
    }),
  })
  .describe('429: the key’s requests-per-minute or tokens-per-minute limit is reached; nothing was reserved.');

export const UpstreamError = z
  .looseObject({})
  .describe('The upstream’s own error body, passed through unchanged with its status (OpenAI-compatible upstreams send { error: { message, type, param, code } }). Nothing is charged.');

export const GatewayRateLimit = z.union([RateLimitError, UpstreamError]).describe('Keycap’s own rate-limit refusal, or the upstream’s 429 passed through.');

// ---- burn-rate forecast ----------------------------------------------------------------------------------

export const ForecastSchema = z
  .strictObject({
    spendRate24h: usd.min(0).describe('USD per day spent over the last 24 hours (the rate the projection uses).'),
    spendRate7d: usd.min(0).describe('USD per day spent over the last 7 days (for comparison; not used for the projection).'),
    projectedExhaustionAt: instant.nullable().describe('When the cap is reached at the 24-hour rate; only in state projected, else null.'),
    state: z
      .enum(FORECAST_STATES)
      .describe('reached: spend + open reservations ≥ the cap already; projected: reached at projectedExhaustionAt, before the window resets; not_in_window: at this rate the window resets first; no_usage: nothing spent in the last 24 hours.'),
  })
  .describe('The burn-rate forecast of a cap (key spend limit or workspace budget).');

const forecastFields = {
  projectedExhaustionAt: instant.nullable().describe('forecast.projectedExhaustionAt: when the cap is reached at the last 24 hours’ rate, if that is before the window resets; else null.'),
  forecast: ForecastSchema.nullable().describe('null without a cap (and, for keys, when revoked or expired).'),
};

// ---- keys ----------------------------------------------------------------------------------------------

export const KeyObjectSchema = z
  .strictObject({
    id: z.string().describe('Key id (not the secret).'),
    name: z.string().min(1).max(64),
    type: z.enum(['ADMIN', 'INFERENCE']).describe('Fixed at creation.'),
    last6: z.string().length(6).describe('Last 6 characters of the secret, to recognise it.'),
    createdAt: instant,
    expiresAt: instant.nullable().describe('After this instant the key gets 401 api_key_expired; null = never.'),
    lastUsedAt: instant.nullable().describe('Last authenticated call (written at most about once a minute).'),
    revokedAt: instant.nullable().describe('Set by DELETE; final.'),
    spendLimit: usd.min(0).nullable().describe('USD cap per period; null = no limit; 0 = every call refused.'),
    spendLimitPeriod: period.nullable().describe('null exactly when there is no limit.'),
    rateLimitRpm: z.number().int().min(1).nullable().describe('Requests per minute of this key; null: the workspace default (if any) applies.'),
    rateLimitTpm: z.number().int().min(1).nullable().describe('Tokens per minute of this key; null: the workspace default (if any) applies.'),
    allowedModels: z.array(z.string()).nullable().describe('Models this key may call (glob patterns); null: every priced model.'),
    spendLimitRemaining: usd.min(0).nullable().describe('max(0, spendLimit − spend of the window incl. open reservations); null without a limit.'),
    currentPeriodSpend: usd.describe('Spend in the current window of spendLimitPeriod; without a limit, the month to date.'),
    monthToDateSpend: usd.describe('Spend since the 1st of this month, 00:00 UTC.'),
    periodResetsAt: instant.nullable().describe('When the current window ends; null for total and without a limit.'),
    status: z
      .enum(['active', 'expired', 'revoked', 'blocked', 'zero_limit', 'blocked_budget', 'blocked_no_credit'])
      .describe(
        'What a call made with the key now would meet, the first that applies: revoked, expired, zero_limit (its limit is $0), blocked (window spend ≥ its limit), blocked_budget (the workspace’s monthly budget is reached), blocked_no_credit (every credit bucket is empty), else active.',
      ),
    projectedExhaustionAt: forecastFields.projectedExhaustionAt.optional(),
    forecast: forecastFields.forecast.optional().describe('The burn-rate forecast; null without a limit or when revoked or expired. In every key object of /api_keys and /api_keys/{id}; not in /api_keys/me, nor in warning / reached / resolved webhook payloads (forecast webhooks carry it).'),
  })
  .describe('The key object.');

export const CreatedKey = KeyObjectSchema.extend({
  secret: z.string().regex(/^kc_(adm|inf)_[0-9A-Za-z]{38}$/).describe('The secret: returned only here, once. Send it as Authorization: Bearer <secret>.'),
}).describe('The key object plus its secret.');

export const RolledKey = CreatedKey.extend({
  previousSecretLast6: z.string().length(6).describe('Last 6 characters of the replaced secret.'),
  previousSecretExpiresAt: instant.nullable().describe('Until then the replaced secret keeps working; null: it was refused at once (grace period 0).'),
}).describe('The key object plus its new secret (returned only here, once) and the grace period of the old one.');

export const KeyWithVerdict = KeyObjectSchema.extend({
  accessPermitted: z.boolean().describe('true when causes is empty: a gated call made now would be admitted.'),
  causes: z.array(cause).describe('Every check that would refuse a gated call now, in enforcement order.'),
}).describe('The calling key’s object and whether a gated call made with it now would be admitted.');

export const KeyObjectWithForecastSchema = KeyObjectSchema.extend(forecastFields).describe('The key object plus its burn-rate forecast.');

export const KeyList = z.strictObject({ data: z.array(KeyObjectWithForecastSchema).describe('Newest first, revoked and expired keys included.') });

// ---- workspace -----------------------------------------------------------------------------------------

export const WorkspaceObjectSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    monthlyBudget: usd.min(0).nullable().describe('USD cap on all spend of the workspace per calendar month (UTC); null = none.'),
    monthToDateSpend: usd.describe('All spend this month, every key and the console.'),
    monthlyBudgetRemaining: usd.min(0).nullable().describe('max(0, monthlyBudget − monthToDateSpend); null without a budget.'),
    budgetResetsAt: instant.nullable().describe('The 1st of next month, 00:00 UTC.'),
    defaultSpendLimit: usd.nullable().describe('Limit given to new keys created without spendLimit; never 0.'),
    defaultSpendLimitPeriod: period.nullable().describe('null exactly when there is no default.'),
    diemEpochAllocation: usd.nullable().describe('DIEM credited every UTC day; null = no DIEM bucket.'),
    defaultRateLimitRpm: z.number().int().min(1).nullable().describe('Requests per minute for keys without their own limit; null: none.'),
    defaultRateLimitTpm: z.number().int().min(1).nullable().describe('Tokens per minute for keys without their own limit; null: none.'),
  })
  .describe('The workspace object.');

export const WorkspaceObjectWithForecastSchema = WorkspaceObjectSchema.extend(forecastFields).describe('The workspace object plus the monthly budget’s burn-rate forecast.');

// ---- gate ------------------------------------------------------------------------------------------------

const remaining = z.strictObject({
  keyUsd: usd.nullable().describe('Headroom under the key’s limit; null = no limit.'),
  keyResetsAt: instant.nullable().describe('When the key’s window ends.'),
  budgetUsd: usd.nullable().describe('Headroom under the workspace budget; null = no budget.'),
  balanceUsd: usd.describe('Available credit.'),
});

export const Authorized = z
  .strictObject({
    allowed: z.literal(true),
    reservationId: z.string().describe('Send it to /gate/settle or /gate/release.'),
    reservedUsd: usd.describe('The estimate held until settled, released or expired.'),
    expiresAt: instant.describe('When the reservation expires (RESERVATION_TTL_SECONDS) and frees its headroom.'),
    remaining,
  })
  .describe('Admitted: the estimate is reserved.');

export const Settled = z.strictObject({
  settled: z.literal(true),
  replay: z.boolean().describe('true when this requestId was already settled with the same body: the first result, nothing charged again.'),
  requestId: z.string(),
  eventId: z.string().describe('The ledger row.'),
  reservationId: z.string().nullable(),
  model: z.string(),
  costUsd: usd.describe('What was charged.'),
  currency: currency.describe('The bucket charged.'),
  recordedAt: instant,
});

export const Released = z.strictObject({
  released: z.boolean().describe('false when the reservation was no longer open (releasing twice is harmless).'),
  reservationId: z.string(),
  status: z.enum(['OPEN', 'SETTLED', 'RELEASED', 'EXPIRED']).describe('The reservation’s status now.'),
});

// ---- gateway ---------------------------------------------------------------------------------------------

export const ModelList = z.strictObject({
  object: z.literal('list'),
  data: z.array(
    z.strictObject({
      id: z.string().describe('The model name.'),
      object: z.literal('model'),
      created: z.int().describe('Unix seconds: when its price was last changed.'),
      owned_by: z.enum(['keycap', 'upstream']),
    }),
  ),
}).describe('The workspace’s priced models (only keycap-echo when no upstream is configured).');

const openAiUsage = z.looseObject({ prompt_tokens: count, completion_tokens: count, total_tokens: count });

export const ChatCompletion = z
  .looseObject({
    id: z.string(),
    object: z.literal('chat.completion'),
    created: z.int(),
    model: z.string(),
    choices: z.array(
      z.looseObject({
        index: count,
        message: z.looseObject({ role: z.string(), content: z.string().nullable() }),
        finish_reason: z.string().nullable(),
      }),
    ),
    usage: openAiUsage.optional().describe('Billed from this.'),
  })
  .describe('An OpenAI chat completion (from the upstream as it answered, or from keycap-echo).');

export const Embeddings = z
  .looseObject({
    object: z.literal('list'),
    model: z.string(),
    data: z.array(z.looseObject({ object: z.literal('embedding'), index: count, embedding: z.union([z.array(z.number()), z.string()]) })),
    usage: z.looseObject({ prompt_tokens: count, total_tokens: count }).optional().describe('Billed from prompt_tokens.'),
  })
  .describe('OpenAI embeddings (from the upstream as it answered, or from keycap-echo).');

export const ChatCompletionStream = z
  .string()
  .describe('Server-sent events: one `data: <chat.completion.chunk JSON>` per chunk (the usage chunk only with stream_options.include_usage: true), then `data: [DONE]`.');

// ---- usage import ----------------------------------------------------------------------------------------

export const UsageImported = z.strictObject({
  recorded: count,
  duplicates: count.describe('Already recorded with the same body: nothing charged again.'),
  conflicts: count.describe('requestId already recorded with a different body: not recorded.'),
  results: z
    .array(
      z.union([
        z.strictObject({ requestId: z.string(), status: z.enum(['recorded', 'duplicate']), eventId: z.string(), costUsd: usd }),
        z.strictObject({ requestId: z.string(), status: z.literal('conflict'), error: z.string() }),
      ]),
    )
    .describe('One per event, in order.'),
});

// ---- billing ---------------------------------------------------------------------------------------------

export const BillingBalance = z.strictObject({
  canConsume: z.boolean().describe('false when every bucket is empty: requests get 402 insufficient_balance.'),
  consumptionCurrency: currency.nullable().describe('The bucket the next request is charged to (order DIEM → BUNDLED_CREDITS → USD); null when every bucket is empty.'),
  balances: z.strictObject({
    diem: usd.nullable().describe('Today’s DIEM; null without an epoch allocation.'),
    usd,
    bundledCredits: usd,
  }),
  diemEpochAllocation: usd.nullable(),
});

export const PaginationSchema = z.strictObject({ limit: count, page: count, total: count, totalPages: count });

export const LedgerEntrySchema = z.strictObject({
  timestamp: instant,
  sku: z.string().describe('<model>-tokens, or <model>-request for usage recorded as a plain cost.'),
  units: count.describe('Tokens (prompt + completion), or 1 for a …-request sku.'),
  pricePerUnitUsd: usd.describe('amount / units, rounded down to the nano-dollar.'),
  amount: usd.max(0).describe('Negative: a debit.'),
  currency: currency.describe('The bucket that paid.'),
  notes: z.string().nullable(),
  apiKeyId: z.string().nullable().describe('null: usage from the console.'),
  model: z.string(),
  inferenceDetails: z
    .strictObject({
      requestId: z.string(),
      promptTokens: count.nullable(),
      completionTokens: count.nullable(),
      inferenceExecutionTime: count.nullable().describe('Milliseconds, or null when unknown.'),
    })
    .nullable()
    .describe('null when the request had no token counts (cost-only imports).'),
});

export const UsagePage = z.strictObject({ data: z.array(LedgerEntrySchema), pagination: PaginationSchema });

export const USAGE_CSV_COLUMNS = [
  'timestamp', 'sku', 'units', 'pricePerUnitUsd', 'amount', 'currency', 'notes', 'apiKeyId', 'apiKeyName', 'model', 'requestId',
  'promptTokens', 'completionTokens', 'inferenceExecutionTime',
] as const;

export const UsageCsv = z
  .string()
  .describe(
    `Every row matching the filters (limit and page do not apply), in sortOrder, streamed. Header row: ${USAGE_CSV_COLUMNS.join(',')}. Amounts are exact decimals; apiKeyName is Console for console usage; text a spreadsheet would run as a formula is prefixed with '.`,
  );

const daily = z.object({ date: z.int().describe('Unix milliseconds, UTC midnight.') }).catchall(usd).describe('One row per day: the spend of each top series (and Other).');

export const UsageAnalyticsSchema = z.strictObject({
  lookback: z.string().describe('"7d", or "YYYY-MM-DD:YYYY-MM-DD" for an explicit range.'),
  startDate: z.iso.date(),
  endDate: z.iso.date(),
  byDate: z.array(z.strictObject({ date: z.iso.date(), USD: usd, DIEM: usd, BUNDLED_CREDITS: usd })).describe('One row per day of the period (zeros included), charged to each bucket.'),
  byModel: z
    .array(
      z.strictObject({
        modelName: z.string(),
        unitType: z.string(),
        modelType: z.string(),
        totalUsd: usd.describe('The dollar buckets (USD and BUNDLED_CREDITS).'),
        totalDiem: usd.describe('The DIEM bucket.'),
        totalUnits: count,
        breakdown: z.array(z.strictObject({ type: z.enum(['Input', 'Output', 'Other']), usd, diem: usd, units: count })),
      }),
    )
    .describe('Sorted by spend, highest first.'),
  byModelDaily: z.array(daily),
  byModelDailyUsd: z.array(daily).describe('Like byModelDaily, dollar buckets only.'),
  topModels: z.array(z.string()).describe('The top 8 models by spend in the period.'),
  byKey: z
    .array(z.strictObject({ apiKeyId: z.string().nullable(), description: z.string().describe('The key’s name; Console for console usage.'), totalUsd: usd, totalDiem: usd, totalUnits: count }))
    .describe('Sorted by spend, highest first.'),
  byKeyDaily: z.array(daily),
  byKeyDailyUsd: z.array(daily),
  topKeyNames: z.array(z.string()),
});

// ---- webhooks --------------------------------------------------------------------------------------------

export const WebhookEndpointSchema = z
  .strictObject({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.enum(ALERT_EVENT_TYPES)),
    enabled: z.boolean(),
    secretHint: z.string().describe('Recognisable part of the signing secret.'),
    previousSecretHint: z.string().nullable().describe('While a rotated-out secret still signs deliveries (a second signature).'),
    previousSecretExpiresAt: instant.nullable(),
    createdAt: instant,
    failingSince: instant.nullable(),
    disabledAt: instant.nullable(),
    disabledReason: z.string().nullable(),
  })
  .describe('A webhook endpoint.');

export const WebhookEndpointWithSecret = WebhookEndpointSchema.extend({
  secret: z.string().regex(/^whsec_/).describe('The signing secret: returned only here, once.'),
}).describe('The endpoint plus its signing secret.');

export const WebhookEndpointList = z.strictObject({ data: z.array(WebhookEndpointSchema).describe('Oldest first.') });

export const WebhookDeleted = z.strictObject({ id: z.string(), deleted: z.literal(true) });

export const WebhookAttemptSchema = z.strictObject({
  attempt: z.int().min(1),
  startedAt: instant,
  durationMs: count,
  statusCode: z.int().nullable().describe('null when no HTTP answer arrived.'),
  error: z.string().nullable(),
  responseExcerpt: z.string().nullable(),
});

export const WebhookDeliverySchema = z
  .strictObject({
    id: z.string(),
    eventId: z.string().describe('The webhook-id header: the same for every delivery of one event.'),
    eventType: z.string().describe('An alert event type, or webhook.test.'),
    status: z.enum(['PENDING', 'DELIVERED', 'FAILED', 'CANCELLED']),
    attempts: count,
    lastStatus: z.int().nullable(),
    nextAttemptAt: instant.nullable().describe('Set while PENDING.'),
    createdAt: instant,
    attemptLog: z.array(WebhookAttemptSchema),
  })
  .describe('A delivery of one event to one endpoint, with its attempts.');

export const WebhookDeliveryPage = z.strictObject({ data: z.array(WebhookDeliverySchema).describe('Newest first.'), pagination: PaginationSchema });

// ---- the document itself ------------------------------------------------------------------------------------

export const OpenApiDocumentSchema = z
  .looseObject({
    openapi: z.string().regex(/^3\.1\.\d+$/),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.looseObject({})),
    components: z.looseObject({}),
  })
  .describe('This OpenAPI 3.1 document.');

/** Every response schema, by the name it has under components.schemas. */
export const responseSchemas = {
  Error: ErrorEnvelope,
  SpendRefusal,
  RateLimitError,
  UpstreamError,
  GatewayRateLimit,
  KeyObject: KeyObjectSchema,
  KeyObjectWithForecast: KeyObjectWithForecastSchema,
  Forecast: ForecastSchema,
  CreatedKey,
  RolledKey,
  KeyWithVerdict,
  KeyList,
  WorkspaceObject: WorkspaceObjectSchema,
  WorkspaceObjectWithForecast: WorkspaceObjectWithForecastSchema,
  Authorized,
  Settled,
  Released,
  ModelList,
  ChatCompletion,
  ChatCompletionStream,
  Embeddings,
  UsageImported,
  BillingBalance,
  Pagination: PaginationSchema,
  LedgerEntry: LedgerEntrySchema,
  UsagePage,
  UsageCsv,
  UsageAnalytics: UsageAnalyticsSchema,
  WebhookEndpoint: WebhookEndpointSchema,
  WebhookEndpointWithSecret,
  WebhookEndpointList,
  WebhookDeleted,
  WebhookAttempt: WebhookAttemptSchema,
  WebhookDelivery: WebhookDeliverySchema,
  WebhookDeliveryPage,
  OpenApiDocument: OpenApiDocumentSchema,
} as const;
export type ResponseSchemaName = keyof typeof responseSchemas;

// ---- compile-time checks against the services' own types ---------------------------------------------------

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
type Out<S extends z.ZodType> = z.output<S>;
type Flat<T> = { [K in keyof T]: T[K] };
/** Same field names (the schema may be more precise than a `string` in the service's type). */
type SameKeys<S extends z.ZodType, T> = Equal<keyof Out<S>, keyof T>;

export type _ResponseTypeChecks = [
  Assert<Equal<Out<typeof KeyObjectSchema>, KeyObject>>,
  Assert<Equal<Out<typeof WorkspaceObjectSchema>, WorkspaceObject>>,
  Assert<Equal<Out<typeof ForecastSchema>, ForecastObject>>,
  Assert<Equal<Out<typeof KeyObjectWithForecastSchema>, Flat<KeyObjectWithForecast>>>,
  Assert<Equal<Out<typeof WorkspaceObjectWithForecastSchema>, Flat<WorkspaceObjectWithForecast>>>,
  Assert<Equal<Out<typeof WebhookEndpointSchema>, EndpointObject>>,
  Assert<Equal<Out<typeof WebhookAttemptSchema>, AttemptObject>>,
  Assert<Equal<Out<typeof PaginationSchema>, Pagination>>,
  Assert<Equal<Out<typeof remaining>, Remaining>>,
  Assert<Equal<Out<typeof RolledKey>, Flat<KeyObject & Omit<Rolled, 'key'>>>>,
  Assert<SameKeys<typeof WebhookDeliverySchema, DeliveryObject>>,
  Assert<SameKeys<typeof LedgerEntrySchema, LedgerEntry>>,
  Assert<SameKeys<typeof UsageAnalyticsSchema, UsageAnalytics>>,
  Assert<Equal<keyof Out<typeof BillingBalance>, Exclude<keyof Balances, 'usd' | 'diem' | 'bundledCredits'> | 'balances'>>,
  Assert<Equal<(typeof ERROR_TYPES)[number], ErrorType>>,
];
