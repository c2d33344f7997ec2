import { z } from 'zod';

const int = (max = 10_000_000) => z.number().int('must be an integer').min(0, 'must be ≥ 0').max(max, `must be ≤ ${max}`);
const usd = z.number().finite('must be a finite number').min(0, 'must be ≥ 0').max(1e9, 'must be ≤ 1e9');
export const requestIdSchema = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const modelSchema = z.string().trim().min(1, 'must not be empty').max(128, 'must be at most 128 characters');

export const authorizeSchema = z.strictObject({
  model: modelSchema.optional(),
  maxTokens: int().optional(),
  estimatedCostUsd: usd.optional(),
});

export const settleSchema = z
  .strictObject({
    reservationId: z.string().min(1).max(64).optional(),
    requestId: requestIdSchema,
    model: modelSchema,
    usage: z.strictObject({ promptTokens: int(), completionTokens: int() }).optional(),
    costUsd: usd.optional(),
    executionTimeMs: int(86_400_000).optional(),
  })
  .superRefine((v, c) => {
    if ((v.usage === undefined) === (v.costUsd === undefined))
      c.addIssue({ code: 'custom', path: ['usage'], message: 'give exactly one of usage { promptTokens, completionTokens } or costUsd' });
  });

export const releaseSchema = z.strictObject({ reservationId: z.string().min(1).max(64) });

export const importSchema = z.strictObject({
  events: z
    .array(
      z.strictObject({
        requestId: requestIdSchema,
        apiKeyId: z.string().min(1).max(64).nullable(),
        timestamp: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
        model: modelSchema,
        promptTokens: int().optional(),
        completionTokens: int().optional(),
        costUsd: usd,
      }),
    )
    .min(1, 'must contain at least one event')
    .max(1000, 'at most 1,000 events per call'),
});
