import { z } from 'zod';
import { isoDate, period, usdAmount } from './common';

export const keyName = z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters');

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
});

export type CreateKeyInput = z.input<typeof createKeySchema>;
export type UpdateKeyInput = z.input<typeof updateKeySchema>;
