// Request shapes that have no importable zod schema in lib/schemas, written for the OpenAPI document only:
// the OpenAI-compatible gateway bodies (lib/gateway/proxy.ts checks them by hand and forwards the rest
// unchanged), the billing query strings (lib/billing/params.ts parses them; its zod schema is private) and
// the key-roll body (lib/services/key-roll.ts: importing it would pull Prisma into this pure module).
// Keep them in step: tests/integration/openapi.test.ts checks every query parameter named here is one the
// parser knows (a bad value is a 400 naming it) and that rollKeyRequest converts exactly like rollKeySchema.
import { z } from 'zod';
import { CURRENCIES, DEFAULT_LOOKBACK_DAYS, MAX_ANALYTICS_DAYS } from '../billing/params';

export const rollKeyRequest = z.strictObject({
  gracePeriodHours: z
    .number()
    .min(0)
    .max(720)
    .optional()
    .describe('Hours the old secret keeps working (0–720, default 24); 0 = it is refused at once (401 api_key_rolled).'),
});

const maxTokens = z.int().min(1).max(10_000_000);

const chatMessage = z
  .looseObject({
    role: z.string().describe('system, user, assistant, tool…'),
    content: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() })), z.null()]).optional(),
  })
  .describe('An OpenAI chat message; forwarded as is.');

export const chatCompletionRequest = z
  .looseObject({
    model: z.string().min(1).describe('A model priced in this workspace (Settings → Prices); keycap-echo is built in.'),
    messages: z.array(chatMessage).min(1).describe('The conversation, at least one message.'),
    max_tokens: maxTokens.nullable().optional().describe('Output tokens to allow; the admission estimate is the prompt size plus this × the output price (or the model’s default reserve).'),
    max_completion_tokens: maxTokens.nullable().optional().describe('Same as max_tokens (takes precedence).'),
    stream: z.boolean().optional().describe('true: the answer streams as server-sent events (text/event-stream).'),
    stream_options: z.looseObject({ include_usage: z.boolean().optional() }).optional().describe('include_usage: true adds the final usage chunk (Keycap always asks the upstream for it, to bill).'),
  })
  .describe('An OpenAI chat completion request. Fields other than these are forwarded to the upstream unchanged.');

export const embeddingsRequest = z
  .looseObject({
    model: z.string().min(1).describe('A model priced in this workspace.'),
    input: z.union([z.string(), z.array(z.string()).min(1)]).describe('A string or a non-empty array of strings.'),
  })
  .describe('An OpenAI embeddings request. Other fields are forwarded to the upstream unchanged.');

const dayOrInstant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .describe('ISO 8601: YYYY-MM-DD (the whole UTC day) or a date-time with a timezone (2026-11-22T10:00:00Z, …+02:00).');

/** GET /billing/usage (lib/billing/params.ts parseUsageQuery). Unknown parameters are ignored. */
export const billingUsageQuery = z.object({
  currency: z.enum(CURRENCIES).optional().describe('Only rows paid from this bucket.'),
  startDate: dayOrInstant.optional().describe('Inclusive start: YYYY-MM-DD (from 00:00 UTC) or a date-time with a timezone.'),
  endDate: dayOrInstant.optional().describe('Inclusive end: YYYY-MM-DD (includes that whole UTC day) or a date-time with a timezone; not before startDate.'),
  limit: z.int().min(1).max(500).default(200).describe('Rows per page, 1–500 (JSON only; the CSV has every row).'),
  page: z.int().min(1).max(1_000_000_000).default(1).describe('Page number from 1 (JSON only).'),
  sortOrder: z.enum(['asc', 'desc']).default('desc').describe('By time.'),
  apiKeyId: z.string().min(1).max(64).optional().describe('Keycap extension: one key’s id, or "console" for usage from the console (apiKeyId null).'),
  model: z.string().min(1).max(128).optional().describe('Keycap extension: exact model name.'),
});

/** GET /billing/usage-analytics (lib/billing/params.ts parseAnalyticsQuery). */
export const usageAnalyticsQuery = z.object({
  lookback: z
    .string()
    .regex(/^\d{1,6}d$/)
    .default(`${DEFAULT_LOOKBACK_DAYS}d`)
    .describe(`Nd: the last N UTC days including today; above ${MAX_ANALYTICS_DAYS}d it is clamped to ${MAX_ANALYTICS_DAYS}d. Not combined with startDate/endDate.`),
  startDate: z.iso.date().optional().describe(`YYYY-MM-DD, with endDate (both or neither; at most ${MAX_ANALYTICS_DAYS} days, both included).`),
  endDate: z.iso.date().optional().describe('YYYY-MM-DD, with startDate; not before it.'),
});
