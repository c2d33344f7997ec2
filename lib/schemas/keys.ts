import { z } from 'zod';
import { isoDate, period, usdAmount, perMinute } from './common';

export const keyName = z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters');

const modelPattern = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9._:/@*?-]+$/, 'may contain letters, digits, . _ : / @ - and the wildcards * and ?');
/** Limits beyond dollars: shared by create and update. */
const extraLimits = {
  rateLimitRpm: perMinute.nullable().optional().describe('Requests per minute (UTC minutes); null: the workspace default, if any. Over it: 429 key_rate_limit_exceeded.'),
  rateLimitTpm: perMinute.nullable().optional().describe('Tokens (prompt + completion) per minute; null: the workspace default, if any.'),
  allowedModels: z
    .array(modelPattern)
    .min(1, 'must list at least one model (null allows every priced model)')
    .max(50, 'at most 50 patterns')
    .nullable()
    .optional()
    .describe('Models this key may call, as glob patterns ("gpt-4o*", "keycap-echo"); null: every priced model. Others: 403 model_not_allowed.'),
};

export const createKeySchema = z
  .strictObject({
    name: keyName.describe('Trimmed, 1–64 characters.'),
    type: z.enum(['ADMIN', 'INFERENCE'], { error: 'must be ADMIN or INFERENCE' }).default('INFERENCE').describe('Fixed at creation. ADMIN keys may call every endpoint; INFERENCE keys the gateway, the gate, GET /api_keys/me and GET /billing/usage-analytics.'),
    expiresAt: isoDate.nullable().optional().describe('ISO 8601 date-time with an offset, in the future; null (default) = never expires.'),
    spendLimit: usdAmount
      .nullable()
      .optional()
      .describe('USD cap per period (number or decimal string; 0 to 1e9, at most 9 decimals). Omitted: the workspace default limit; null: no limit; 0 needs confirmZeroLimit.'),
    spendLimitPeriod: period.nullable().optional().describe('daily, weekly, monthly or total (lifetime). Default monthly; needs a limit (given or the workspace default).'),
    /** Must be true to create a key whose limit is $0 (it refuses every call). */
    confirmZeroLimit: z.boolean().optional().describe('Must be true to create a key with a $0 limit (such a key refuses every call).'),
    ...extraLimits,
  });

export const updateKeySchema = z.strictObject({
  name: keyName.optional().describe('New name, 1–64 characters.'),
  expiresAt: isoDate.nullable().optional().describe('New expiry (in the future), or null for none.'),
  spendLimit: usdAmount
    .nullable()
    .optional()
    .describe('New USD amount (the key keeps its period, monthly if it had none); null removes the limit and its period; 0 needs confirmZeroLimit.'),
  spendLimitPeriod: period.nullable().optional().describe('New period for the same amount (400 if the key has no limit); null removes the limit.'),
  confirmZeroLimit: z.boolean().optional().describe('Must be true to set a $0 limit.'),
  ...extraLimits,
});

export type CreateKeyInput = z.input<typeof createKeySchema>;
export type UpdateKeyInput = z.input<typeof updateKeySchema>;
