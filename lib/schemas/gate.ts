import { z } from 'zod';

const int = (max = 10_000_000) => z.number().int('must be an integer').min(0, 'must be ≥ 0').max(max, `must be ≤ ${max}`);
const usd = z.number().finite('must be a finite number').min(0, 'must be ≥ 0').max(1e9, 'must be ≤ 1e9');
export const requestIdSchema = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const modelSchema = z.string().trim().min(1, 'must not be empty').max(128, 'must be at most 128 characters');

export const authorizeSchema = z.strictObject({
  model: modelSchema.optional().describe("The model to be called; with maxTokens the estimate is maxTokens × its output price, alone its default reserve (Settings → Prices). Neither model nor estimatedCostUsd: $0.01."),
  maxTokens: int().optional().describe('Maximum output tokens of the request (0 to 10,000,000).'),
  estimatedCostUsd: usd.optional().describe('An explicit estimate in USD (0 to 1e9); takes precedence over model and maxTokens.'),
});

export const settleSchema = z
  .strictObject({
    reservationId: z.string().min(1).max(64).optional().describe('The reservation from POST /gate/authorize. Required for INFERENCE keys; only an ADMIN key may settle without one.'),
    requestId: requestIdSchema.describe('Your unique id of the request (1–200 characters): settling is idempotent per requestId.'),
    model: modelSchema.describe('The model that was called (1–128 characters).'),
    usage: z
      .strictObject({ promptTokens: int().describe('Prompt (input) tokens.'), completionTokens: int().describe('Completion (output) tokens.') })
      .optional()
      .describe('Token counts, priced with the workspace price of model. Give exactly one of usage and costUsd.'),
    costUsd: usd.optional().describe('The cost in USD (0 to 1e9). Give exactly one of usage and costUsd.'),
    executionTimeMs: int(86_400_000).optional().describe('How long the request took, in milliseconds.'),
  })
  .superRefine((v, c) => {
    if ((v.usage === undefined) === (v.costUsd === undefined))
      c.addIssue({ code: 'custom', path: ['usage'], message: 'give exactly one of usage { promptTokens, completionTokens } or costUsd' });
  });

export const releaseSchema = z.strictObject({ reservationId: z.string().min(1).max(64).describe('The reservation to release (the request failed before usage existed).') });

export const importSchema = z.strictObject({
  events: z
    .array(
      z.strictObject({
        requestId: requestIdSchema.describe('Unique id of the usage (1–200 characters): importing is idempotent per requestId.'),
        apiKeyId: z.string().min(1).max(64).nullable().describe('A key of this workspace, or null for console usage.'),
        timestamp: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).describe('When the usage happened (ISO 8601 with an offset; at most 5 minutes in the future).'),
        model: modelSchema.describe('Model name (1–128 characters).'),
        promptTokens: int().optional().describe('Prompt tokens, if known.'),
        completionTokens: int().optional().describe('Completion tokens, if known.'),
        costUsd: usd.describe('The cost in USD (0 to 1e9).'),
      }),
    )
    .min(1, 'must contain at least one event')
    .max(1000, 'at most 1,000 events per call')
    .describe('1 to 1,000 usage events. A bad event is a 400 naming it (events.3.costUsd) and nothing of the batch is recorded.'),
});
